// What the decoder page accepts as pasted text (docs/decoder/paste.ts) and the packets it
// builds from it (docs/decoder/packets.ts), without a browser: every form the page's help
// promises, and the line and column of what it refuses.
import { bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { LinkType, formatHexDump, ipv6UdpPacket } from "@bip6/sniffer";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER, pastedPackets } from "../../../docs/decoder/packets.ts";
import { classify, parsePasted } from "../../../docs/decoder/paste.ts";

/** Address-Resolution from 0004d2 for 00162e (annex-u.md §2): 82 03 000a 0004d2 00162e. */
const AR = "8203000a0004d200162e";
const hexOf = (text: string): string[] => parsePasted(text).datagrams.map((d) => bytesToHex(d.octets));

describe("pasted hex", () => {
  it("reads one datagram per line, with or without separators and 0x, skipping comments and blank lines", () => {
    const text = [
      "# a comment",
      "82 03 000a 0004d2 00162e",
      "",
      "8203000a0004d200162e   # trailing comment",
      "0x82, 0x03, 0x00, 0x0a, 0x00, 0x04, 0xd2, 0x00, 0x16, 0x2e",
      "82:03:00:0a:00:04:d2:00:16:2e",
      "\\x82\\x03\\x00\\x0a\\x00\\x04\\xd2\\x00\\x16\\x2e",
      "82-03-00-0A-00-04-D2-00-16-2E",
    ].join("\n");
    expect(hexOf(text)).toEqual(Array(6).fill(AR));
    expect(parsePasted(text).datagrams.map((d) => d.line)).toEqual([2, 4, 5, 6, 7, 8]);
    expect(parsePasted(text).problems).toEqual([]);
  });

  it("points at the first character that is not hex, and at an odd digit count", () => {
    expect(parsePasted("82 03 000a\n82 0z 0004").problems).toEqual([
      {
        line: 2,
        column: 5,
        message:
          '"z" is not a hex digit (one datagram per line: hex octets, optionally after "[src]:port → [dst]:port")',
      },
    ]);
    expect(parsePasted("82 03 000").problems).toEqual([
      { line: 1, column: 9, message: "an odd number of hex digits (7)" },
    ]);
    // A line it refuses does not stop the others.
    expect(parsePasted("82 0z\n82 03 000a 0004d2 00162e").datagrams.map((d) => d.line)).toEqual([2]);
  });

  it("takes the addresses bip6-sniff prints before the hex, in its three arrow spellings", () => {
    for (const arrow of ["→", "->", ">"]) {
      const [d] = parsePasted(`[fd00::1]:47808 ${arrow} [fd00::2]:47809 ${AR}`).datagrams;
      expect(d?.source?.toString()).toBe("[fd00::1]:47808");
      expect(d?.destination?.toString()).toBe("[fd00::2]:47809");
      expect(bytesToHex(d?.octets ?? new Uint8Array())).toBe(AR);
    }
    const bad = parsePasted(`[fd00::1]:47808 → [fd00::zz]:47808 ${AR}`).problems;
    expect(bad).toHaveLength(1);
    expect(bad[0]?.column).toBe(19);
    expect(bad[0]?.message).toMatch(/fd00::zz/);
  });

  it("reads a hex dump as bip6-sniff -x, tshark -x, Wireshark and hexdump -C print it, one packet per dump", () => {
    const packet = ipv6UdpPacket({
      sourceIp: PLACEHOLDER.source.ipOctets(),
      sourcePort: 47808,
      destinationIp: PLACEHOLDER.destination.ipOctets(),
      destinationPort: 47808,
      payload: hexToBytes(AR),
    });
    const sniffDump = formatHexDump(packet); // exactly what `bip6-sniff -x` prints
    const wireshark = sniffDump.replace(/^(\w{4}) {2}/gm, "$1   ");
    const hexdumpC =
      sniffDump
        .trimEnd()
        .split("\n")
        .map((l) => {
          const [offset, octets] = [l.slice(0, 4), l.slice(6, 53).trim().split(" ")];
          const half = (a: string[]): string => a.join(" ");
          return `0000${offset}  ${half(octets.slice(0, 8))}  ${half(octets.slice(8))}  |…|`;
        })
        .join("\n") + `\n${packet.length.toString(16).padStart(8, "0")}\n`;
    for (const dump of [sniffDump, wireshark, hexdumpC]) {
      const { datagrams, problems } = parsePasted(`${dump}\n${dump}`);
      expect(problems).toEqual([]);
      expect(datagrams.map((d) => [d.line, d.kind, bytesToHex(d.octets)])).toEqual([
        [1, "ipv6", bytesToHex(packet)],
        [dump.trimEnd().split("\n").length + 2, "ipv6", bytesToHex(packet)],
      ]);
    }
  });

  it("tells a whole IPv6 packet and an Ethernet frame from a BVLL6 datagram by their first octets", () => {
    const ip = ipv6UdpPacket({
      sourceIp: PLACEHOLDER.source.ipOctets(),
      sourcePort: 47808,
      destinationIp: PLACEHOLDER.group.ipOctets(),
      destinationPort: 47808,
      payload: hexToBytes(AR),
    });
    const eth = Uint8Array.from([...hexToBytes("333300000001 020000000001 86dd"), ...ip]);
    const vlan = Uint8Array.from([...hexToBytes("333300000001 020000000001 8100 0005 86dd"), ...ip]);
    expect([classify(ip), classify(eth), classify(vlan), classify(hexToBytes(AR))]).toEqual([
      "ipv6",
      "ethernet",
      "ethernet",
      "bvll",
    ]);
    // 0x82 is always BVLL6, even where an EtherType would sit at octets 12-13.
    expect(classify(hexToBytes("82080025000064fd000000000000000086dd00000000000000000000bac0"))).toBe("bvll");
    // Short or BACnet/IP (0x81) octets stay BVLL: the codec says what is wrong with them.
    expect(classify(hexToBytes("810a0004"))).toBe("bvll");
    // Addresses before a packet that has its own are refused.
    expect(parsePasted(`[fd00::1]:47808 → [fd00::2]:47808 ${bytesToHex(ip)}`).problems[0]?.message).toMatch(
      /IPv6 packet carries its own addresses/,
    );
  });
});

describe("pasted packets", () => {
  it("puts a BVLL6 datagram into an IPv6/UDP packet: the given addresses, or the documentation ones", () => {
    const { datagrams } = parsePasted(
      [
        AR,
        "82 02 000b 0004d2 01001008",
        "82 01 000e 0004d2 00162e 01001008",
        `[fd00::5]:47809 → [fd00::6]:47810 ${AR}`,
      ].join("\n"),
    );
    const { packets, origins } = pastedPackets(datagrams);
    const ends = packets.map((p) => {
      const text = (at: number): string => bytesToHex(p.data.subarray(at, at + 16));
      return [
        p.number,
        p.linkType,
        text(8),
        text(24),
        (p.data[40]! << 8) | p.data[41]!,
        (p.data[42]! << 8) | p.data[43]!,
      ];
    });
    const hex = (a: { ipOctets(): Uint8Array }): string => bytesToHex(a.ipOctets());
    expect(ends).toEqual([
      // Address-Resolution and Original-Broadcast-NPDU go to the BACnet multicast group.
      [1, LinkType.Ipv6, hex(PLACEHOLDER.source), hex(PLACEHOLDER.group), 47808, 47808],
      [2, LinkType.Ipv6, hex(PLACEHOLDER.source), hex(PLACEHOLDER.group), 47808, 47808],
      [3, LinkType.Ipv6, hex(PLACEHOLDER.source), hex(PLACEHOLDER.destination), 47808, 47808],
      [4, LinkType.Ipv6, "fd000000000000000000000000000005", "fd000000000000000000000000000006", 47809, 47810],
    ]);
    expect(bytesToHex(packets[0]!.data.subarray(48))).toBe(AR);
    expect([...origins.values()]).toEqual([
      { line: 1, wrapped: true, placeholder: true },
      { line: 2, wrapped: true, placeholder: true },
      { line: 3, wrapped: true, placeholder: true },
      { line: 4, wrapped: true, placeholder: false },
    ]);
  });
});
