import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FdOutput, ForeignDevice, ForeignDeviceState } from "../src/index.js";
import { BBMD, device, PEER, result } from "./helpers.js";

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
