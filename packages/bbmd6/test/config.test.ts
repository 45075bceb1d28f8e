import { Bip6Address, type Bvll6Frame } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  Bbmd,
  type BbmdConfig,
  BbmdError,
  type BbmdErrorCode,
  DEFAULT_MAX_BDT_ENTRIES,
  DEFAULT_MAX_FOREIGN_DEVICES,
} from "../src/index.js";
import { bbmd, FD1, frame, LOCAL, NPDU, PEER_B, PEER_C, registerFrame, SELF } from "./helpers.js";

const base: BbmdConfig = { vmac: 1, address: SELF };

function throwsCode(f: () => unknown, code: BbmdErrorCode): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BbmdError);
    expect((e as BbmdError).code).toBe(code);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return;
  }
  throw new Error(`expected ${code}`);
}

function rejects(overrides: Record<string, unknown>, code: BbmdErrorCode): void {
  throwsCode(() => new Bbmd({ ...base, ...overrides } as BbmdConfig), code);
}

/** `n` distinct peer addresses [fd00:77::i]:47808. */
function peers(n: number): Bip6Address[] {
  return Array.from({ length: n }, (_, i) => Bip6Address.parse(`[fd00:77::${(i + 1).toString(16)}]:47808`));
}

describe("configuration", () => {
  it("fills in the defaults", () => {
    const b = new Bbmd(base);
    expect(b.config).toEqual({
      vmac: 1,
      address: SELF,
      maxBdtEntries: 128,
      maxForeignDevices: 512,
      maxTimeToLive: 65_535,
      multicastLocal: true,
      allowLoopback: false,
      fanOutBudget: { perSourcePerSecond: 200, burst: 2000, maxSources: 4096 },
    });
    expect([DEFAULT_MAX_BDT_ENTRIES, DEFAULT_MAX_FOREIGN_DEVICES]).toEqual([128, 512]);
    expect(Object.isFrozen(b.config)).toBe(true);
    expect(b.acceptRegistrations).toBe(true);
    expect(b.peers).toEqual([]);
    expect(b.wakeAt).toBeUndefined();
  });

  it("rejects an own address that is not routable: loopback, link-local, multicast, unspecified, port 0", () => {
    for (const text of ["[::1]:47808", "[fe80::1%eth0]:47808", "[ff02::bac0]:47808", "[::]:47808", "[fd00::1]:0"]) {
      rejects({ address: Bip6Address.parse(text) }, "INVALID_ADDRESS");
    }
    rejects({ address: "[fd00::1]:47808" }, "INVALID_ADDRESS");
    rejects({ address: undefined }, "INVALID_ADDRESS");
  });

  it("allowLoopback admits ::1 for single-host tests, but still nothing link-local", () => {
    const lo = Bip6Address.parse("[::1]:47808");
    const b = new Bbmd({ ...base, address: lo, allowLoopback: true, bdt: [lo.withPort(47809)] });
    expect(b.peers).toHaveLength(1);
    rejects({ address: Bip6Address.parse("[fe80::1]:47808"), allowLoopback: true }, "INVALID_ADDRESS");
    rejects({ bdt: [Bip6Address.parse("[::1]:47809")] }, "INVALID_ADDRESS");
  });

  it("rejects a bad VMAC and bad caps or flags", () => {
    for (const vmac of [-1, 0x1000000, 1.5, "1", undefined]) rejects({ vmac }, "INVALID_VMAC");
    for (const maxBdtEntries of [0, 1025, 2.5, "8"]) rejects({ maxBdtEntries }, "INVALID_OPTION");
    for (const maxForeignDevices of [0, -1, 65_537, Number.NaN]) rejects({ maxForeignDevices }, "INVALID_OPTION");
    for (const maxTimeToLive of [0, 65_536, 1.5]) rejects({ maxTimeToLive }, "INVALID_OPTION");
    rejects({ acceptRegistrations: "yes" }, "INVALID_OPTION");
    rejects({ multicastLocal: 1 }, "INVALID_OPTION");
    rejects({ allowLoopback: null }, "INVALID_OPTION");
    rejects({ bdt: "fd00::2" }, "INVALID_OPTION");
    for (const c of [null, undefined, 5]) throwsCode(() => new Bbmd(c as unknown as BbmdConfig), "INVALID_OPTION");
    expect(new Bbmd({ ...base, maxForeignDevices: 65_536, maxBdtEntries: 1024 }).config.maxForeignDevices).toBe(65_536);
  });
});

describe("BDT", () => {
  it("skips its own entry (compared as 18 octets, any text form) and keeps configuration order", () => {
    const b = new Bbmd({ ...base, bdt: [PEER_C, Bip6Address.parse("[fd00:0:0::0:1]:47808"), PEER_B] });
    expect(b.peers).toEqual([PEER_C, PEER_B]);
    expect(b.isPeer(SELF)).toBe(false);
    expect(b.isPeer(Bip6Address.parse("[fd00:b:0::1]:47808"))).toBe(true);
    expect(b.isPeer(PEER_B.withPort(47809))).toBe(false);
  });

  it("rejects duplicates, including the own entry listed twice", () => {
    rejects({ bdt: [PEER_B, PEER_C, Bip6Address.parse("[fd00:b::0:1]:47808")] }, "DUPLICATE_BDT_ENTRY");
    rejects({ bdt: [SELF, PEER_B, SELF] }, "DUPLICATE_BDT_ENTRY");
  });

  it("rejects unusable entries", () => {
    rejects({ bdt: [PEER_B, "[fd00::2]:47808"] }, "INVALID_ADDRESS");
    rejects({ bdt: [Bip6Address.parse("[ff05::bac0]:47808")] }, "INVALID_ADDRESS");
    rejects({ bdt: [Bip6Address.parse("[fe80::2%eth0]:47808")] }, "INVALID_ADDRESS");
  });

  it("holds at most maxBdtEntries peers; the own entry does not count", () => {
    expect(new Bbmd({ ...base, maxBdtEntries: 2, bdt: [PEER_B, SELF, PEER_C] }).peers).toHaveLength(2);
    rejects({ maxBdtEntries: 2, bdt: peers(3) }, "BDT_FULL");
    expect(new Bbmd({ ...base, bdt: peers(128) }).peers).toHaveLength(128);
    rejects({ bdt: peers(129) }, "BDT_FULL");
  });

  it("setBdt replaces the table atomically: a bad list changes nothing", () => {
    const b = bbmd();
    throwsCode(() => b.setBdt([PEER_B, PEER_B]), "DUPLICATE_BDT_ENTRY");
    expect(b.peers).toEqual([PEER_B, PEER_C]);
    const before = b.peers;
    b.setBdt([PEER_C]);
    expect(b.peers).toEqual([PEER_C]);
    expect(before).toEqual([PEER_B, PEER_C]); // an earlier view is not mutated
    b.setBdt([]);
    expect(b.peers).toEqual([]);
  });

  it("addPeer / removePeer", () => {
    const b = bbmd({ maxBdtEntries: 3 });
    const d = Bip6Address.parse("[fd00:d::1]:47808");
    expect(b.addPeer(SELF)).toBe(false);
    expect(b.addPeer(d)).toBe(true);
    expect(b.peers).toEqual([PEER_B, PEER_C, d]);
    throwsCode(() => b.addPeer(PEER_B), "DUPLICATE_BDT_ENTRY");
    throwsCode(() => b.addPeer(Bip6Address.parse("[fd00:e::1]:47808")), "BDT_FULL");
    throwsCode(() => b.addPeer(Bip6Address.parse("[::]:1")), "INVALID_ADDRESS");
    expect(b.removePeer(PEER_B)).toBe(true);
    expect(b.removePeer(PEER_B)).toBe(false);
    throwsCode(() => b.removePeer("x" as unknown as Bip6Address), "INVALID_ADDRESS");
    expect(b.peers).toEqual([PEER_C, d]);
  });

  it("a removed peer's Forwarded-NPDU is dropped from then on; an added one is accepted", () => {
    const b = bbmd();
    const fwd = frame("82080021000042fd00000b00000000000000000000000abac0" + NPDU);
    expect(b.handle(fwd, PEER_B, 0, "unicast").verdict).toBe("consumed");
    b.removePeer(PEER_B);
    expect(b.handle(fwd, PEER_B, 0, "unicast").dropReason).toBe("not-from-peer");
    b.addPeer(LOCAL);
    expect(b.handle(fwd, LOCAL, 0, "unicast").verdict).toBe("consumed");
  });
});

describe("bad input to methods", () => {
  it("throws typed errors, counts them, and changes nothing", () => {
    const b = bbmd();
    b.handle(registerFrame(999, 60), FD1, 0, "unicast");
    const before = b.snapshot(0);
    throwsCode(() => b.handle(undefined as unknown as Bvll6Frame, LOCAL, 0, "unicast"), "INVALID_FRAME");
    throwsCode(
      () => b.handle(frame("820900090003e7003c"), "[fd00::a]:47808" as unknown as Bip6Address, 0, "unicast"),
      "INVALID_ADDRESS",
    );
    throwsCode(() => b.handle(frame("820900090003e7003c"), LOCAL, Number.NaN, "unicast"), "INVALID_TIME");
    throwsCode(() => b.tick(Number.POSITIVE_INFINITY), "INVALID_TIME");
    throwsCode(() => b.snapshot("1" as unknown as number), "INVALID_TIME");
    throwsCode(() => b.broadcast(new Uint8Array(1498), 0), "INVALID_NPDU");
    throwsCode(() => b.broadcast([1, 2] as unknown as Uint8Array, 0), "INVALID_NPDU");
    throwsCode(() => b.resolve(0x1000000, 0), "INVALID_VMAC");
    throwsCode(() => b.isPeer(null as unknown as Bip6Address), "INVALID_ADDRESS");
    throwsCode(() => b.setAcceptRegistrations(0 as unknown as boolean), "INVALID_OPTION");
    // Hand-built frames with fields the decoder never produces.
    const bad: Bvll6Frame[] = [
      { kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: 70_000 },
      { kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: -1 },
      { kind: "RegisterForeignDevice", sourceVmac: -5, timeToLive: 60 },
      { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 1, entry: "x" as unknown as Bip6Address },
      { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: LOCAL, npdu: "x" as unknown as Uint8Array },
      { kind: "AddressResolution", sourceVmac: 1, targetVmac: 2 ** 24 },
      { kind: "ForwardedAddressResolution", originalSourceVmac: 1, targetVmac: 1, originalSource: {} as Bip6Address },
      { kind: "DistributeBroadcastToNetwork", sourceVmac: 1.5, npdu: new Uint8Array(1) },
      // An NPDU the encoder would refuse: relaying it would fail only at send time.
      { kind: "OriginalBroadcastNpdu", sourceVmac: 1, npdu: new Uint8Array(1498) },
    ];
    for (const f of bad) throwsCode(() => b.handle(f, FD1, 1_000_000, "unicast"), "INVALID_FRAME");
    expect(b.snapshot(0)).toEqual(before);
    expect(b.stats().rejectedInputs).toBe(10 + bad.length);
    throwsCode(() => b.addPeer(PEER_B), "DUPLICATE_BDT_ENTRY");
    expect(b.stats().rejectedInputs).toBe(11 + bad.length);
    // The rejected calls at 1 000 000 ms did not move the clock.
    expect(b.handle(registerFrame(999, 60), FD1, 1, "unicast").wakeAt).toBe(90_001);
  });
});

describe("hostile arguments still get a BbmdError", () => {
  it("values without a toString (Object.create(null)), symbols and throwing toStrings never become a TypeError", () => {
    const b = bbmd();
    const bare = Object.create(null) as unknown;
    const sym = Symbol("x") as unknown;
    const evil = {
      toString(): string {
        throw new Error("boom");
      },
    } as unknown;
    for (const v of [bare, sym, evil]) {
      throwsCode(() => b.handle(v as Bvll6Frame, LOCAL, 0, "unicast"), "INVALID_FRAME");
      throwsCode(() => b.handle(frame("820600070004d2"), v as Bip6Address, 0, "unicast"), "INVALID_ADDRESS");
      throwsCode(() => b.handle(frame("820600070004d2"), LOCAL, 0, v as "unicast"), "INVALID_VIA");
      throwsCode(() => b.tick(v as number), "INVALID_TIME");
      throwsCode(() => b.resolve(v as number, 0), "INVALID_VMAC");
      throwsCode(() => b.setAcceptRegistrations(v as boolean), "INVALID_OPTION");
      throwsCode(() => b.removePeer(v as Bip6Address), "INVALID_ADDRESS");
      throwsCode(() => b.setBdt(v as Bip6Address[]), "INVALID_OPTION");
      rejects({ vmac: v }, "INVALID_VMAC");
      rejects({ maxForeignDevices: v }, "INVALID_OPTION");
      rejects({ fanOutBudget: { burst: v } }, "INVALID_OPTION");
      rejects({ address: v }, "INVALID_ADDRESS");
    }
    rejects({ fanOutBudget: sym }, "INVALID_OPTION");
  });
});
