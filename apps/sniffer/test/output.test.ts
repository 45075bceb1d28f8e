import { hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "../src/index.js";
import { bacnetPacket, classicPcap, runCli, runSynthetic } from "./helpers.js";

const base = (n: number, src: string, dst: string, sp: number, dp: number, len: number, fn: number) => ({
  "frame.number": n,
  "frame.time_epoch": 1_700_000_000 + (n - 1) * 0.0015,
  "frame.len": len,
  "ipv6.src": src,
  "ipv6.dst": dst,
  "udp.srcport": sp,
  "udp.dstport": dp,
  "bvlc.type": 130,
  "bvlc.function_ipv6": fn,
});

describe("--json", () => {
  it("prints Wireshark fields with exact values for one frame of each function", async () => {
    const { code, lines } = await runSynthetic(["--json"]);
    expect(code).toBe(0);
    const all = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The NPDU's fields follow the bvlc ones; they are the decoder's (checked below for two frames).
    const npduKey = (k: string): boolean => /^(?:bacnet|bacapp|bip6\.bacnet|bip6\.bacapp)\./.test(k);
    const records = all.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !npduKey(k))));
    // Key order is part of the output format, so compare the serialised objects.
    const expected = [
      { ...base(1, "fd00::2", "fd00::3", 47808, 47808, 55, 6), "bvlc.virtual_source": 1234 },
      {
        ...base(2, "fd00::3", "fd00::2", 47808, 47808, 58, 7),
        "bvlc.virtual_source": 5678,
        "bvlc.virtual_dest": 1234,
      },
      {
        ...base(3, "fd00::2", "ff02::bac0", 47808, 47808, 58, 3),
        "bvlc.virtual_source": 1234,
        "bvlc.virtual_dest": 5678,
      },
      {
        ...base(4, "fd00::3", "fd00::2", 47808, 47808, 58, 5),
        "bvlc.virtual_source": 5678,
        "bvlc.virtual_dest": 1234,
      },
      {
        ...base(5, "fd00::2", "fd00::3", 47808, 47808, 71, 1),
        "bvlc.virtual_source": 1234,
        "bvlc.virtual_dest": 5678,
      },
      { ...base(6, "fd00::2", "ff02::bac0", 47808, 47808, 59, 2), "bvlc.virtual_source": 1234 },
      {
        ...base(7, "fd00::1", "fd00:3::1", 47808, 47808, 76, 4),
        "bvlc.virtual_source": 1234,
        "bvlc.virtual_dest": 4321,
        "bvlc.orig_source_addr": "fd00::2",
        "bvlc.orig_source_port": 47808,
      },
      { ...base(8, "fd00:2::9", "fd00::1", 47809, 47808, 57, 9), "bvlc.virtual_source": 999, "bvlc.reg_ttl": 60 },
      { ...base(9, "fd00::1", "fd00:2::9", 47808, 47809, 57, 0), "bvlc.virtual_source": 100, "bvlc.result": 0 },
      { ...base(10, "fd00:2::9", "fd00::1", 47809, 47808, 59, 12), "bvlc.virtual_source": 999 },
      {
        ...base(11, "fd00::1", "ff02::bac0", 47808, 47808, 77, 8),
        "bvlc.virtual_source": 999,
        "bvlc.orig_source_addr": "fd00:2::9",
        "bvlc.orig_source_port": 47809,
      },
      base(12, "fd00:2::9", "fd00::1", 47809, 47808, 56, 11),
      {
        ...base(13, "fd00:2::9", "fd00::1", 47809, 47808, 73, 10),
        "bvlc.virtual_source": 999,
        "bvlc.fdt_ipv6": "fd00:2::9",
        "bvlc.fdt_port": 47809,
      },
    ];
    expect(records.map((r) => JSON.stringify(r))).toEqual(expected.map((r) => JSON.stringify(r)));
    expect(Object.entries(all[5] ?? {}).filter(([k]) => npduKey(k))).toEqual([
      ["bacnet.version", 1],
      ["bacnet.control", 0],
      ["bacnet.control_net", false],
      ["bacnet.control_res1", false],
      ["bacnet.control_dest", false],
      ["bacnet.control_res2", false],
      ["bacnet.control_src", false],
      ["bacnet.control_expect", false],
      ["bacnet.control_prio_high", false],
      ["bacnet.control_prio_low", false],
      ["bacapp.type", 1],
      ["bacapp.unconfirmed_service", 8],
    ]);
    // A name that occurs more than once holds its values in order.
    expect(all[4]?.["bacapp.context_tag_number"]).toEqual([0, 1]);
    expect(lines[0]).toBe(
      '{"frame.number":1,"frame.time_epoch":1700000000,"frame.len":55,"ipv6.src":"fd00::2","ipv6.dst":"fd00::3",' +
        '"udp.srcport":47808,"udp.dstport":47808,"bvlc.type":130,"bvlc.function_ipv6":6,"bvlc.virtual_source":1234}',
    );
  });

  it("puts a decode error under bip6.error and keeps the octets it has", async () => {
    const bad = bacnetPacket(hexToBytes("8201000c0004d200162e")); // length field 12, datagram 10
    const file = classicPcap([{ seconds: 7, fraction: 250_000, data: bad }]);
    const { lines } = await runCli(["-r", "x.pcap", "--json"], { "x.pcap": file });
    expect(JSON.parse(lines[0] as string)).toEqual({
      "frame.number": 1,
      "frame.time_epoch": 7.25,
      "frame.len": 58,
      "ipv6.src": "fd00::1",
      "ipv6.dst": "fd00::2",
      "udp.srcport": 47808,
      "udp.dstport": 47808,
      "bvlc.type": 130,
      "bvlc.function_ipv6": 1,
      "bip6.error": {
        code: "LENGTH_MISMATCH",
        message: "length field says 12 octets but the datagram has 10 (at octet 2)",
      },
    });
  });
});

describe("text lines", () => {
  it("prints number, relative time, endpoints, function and detail", async () => {
    const { lines, stderr } = await runSynthetic([]);
    expect(stderr).toBe("");
    expect(lines).toHaveLength(13);
    expect(lines[5]).toBe(
      "   6   0.007500 [fd00::2]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is",
    );
    expect(lines[6]).toBe(
      "   7   0.009000 [fd00::1]:47808 → [fd00:3::1]:47808 Forwarded-Address-Resolution src 0004d2 target 0010e1 orig [fd00::2]:47808",
    );
    expect(lines[8]).toBe(
      "   9   0.012000 [fd00::1]:47808 → [fd00:2::9]:47809 BVLC-Result src 000064 result 0x0000 Successful-Completion",
    );
    expect(lines[11]).toBe("  12   0.016500 [fd00:2::9]:47809 → [fd00::1]:47808 Secure-BVLL payload 4 octets");
    expect(lines[12]).toBe(
      "  13   0.018000 [fd00:2::9]:47809 → [fd00::1]:47808 Delete-Foreign-Device-Table-Entry src 0003e7 entry [fd00:2::9]:47809",
    );
  });

  it("names unknown functions and result codes, and shows malformed frames with their error", async () => {
    const file = classicPcap([
      { seconds: 10, fraction: 0, data: bacnetPacket({ kind: "BvlcResult", sourceVmac: 1, resultCode: 0x0040 }) },
      { seconds: 10, fraction: 1, data: bacnetPacket(hexToBytes("820d0006abcd")) },
      { seconds: 11, fraction: 2, data: bacnetPacket(hexToBytes("8104000a")) },
      { seconds: 12, fraction: 0, data: bacnetPacket(hexToBytes("820300090004d20016")) },
    ]);
    const { code, lines } = await runCli(["-r", "f"], { f: file });
    expect(code).toBe(0);
    expect(lines).toEqual([
      "   1   0.000000 [fd00::1]:47808 → [fd00::2]:47808 BVLC-Result src 000001 result 0x0040 Unknown-0x0040",
      "   2   0.000001 [fd00::1]:47808 → [fd00::2]:47808 Unknown-0x0d payload 2 octets",
      "   3   1.000002 [fd00::1]:47808 → [fd00::2]:47808 [malformed WRONG_BVLC_TYPE] BVLC type 0x81 is BACnet/IPv4, not BACnet/IPv6 (0x82) (at octet 0)",
      "   4   2.000000 [fd00::1]:47808 → [fd00::2]:47808 Address-Resolution [malformed TOO_SHORT] function 0x03 needs at least 10 octets, got 9 (at octet 9)",
    ]);
  });

  it("formats relative times with six decimals", () => {
    expect(formatRelativeTime(0)).toBe("0.000000");
    expect(formatRelativeTime(1_234_567)).toBe("0.001234");
    expect(formatRelativeTime(12_000_000_000)).toBe("12.000000");
    expect(formatRelativeTime(-1_500_000)).toBe("-0.001500");
  });
});
