import { hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  type CapturedPacket,
  emptyStats,
  ipv6Offset,
  LinkType,
  NOT_IPV6,
  parseUdp6,
  sniff,
  UNSUPPORTED_LINK,
} from "../src/index.js";
import { bacnetPacket, bytes, concat, ethernet, nullHeader, sll, sll2, withExtensionHeaders } from "./helpers.js";

const VAR = { kind: "VirtualAddressResolution", sourceVmac: 1234 } as const;
const ip = bacnetPacket(VAR, "[fd00::1]:47808", "[fd00::2]:47809");

function packet(data: Uint8Array, linkType: number = LinkType.Ipv6, number = 1): CapturedPacket {
  return { number, linkType, interfaceId: 0, seconds: 0, nanoseconds: 0, originalLength: data.length, data };
}

describe("link layers", () => {
  it.each([
    ["Ethernet", LinkType.Ethernet, ethernet(ip), 14],
    ["Ethernet + 802.1Q", LinkType.Ethernet, ethernet(ip, [5]), 18],
    ["Ethernet + QinQ", LinkType.Ethernet, ethernet(ip, [5, 6]), 22],
    ["raw IPv6", LinkType.Ipv6, ip, 0],
    ["raw IP", LinkType.Raw, ip, 0],
    ["Linux cooked v1", LinkType.LinuxSll, sll(ip), 16],
    ["Linux cooked v2", LinkType.LinuxSll2, sll2(ip), 20],
    ["null, little-endian AF 24", LinkType.Null, nullHeader(ip, 24, true), 4],
    ["null, big-endian AF 30", LinkType.Null, nullHeader(ip, 30, false), 4],
    ["null, Linux AF 10", LinkType.Null, nullHeader(ip, 10, true), 4],
    ["loop, network order AF 28", LinkType.Loop, nullHeader(ip, 28, false), 4],
  ] as const)("%s: IPv6 starts at the right offset and the UDP datagram is found", (_n, link, data, at) => {
    expect(ipv6Offset(link, data)).toBe(at);
    const udp = parseUdp6(data, at);
    expect(typeof udp).toBe("object");
    if (typeof udp === "string") return;
    expect([udp.sourcePort, udp.destinationPort, udp.payload.length, udp.truncated]).toEqual([47808, 47809, 7, false]);
  });

  it("recognises non-IPv6 traffic and unknown link types", () => {
    const ipv4 = ethernet(ip);
    ipv4.set([0x08, 0x00], 12);
    expect(ipv6Offset(LinkType.Ethernet, ipv4)).toBe(NOT_IPV6);
    expect(ipv6Offset(LinkType.Ethernet, bytes(1, 2, 3))).toBe(NOT_IPV6);
    expect(ipv6Offset(LinkType.Raw, bytes(0x45, 0))).toBe(NOT_IPV6);
    expect(ipv6Offset(LinkType.Null, nullHeader(ip, 2, true))).toBe(NOT_IPV6);
    expect(ipv6Offset(LinkType.LinuxSll, sll(ip).fill(0, 14, 16))).toBe(NOT_IPV6);
    expect(ipv6Offset(105, ip)).toBe(UNSUPPORTED_LINK);
  });
});

describe("IPv6 extension headers", () => {
  const sixPad = new Uint8Array(6); // PadN-sized option area: 2 + 6 = 8 octets
  it("walks hop-by-hop, routing, destination options and an atomic fragment to UDP", () => {
    const data = withExtensionHeaders(ip, [
      [0, sixPad],
      [43, new Uint8Array(14)],
      [60, sixPad],
      [44, hexToBytes("0000 12345678")], // offset 0, M=0
    ]);
    expect(data.length).toBe(ip.length + 8 + 16 + 8 + 8);
    const udp = parseUdp6(data, 0);
    if (typeof udp === "string") throw new Error(udp);
    expect([udp.sourcePort, udp.payload.length, udp.fragmented]).toEqual([47808, 7, false]);
  });

  it("marks a first fragment and skips non-first fragments", () => {
    const first = withExtensionHeaders(ip, [[44, hexToBytes("0001 00000001")]]); // offset 0, M=1
    const udp = parseUdp6(first, 0);
    if (typeof udp === "string") throw new Error(udp);
    expect(udp.fragmented).toBe(true);
    const later = withExtensionHeaders(ip, [[44, hexToBytes("00b8 00000001")]]); // offset 23 (x8)
    expect(parseUdp6(later, 0)).toBe("FRAGMENT");
  });

  it("reports non-UDP, cut and non-IPv6 packets", () => {
    const tcp = ip.slice();
    tcp[6] = 6;
    expect(parseUdp6(tcp, 0)).toBe("NOT_UDP");
    const none = withExtensionHeaders(ip, [[60, sixPad]]);
    none[40] = 59; // no next header
    expect(parseUdp6(none, 0)).toBe("NOT_UDP");
    expect(parseUdp6(ip.subarray(0, 44), 0)).toBe("TRUNCATED");
    expect(parseUdp6(ip.subarray(0, 30), 0)).toBe("TRUNCATED");
    expect(parseUdp6(bytes(0x45, 0, 0, 0), 0)).toBe("NOT_IPV6");
  });

  it("flags a datagram the snap length cut", () => {
    const udp = parseUdp6(ip.subarray(0, ip.length - 2), 0);
    if (typeof udp === "string") throw new Error(udp);
    expect([udp.truncated, udp.payload.length]).toEqual([true, 5]);
  });
});

describe("sniff()", () => {
  async function* packets(list: CapturedPacket[]): AsyncGenerator<CapturedPacket> {
    yield* list;
  }

  it("keeps BACnet ports only, counts the rest, and numbers frames by capture position", async () => {
    const other = bacnetPacket(VAR, "[fd00::1]:5353", "[fd00::2]:5353");
    const fragment = withExtensionHeaders(ip, [[44, hexToBytes("00b8 00000001")]]);
    const list = [
      packet(other, LinkType.Ipv6, 1),
      packet(ethernet(ip), LinkType.Ethernet, 2),
      packet(fragment, LinkType.Ipv6, 3),
      packet(ip, 999, 4),
      packet(concat(ip.subarray(0, 6), bytes(6), ip.subarray(7)), LinkType.Ipv6, 5),
    ];
    const stats = emptyStats();
    const seen = [];
    for await (const r of sniff(packets(list), { stats })) seen.push([r.number, r.frame?.kind]);
    expect(seen).toEqual([[2, "VirtualAddressResolution"]]);
    expect(stats).toEqual({
      packets: 5,
      frames: 1,
      malformed: 0,
      fragmentsSkipped: 1,
      unsupportedLinkType: 1,
      otherTraffic: 2,
    });
    const custom = [];
    for await (const r of sniff(packets(list), { ports: [5353] })) custom.push(r.number);
    expect(custom).toEqual([1]);
  });
});
