/**
 * Every finding from bytes, as the wire would carry it, and what peers.md says other stacks do
 * (each deviation listed there is one case below). A clean capture has none.
 */
import { Bip6Address, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { ANALYSIS_LIMITS, FINDINGS, formatReport } from "../src/index.js";
import { bacnetPacket, classicPcap, runCli } from "./helpers.js";
import { sitePackets } from "../bench/site/traffic.js";
import { pcapFile } from "../src/index.js";
import { analyze, findingsOf, NET, scenario, type Step, WHO_IS } from "./scenario.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

const { bbmd, a, c, fd, peer, remote, group } = NET;
const codes = (f: { code: string }[]): string[] => f.map((x) => x.code);
const parse = (text: string): Bip6Address => Bip6Address.parse(text);

/** The BBMD's Result to the foreign device's Register, so its VMAC (100) and the registration are known. */
const registered: Step[] = [
  { t: 0, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
  { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
];

describe("a clean capture", () => {
  it("has no findings (the synthetic capture: one frame of every function)", async () => {
    const { report } = await analyze(syntheticCapture());
    expect(report.findings).toEqual([]);
    expect(report.frames).toBe(13);
  });

  it("has no findings: the bench's site (discovery, reads, relays, registrations) over 20 000 packets", async () => {
    const packets = [];
    for (const p of sitePackets()) {
      if (packets.length >= 20_000) break;
      packets.push({
        seconds: 1_700_000_000 + Math.floor(p.microseconds / 1e6),
        microseconds: p.microseconds % 1e6,
        data: p.data,
      });
    }
    const { report } = await analyze(pcapFile(packets));
    expect(report.findings).toEqual([]);
    expect(report.frames).toBe(20_000);
    expect(report.services.map((s) => s.name)).toEqual(["I-Am", "ReadProperty-Request", "ReadProperty-ACK", "Who-Is"]);
    expect(report.vmacs).toHaveLength(45);
    expect(report.registrations.map((r) => r.state)).toEqual(["registered", "registered", "registered"]);
  });

  it("has no findings: registration renewed at TTL/2, broadcasts relayed, resolution answered to the asker", async () => {
    const steps: Step[] = [
      ...registered,
      { t: 1, from: fd, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
      {
        t: 1.001,
        from: bbmd,
        to: group,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 999, originalSource: parse(fd), npdu: WHO_IS },
      },
      {
        t: 1.002,
        from: bbmd,
        to: peer,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 999, originalSource: parse(fd), npdu: WHO_IS },
      },
      { t: 2, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
      {
        t: 2.001,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: parse(a), npdu: WHO_IS },
      },
      { t: 3, from: fd, to: bbmd, frame: { kind: "AddressResolution", sourceVmac: 999, targetVmac: 4321 } },
      {
        t: 3.001,
        from: peer,
        to: remote,
        frame: {
          kind: "ForwardedAddressResolution",
          originalSourceVmac: 999,
          targetVmac: 4321,
          originalSource: parse(fd),
        },
      },
      {
        t: 3.002,
        from: remote,
        to: fd,
        frame: { kind: "AddressResolutionAck", sourceVmac: 4321, destinationVmac: 999 },
      },
      { t: 30, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
      { t: 30.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
      {
        t: 40,
        from: fd,
        to: bbmd,
        frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: parse(fd) },
      },
      { t: 40.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
      // Known codes in their context: Virtual-Address-Resolution NAK, Distribute-Broadcast NAK after the delete.
      { t: 41, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
      { t: 41.01, from: c, to: a, frame: { kind: "BvlcResult", sourceVmac: 5678, resultCode: 0x0060 } },
      { t: 42, from: fd, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
      { t: 42.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x00c0 } },
      { t: 50, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
    ];
    const { report } = await analyze(scenario(steps));
    expect(report.findings).toEqual([]);
    expect(report.registrations).toEqual([
      expect.objectContaining({
        foreignDevice: fd,
        bbmd,
        state: "deleted",
        registrations: 2,
        accepted: 2,
        maxIntervalSeconds: 30,
        distributeBroadcasts: 2,
      }),
    ]);
    expect(report.resolution.addressResolution).toMatchObject({ asked: 1, answered: 1, unanswered: 0, minMs: 2 });
  });
});

describe("findings (peers.md: the Python stack, bac-py BIP6Transport)", () => {
  it("Result codes 0x0050 / 0x0060 / 0x0070 / 0x0040 for Register, Delete, Distribute-Broadcast, Virtual-Address-Resolution NAKs", async () => {
    const f = await findingsOf([
      { t: 0, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 0 } },
      { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0050 } },
      { t: 1, from: fd, to: bbmd, frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: parse(fd) } },
      { t: 1.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0060 } },
      { t: 2, from: a, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 1234, npdu: WHO_IS } },
      { t: 2.01, from: bbmd, to: a, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0070 } },
      { t: 3, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
      { t: 3.01, from: c, to: a, frame: { kind: "BvlcResult", sourceVmac: 5678, resultCode: 0x0040 } },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([
      ["NONSTANDARD_RESULT_CODE", [1, 2]],
      ["NONSTANDARD_RESULT_CODE", [3, 4]],
      ["NONSTANDARD_RESULT_CODE", [5, 6]],
      ["NONSTANDARD_RESULT_CODE", [7, 8]],
    ]);
    expect(f[0]?.text).toBe(
      `Result 0x0050 (the code one Python stack sends) from ${bbmd} answers Register-Foreign-Device (frame 1); ` +
        "Annex U answers it with 0x0000 Successful-Completion or 0x0090 Register-Foreign-Device-NAK",
    );
    expect(f[1]?.text).toContain(
      "answers Delete-Foreign-Device-Table-Entry (frame 3); Annex U answers it with 0x0000 Successful-Completion or 0x00a0",
    );
  });

  it("a Result code Annex U does not define, without context", async () => {
    const f = await findingsOf([
      { t: 0, from: bbmd, to: a, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x1234 } },
    ]);
    expect(f).toEqual([
      {
        code: "NONSTANDARD_RESULT_CODE",
        frames: [1],
        text: `Result 0x1234 from ${bbmd} is not a code Annex U defines`,
      },
    ]);
  });

  it("Forwarded-NPDU carrying the BBMD's own VMAC as source (VMAC known from its Result)", async () => {
    const f = await findingsOf([
      ...registered,
      {
        t: 1,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 100, originalSource: parse(a), npdu: WHO_IS },
      },
    ]);
    expect(codes(f)).toEqual(["FORWARDED_NPDU_RELAY_VMAC"]);
    expect(f[0]?.frames).toEqual([3]);
  });

  it("Forwarded-NPDU with the BBMD's VMAC, told by one VMAC standing for two original sources", async () => {
    const f = await findingsOf([
      {
        t: 1,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 100, originalSource: parse(a), npdu: WHO_IS },
      },
      {
        t: 2,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 100, originalSource: parse(c), npdu: WHO_IS },
      },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([["FORWARDED_NPDU_RELAY_VMAC", [2]]]);
  });

  it("Forwarded-Address-Resolution with the address before the target VMAC", async () => {
    // 82 04 001c | original source 0004d2 | address fd00:3::5 port bac0 | target 00162e
    const misordered = hexToBytes("8204001c 0004d2 fd000003000000000000000000000005 bac0 00162e".replace(/ /g, ""));
    const f = await findingsOf([{ t: 0, from: peer, to: bbmd, frame: misordered }]);
    expect(f).toEqual([
      {
        code: "FORWARDED_AR_MISORDERED",
        frames: [1],
        text: `Forwarded-Address-Resolution from ${peer} puts the address [fd00:3::5]:47808 before the target VMAC 00162e`,
      },
    ]);
    // The same octets in Annex U's order are fine.
    const ordered = hexToBytes("8204001c 0004d2 00162e fd000003000000000000000000000005 bac0".replace(/ /g, ""));
    expect(await findingsOf([{ t: 0, from: peer, to: bbmd, frame: ordered }])).toEqual([]);
  });

  it("replies to a relayed broadcast sent to the BBMD (it learnt the relay as the VMAC's address)", async () => {
    const f = await findingsOf([
      ...registered,
      { t: 1, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
      {
        t: 1.001,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: parse(a), npdu: WHO_IS },
      },
      {
        t: 1.01,
        from: fd,
        to: bbmd,
        frame: { kind: "OriginalUnicastNpdu", sourceVmac: 999, destinationVmac: 1234, npdu: WHO_IS },
      },
    ]);
    expect(f).toEqual([
      {
        code: "UNICAST_TO_WRONG_ADDRESS",
        frames: [5],
        text: `Original-Unicast-NPDU for VMAC 0004d2 went to ${bbmd}, the BBMD that relayed its broadcast, (VMAC 000064), but 0004d2 is at ${a}`,
      },
    ]);
  });

  it("Delete-Foreign-Device-Table-Entry naming [::1]:port (bound to :: and rewritten to ::1)", async () => {
    const f = await findingsOf([
      {
        t: 0,
        from: fd,
        to: bbmd,
        frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: parse("[::1]:47809") },
      },
      { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x00a0 } },
    ]);
    expect(codes(f)).toEqual(["LOOPBACK_ADDRESS"]);
    // On a loopback capture (everything on ::1), ::1 in a frame is what it should be.
    expect(
      await findingsOf([
        {
          t: 0,
          from: "[::1]:47809",
          to: "[::1]:47808",
          frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: parse("[::1]:47809") },
        },
      ]),
    ).toEqual([]);
  });

  it("random 24-bit VMACs outside the H.7.2 ranges", async () => {
    const f = await findingsOf([
      { t: 0, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 0xa1b2c3 } },
    ]);
    expect(f).toEqual([
      {
        code: "VMAC_OUT_OF_RANGE",
        frames: [1],
        text: `${a} uses VMAC a1b2c3, outside both VMAC ranges (a random 24-bit VMAC?)`,
      },
    ]);
  });

  it("Distribute-Broadcast-To-Network from a refused (unregistered) sender dropped silently", async () => {
    const f = await findingsOf([
      { t: 0, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
      { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0090 } },
      { t: 1, from: fd, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
      { t: 10, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
    ]);
    expect(f).toEqual([
      {
        code: "DBTN_UNREGISTERED",
        frames: [3],
        text: `${bbmd} does not answer the Distribute-Broadcast-To-Network of ${fd} (its registration was refused with 0x0090) with Result 0x00C0: it drops it silently`,
      },
    ]);
  });
});

describe("findings (peers.md: the C BACnet Stack)", () => {
  it("relays frames whose original source is link-local (it binds to ::)", async () => {
    const f = await findingsOf([
      {
        t: 0,
        from: bbmd,
        to: peer,
        frame: {
          kind: "ForwardedNpdu",
          originalSourceVmac: 4194303,
          originalSource: parse("[fe80::5]:47808"),
          npdu: WHO_IS,
        },
      },
      {
        t: 1,
        from: bbmd,
        to: peer,
        frame: {
          kind: "ForwardedAddressResolution",
          originalSourceVmac: 4194303,
          targetVmac: 1234,
          originalSource: parse("[fe80::5]:47808"),
        },
      },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([["RELAYED_LINK_LOCAL_SOURCE", [1, 2]]]);
  });

  it("re-registers every TTL instead of before it runs out", async () => {
    const f = await findingsOf([
      ...registered,
      { t: 60, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
      { t: 60.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
      { t: 200, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
    ]);
    expect(f.map((x) => [x.code, x.frames, x.text])).toEqual([
      [
        "LATE_RENEWAL",
        [3, 5],
        `${fd} renews its registration with ${bbmd} after 60 s, not before its TTL of 60 s ran out: it relies on the BBMD's 30 s grace`,
      ],
    ]);
  });

  it("a renewal after TTL + grace says the entry had expired", async () => {
    const f = await findingsOf([
      ...registered,
      { t: 100, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
    ]);
    expect(f[0]?.text).toContain("when the entry (TTL 60 s + 30 s grace) had already expired");
  });

  it("sends Distribute-Broadcast-To-Network before the registration Result arrived", async () => {
    const f = await findingsOf([
      { t: 0, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
      { t: 0.001, from: fd, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
      { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([["DBTN_BEFORE_REGISTRATION", [1, 2]]]);
  });

  it("answers a Forwarded-Address-Resolution for itself with a NAK 0x0030", async () => {
    const f = await findingsOf([
      {
        t: 0,
        from: bbmd,
        to: c,
        frame: {
          kind: "ForwardedAddressResolution",
          originalSourceVmac: 999,
          targetVmac: 5678,
          originalSource: parse(fd),
        },
      },
      { t: 0.01, from: c, to: bbmd, frame: { kind: "BvlcResult", sourceVmac: 5678, resultCode: 0x0030 } },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([["FORWARDED_AR_NAK", [1, 2]]]);
  });

  it("sends the Address-Resolution-ACK for a forwarded request to the BBMD", async () => {
    const steps: Step[] = [
      {
        t: 0,
        from: bbmd,
        to: c,
        frame: {
          kind: "ForwardedAddressResolution",
          originalSourceVmac: 999,
          targetVmac: 5678,
          originalSource: parse(fd),
        },
      },
      { t: 0.01, from: c, to: bbmd, frame: { kind: "AddressResolutionAck", sourceVmac: 5678, destinationVmac: 999 } },
    ];
    expect((await findingsOf(steps)).map((x) => [x.code, x.frames])).toEqual([["ACK_TO_RELAY", [1, 2]]]);
    const right = steps.map((s, i) => (i === 1 ? { ...s, to: fd } : s));
    expect(await findingsOf(right)).toEqual([]);
  });

  it("re-emits a Forwarded-NPDU with the BBMD's own address as the original source", async () => {
    const f = await findingsOf([
      { t: 0, from: remote, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
      {
        t: 0.01,
        from: bbmd,
        to: group,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: parse(bbmd), npdu: WHO_IS },
      },
    ]);
    expect(f.map((x) => [x.code, x.frames])).toEqual([["FORWARDED_NPDU_SOURCE_REPLACED", [2]]]);
  });

  it("broadcasts on ff05::bac0 while others use ff02::bac0 (YABE: ff0e)", async () => {
    const f = await findingsOf([
      { t: 0, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
      {
        t: 1,
        from: c,
        to: "[ff05::bac0]:47808",
        frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 5678, npdu: WHO_IS },
      },
      {
        t: 2,
        from: remote,
        to: "[ff0e::bac0]:47808",
        frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 77, npdu: WHO_IS },
      },
    ]);
    expect(f).toEqual([
      {
        code: "MIXED_MULTICAST_SCOPES",
        frames: [1, 2, 3],
        text: "broadcasts on ff02::bac0 (1 frames), ff05::bac0 (1 frames), ff0e::bac0 (1 frames)",
      },
    ]);
  });

  it("VMAC 0x3FFFFF for every client: one VMAC at two addresses in use at once is a collision", async () => {
    const f = await findingsOf([
      { t: 0, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 0x3fffff } },
      { t: 1, from: remote, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 0x3fffff } },
      { t: 2, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 0x3fffff } },
    ]);
    expect(f).toEqual([
      { code: "VMAC_COLLISION", frames: [1, 2, 3], text: `VMAC 3fffff is used by ${a} and ${remote}` },
    ]);
  });
});

describe("findings (Annex U rules)", () => {
  it("a peer restarting on a new port has moved, not collided", async () => {
    const { report } = await analyze(
      scenario([
        { t: 0, from: a, to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
        { t: 5, from: "[fd00:1::2]:47810", to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
        { t: 6, from: "[fd00:1::2]:47810", to: c, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
      ]),
    );
    expect(report.findings).toEqual([]);
    expect(report.vmacs[0]).toMatchObject({ vmac: 1234, state: "moved" });
    expect(report.vmacs[0]?.addresses.map((x) => [x.address, x.frames, x.firstFrame, x.lastFrame])).toEqual([
      [a, 1, 1, 1],
      ["[fd00:1::2]:47810", 2, 2, 3],
    ]);
  });

  it("length field differing from the datagram, and datagrams that are not BVLL6", async () => {
    const file = classicPcap([
      { seconds: 0, fraction: 0, data: bacnetPacket(hexToBytes("8206000a0004d2")) },
      { seconds: 0, fraction: 1, data: bacnetPacket(hexToBytes("810a0004")) },
    ]);
    const { report, perFrame } = await analyze(file);
    expect(report.findings.map((x) => [x.code, x.frames, x.text])).toEqual([
      ["LENGTH_MISMATCH", [1], "[fd00::1]:47808: length field says 10 octets but the datagram has 7 (at octet 2)"],
      [
        "MALFORMED_BVLL",
        [2],
        "[fd00::1]:47808: WRONG_BVLC_TYPE: BVLC type 0x81 is BACnet/IPv4, not BACnet/IPv6 (0x82) (at octet 0)",
      ],
    ]);
    expect(perFrame.get(1)).toEqual(["LENGTH_MISMATCH"]);
  });

  it("Distribute-Broadcast-To-Network from a deleted registration relayed, or answered with another code", async () => {
    const deleted: Step[] = [
      ...registered,
      { t: 1, from: fd, to: bbmd, frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: parse(fd) } },
      { t: 1.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
      { t: 2, from: fd, to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
    ];
    const relayed = await findingsOf([
      ...deleted,
      {
        t: 2.01,
        from: bbmd,
        to: group,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 999, originalSource: parse(fd), npdu: WHO_IS },
      },
    ]);
    expect(relayed.map((x) => [x.code, x.frames])).toEqual([["DBTN_UNREGISTERED", [5, 6]]]);
    const answered = await findingsOf([
      ...deleted,
      { t: 2.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
    ]);
    expect(answered.map((x) => [x.code, x.frames])).toEqual([
      ["NONSTANDARD_RESULT_CODE", [5, 6]],
      ["DBTN_UNREGISTERED", [5, 6]],
    ]);
  });

  it("a confirmed request sent by broadcast (ReadProperty in an Original-Broadcast-NPDU and a Forwarded-NPDU)", async () => {
    // ReadProperty(device 5678, object-name), confirmed, invoke id 5.
    const readProperty = hexToBytes("01040005050c0c0200162e194d");
    const f = await findingsOf([
      { t: 0, from: a, to: group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: readProperty } },
      {
        t: 0.01,
        from: bbmd,
        to: fd,
        frame: { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: parse(a), npdu: readProperty },
      },
      // The same request by unicast is how it should travel.
      {
        t: 1,
        from: a,
        to: c,
        frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: readProperty },
      },
    ]);
    expect(f.map((x) => [x.code, x.frames, x.text])).toEqual([
      [
        "CONFIRMED_REQUEST_BROADCAST",
        [1, 2],
        `${a} broadcasts a confirmed request (ReadProperty-Request device,5678 object-name) as Original-Broadcast-NPDU`,
      ],
    ]);
  });

  it("counts services by name in the summary", async () => {
    const { report } = await analyze(syntheticCapture());
    expect(report.services).toEqual([
      { name: "Who-Is", frames: 3 },
      { name: "ReadProperty-Request", frames: 1 },
    ]);
  });

  it("catalogues every finding with a clause", () => {
    for (const [code, kind] of Object.entries(FINDINGS)) {
      expect(kind.clause, code).toMatch(/^(U\.\d|H\.7)/);
      expect(kind.title.length, code).toBeGreaterThan(20);
    }
  });
});

describe("bounded tables", () => {
  it("caps the VMAC and talker tables, counts what they left out, and says so in the summary", async () => {
    const n = ANALYSIS_LIMITS.vmacs + 100;
    const steps: Step[] = Array.from({ length: n }, (_, i) => ({
      t: i * 0.001,
      from: `[fd00:7::${(i + 1).toString(16)}]:47808`,
      to: c,
      frame: { kind: "VirtualAddressResolution", sourceVmac: 0x10000 + i },
    }));
    const { report } = await analyze(scenario(steps));
    expect(report.vmacs).toHaveLength(ANALYSIS_LIMITS.vmacs);
    expect(report.talkers).toHaveLength(ANALYSIS_LIMITS.talkers);
    const limits = Object.fromEntries(report.limits.map((l) => [l.table, l.overflow]));
    expect(limits.vmacs).toBe(100);
    // n senders and the one receiver: n + 1 addresses for 4096 places.
    expect(limits.talkers).toBe(101);
    const text = formatReport(report, ["summary"], n);
    expect(text).toContain(
      "Tables that reached their cap:\n  vmacs: cap 4096, 100 left out\n  talkers: cap 4096, 101 left out\n",
    );
  });
});

describe("findings in the CLI", () => {
  it("-Y bip6.finding shows the frames that have one, and --summary lists them with clause and frames", async () => {
    const file = scenario([
      { t: 0, from: fd, to: bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 0 } },
      { t: 0.01, from: bbmd, to: fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0050 } },
    ]);
    const shown = await runCli(["-r", "f", "-Y", 'bip6.finding == "NONSTANDARD_RESULT_CODE"'], { f: file });
    expect(shown.lines.map((l) => l.slice(0, 4).trim())).toEqual(["2"]);
    const summary = await runCli(["-r", "f", "-q", "-z", "bip6,findings"], { f: file });
    expect(summary.stdout).toContain(
      "Findings (1):\n  [NONSTANDARD_RESULT_CODE] U.2 BVLC-Result: BVLC-Result code that Annex U does not define for the function answered\n",
    );
    expect(summary.stdout).toContain("      once, frames 1, 2\n");
    const tree = await runCli(["-r", "f", "-V", "-Y", "frame.number == 2"], { f: file });
    expect(tree.stdout).toContain(
      "BACnet/IPv6 analysis (bip6-sniff)\n    [Finding NONSTANDARD_RESULT_CODE: Result 0x0050",
    );
  });
});
