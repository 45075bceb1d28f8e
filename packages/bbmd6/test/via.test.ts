// How a datagram arrived (`via`) against each row of the BBMD table (annex-u.md §4):
// "from the local link" means by multicast; relays from peers and requests of foreign
// devices come by unicast. Wire forms as in rows.test.ts.
import { Bip6Address, type Bvll6Frame, type Via } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type Bbmd, BbmdError, type BbmdStats } from "../src/index.js";
import { bbmd, events, FD1, FD2, frame, LOCAL, lines, NPDU, PEER_B, SELF, wire, withFds } from "./helpers.js";

/** An off-link stranger: neither on the link, nor a peer, nor registered. */
const STRANGER = Bip6Address.parse("[2001:db8:bad::1]:47808");

const OBN = "8202000f0004d2" + NPDU;
const AR_OTHER = "8203000a0004d200162e"; // VMAC 1234 asks for 5678
const AR_SELF = "8203000a0004d2000001"; // VMAC 1234 asks for the BBMD (000001)
const FWD = "82080021000042fd00000b00000000000000000000000abac0" + NPDU;
const FAR_OTHER = "8204001c00004200162efd00000b00000000000000000000000abac0";
const DBTN = "820c000f0003e7" + NPDU;
const REGISTER = "820900090003e7003c";
const DELETE_FD2 = "820a00190003e7fd00000200000000000000000000000fbac0";

/** Counters that must not move when a frame is dropped, besides its drop counter. */
function unchanged(b: Bbmd, before: BbmdStats, counter: keyof BbmdStats, by = 1): void {
  expect(b.stats()).toEqual({ ...before, [counter]: before[counter] + by });
}

describe("Original-Broadcast-NPDU: relayed only from the local link (by multicast)", () => {
  it("by multicast: delivered and fanned out to every peer and foreign device", () => {
    const b = withFds(bbmd());
    expect(wire(b.handle(frame(OBN), LOCAL, 1, "multicast"))).toHaveLength(4);
  });

  it("by unicast, from anyone (stranger, local node, foreign device, peer): dropped, not delivered, nothing sent", () => {
    const b = withFds(bbmd());
    const before = b.stats();
    for (const from of [STRANGER, LOCAL, FD1, PEER_B]) {
      expect(b.handle(frame(OBN), from, 1, "unicast")).toEqual({
        actions: [],
        wakeAt: 90_000,
        verdict: "dropped",
        dropReason: "not-from-local-link",
      });
    }
    unchanged(b, before, "droppedNotFromLocalLink", 4);
  });
});

describe("Address-Resolution", () => {
  it("for another target by multicast (the local link): forwarded to peers and devices, not re-multicast", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame(AR_OTHER), LOCAL, 1, "multicast");
    expect(wire(out).map((l) => l.split(" ")[0])).toEqual(["send", "send", "send", "send"]);
  });

  it("for another target by multicast from a registered device's address: on the link, so not re-multicast either", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8203000a0003e700162e"), FD1, 1, "multicast");
    expect(out.actions.some((a) => a.type === "multicast")).toBe(false);
    expect(wire(out)).toHaveLength(3); // two peers and FD2, not FD1 itself
  });

  it("for another target by unicast from a registered foreign device: forwarded, also to the group", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8203000a0003e700162e"), FD1, 1, "unicast");
    expect(wire(out)[0]).toMatch(/^multicast 8204001c0003e700162e/);
    expect(wire(out)).toHaveLength(4);
  });

  it("for another target by unicast from a stranger (or a local node, a peer, an expired device): dropped, nothing sent", () => {
    const b = withFds(bbmd());
    const before = b.stats();
    for (const from of [STRANGER, LOCAL, PEER_B, FD1.withPort(47808)]) {
      expect(b.handle(frame(AR_OTHER), from, 1, "unicast")).toMatchObject({
        actions: [],
        verdict: "dropped",
        dropReason: "not-from-local-link",
      });
    }
    unchanged(b, before, "droppedNotFromLocalLink", 4);
    // Once FD1's entry has expired (TTL 60 + 30 s), it is a stranger too.
    const late = b.handle(frame("8203000a0003e700162e"), FD1, 90_000, "unicast");
    expect(late.dropReason).toBe("not-from-local-link");
    expect(wire(late)).toEqual([]);
  });

  it("for the BBMD itself by unicast from a stranger: still answered, one ACK to the asker (1:1)", () => {
    const b = withFds(bbmd());
    expect(lines(b.handle(frame(AR_SELF), STRANGER, 1, "unicast"))).toEqual([
      "send [2001:db8:bad::1]:47808 8205000a0000010004d2",
    ]);
    expect(lines(b.handle(frame(AR_SELF), LOCAL, 1, "multicast"))).toEqual([
      "send [fd00::a]:47808 8205000a0000010004d2",
    ]);
    expect(b.stats().addressResolutionAcks).toBe(2);
  });
});

describe("functions that reach a BBMD only by unicast are dropped by multicast", () => {
  const cases: [string, string, Bip6Address][] = [
    ["Forwarded-NPDU from a peer (another BBMD's re-multicast on our link)", FWD, PEER_B],
    ["Forwarded-Address-Resolution from a peer", FAR_OTHER, PEER_B],
    ["Distribute-Broadcast-To-Network from a registered device", DBTN, FD1],
    ["Distribute-Broadcast-To-Network from a stranger (no 0x00C0 to a group request)", DBTN, LOCAL],
    ["Register-Foreign-Device (no entry, no 0x0000 / 0x0090)", REGISTER, LOCAL],
    ["Delete-Foreign-Device-Table-Entry (nothing deleted, no 0x0000 / 0x00A0)", DELETE_FD2, FD1],
  ];
  for (const [name, hex, from] of cases) {
    it(name, () => {
      const b = withFds(bbmd());
      const before = b.stats();
      expect(b.handle(frame(hex), from, 1, "multicast")).toEqual({
        actions: [],
        wakeAt: 90_000,
        verdict: "dropped",
        dropReason: "unexpected-multicast",
      });
      unchanged(b, before, "droppedUnexpectedMulticast");
      expect(b.foreignDeviceCount).toBe(2);
    });
  }

  it("the same frames by unicast do what the table says", () => {
    const b = withFds(bbmd());
    expect(b.handle(frame(FWD), PEER_B, 1, "unicast").verdict).toBe("consumed");
    expect(b.handle(frame(FAR_OTHER), PEER_B, 1, "unicast").verdict).toBe("consumed");
    expect(wire(b.handle(frame(DBTN), FD1, 1, "unicast"))).toHaveLength(4);
    expect(wire(b.handle(frame(REGISTER), LOCAL, 1, "unicast"))).toEqual(["send [fd00::a]:47808 820000090000010000"]);
    expect(events(b.handle(frame(DELETE_FD2), FD1, 1, "unicast"))[0]).toMatchObject({ type: "fdt-removed" });
  });
});

describe("frames a BBMD does not own, and the own address, whatever the via", () => {
  it("not-mine by unicast and by multicast alike", () => {
    const b = withFds(bbmd());
    for (const via of ["unicast", "multicast"] as const) {
      expect(b.handle(frame("820600070004d2"), LOCAL, 1, via).verdict).toBe("not-mine");
    }
  });

  it("own datagrams are dropped as own by either path, before any via rule", () => {
    const b = withFds(bbmd());
    for (const via of ["unicast", "multicast"] as const) {
      for (const hex of [OBN, FWD, REGISTER]) expect(b.handle(frame(hex), SELF, 1, via).dropReason).toBe("own");
    }
    expect(b.stats().droppedOwn).toBe(6);
  });
});

describe("via is required", () => {
  for (const via of [undefined, "broadcast", "Unicast", 1, null]) {
    it(`${String(via)} is INVALID_VIA, counted, and changes nothing`, () => {
      const b = withFds(bbmd());
      const before = b.stats();
      const snap = b.snapshot(0);
      let caught: unknown;
      try {
        // A due expiry at 200 000 ms must not run either.
        b.handle(frame(OBN), LOCAL, 200_000, via as unknown as Via);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(BbmdError);
      expect((caught as BbmdError).code).toBe("INVALID_VIA");
      expect(b.stats()).toEqual({ ...before, rejectedInputs: before.rejectedInputs + 1 });
      expect(b.snapshot(0)).toEqual(snap);
      expect(b.wakeAt).toBe(90_000);
    });
  }

  it("is checked before the frame's fields", () => {
    const b = bbmd();
    const bad = { kind: "OriginalBroadcastNpdu", sourceVmac: -1, npdu: new Uint8Array(1) } as Bvll6Frame;
    expect(() => b.handle(bad, LOCAL, 0, "x" as unknown as Via)).toThrow(/via/);
  });
});

describe("the amplification the via rule removes", () => {
  it("one 15-octet unicast datagram from an off-link stranger fans out to nobody at the largest FDT", () => {
    const b = bbmd({ maxForeignDevices: 65_536 });
    for (let i = 0; i < 2000; i++) {
      b.handle(
        { kind: "RegisterForeignDevice", sourceVmac: i, timeToLive: 600 },
        Bip6Address.parse(`[fd00:f::${(i + 1).toString(16)}]:47808`),
        0,
        "unicast",
      );
    }
    // By multicast (the local link) the same frame reaches 2 peers + 2000 devices ...
    expect(wire(b.handle(frame(OBN), LOCAL, 1, "multicast"))).toHaveLength(2002);
    // ... by unicast from a stranger, nothing: neither the broadcast nor the resolution.
    expect(b.handle(frame(OBN), STRANGER, 1, "unicast").actions).toEqual([]);
    expect(b.handle(frame(AR_OTHER), STRANGER, 1, "unicast").actions).toEqual([]);
  });

  it("a registered device's unicast Address-Resolution still reaches the rest of the network", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8203000a00162e0003e7"), FD2, 1, "unicast");
    expect(out.actions.some((a) => a.type === "send" && a.to.equals(FD1))).toBe(true);
  });
});
