import { type Bip6Address, type Bvll6Frame, bytesToHex, encodeFrame } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type FdHandleOutput,
  type FdOutput,
  type ForeignDevice,
  ForeignDeviceError,
  type ForeignDeviceState,
  type ForeignDeviceStats,
} from "../src/index.js";
import { BBMD, device, frame, PEER, result } from "./helpers.js";

/** Reads the state without TypeScript's narrowing from an earlier comparison. */
const stateOf = (fd: ForeignDevice): ForeignDeviceState => fd.state;

const ops = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constant("advance" as const), dt: fc.integer({ min: 0, max: 120_000 }) }),
    },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("wake" as const) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant("result" as const),
        code: fc.constantFrom(0x0000, 0x0090, 0x00c0, 0x00a0, 0x0030),
        fromBbmd: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constant("broadcast" as const), size: fc.integer({ min: 0, max: 20 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant("resolve" as const), vmac: fc.integer({ min: 0, max: 0xffffff }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("start" as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("stop" as const) }) },
  ),
  { maxLength: 80 },
);

const config = fc.record({
  timeToLive: fc.oneof(fc.constantFrom(1, 2, 60, 65_535), fc.integer({ min: 1, max: 65_535 })),
  maxQueued: fc.integer({ min: 1, max: 5 }),
  beforeRegistration: fc.constantFrom("queue" as const, "fail" as const),
  retry: fc.record({
    initialMs: fc.integer({ min: 1, max: 5_000 }),
    factor: fc.constantFrom(1, 1.5, 2, 3),
    extraMs: fc.integer({ min: 0, max: 60_000 }),
  }),
});

describe("invariants under random operation sequences", () => {
  it("never busy-loops, only talks to the BBMD, and accounts for every broadcast", () => {
    fc.assert(
      fc.property(config, ops, (cfg, sequence) => {
        const fd: ForeignDevice = device({
          timeToLive: cfg.timeToLive,
          maxQueued: cfg.maxQueued,
          beforeRegistration: cfg.beforeRegistration,
          retry: {
            initialMs: cfg.retry.initialMs,
            factor: cfg.retry.factor,
            maxMs: cfg.retry.initialMs + cfg.retry.extraMs,
          },
        });
        let now = 0;
        let broadcasts = 0;
        let dbtnSent = 0;
        let failed = 0;
        const check = (out: FdOutput, label: string): void => {
          // The next wake-up is strictly in the future: ticking at wakeAt always makes progress.
          if (out.wakeAt !== undefined) expect(out.wakeAt, label).toBeGreaterThan(now);
          expect(out.wakeAt).toBe(fd.wakeAt);
          let registers = 0;
          for (const a of out.actions) {
            if (a.type === "send") {
              expect(a.to.equals(BBMD)).toBe(true);
              if (a.frame.kind === "RegisterForeignDevice") registers++;
              if (a.frame.kind === "DistributeBroadcastToNetwork") {
                dbtnSent++;
                expect(fd.stats().confirmations).toBeGreaterThan(0);
              }
              expect([
                "RegisterForeignDevice",
                "DistributeBroadcastToNetwork",
                "AddressResolution",
                "DeleteForeignDeviceTableEntry",
              ]).toContain(a.frame.kind);
            }
            if (a.type === "broadcast-failed") failed++;
          }
          expect(registers, label).toBeLessThanOrEqual(1);
          expect(fd.queuedBroadcasts).toBeLessThanOrEqual(cfg.maxQueued);
          if (cfg.beforeRegistration === "fail") expect(fd.queuedBroadcasts).toBe(0);
          expect(broadcasts).toBe(dbtnSent + failed + fd.queuedBroadcasts);
          if (fd.state === "registered") {
            expect(now).toBeLessThan((fd.lastConfirmedAt as number) + cfg.timeToLive * 1000 + 30_000);
          }
          if (!fd.running) expect(out.wakeAt).toBeUndefined();
        };
        for (const o of sequence) {
          switch (o.op) {
            case "advance":
              now += o.dt;
              check(fd.tick(now), "tick");
              break;
            case "wake":
              if (fd.wakeAt !== undefined) now = fd.wakeAt;
              check(fd.tick(now), "wake");
              break;
            case "result":
              check(fd.handle(result(o.code), o.fromBbmd ? BBMD : PEER, now), "result");
              break;
            case "broadcast": {
              broadcasts++;
              // Every earlier step ticked, so nothing is due: the state now is the state at the call.
              const wasRegistered = fd.state === "registered";
              const out = fd.broadcast(new Uint8Array(o.size), now);
              const sent = out.actions.some(
                (a) => a.type === "send" && a.frame.kind === "DistributeBroadcastToNetwork",
              );
              expect(sent).toBe(wasRegistered);
              check(out, "broadcast");
              break;
            }
            case "resolve":
              check(fd.resolve(o.vmac, now), "resolve");
              break;
            case "start":
              check(fd.start(now), "start");
              break;
            case "stop":
              check(fd.stop(now), "stop");
              break;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("driven only by tick(wakeAt) with a silent BBMD: retries at most maxMs apart, lost at exactly TTL + 30 s", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65_535 }), fc.integer({ min: 0, max: 10_000 }), (ttl, ackAt) => {
        const fd = device({ timeToLive: ttl });
        fd.start(0);
        fd.handle(result(0), BBMD, ackAt);
        const lostAt = ackAt + ttl * 1000 + 30_000;
        let last = ackAt;
        let registers = 0;
        for (let i = 0; i < 5_000 && fd.state !== "lost"; i++) {
          const w = fd.wakeAt as number;
          expect(w).toBeGreaterThan(last);
          // The first gap is the TTL/2 renewal; after it, the backoff cap.
          expect(w - last).toBeLessThanOrEqual(registers === 0 ? ttl * 500 : 30_000);
          const out = fd.tick(w);
          if (out.actions.some((a) => a.type === "send")) registers++;
          if (stateOf(fd) === "lost") expect(w).toBe(lostAt);
          else expect(w).toBeLessThan(lostAt);
          last = w;
        }
        expect(fd.state).toBe("lost");
        expect(registers).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 100 },
    );
  });
});

/** One output as comparable data: frames as hex, everything else as it is. */
function normalize(out: FdOutput): unknown[] {
  return out.actions.map((a) =>
    a.type === "send" ? { send: a.to.toString(), hex: bytesToHex(encodeFrame(a.frame)) } : a,
  );
}

/** Everything observable about a device. */
function observe(fd: ForeignDevice): {
  state: ForeignDeviceState;
  running: boolean;
  wakeAt: number | undefined;
  lastConfirmedAt: number | undefined;
  queued: number;
  stats: ForeignDeviceStats;
} {
  return {
    state: fd.state,
    running: fd.running,
    wakeAt: fd.wakeAt,
    lastConfirmedAt: fd.lastConfirmedAt,
    queued: fd.queuedBroadcasts,
    stats: fd.stats(),
  };
}

const FORWARDED = frame("820800210004d2fd00000000000000000000000000000abac00120ffff00ff1008");

/** Calls that must throw, each changing nothing (the clock and the due work included). */
const BAD_CALLS: ((fd: ForeignDevice, now: number) => unknown)[] = [
  (fd, now) =>
    fd.handle({ kind: "ForwardedNpdu", originalSourceVmac: 1, npdu: new Uint8Array(1) } as Bvll6Frame, BBMD, now),
  (fd, now) => fd.handle({ kind: "BvlcResult", sourceVmac: 1, resultCode: -1 }, BBMD, now),
  (fd, now) => fd.handle(result(0), "[fd00::1]:47808" as unknown as Bip6Address, now),
  (fd, now) => fd.handle(null as unknown as Bvll6Frame, BBMD, now),
  (fd) => fd.handle(result(0), BBMD, 6e20),
  (fd, now) => fd.broadcast(new Uint8Array(1498), now),
  (fd, now) => fd.resolve(0x1000000, now),
  (fd) => fd.start(Number.NaN),
  (fd) => fd.tick(-Number.MAX_VALUE),
  (fd) => fd.stop(Number.POSITIVE_INFINITY),
];

const jumpOps = fc.array(
  fc.oneof(
    // Time passes with no tick(): whatever is due must run at the next call of any kind.
    { weight: 4, arbitrary: fc.record({ op: fc.constant("jump" as const), dt: fc.integer({ min: 0, max: 120_000 }) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant("result" as const),
        code: fc.constantFrom(0x0000, 0x0090, 0x00c0, 0x00a0, 0x0030, 0x0050),
        fromBbmd: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("forwarded" as const), fromBbmd: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("broadcast" as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("resolve" as const) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("start" as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("stop" as const) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("bad" as const), which: fc.nat(BAD_CALLS.length - 1) }) },
  ),
  { maxLength: 60 },
);

describe("contracts of every call", () => {
  it("every call runs what is due first: call(now) does what tick(now) then call(now) does (stop skips only a due Register)", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 60, 600), jumpOps, (ttl, sequence) => {
        // `a` is driven by the calls alone; `b`, its twin, gets a tick(now) before each call.
        const a = device({ timeToLive: ttl });
        const b = device({ timeToLive: ttl });
        let now = 0;
        for (const o of sequence) {
          if (o.op === "jump") {
            now += o.dt;
            continue;
          }
          if (o.op === "bad") {
            // Possibly at a time something is due: the throw must leave it due, all else equal.
            const before = observe(a);
            for (const fd of [a, b]) expect(() => BAD_CALLS[o.which]?.(fd, now)).toThrow(ForeignDeviceError);
            expect(observe(a)).toEqual({
              ...before,
              stats: { ...before.stats, rejectedInputs: before.stats.rejectedInputs + 1 },
            });
            expect(observe(b)).toEqual(observe(a));
            continue;
          }
          const call = (fd: ForeignDevice): FdOutput => {
            switch (o.op) {
              case "result":
                return fd.handle(result(o.code), o.fromBbmd ? BBMD : PEER, now);
              case "forwarded":
                return fd.handle(FORWARDED, o.fromBbmd ? BBMD : PEER, now);
              case "broadcast":
                return fd.broadcast(Uint8Array.of(1, 2, 3), now);
              case "resolve":
                return fd.resolve(0x1234, now);
              case "start":
                return fd.start(now);
              case "stop":
                return fd.stop(now);
            }
          };
          const viaTick = o.op === "stop" ? [] : normalize(b.tick(now));
          const outB = call(b);
          const outA = call(a);
          expect(normalize(outA), o.op).toEqual([...viaTick, ...normalize(outB)]);
          expect(outA.wakeAt).toBe(outB.wakeAt);
          if (outA.wakeAt !== undefined) expect(outA.wakeAt, o.op).toBeGreaterThan(now);
          const verdict = (out: FdOutput): unknown[] => {
            const h = out as Partial<FdHandleOutput>;
            return [h.verdict, h.dropReason];
          };
          expect(verdict(outA)).toEqual(verdict(outB));
          expect(observe(a)).toEqual(observe(b));
        }
      }),
      { numRuns: 300 },
    );
  });
});
