import { Bip6Address, type Bvll6Frame, encodeFrame, type Via } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bbmd, type BbmdOutput } from "../src/index.js";
import { SELF } from "./helpers.js";

const PEERS = [0xb, 0xc, 0xd].map((n) => Bip6Address.parse(`[fd00:${n.toString(16)}::1]:47808`));
const FDS = Array.from({ length: 6 }, (_, i) => Bip6Address.parse(`[fd00:f${i}::f]:47808`));
const LOCALS = [Bip6Address.parse("[fd00::a]:47808"), Bip6Address.parse("[fd00::b]:47808")];
/** Addresses no socket can reach: port 0, IPv4-mapped. */
const UNREACHABLE = [Bip6Address.parse("[fd00::c]:0"), Bip6Address.parse("[::ffff:192.0.2.7]:47808")];
/**
 * Every sender a frame may come from (and every address a frame may name): the BBMD itself,
 * peers (and a peer's IP on another port), FDs, local nodes, unreachable addresses.
 */
const SENDERS = [SELF, ...PEERS, (PEERS[0] as Bip6Address).withPort(47809), ...FDS, ...LOCALS, ...UNREACHABLE];
const isUnreachable = (a: Bip6Address): boolean => UNREACHABLE.some((u) => u.equals(a));
const npdu = new Uint8Array([0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08]);

const address = fc.constantFrom(...SENDERS);
/** Senders of floods: mostly the ones whose frames fan out (peers, the first devices, local nodes). */
const flooder = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PEERS.slice(0, 2), ...FDS.slice(0, 2), ...LOCALS) },
  { weight: 1, arbitrary: address },
);
const vmac = fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 0xffffff }));
const ttl = fc.oneof(fc.constantFrom(0, 1, 30, 60, 65_535), fc.integer({ min: 0, max: 65_535 }));

const frameArb: fc.Arbitrary<Bvll6Frame> = fc.oneof(
  vmac.map((v) => ({ kind: "OriginalBroadcastNpdu" as const, sourceVmac: v, npdu })),
  fc.record({ v: vmac, src: address }).map(({ v, src }) => ({
    kind: "ForwardedNpdu" as const,
    originalSourceVmac: v,
    originalSource: src,
    npdu,
  })),
  vmac.map((v) => ({ kind: "DistributeBroadcastToNetwork" as const, sourceVmac: v, npdu })),
  fc
    .record({ v: vmac, t: ttl })
    .map(({ v, t }) => ({ kind: "RegisterForeignDevice" as const, sourceVmac: v, timeToLive: t })),
  fc
    .record({ v: vmac, e: address })
    .map(({ v, e }) => ({ kind: "DeleteForeignDeviceTableEntry" as const, sourceVmac: v, entry: e })),
  fc
    .record({ v: vmac, t: vmac })
    .map(({ v, t }) => ({ kind: "AddressResolution" as const, sourceVmac: v, targetVmac: t })),
  fc.record({ v: vmac, t: vmac, src: address }).map(({ v, t, src }) => ({
    kind: "ForwardedAddressResolution" as const,
    originalSourceVmac: v,
    targetVmac: t,
    originalSource: src,
  })),
  vmac.map((v) => ({ kind: "VirtualAddressResolution" as const, sourceVmac: v })),
  vmac.map((v) => ({ kind: "BvlcResult" as const, sourceVmac: v, resultCode: 0 })),
);

const op = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant("handle" as const),
      frame: frameArb,
      from: address,
      via: fc.constantFrom<Via>("unicast", "multicast"),
    }),
  },
  {
    weight: 4,
    // The same datagram several times at once: a flood, which the budget must hold.
    arbitrary: fc.record({
      op: fc.constant("handle" as const),
      frame: frameArb,
      from: flooder,
      via: fc.constantFrom<Via>("unicast", "multicast"),
      times: fc.integer({ min: 2, max: 8 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("advance" as const), dt: fc.integer({ min: 0, max: 200_000 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("advance" as const), dt: fc.integer({ min: 0, max: 3_000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("wake" as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("broadcast" as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("resolve" as const), target: vmac }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("accept" as const), on: fc.boolean() }) },
);

const config = fc.record({
  peers: fc.oneof(fc.integer({ min: 0, max: PEERS.length }), fc.constant(2)),
  maxForeignDevices: fc.integer({ min: 1, max: 5 }),
  maxTimeToLive: fc.constantFrom(1, 60, 300, 65_535),
  acceptRegistrations: fc.boolean(),
  multicastLocal: fc.boolean(),
  budget: fc.option(
    fc.record({
      perSourcePerSecond: fc.constantFrom(0.5, 1, 10),
      burst: fc.integer({ min: 1, max: 4 }),
    }),
  ),
});

/** Inputs the BBMD relayed so far: the rows of its table that fan out. */
function fanOutCount(b: Bbmd): number {
  const s = b.stats();
  return (
    s.originalBroadcasts +
    s.forwardedNpdus +
    s.distributeBroadcasts +
    s.addressResolutionsForwarded +
    s.forwardedAddressResolutionsRelayed
  );
}

/** Replies a BBMD may send straight back to the sender of the frame it handles. */
const REPLIES = new Set(["BvlcResult", "AddressResolutionAck"]);

describe("invariants under random frames from random senders", () => {
  it("FDT within its cap and as a model predicts, fan-out ≤ N + M + 1, no send to self, relays never back to the sender; a stranger's unicast never fans out; fan-outs per source within the budget", () => {
    fc.assert(
      fc.property(config, fc.array(op, { maxLength: 120 }), (cfg, ops) => {
        const peers = PEERS.slice(0, cfg.peers);
        const b = new Bbmd({
          vmac: 1,
          address: SELF,
          bdt: [SELF, ...peers],
          maxForeignDevices: cfg.maxForeignDevices,
          maxTimeToLive: cfg.maxTimeToLive,
          acceptRegistrations: cfg.acceptRegistrations,
          multicastLocal: cfg.multicastLocal,
          fanOutBudget: cfg.budget ?? "off",
        });
        const isPeer = (a: Bip6Address): boolean => peers.some((p) => p.equals(a));
        // Model FDT: key → expiry (ms).
        const model = new Map<string, number>();
        // Fan-outs per originator: how many, and when the first one was.
        const fanOuts = new Map<string, { count: number; first: number }>();
        let accept = cfg.acceptRegistrations;
        let now = 0;
        const expireModel = (): void => {
          for (const [k, at] of model) if (at <= now) model.delete(k);
        };
        const check = (out: BbmdOutput, from: Bip6Address | undefined, kind: string, mBefore: number): void => {
          expect(b.foreignDeviceCount).toBeLessThanOrEqual(cfg.maxForeignDevices);
          const snap = b.snapshot(now);
          expect(snap.fdt.map((e) => [e.address.key, e.expiresAt])).toEqual([...model]);
          for (const e of snap.fdt) expect(isUnreachable(e.address)).toBe(false);
          const expected = model.size === 0 ? undefined : Math.min(...model.values());
          expect(out.wakeAt).toBe(expected);
          expect(b.wakeAt).toBe(expected);
          if (out.wakeAt !== undefined) expect(out.wakeAt).toBeGreaterThan(now);
          const wireActions = out.actions.filter((a) => a.type === "send" || a.type === "multicast");
          expect(wireActions.length, kind).toBeLessThanOrEqual(peers.length + mBefore + 1);
          const destinations = new Set<string>();
          for (const a of out.actions) {
            if (a.type !== "send") continue;
            expect(a.to.equals(SELF)).toBe(false);
            expect(a.to.isMulticast).toBe(false);
            expect(isUnreachable(a.to), `${kind} sent to ${a.to.toString()}`).toBe(false);
            // Exactly once: one output never sends twice to the same address.
            expect(destinations.has(a.to.key)).toBe(false);
            destinations.add(a.to.key);
            if (from !== undefined && a.to.equals(from)) expect(REPLIES.has(a.frame.kind), kind).toBe(true);
            expect(() => encodeFrame(a.frame)).not.toThrow();
          }
        };
        const handle = (o: { frame: Bvll6Frame; from: Bip6Address; via: Via }): void => {
          const mBefore = b.foreignDeviceCount;
          expireModel();
          const f = o.frame;
          const stranger = !isPeer(o.from) && !model.has(o.from.key);
          const fanOutsBefore = fanOutCount(b);
          const out = b.handle(f, o.from, now, o.via);
          // Requests count only by unicast from a sender that can be answered.
          const request = !o.from.equals(SELF) && o.via === "unicast" && !isUnreachable(o.from);
          if (request && f.kind === "RegisterForeignDevice" && accept) {
            const granted = Math.min(Math.max(f.timeToLive, 1), cfg.maxTimeToLive);
            if (model.has(o.from.key) || model.size < cfg.maxForeignDevices) {
              model.set(o.from.key, now + granted * 1000 + 30_000);
            }
          }
          if (request && f.kind === "DeleteForeignDeviceTableEntry") model.delete(f.entry.key);
          check(out, o.from, f.kind, mBefore);
          const wireCount = out.actions.filter((a) => a.type === "send" || a.type === "multicast").length;
          if (out.verdict === "dropped") expect(out.actions.every((a) => a.type === "event")).toBe(true);
          if (o.via === "unicast" && stranger) {
            // An off-link stranger gets at most one answer, to itself, and nothing relayed.
            expect(wireCount, f.kind).toBeLessThanOrEqual(1);
            for (const a of out.actions) {
              expect(a.type === "multicast" || a.type === "deliver", f.kind).toBe(false);
              if (a.type === "send") expect(a.to.equals(o.from)).toBe(true);
            }
          }
          if (isUnreachable(o.from)) expect(wireCount).toBe(0);
          // A fan-out is an input counted in one of the relaying rows (answers are single sends).
          const fannedOut = fanOutCount(b) > fanOutsBefore;
          if (fannedOut) expect(out.verdict).toBe("consumed");
          if (!fannedOut) expect(wireCount, f.kind).toBeLessThanOrEqual(1);
          if (fannedOut && cfg.budget !== null) {
            const origin =
              f.kind === "ForwardedNpdu" || f.kind === "ForwardedAddressResolution" ? f.originalSource : o.from;
            const seen = fanOuts.get(origin.key) ?? { count: 0, first: now };
            seen.count++;
            fanOuts.set(origin.key, seen);
            const allowance = cfg.budget.burst + (cfg.budget.perSourcePerSecond * (now - seen.first)) / 1000;
            expect(seen.count, `fan-outs of ${origin.toString()}`).toBeLessThanOrEqual(allowance + 1e-9);
          }
          if (f.kind === "DistributeBroadcastToNetwork" && !o.from.equals(SELF)) {
            expect(
              out.actions.some((a) => a.type === "send" && a.to.equals(o.from) && a.frame.kind !== "BvlcResult"),
            ).toBe(false);
          }
        };
        // Two devices register first, so their Distribute-Broadcasts and resolutions fan out.
        for (const fd of FDS.slice(0, 2)) {
          handle({
            frame: { kind: "RegisterForeignDevice", sourceVmac: 9, timeToLive: 65_535 },
            from: fd,
            via: "unicast",
          });
        }
        for (const o of ops) {
          const mBefore = b.foreignDeviceCount;
          switch (o.op) {
            case "advance":
              now += o.dt;
              expireModel();
              check(b.tick(now), undefined, "tick", mBefore);
              break;
            case "wake":
              if (b.wakeAt !== undefined) now = b.wakeAt;
              expireModel();
              check(b.tick(now), undefined, "wake", mBefore);
              break;
            case "broadcast":
              expireModel();
              check(b.broadcast(npdu, now), undefined, "broadcast", mBefore);
              break;
            case "resolve":
              expireModel();
              check(b.resolve(o.target, now), undefined, "resolve", mBefore);
              break;
            case "accept":
              accept = o.on;
              b.setAcceptRegistrations(o.on);
              break;
            case "handle":
              for (let i = 0; i < ("times" in o ? o.times : 1); i++) handle(o);
              break;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("one broadcast from a registered device reaches each peer and every other device exactly once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.nat(5), (n, m, pick) => {
        const b = new Bbmd({ vmac: 1, address: SELF, bdt: PEERS.slice(0, n), maxForeignDevices: 6 });
        FDS.slice(0, m).forEach((fd, i) =>
          b.handle({ kind: "RegisterForeignDevice", sourceVmac: 100 + i, timeToLive: 60 }, fd, 0, "unicast"),
        );
        const sender = FDS[pick % m] as Bip6Address;
        const out = b.handle({ kind: "DistributeBroadcastToNetwork", sourceVmac: 7, npdu }, sender, 1, "unicast");
        const to = out.actions.flatMap((a) => (a.type === "send" ? [a.to.key] : []));
        const expected = [...PEERS.slice(0, n), ...FDS.slice(0, m).filter((a) => !a.equals(sender))].map((a) => a.key);
        expect(to).toEqual(expected);
        expect(out.actions.filter((a) => a.type === "multicast")).toHaveLength(1);
        expect(out.actions.filter((a) => a.type === "deliver")).toHaveLength(1);
      }),
    );
  });
});
