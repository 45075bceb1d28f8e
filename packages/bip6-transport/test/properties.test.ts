import { Bip6Address } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CoreOutput, TransportCore } from "../src/index.js";
import { coreConfig, hex, lab } from "./helpers.js";

const MAX = 6;
const PER = 2;
const VMACS = [101, 102, 103, 104];
const ADDRS = VMACS.map((_, i) => Bip6Address.parse(`[fd00:1::${i + 10}]:47808`));
const NPDU = hex("0104");

type Command =
  | { op: "send"; i: number }
  | { op: "sendTo"; i: number }
  | { op: "resolve"; i: number }
  | { op: "broadcast" }
  | { op: "ack"; i: number }
  | { op: "varAck"; i: number }
  | { op: "registered" }
  | { op: "collide" }
  | { op: "wait"; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant("send" as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("sendTo" as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("resolve" as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ op: "broadcast" as const }),
  fc.record({ op: fc.constant("ack" as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("varAck" as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ op: "registered" as const }),
  fc.constant({ op: "collide" as const }),
  fc.record({ op: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 3000 }) }),
);

const BBMD = Bip6Address.parse("[fd00:9::1]:47808");

function makeCore(kind: "node" | "foreign-device", random: boolean): TransportCore {
  let n = 0;
  return new TransportCore(
    coreConfig({
      vmac: random ? { mode: "random", value: undefined } : { mode: "instance", value: 5678 },
      random: (b) => {
        n++;
        b[0] = 0;
        b[1] = 0;
        b[2] = n;
      },
      resolution: {
        maxPending: MAX,
        maxPendingPerVmac: PER,
        timeoutMs: 2000,
        retry: { initialMs: 300, factor: 2, maxMs: 1000 },
      },
      role:
        kind === "node"
          ? { kind: "node" }
          : {
              kind: "foreign-device",
              foreignDevice: { bbmd: BBMD, address: Bip6Address.parse("[fd00:1::1]:47808"), timeToLive: 30 },
              beforeRegistration: "queue",
            },
    }),
  );
}

describe("core properties under random calls, answers and time", () => {
  it("waiting calls never exceed the caps, and every call settles exactly once (close settles the rest)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("node" as const, "foreign-device" as const),
        fc.boolean(),
        fc.array(command, { maxLength: 60 }),
        (kind, random, commands) => {
          const core = makeCore(kind, random);
          const settled = new Map<number, number>();
          let issued = 0;
          let now = 0;
          const observe = (out: CoreOutput): void => {
            for (const a of out.actions) {
              const id =
                a.type === "fail" || a.type === "complete" || a.type === "resolved"
                  ? a.request
                  : (a.type === "send" || a.type === "multicast" || a.type === "fan-out") && a.request !== undefined
                    ? a.request
                    : undefined;
              if (id === undefined) continue;
              expect(id).toBeGreaterThan(0);
              expect(id).toBeLessThanOrEqual(issued);
              settled.set(id, (settled.get(id) ?? 0) + 1);
            }
            expect(core.pending).toBeLessThanOrEqual(MAX);
            expect(core.counters.resolution.pending).toBe(core.pending);
            if (out.wakeAt !== undefined) expect(out.wakeAt).toBeGreaterThan(now);
          };
          observe(core.start(now));
          for (const c of commands) {
            switch (c.op) {
              case "send":
                observe(core.sendUnicast(++issued, NPDU, VMACS[c.i] as number, now));
                break;
              case "sendTo":
                observe(core.sendUnicast(++issued, NPDU, ADDRS[c.i] as Bip6Address, now));
                break;
              case "resolve":
                observe(core.resolveVmac(++issued, ADDRS[c.i] as Bip6Address, now));
                break;
              case "broadcast":
                observe(core.sendBroadcast(++issued, NPDU, now));
                break;
              case "ack": {
                const v = (VMACS[c.i] as number).toString(16).padStart(6, "0");
                const me = core.vmac.toString(16).padStart(6, "0");
                observe(core.receive(hex(`8205000a${v}${me}`), ADDRS[c.i] as Bip6Address, "unicast", now));
                break;
              }
              case "varAck": {
                const v = (VMACS[c.i] as number).toString(16).padStart(6, "0");
                const me = core.vmac.toString(16).padStart(6, "0");
                observe(core.receive(hex(`8207000a${v}${me}`), ADDRS[c.i] as Bip6Address, "unicast", now));
                break;
              }
              case "registered":
                observe(core.receive(hex("820000090000010000"), BBMD, "unicast", now));
                break;
              case "collide": {
                const me = core.vmac.toString(16).padStart(6, "0");
                observe(core.receive(hex(`82060007${me}`), ADDRS[0] as Bip6Address, "unicast", now));
                break;
              }
              case "wait":
                now += c.ms;
                observe(core.tick(now));
                break;
            }
          }
          observe(core.close(now + 1));
          expect(core.pending).toBe(0);
          for (let id = 1; id <= issued; id++) expect(settled.get(id), `call ${id}`).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("wakeAt is honest: nothing is due before it", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const core = makeCore("node", true);
        core.start(0);
        let now = 0;
        let id = 0;
        for (const c of commands) {
          if (c.op === "wait") now += c.ms;
          else if (c.op === "send") core.sendUnicast(++id, NPDU, VMACS[c.i] as number, now);
          else if (c.op === "resolve") core.resolveVmac(++id, ADDRS[c.i] as Bip6Address, now);
          const w = core.wakeAt;
          if (w !== undefined && w > now + 1) expect(core.tick(w - 1).actions).toEqual([]);
          now = Math.max(now, w === undefined ? now : w - 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("shell properties on an impaired MemoryNetwork", () => {
  it("every promise settles exactly once, and close() settles whatever still waits", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 800 })), { maxLength: 25 }),
        async (seed, loss, duplicate, ops) => {
          const { clock, net, host, open } = lab({ seed });
          net.setImpairments("lan", { loss, duplicate, reorder: 0.3, delayMs: 1, jitterMs: 5 });
          const a = await open(host("a"), { vmac: { deviceInstance: 1 }, resolution: { timeoutMs: 1500 } });
          const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
          const outcomes: string[] = [];
          const calls: Promise<void>[] = [];
          const track = (p: Promise<unknown>): void => {
            const i = outcomes.push("pending") - 1;
            calls.push(
              p.then(
                () => {
                  expect(outcomes[i]).toBe("pending");
                  outcomes[i] = "ok";
                },
                (e: { code?: string }) => {
                  expect(outcomes[i]).toBe("pending");
                  outcomes[i] = e.code ?? "?";
                },
              ),
            );
          };
          for (const [op, ms] of ops) {
            if (op === 0) track(a.sendUnicast(hex("01"), 2));
            else if (op === 1) track(a.sendUnicast(hex("01"), b.localAddress));
            else if (op === 2) track(a.resolveVmac(b.localAddress));
            else track(a.sendBroadcast(hex("01")));
            clock.advance(ms);
          }
          await a.close();
          await Promise.all(calls);
          expect(outcomes.every((o) => ["ok", "RESOLUTION_TIMEOUT", "CLOSED", "QUEUE_FULL"].includes(o))).toBe(true);
          expect(clock.pendingTimers).toBeLessThanOrEqual(1); // b's, if any
          await b.close();
          expect(clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
