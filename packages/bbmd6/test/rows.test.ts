// One describe per row of the BBMD table in annex-u.md §4, each pinning the exact bytes sent.
// Wire forms used below (16-octet IPv6 + 2-octet port):
//   SELF   fd000000000000000000000000000001 bac0   (VMAC 000001)
//   PEER_B fd00000b000000000000000000000001 bac0   PEER_C fd00000c000000000000000000000001 bac0
//   LOCAL  fd00000000000000000000000000000a bac0   (VMAC 0004d2 = 1234)
//   FD1    fd00000100000000000000000000000f bac1   (VMAC 0003e7 = 999)
//   FD2    fd00000200000000000000000000000f bac0   (VMAC 00162e = 5678)
//   REMOTE fd00000b00000000000000000000000a bac0   (VMAC 000042, behind PEER_B)
import { Bip6Address, type Bvll6Frame, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import type { BbmdAction } from "../src/index.js";
import { bbmd, FD1, FD2, frame, LOCAL, lines, NPDU, PEER_B, PEER_C, REMOTE, SELF, wire, withFds } from "./helpers.js";

const OK = "820000090000010000";

/** The frame objects of every send/multicast, for identity checks. */
function frames(actions: readonly BbmdAction[]): Bvll6Frame[] {
  return actions.flatMap((a) => (a.type === "send" || a.type === "multicast" ? [a.frame] : []));
}

describe("Original-Broadcast-NPDU from the local link", () => {
  const obn = "8202000f0004d2" + NPDU;
  const forwarded = "820800210004d2" + "fd00000000000000000000000000000abac0" + NPDU;

  it("is delivered and sent as Forwarded-NPDU (original source = the sender) to every peer and foreign device", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame(obn), LOCAL, 10, "multicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual([
      `deliver 1234 [fd00::a]:47808 ${NPDU}`,
      `send [fd00:b::1]:47808 ${forwarded}`,
      `send [fd00:c::1]:47808 ${forwarded}`,
      `send [fd00:1::f]:47809 ${forwarded}`,
      `send [fd00:2::f]:47808 ${forwarded}`,
    ]);
    // One frame object for the whole fan-out: a transport encodes it once.
    expect(new Set(frames(out.actions)).size).toBe(1);
    expect(b.stats()).toMatchObject({ originalBroadcasts: 1, sends: 2 + 4, multicasts: 0 });
  });

  it("the NPDU is delivered as a view of the received datagram, not a copy", () => {
    const f = frame(obn) as Extract<Bvll6Frame, { kind: "OriginalBroadcastNpdu" }>;
    const d = bbmd().handle(f, LOCAL, 0, "multicast").actions[0];
    expect(d?.type === "deliver" && d.npdu).toBe(f.npdu);
  });

  it("with no peers and no foreign devices is only delivered", () => {
    const out = bbmd({ bdt: [] }).handle(frame(obn), LOCAL, 0, "multicast");
    expect(lines(out)).toEqual([`deliver 1234 [fd00::a]:47808 ${NPDU}`]);
  });

  it("its own multicast coming back (sender = own address) is dropped as own", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8202000f000001" + NPDU), SELF.withZone("eth0"), 10, "multicast");
    expect(out).toEqual({ actions: [], wakeAt: 90_000, verdict: "dropped", dropReason: "own" });
    expect(b.stats().droppedOwn).toBe(1);
  });
});

describe("Forwarded-NPDU", () => {
  const fwd = "82080021000042" + "fd00000b00000000000000000000000abac0" + NPDU;

  it("from a BDT peer: delivered with the original source, re-multicast and sent to every foreign device unchanged, not to other peers", () => {
    const b = withFds(bbmd());
    const f = frame(fwd);
    const out = b.handle(f, PEER_B, 10, "unicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual([
      `deliver 66 [fd00:b::a]:47808 ${NPDU}`,
      `multicast ${fwd}`,
      `send [fd00:1::f]:47809 ${fwd}`,
      `send [fd00:2::f]:47808 ${fwd}`,
    ]);
    // Re-emitted as received: the original-source fields are not replaced by the BBMD's.
    for (const g of frames(out.actions)) expect(g).toBe(f);
    expect(b.stats().forwardedNpdus).toBe(1);
  });

  it("from anyone not in the BDT (local node, foreign device, a peer's IP on another port) is dropped silently", () => {
    const b = withFds(bbmd());
    for (const from of [LOCAL, FD1, REMOTE, PEER_B.withPort(47809), PEER_B.withPort(47807)]) {
      expect(b.handle(frame(fwd), from, 10, "unicast")).toEqual({
        actions: [],
        wakeAt: 90_000,
        verdict: "dropped",
        dropReason: "not-from-peer",
      });
    }
    expect(b.stats()).toMatchObject({ droppedNotFromPeer: 5, forwardedNpdus: 0, sends: 2 });
  });

  it("is not sent back to a foreign device that is itself the original source", () => {
    const b = withFds(bbmd());
    const own = "820800210003e7" + "fd00000100000000000000000000000fbac1" + NPDU;
    expect(wire(b.handle(frame(own), PEER_C, 10, "unicast"))).toEqual([
      `multicast ${own}`,
      `send [fd00:2::f]:47808 ${own}`,
    ]);
  });

  it("carrying the BBMD's own broadcast back, or naming a multicast/unspecified originator, is dropped", () => {
    const b = withFds(bbmd());
    const looped = "82080021000001" + "fd000000000000000000000000000001bac0" + NPDU;
    expect(b.handle(frame(looped), PEER_B, 1, "unicast")).toMatchObject({
      actions: [],
      verdict: "dropped",
      dropReason: "own-original-source",
    });
    const multicastSource = "82080021000042" + "ff02000000000000000000000000bac0bac0" + NPDU;
    const unspecified = "82080021000042" + "00000000000000000000000000000000bac0" + NPDU;
    for (const hex of [multicastSource, unspecified]) {
      expect(b.handle(frame(hex), PEER_B, 1, "unicast")).toMatchObject({
        verdict: "dropped",
        dropReason: "invalid-original-source",
      });
    }
    expect(b.stats()).toMatchObject({ droppedOwnOriginalSource: 1, droppedInvalidOriginalSource: 2 });
  });

  it("with multicastLocal off is sent to foreign devices only", () => {
    const b = withFds(bbmd({ multicastLocal: false }));
    expect(wire(b.handle(frame(fwd), PEER_B, 1, "unicast"))).toEqual([
      `send [fd00:1::f]:47809 ${fwd}`,
      `send [fd00:2::f]:47808 ${fwd}`,
    ]);
  });
});

describe("Distribute-Broadcast-To-Network", () => {
  const dbtn = "820c000f0003e7" + NPDU;
  const forwarded = "820800210003e7" + "fd00000100000000000000000000000fbac1" + NPDU;

  it("from a registered foreign device: delivered, Forwarded-NPDU to the local link, every peer and every other foreign device", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame(dbtn), FD1, 10, "unicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual([
      `deliver 999 [fd00:1::f]:47809 ${NPDU}`,
      `multicast ${forwarded}`,
      `send [fd00:b::1]:47808 ${forwarded}`,
      `send [fd00:c::1]:47808 ${forwarded}`,
      `send [fd00:2::f]:47808 ${forwarded}`,
    ]);
    expect(new Set(frames(out.actions)).size).toBe(1);
    expect(b.stats().distributeBroadcasts).toBe(1);
  });

  it("never reaches its sender, even when the sender is also listed as a peer", () => {
    const b = withFds(bbmd({ bdt: [PEER_B, FD1] }));
    const out = b.handle(frame(dbtn), FD1, 10, "unicast");
    expect(out.actions.some((a) => a.type === "send" && a.to.equals(FD1))).toBe(false);
    expect(wire(out)).toHaveLength(3); // multicast, PEER_B, FD2
  });

  it("from an unregistered sender: BVLC-Result 0x00C0 with the BBMD's VMAC, and nothing else", () => {
    const b = withFds(bbmd());
    for (const from of [LOCAL, REMOTE, FD1.withPort(47808), PEER_B]) {
      const out = b.handle(frame(dbtn), from, 10, "unicast");
      expect(out.verdict).toBe("consumed");
      expect(lines(out)).toEqual([`send ${from.toString()} 8200000900000100c0`]);
    }
    expect(b.stats()).toMatchObject({ distributeBroadcastNaks: 4, distributeBroadcasts: 0 });
  });

  it("from a device whose entry has expired (TTL + 30 s) is refused with 0x00C0", () => {
    const b = withFds(bbmd());
    expect(wire(b.handle(frame(dbtn), FD1, 89_999, "unicast"))).toHaveLength(4);
    const out = b.handle(frame(dbtn), FD1, 90_000, "unicast");
    expect(lines(out)).toEqual([
      "event fdt-removed [fd00:1::f]:47809",
      "event fdt-removed [fd00:2::f]:47808",
      "send [fd00:1::f]:47809 8200000900000100c0",
    ]);
  });
});

describe("Register-Foreign-Device", () => {
  it("adds the sender with Result 0x0000 (BBMD VMAC 000001)", () => {
    const b = bbmd();
    const out = b.handle(frame("820900090003e7003c"), FD1, 5, "unicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual(["event fdt-added [fd00:1::f]:47809", `send [fd00:1::f]:47809 ${OK}`]);
    expect(out.wakeAt).toBe(5 + 90_000);
  });

  it("refuses with 0x0090 when registrations are not accepted", () => {
    const b = bbmd({ acceptRegistrations: false });
    const out = b.handle(frame("820900090003e7003c"), FD1, 5, "unicast");
    expect(lines(out)).toEqual([
      "event registration-refused [fd00:1::f]:47809",
      "send [fd00:1::f]:47809 820000090000010090",
    ]);
    expect(b.foreignDeviceCount).toBe(0);
  });

  it("refuses a new registrant with 0x0090 when the FDT is full", () => {
    const b = bbmd({ maxForeignDevices: 1 });
    b.handle(frame("820900090003e7003c"), FD1, 0, "unicast");
    expect(wire(b.handle(frame("8209000900162e003c"), FD2, 1, "unicast"))).toEqual([
      "send [fd00:2::f]:47808 820000090000010090",
    ]);
  });
});

describe("Delete-Foreign-Device-Table-Entry", () => {
  it("deletes the entry named inside the message (not the sender's) with 0x0000 to the sender", () => {
    const b = withFds(bbmd());
    // Sent by FD1, naming FD2's entry.
    const out = b.handle(frame("820a00190003e7fd00000200000000000000000000000fbac0"), FD1, 10, "unicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual(["event fdt-removed [fd00:2::f]:47808", `send [fd00:1::f]:47809 ${OK}`]);
    expect(b.isForeignDevice(FD2)).toBe(false);
    expect(b.isForeignDevice(FD1)).toBe(true);
  });

  it("answers 0x00A0 for an entry it does not have (same IP, other port counts as other)", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("820a00190003e7fd00000100000000000000000000000fbac0"), FD1, 10, "unicast");
    expect(lines(out)).toEqual(["send [fd00:1::f]:47809 8200000900000100a0"]);
    expect(b.foreignDeviceCount).toBe(2);
    expect(b.stats()).toMatchObject({ deleteNaks: 1, deletes: 0 });
  });
});

describe("Address-Resolution", () => {
  it("for the BBMD's own VMAC: Address-Resolution-ACK (source = BBMD, destination = asker) unicast to the asker", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8203000a0004d2000001"), LOCAL, 10, "multicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual(["send [fd00::a]:47808 8205000a0000010004d2"]);
  });

  it("from the local link for another VMAC: Forwarded-Address-Resolution to every peer and foreign device, not multicast", () => {
    const b = withFds(bbmd());
    const far = "8204001c0004d200162e" + "fd00000000000000000000000000000abac0";
    const out = b.handle(frame("8203000a0004d200162e"), LOCAL, 10, "multicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual([
      `send [fd00:b::1]:47808 ${far}`,
      `send [fd00:c::1]:47808 ${far}`,
      `send [fd00:1::f]:47809 ${far}`,
      `send [fd00:2::f]:47808 ${far}`,
    ]);
  });

  it("from a foreign device for another VMAC: also to the local link, and not back to the asker", () => {
    const b = withFds(bbmd());
    const far = "8204001c0003e700162e" + "fd00000100000000000000000000000fbac1";
    const out = b.handle(frame("8203000a0003e700162e"), FD1, 10, "unicast");
    expect(lines(out)).toEqual([
      `multicast ${far}`,
      `send [fd00:b::1]:47808 ${far}`,
      `send [fd00:c::1]:47808 ${far}`,
      `send [fd00:2::f]:47808 ${far}`,
    ]);
    expect(b.stats().addressResolutionsForwarded).toBe(1);
  });

  it("from a foreign device for the BBMD's VMAC: ACK to that device", () => {
    const b = withFds(bbmd());
    expect(lines(b.handle(frame("8203000a0003e7000001"), FD1, 10, "unicast"))).toEqual([
      "send [fd00:1::f]:47809 8205000a0000010003e7",
    ]);
  });
});

describe("Forwarded-Address-Resolution", () => {
  it("from a peer for the BBMD's VMAC: ACK to the ORIGINAL SOURCE in the message, not to the peer", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8204001c000042000001fd00000b00000000000000000000000abac0"), PEER_B, 10, "unicast");
    expect(out.verdict).toBe("consumed");
    expect(lines(out)).toEqual(["send [fd00:b::a]:47808 8205000a000001000042"]);
    expect(b.stats().forwardedAddressResolutionAcks).toBe(1);
  });

  it("from a peer for another VMAC: re-multicast and sent to each foreign device unchanged, not to peers", () => {
    const b = withFds(bbmd());
    const far = "8204001c00004200162efd00000b00000000000000000000000abac0";
    const f = frame(far);
    const out = b.handle(f, PEER_B, 10, "unicast");
    expect(lines(out)).toEqual([`multicast ${far}`, `send [fd00:1::f]:47809 ${far}`, `send [fd00:2::f]:47808 ${far}`]);
    for (const g of frames(out.actions)) expect(g).toBe(f);
    expect(b.stats().forwardedAddressResolutionsRelayed).toBe(1);
  });

  it("from anyone else: dropped silently, even when it targets the BBMD", () => {
    const b = withFds(bbmd());
    for (const hex of [
      "8204001c000042000001fd00000b00000000000000000000000abac0",
      "8204001c00004200162efd00000b00000000000000000000000abac0",
    ]) {
      for (const from of [LOCAL, FD1, REMOTE]) {
        expect(b.handle(frame(hex), from, 10, "unicast")).toMatchObject({
          actions: [],
          verdict: "dropped",
          dropReason: "not-from-peer",
        });
      }
    }
  });

  it("naming the BBMD itself or a multicast address as asker is dropped (no ACK to a group)", () => {
    const b = bbmd();
    const own = "8204001c000001000001fd000000000000000000000000000001bac0";
    const group = "8204001c000042000001ff02000000000000000000000000bac0bac0";
    expect(b.handle(frame(own), PEER_B, 1, "unicast").dropReason).toBe("own-original-source");
    expect(b.handle(frame(group), PEER_B, 1, "unicast").dropReason).toBe("invalid-original-source");
  });
});

describe("the BBMD's own node", () => {
  it("broadcast(): Original-Broadcast-NPDU to the group and Forwarded-NPDU with its own VMAC and routable address to peers and foreign devices", () => {
    const b = withFds(bbmd());
    const forwarded = "82080021000001" + "fd000000000000000000000000000001bac0" + NPDU;
    const out = b.broadcast(hexToBytes(NPDU), 10);
    expect(lines(out)).toEqual([
      `multicast 8202000f000001${NPDU}`,
      `send [fd00:b::1]:47808 ${forwarded}`,
      `send [fd00:c::1]:47808 ${forwarded}`,
      `send [fd00:1::f]:47809 ${forwarded}`,
      `send [fd00:2::f]:47808 ${forwarded}`,
    ]);
    expect(out.wakeAt).toBe(90_000);
    expect(b.stats().ownBroadcasts).toBe(1);
  });

  it("resolve(): Address-Resolution to the group and Forwarded-Address-Resolution (own VMAC and address) to peers and foreign devices", () => {
    const b = withFds(bbmd());
    const far = "8204001c00000100162e" + "fd000000000000000000000000000001bac0";
    expect(lines(b.resolve(5678, 10))).toEqual([
      "multicast 8203000a00000100162e",
      `send [fd00:b::1]:47808 ${far}`,
      `send [fd00:c::1]:47808 ${far}`,
      `send [fd00:1::f]:47809 ${far}`,
      `send [fd00:2::f]:47808 ${far}`,
    ]);
  });

  it("with multicastLocal off, broadcast() only reaches peers and foreign devices", () => {
    const b = bbmd({ multicastLocal: false, bdt: [PEER_C] });
    expect(wire(b.broadcast(hexToBytes(NPDU), 0))).toEqual([
      `send [fd00:c::1]:47808 82080021000001fd000000000000000000000000000001bac0${NPDU}`,
    ]);
  });

  it("frames sent from its own address are dropped for every row of the table", () => {
    const b = withFds(bbmd());
    for (const hex of [
      "8202000f000001" + NPDU,
      "82080021000042fd00000b00000000000000000000000abac0" + NPDU,
      "820c000f000001" + NPDU,
      "82090009000001003c",
      "820a0019000001fd00000100000000000000000000000fbac1",
      "8203000a00000100162e",
      "8204001c00004200162efd00000b00000000000000000000000abac0",
    ]) {
      expect(b.handle(frame(hex), SELF, 1, "unicast")).toEqual({
        actions: [],
        wakeAt: 90_000,
        verdict: "dropped",
        dropReason: "own",
      });
    }
    expect(b.foreignDeviceCount).toBe(2);
  });
});

describe("frames a BBMD does not own", () => {
  const others = [
    "820000090004d20000", // BVLC-Result
    "820100120004d20003e7" + NPDU, // Original-Unicast-NPDU
    "8205000a0004d20003e7", // Address-Resolution-ACK
    "820600070004d2", // Virtual-Address-Resolution
    "8207000a0004d20003e7", // Virtual-Address-Resolution-ACK
    "820b0005ff", // Secure-BVLL
    "82200004", // unknown function 0x20
  ];

  it("are not-mine from anyone and change nothing", () => {
    const b = withFds(bbmd());
    const before = b.stats();
    for (const hex of others) {
      for (const from of [LOCAL, FD1, PEER_B, SELF]) {
        expect(b.handle(frame(hex), from, 1, "unicast")).toEqual({ actions: [], wakeAt: 90_000, verdict: "not-mine" });
      }
    }
    expect(b.stats()).toEqual(before);
  });

  it("still run due expiries first", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame(others[1] as string), LOCAL, 90_000, "unicast");
    expect(out.verdict).toBe("not-mine");
    expect(lines(out)).toEqual(["event fdt-removed [fd00:1::f]:47809", "event fdt-removed [fd00:2::f]:47808"]);
    expect(out.wakeAt).toBeUndefined();
  });
});

describe("peer addresses", () => {
  it("PEER_C and SELF parse to the wire forms the vectors above use", () => {
    expect(PEER_C.key).toBe("fd00000c000000000000000000000001bac0");
    expect(SELF.key).toBe("fd000000000000000000000000000001bac0");
    expect(Bip6Address.parse("[fd00:1::f]:47809").key).toBe("fd00000100000000000000000000000fbac1");
  });
});
