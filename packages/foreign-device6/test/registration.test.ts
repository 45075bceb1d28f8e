import { Bip6Address } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  BBMD,
  device,
  events,
  REGISTER_999_TTL60,
  registered,
  result,
  sentHex,
  sends,
  transitions,
} from "./helpers.js";

/** Ticks at every wake-up until `until`, returning the times a Register went out. */
function registerTimes(fd: ReturnType<typeof device>, until: number): number[] {
  const times: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (let w = fd.wakeAt; w !== undefined && w <= until; w = fd.wakeAt) {
    // A wake-up that does not move forward would spin here forever: fail instead.
    if (w <= last) throw new Error(`wakeAt ${w} did not advance past ${last}`);
    last = w;
    const out = fd.tick(w);
    if (sentHex(out).length > 0) times.push(w);
  }
  return times;
}

describe("start", () => {
  it("sends Register-Foreign-Device (own VMAC, TTL) to the BBMD: 82 09 0009 0003e7 003c", () => {
    const fd = device();
    expect(fd.state).toBe("unregistered");
    const out = fd.start(5_000);
    expect(sends(out)).toEqual([{ to: "[fd00::1]:47808", hex: REGISTER_999_TTL60 }]);
    expect(transitions(out)).toEqual(["unregistered>registering:start"]);
    expect(fd.state).toBe("registering");
    expect(out.wakeAt).toBe(6_000);
  });

  it("is a no-op while already running", () => {
    const fd = device();
    fd.start(0);
    const again = fd.start(10);
    expect(again.actions).toEqual([]);
    expect(again.wakeAt).toBe(1_000);
  });

  it("sends nothing and wants no wake-up before start", () => {
    const fd = device();
    expect(fd.tick(1e9)).toEqual({ actions: [], wakeAt: undefined });
    expect(fd.wakeAt).toBeUndefined();
  });
});

describe("confirmation (BVLC-Result 0x0000 from the BBMD)", () => {
  it("registers and schedules the renewal at TTL/2 after the confirmation", () => {
    const fd = device();
    fd.start(0);
    const out = fd.handle(result(0), BBMD, 250);
    expect(out.verdict).toBe("consumed");
    expect(transitions(out)).toEqual(["registering>registered:ack"]);
    expect(events(out)[1]).toEqual({
      type: "confirmed",
      at: 250,
      renewAt: 30_250,
      expiresAt: 60_250,
      lostAt: 90_250,
    });
    expect(fd.state).toBe("registered");
    expect(fd.lastConfirmedAt).toBe(250);
    expect(out.wakeAt).toBe(30_250);
  });

  it("re-registers at exactly TTL/2, stays registered meanwhile, and restarts the clock on the new ACK", () => {
    const fd = device();
    registered(fd, 0, 100);
    expect(fd.tick(30_099).actions).toEqual([]);
    const renew = fd.tick(30_100);
    expect(sentHex(renew)).toEqual([REGISTER_999_TTL60]);
    expect(transitions(renew)).toEqual([]);
    expect(fd.state).toBe("registered");
    const ack = fd.handle(result(0), BBMD, 30_400);
    expect(transitions(ack)).toEqual([]);
    expect(events(ack)).toEqual([
      { type: "confirmed", at: 30_400, renewAt: 60_400, expiresAt: 90_400, lostAt: 120_400 },
    ]);
    expect(ack.wakeAt).toBe(60_400);
    expect(fd.stats().registersSent).toBe(2);
  });

  it("ignores an ACK when no Register is outstanding (duplicate or late)", () => {
    const fd = device();
    registered(fd, 0, 100);
    const dup = fd.handle(result(0), BBMD, 5_000);
    expect(dup.verdict).toBe("consumed");
    expect(dup.actions).toEqual([]);
    expect(fd.lastConfirmedAt).toBe(100);
    expect(dup.wakeAt).toBe(30_100);
    expect(fd.stats().unexpectedResults).toBe(1);
  });
});

describe("retries while unanswered", () => {
  it("backs off 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s (capped) from the first attempt", () => {
    const fd = device();
    fd.start(0);
    expect(registerTimes(fd, 200_000)).toEqual([
      1_000, 3_000, 7_000, 15_000, 31_000, 61_000, 91_000, 121_000, 151_000, 181_000,
    ]);
    expect(fd.state).toBe("registering");
  });

  it("follows a custom policy (initial 500 ms, ×3, cap 10 s)", () => {
    const fd = device({ retry: { initialMs: 500, factor: 3, maxMs: 10_000 } });
    fd.start(0);
    expect(registerTimes(fd, 40_000)).toEqual([500, 2_000, 6_500, 16_500, 26_500, 36_500]);
  });

  it("factor 1 retries at a fixed interval", () => {
    const fd = device({ retry: { initialMs: 2_000, factor: 1 } });
    fd.start(0);
    expect(registerTimes(fd, 9_000)).toEqual([2_000, 4_000, 6_000, 8_000]);
  });

  it("caps a renewal's backoff so one attempt lands before the TTL runs out, then goes lost at exactly TTL + 30 s", () => {
    const fd = device();
    registered(fd);
    // Renewal at 30 s, then 1, 2, 4, 8 s; 61 s would be past the 60 s TTL, so 59 s (TTL - initialMs).
    expect(registerTimes(fd, 89_000)).toEqual([30_000, 31_000, 33_000, 37_000, 45_000, 59_000, 89_000]);
    expect(fd.state).toBe("registered");
    expect(fd.wakeAt).toBe(90_000);
    expect(fd.tick(89_999).actions).toEqual([]);
    const lost = fd.tick(90_000);
    expect(transitions(lost)).toEqual(["registered>lost:expired"]);
    expect(sentHex(lost)).toEqual([]);
    expect(lost.wakeAt).toBe(119_000);
    // Retries go on after lost, capped at 30 s.
    expect(registerTimes(fd, 180_000)).toEqual([119_000, 149_000, 179_000]);
  });

  it("recovers from lost on the next ACK and flushes the broadcasts queued meanwhile", () => {
    const fd = device();
    registered(fd);
    registerTimes(fd, 90_000);
    expect(fd.state).toBe("lost");
    const queued = fd.broadcast(Uint8Array.of(0x01, 0x00), 95_000);
    expect(sends(queued)).toEqual([]);
    expect(fd.queuedBroadcasts).toBe(1);
    const ack = fd.handle(result(0), BBMD, 100_000);
    expect(transitions(ack)).toEqual(["lost>registered:ack"]);
    expect(sentHex(ack)).toEqual(["820c00090003e70100"]);
    expect(ack.wakeAt).toBe(130_000);
    // Backoff starts over for the next renewal.
    expect(registerTimes(fd, 131_000)).toEqual([130_000, 131_000]);
  });

  it("a late tick sends one Register, not a catch-up burst, and goes lost first when that is due", () => {
    const fd = device();
    registered(fd);
    const late = fd.tick(500_000);
    expect(transitions(late)).toEqual(["registered>lost:expired"]);
    expect(sentHex(late)).toEqual([REGISTER_999_TTL60]);
    expect(late.wakeAt).toBe(501_000);
  });

  it("runs due timers in every call, so a broadcast after an unnoticed expiry is queued, not sent", () => {
    const fd = device();
    registered(fd);
    const out = fd.broadcast(Uint8Array.of(1), 90_000);
    expect(transitions(out)).toEqual(["registered>lost:expired"]);
    expect(sentHex(out)).toEqual([REGISTER_999_TTL60]);
    expect(fd.queuedBroadcasts).toBe(1);
  });

  it("treats a `now` earlier than one already seen as the latest time (clock never runs backwards)", () => {
    const fd = device();
    fd.start(10_000);
    const out = fd.tick(2_000);
    expect(out.actions).toEqual([]);
    expect(out.wakeAt).toBe(11_000);
    expect(sentHex(fd.tick(11_000))).toEqual([REGISTER_999_TTL60]);
  });
});

describe("refusal (BVLC-Result 0x0090)", () => {
  it("enters refused, reports each NAK, keeps the backoff going, and registers on a later ACK", () => {
    const fd = device();
    fd.start(0);
    const nak = fd.handle(result(0x0090), BBMD, 50);
    expect(nak.verdict).toBe("consumed");
    expect(transitions(nak)).toEqual(["registering>refused:nak"]);
    expect(events(nak)[1]).toEqual({ type: "refused", resultCode: 0x0090, at: 50, retryAt: 1_000 });
    expect(fd.state).toBe("refused");
    expect(nak.wakeAt).toBe(1_000);

    expect(sentHex(fd.tick(1_000))).toEqual([REGISTER_999_TTL60]);
    const nak2 = fd.handle(result(0x0090), BBMD, 1_050);
    expect(transitions(nak2)).toEqual([]);
    expect(events(nak2)).toEqual([{ type: "refused", resultCode: 0x0090, at: 1_050, retryAt: 3_000 }]);

    expect(sentHex(fd.tick(3_000))).toEqual([REGISTER_999_TTL60]);
    const ack = fd.handle(result(0), BBMD, 3_100);
    expect(transitions(ack)).toEqual(["refused>registered:ack"]);
    expect(ack.wakeAt).toBe(33_100);
    expect(fd.stats()).toMatchObject({ refusals: 2, confirmations: 1, registersSent: 3 });
  });

  it("a refused renewal leaves registered for refused and stops the lost timer", () => {
    const fd = device();
    registered(fd);
    fd.tick(30_000);
    const nak = fd.handle(result(0x0090), BBMD, 30_010);
    expect(transitions(nak)).toEqual(["registered>refused:nak"]);
    expect(registerTimes(fd, 100_000)).toEqual([31_000, 33_000, 37_000, 45_000, 61_000, 91_000]);
    expect(fd.state).toBe("refused");
  });

  it("a NAK with no Register outstanding changes nothing", () => {
    const fd = device();
    registered(fd);
    const out = fd.handle(result(0x0090), BBMD, 10);
    expect(out.actions).toEqual([]);
    expect(fd.state).toBe("registered");
  });
});

describe("Distribute-Broadcast-To-Network NAK (0x00C0): the BBMD lost us", () => {
  it("re-registers at once, queues broadcasts meanwhile, and flushes them on the ACK", () => {
    const fd = device();
    registered(fd);
    const out = fd.handle(result(0x00c0), BBMD, 5_000);
    expect(out.verdict).toBe("consumed");
    expect(transitions(out)).toEqual(["registered>registering:distribute-broadcast-nak"]);
    expect(sentHex(out)).toEqual([REGISTER_999_TTL60]);
    expect(out.wakeAt).toBe(6_000);

    // A second NAK in flight for another broadcast: no second Register.
    const again = fd.handle(result(0x00c0), BBMD, 5_001);
    expect(again.actions).toEqual([]);
    expect(fd.stats().distributeBroadcastNaks).toBe(2);

    fd.broadcast(Uint8Array.of(0xaa), 5_002);
    const ack = fd.handle(result(0), BBMD, 5_100);
    expect(transitions(ack)).toEqual(["registering>registered:ack"]);
    expect(sentHex(ack)).toEqual(["820c00080003e7aa"]);
  });

  it("during a renewal it restarts the backoff from the first step", () => {
    const fd = device();
    registered(fd);
    registerTimes(fd, 37_000); // 30, 31, 33, 37 s
    const out = fd.handle(result(0x00c0), BBMD, 40_000);
    expect(sentHex(out)).toEqual([REGISTER_999_TTL60]);
    expect(out.wakeAt).toBe(41_000);
  });
});

describe("TTL edge cases", () => {
  it("TTL 1: renews 500 ms after each confirmation (exact ms, no rounding), last pre-expiry try at TTL - TTL/4", () => {
    const fd = device({ timeToLive: 1 });
    expect(sentHex(fd.start(0))).toEqual(["820900090003e70001"]);
    const ack = fd.handle(result(0), BBMD, 10);
    expect(ack.wakeAt).toBe(510);
    expect(events(ack)[1]).toMatchObject({ renewAt: 510, expiresAt: 1_010, lostAt: 31_010 });
    // 510 renewal; 1510 would be past the 1 s TTL, so 760 (expiry 1010 - min(1000, 250));
    // then the plain backoff: +2 s, +4 s, +8 s, +16 s.
    expect(registerTimes(fd, 31_000)).toEqual([510, 760, 2_760, 6_760, 14_760, 30_760]);
    expect(fd.tick(31_009).actions).toEqual([]);
    expect(transitions(fd.tick(31_010))).toEqual(["registered>lost:expired"]);
    expect(fd.wakeAt).toBe(60_760);
  });

  it("TTL 1 keeps renewing every 500 ms while the BBMD answers", () => {
    const fd = device({ timeToLive: 1 });
    registered(fd);
    for (let t = 500; t <= 5_000; t += 500) {
      expect(fd.wakeAt).toBe(t);
      expect(sentHex(fd.tick(t))).toEqual(["820900090003e70001"]);
      fd.handle(result(0), BBMD, t);
    }
    expect(fd.state).toBe("registered");
  });

  it("TTL 65535: Register carries ffff, renews at 32 767.5 s and is lost at 65 565 s", () => {
    const fd = device({ timeToLive: 65_535 });
    expect(sentHex(fd.start(0))).toEqual(["820900090003e7ffff"]);
    const ack = fd.handle(result(0), BBMD, 0);
    expect(ack.wakeAt).toBe(32_767_500);
    expect(registerTimes(fd, 32_800_000)).toEqual([
      32_767_500, 32_768_500, 32_770_500, 32_774_500, 32_782_500, 32_798_500,
    ]);
    expect(events(ack)[1]).toMatchObject({ expiresAt: 65_535_000, lostAt: 65_565_000 });
    registerTimes(fd, 65_564_999);
    expect(fd.state).toBe("registered");
    expect(transitions(fd.tick(65_565_000))).toEqual(["registered>lost:expired"]);
  });
});

describe("the BBMD is its exact 18 octets", () => {
  it("accepts the BBMD written in another text form or with a zone", () => {
    const fd = device();
    fd.start(0);
    const other = Bip6Address.parse("[fd00:0:0:0:0:0:0:1%eth0]:47808");
    expect(transitions(fd.handle(result(0), other, 1))).toEqual(["registering>registered:ack"]);
  });
});
