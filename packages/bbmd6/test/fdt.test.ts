import { Bip6Address, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { MAX_TIME_MS } from "../src/index.js";
import { bbmd, events, FD1, FD2, frame, LOCAL, lines, registerFrame, wire } from "./helpers.js";

const OK = "820000090000010000";
const NAK = "820000090000010090";

/** `n` distinct registrant addresses [fd00:99::i]:47808. */
function registrants(n: number): Bip6Address[] {
  return Array.from({ length: n }, (_, i) => Bip6Address.parse(`[fd00:99::${(i + 1).toString(16)}]:47808`));
}

describe("FDT lifetime: TTL + 30 s grace, driven by the clock passed in", () => {
  it("an entry lives until registration + (TTL + 30) s, exclusive, and tick() drops it then", () => {
    const b = bbmd();
    const out = b.handle(registerFrame(999, 60), FD1, 1_000, "unicast");
    expect(out.wakeAt).toBe(1_000 + 90_000);
    expect(b.tick(90_999).actions).toEqual([]);
    expect(b.isForeignDevice(FD1)).toBe(true);
    const expired = b.tick(91_000);
    expect(events(expired)).toEqual([{ type: "fdt-removed", address: FD1, vmac: 999, reason: "expired", at: 91_000 }]);
    expect(expired.wakeAt).toBeUndefined();
    expect(b.isForeignDevice(FD1)).toBe(false);
    expect(b.stats().expirations).toBe(1);
  });

  it("a re-registration restarts the timer and moves wakeAt", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    const out = b.handle(registerFrame(999, 60), FD1, 30_000, "unicast");
    expect(lines(out)).toEqual([`send [fd00:1::f]:47809 ${OK}`]); // no second fdt-added event
    expect(out.wakeAt).toBe(120_000);
    expect(b.tick(90_000).actions).toEqual([]);
    expect(b.isForeignDevice(FD1)).toBe(true);
    expect(events(b.tick(120_000))).toHaveLength(1);
    expect(b.stats()).toMatchObject({ registrations: 1, registrationRefreshes: 1, expirations: 1 });
  });

  it("a refresh with a shorter TTL brings the expiry forward", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 600), FD1, 0, "unicast");
    expect(b.handle(registerFrame(999, 10), FD1, 1_000, "unicast").wakeAt).toBe(41_000);
    expect(events(b.tick(41_000))).toHaveLength(1);
  });

  it("wakeAt is the earliest expiry over all entries", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 300), FD1, 0, "unicast");
    expect(b.handle(registerFrame(5678, 10), FD2, 5_000, "unicast").wakeAt).toBe(45_000);
    expect(b.tick(45_000).wakeAt).toBe(330_000);
    expect(b.wakeAt).toBe(330_000);
  });

  it("a late tick expires everything due at once, each with an event", () => {
    const b = bbmd();
    const addrs = registrants(5);
    addrs.forEach((a, i) => b.handle(registerFrame(i, 10 * (i + 1)), a, 0, "unicast"));
    const out = b.tick(1_000_000);
    expect(events(out).map((e) => e.address)).toEqual(addrs);
    expect(b.foreignDeviceCount).toBe(0);
  });

  it("time never runs backwards: an earlier now is treated as the latest one seen", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 100_000, "unicast");
    b.tick(200_000); // expired at 190 000
    const out = b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    expect(out.wakeAt).toBe(290_000);
  });

  it("the entry is keyed by the sender's 18 octets: another port is another registrant", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.handle(registerFrame(999, 60), FD1.withPort(47808), 0, "unicast");
    b.handle(registerFrame(999, 60), Bip6Address.parse("[fd00:1:0:0::f]:47809"), 0, "unicast"); // FD1 again
    expect(b.foreignDeviceCount).toBe(2);
  });
});

describe("snapshot", () => {
  it("lists BDT peers and FDT entries with TTL and remaining seconds including the grace", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.handle(registerFrame(5678, 120), FD2, 10_000, "unicast");
    const snap = b.snapshot(20_500);
    expect(snap.bdt.map((e) => e.address.toString())).toEqual(["[fd00:b::1]:47808", "[fd00:c::1]:47808"]);
    expect(snap.fdt).toEqual([
      { address: FD1, vmac: 999, timeToLive: 60, remainingSeconds: 70, expiresAt: 90_000 }, // 69.5 s, rounded up
      { address: FD2, vmac: 5678, timeToLive: 120, remainingSeconds: 140, expiresAt: 160_000 },
    ]);
  });

  it("just after registration the remaining time is TTL + 30; entries past expiry are left out", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    expect(b.snapshot(0).fdt[0]?.remainingSeconds).toBe(90);
    expect(b.snapshot(89_001).fdt[0]?.remainingSeconds).toBe(1);
    expect(b.snapshot(90_000).fdt).toEqual([]);
  });

  it("is a pure read: it neither expires entries nor moves the clock", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.snapshot(1_000_000);
    expect(b.foreignDeviceCount).toBe(1);
    expect(b.stats().expirations).toBe(0);
    expect(b.handle(registerFrame(999, 60), FD1, 1_000, "unicast").wakeAt).toBe(91_000);
  });

  it("keeps registration order across refreshes and records the latest VMAC", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.handle(registerFrame(5678, 60), FD2, 0, "unicast");
    b.handle(registerFrame(1000, 60), FD1, 5, "unicast");
    expect(b.snapshot(5).fdt.map((e) => [e.address.toString(), e.vmac])).toEqual([
      ["[fd00:1::f]:47809", 1000],
      ["[fd00:2::f]:47808", 5678],
    ]);
  });
});

describe("registration policy", () => {
  it("maxTimeToLive clamps a longer request (granted, not refused) and counts it", () => {
    const b = bbmd({ maxTimeToLive: 300 });
    const out = b.handle(registerFrame(999, 3_600), FD1, 0, "unicast");
    expect(wire(out)).toEqual([`send [fd00:1::f]:47809 ${OK}`]);
    expect(out.wakeAt).toBe(330_000);
    expect(events(out)[0]).toMatchObject({ type: "fdt-added", timeToLive: 300, expiresAt: 330_000 });
    expect(b.snapshot(0).fdt[0]?.timeToLive).toBe(300);
    expect(b.stats().registrationsClamped).toBe(1);
    b.handle(registerFrame(999, 300), FD1, 0, "unicast");
    expect(b.stats().registrationsClamped).toBe(1);
  });

  it("TTL 0 is granted as 1 s (an entry of 31 s)", () => {
    const b = bbmd();
    const out = b.handle(registerFrame(999, 0), FD1, 0, "unicast");
    expect(wire(out)).toEqual([`send [fd00:1::f]:47809 ${OK}`]);
    expect(out.wakeAt).toBe(31_000);
    expect(b.snapshot(0).fdt[0]).toMatchObject({ timeToLive: 1, remainingSeconds: 31 });
  });

  it("TTL 65535 is kept as asked by default", () => {
    const b = bbmd();
    expect(b.handle(registerFrame(999, 65_535), FD1, 0, "unicast").wakeAt).toBe((65_535 + 30) * 1000);
  });

  it("a full FDT refuses new registrants but still refreshes its members", () => {
    const b = bbmd({ maxForeignDevices: 3 });
    const [a, c, d, e] = registrants(4) as [Bip6Address, Bip6Address, Bip6Address, Bip6Address];
    for (const x of [a, c, d])
      expect(wire(b.handle(registerFrame(1, 60), x, 0, "unicast"))).toEqual([`send ${x.toString()} ${OK}`]);
    const refused = b.handle(registerFrame(1, 60), e, 1, "unicast");
    expect(lines(refused)).toEqual([`event registration-refused ${e.toString()}`, `send ${e.toString()} ${NAK}`]);
    expect(events(refused)[0]).toEqual({ type: "registration-refused", address: e, reason: "full", at: 1 });
    const refresh = b.handle(registerFrame(1, 60), c, 2, "unicast");
    expect(wire(refresh)).toEqual([`send ${c.toString()} ${OK}`]);
    expect(b.foreignDeviceCount).toBe(3);
    expect(b.stats()).toMatchObject({ registrations: 3, registrationRefreshes: 1, registrationNaksFull: 1 });
  });

  it("room freed by a Delete or an expiry is available again", () => {
    const b = bbmd({ maxForeignDevices: 1 });
    b.handle(registerFrame(999, 10), FD1, 0, "unicast");
    expect(wire(b.handle(registerFrame(5678, 60), FD2, 0, "unicast"))).toEqual([`send [fd00:2::f]:47808 ${NAK}`]);
    expect(wire(b.handle(registerFrame(5678, 60), FD2, 40_000, "unicast"))).toEqual([`send [fd00:2::f]:47808 ${OK}`]);
    b.handle(frame("820a00190003e7fd00000200000000000000000000000fbac0"), FD1, 40_001, "unicast");
    expect(wire(b.handle(registerFrame(999, 60), FD1, 40_002, "unicast"))).toEqual([`send [fd00:1::f]:47809 ${OK}`]);
  });

  it("repeated registrations from one sender never grow the table", () => {
    const b = bbmd();
    for (let i = 0; i < 1_000; i++) b.handle(registerFrame(i, 1 + (i % 100)), FD1, i * 10, "unicast");
    expect(b.foreignDeviceCount).toBe(1);
    expect(b.stats()).toMatchObject({ registrations: 1, registrationRefreshes: 999 });
  });

  it("setAcceptRegistrations(false) refuses new and refreshing registrants but keeps existing entries", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.setAcceptRegistrations(false);
    expect(b.acceptRegistrations).toBe(false);
    expect(wire(b.handle(registerFrame(999, 60), FD1, 1, "unicast"))).toEqual([`send [fd00:1::f]:47809 ${NAK}`]);
    expect(wire(b.handle(registerFrame(5678, 60), FD2, 1, "unicast"))).toEqual([`send [fd00:2::f]:47808 ${NAK}`]);
    expect(b.isForeignDevice(FD1)).toBe(true);
    expect(b.snapshot(1).fdt[0]?.expiresAt).toBe(90_000);
    expect(b.stats().registrationNaksNotAccepting).toBe(2);
    b.setAcceptRegistrations(true);
    expect(wire(b.handle(registerFrame(5678, 60), FD2, 2, "unicast"))).toEqual([`send [fd00:2::f]:47808 ${OK}`]);
  });

  it("Delete works whoever sends it and whatever the registration policy", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    b.setAcceptRegistrations(false);
    const out = b.handle(frame("820a00190004d2fd00000100000000000000000000000fbac1"), LOCAL, 1, "unicast");
    expect(lines(out)).toEqual(["event fdt-removed [fd00:1::f]:47809", `send [fd00::a]:47808 ${OK}`]);
    expect(b.foreignDeviceCount).toBe(0);
    expect(b.wakeAt).toBeUndefined();
  });
});

describe("clocks the expiry arithmetic cannot serve", () => {
  it("a registration at MAX_TIME_MS (TTL 65535) gets its full TTL + 30 s, to the exact ms", () => {
    const b = bbmd();
    const out = b.handle(registerFrame(999, 65_535), FD1, MAX_TIME_MS, "unicast");
    expect(out.wakeAt).toBe(Number.MAX_SAFE_INTEGER);
    expect(b.snapshot(MAX_TIME_MS).fdt[0]?.remainingSeconds).toBe(65_565);
    expect(b.tick(MAX_TIME_MS).actions).toEqual([]);
    expect(b.isForeignDevice(FD1)).toBe(true);
    const low = bbmd();
    expect(low.handle(registerFrame(999, 1), FD1, -MAX_TIME_MS, "unicast").wakeAt).toBe(-MAX_TIME_MS + 31_000);
  });

  it("beyond ±MAX_TIME_MS every call is INVALID_TIME, counted, and changes nothing (at 5.9e20 a fresh entry used to expire at once)", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    for (const now of [5.9e20, MAX_TIME_MS + 1, -MAX_TIME_MS - 1, Number.MAX_VALUE]) {
      for (const call of [
        () => b.handle(registerFrame(5678, 60), FD2, now, "unicast"),
        () => b.tick(now),
        () => b.snapshot(now),
        () => b.broadcast(hexToBytes("01"), now),
        () => b.resolve(5, now),
      ]) {
        expect(call).toThrow(expect.objectContaining({ name: "BbmdError", code: "INVALID_TIME" }));
      }
    }
    expect(b.stats().rejectedInputs).toBe(20);
    expect(b.snapshot(0).fdt.map((e) => e.address)).toEqual([FD1]);
    expect(b.wakeAt).toBe(90_000);
    expect(MAX_TIME_MS).toBe(Number.MAX_SAFE_INTEGER - 65_565_000);
  });
});
