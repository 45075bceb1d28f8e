// Addresses no socket can reach never become destinations: not as registrants (and so
// never on a fan-out), not as the receiver of an answer, not as a relayed original source.
import { Bip6Address, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { bbmd, events, FD1, frame, LOCAL, NPDU, PEER_B, registerFrame, wire, withFds } from "./helpers.js";

const UNREACHABLE: [string, Bip6Address][] = [
  ["port 0", Bip6Address.parse("[fd00::a]:0")],
  ["IPv4-mapped", Bip6Address.parse("[::ffff:192.0.2.7]:47808")],
  ["multicast", Bip6Address.parse("[ff02::1]:47808")],
  ["unspecified", Bip6Address.parse("[::]:47808")],
];

describe("Register-Foreign-Device from a sender no socket can reach", () => {
  for (const [name, from] of UNREACHABLE) {
    it(`${name}: refused (registration-refused, unreachable), never in the FDT, nothing sent to it`, () => {
      const b = bbmd();
      const out = b.handle(registerFrame(999, 60), from, 5, "unicast");
      expect(out).toEqual({
        actions: [
          { type: "event", event: { type: "registration-refused", address: from, reason: "unreachable", at: 5 } },
        ],
        wakeAt: undefined,
        verdict: "dropped",
        dropReason: "unreachable-sender",
      });
      expect(b.foreignDeviceCount).toBe(0);
      expect(b.stats()).toMatchObject({ droppedUnreachableSender: 1, registrations: 0, sends: 0 });
      // So no later fan-out ever sends there.
      expect(wire(b.broadcast(hexToBytes(NPDU), 6)).some((l) => l.includes(from.toString()))).toBe(false);
    });
  }

  it("a reachable sender on the same host and port is accepted as before", () => {
    const b = bbmd();
    expect(wire(b.handle(registerFrame(999, 60), Bip6Address.parse("[fd00::a]:47808"), 0, "unicast"))).toEqual([
      "send [fd00::a]:47808 820000090000010000",
    ]);
  });
});

describe("every other BBMD function from an unreachable sender is dropped, never answered or relayed", () => {
  const frames: [string, string][] = [
    ["Original-Broadcast-NPDU", "8202000f0004d2" + NPDU],
    ["Distribute-Broadcast-To-Network (no 0x00C0 to it)", "820c000f0003e7" + NPDU],
    [
      "Delete-Foreign-Device-Table-Entry (no 0x0000 / 0x00A0 to it)",
      "820a00190003e7fd00000100000000000000000000000fbac1",
    ],
    ["Address-Resolution for the BBMD (no ACK to it)", "8203000a0004d2000001"],
    ["Address-Resolution for another VMAC", "8203000a0004d200162e"],
  ];
  for (const [name, hex] of frames) {
    it(name, () => {
      const b = withFds(bbmd());
      for (const [, from] of UNREACHABLE) {
        for (const via of ["unicast", "multicast"] as const) {
          expect(b.handle(frame(hex), from, 1, via)).toEqual({
            actions: [],
            wakeAt: 90_000,
            verdict: "dropped",
            dropReason: "unreachable-sender",
          });
        }
      }
      expect(b.foreignDeviceCount).toBe(2);
      expect(b.stats()).toMatchObject({ droppedUnreachableSender: 8, sends: 2 });
    });
  }
});

describe("relayed frames naming an IPv4-mapped original source", () => {
  // Original source ::ffff:192.0.2.7 port 47808: 00000000000000000000ffffc0000207 bac0.
  const mapped = "00000000000000000000ffffc0000207bac0";

  it("Forwarded-Address-Resolution for the BBMD: dropped, no ACK sent to the mapped address", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("8204001c000042000001" + mapped), PEER_B, 1, "unicast");
    expect(out).toMatchObject({ actions: [], verdict: "dropped", dropReason: "invalid-original-source" });
    expect(b.stats()).toMatchObject({ droppedInvalidOriginalSource: 1, forwardedAddressResolutionAcks: 0 });
  });

  it("Forwarded-Address-Resolution for another VMAC and Forwarded-NPDU: dropped, not relayed (receivers would answer there)", () => {
    const b = withFds(bbmd());
    for (const hex of ["8204001c00004200162e" + mapped, "82080021000042" + mapped + NPDU]) {
      expect(b.handle(frame(hex), PEER_B, 1, "unicast")).toMatchObject({
        actions: [],
        dropReason: "invalid-original-source",
      });
    }
    expect(b.stats().droppedInvalidOriginalSource).toBe(2);
  });

  it("a Forwarded-NPDU with port 0 as original source is dropped too", () => {
    const b = withFds(bbmd());
    const portZero = "82080021000042fd00000b00000000000000000000000a0000" + NPDU;
    expect(b.handle(frame(portZero), PEER_B, 1, "unicast").dropReason).toBe("invalid-original-source");
  });

  it("a Delete naming an IPv4-mapped entry finds none (such entries cannot exist): 0x00A0 to the sender", () => {
    const b = withFds(bbmd());
    const out = b.handle(frame("820a00190003e7" + mapped), FD1, 1, "unicast");
    expect(wire(out)).toEqual(["send [fd00:1::f]:47809 8200000900000100a0"]);
    expect(events(out)).toEqual([]);
  });

  it("a link-local original source is still relayed unchanged (annex-u.md §4; peers.md: the C stack's)", () => {
    const b = withFds(bbmd());
    const linkLocal = "82080021000042fe8000000000000000000000000000aabac0" + NPDU;
    expect(b.handle(frame(linkLocal), PEER_B, 1, "unicast").verdict).toBe("consumed");
    expect(b.handle(frame("8202000f0004d2" + NPDU), LOCAL, 1, "multicast").verdict).toBe("consumed");
  });
});
