import { bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CapturedPacket, pcapHeader, pcapRecord } from "../src/index.js";
import { classicPcap, collectPackets, readFailure } from "./helpers.js";

// Odd chunk sizes, so that headers and records straddle chunks.
const collect = (file: Uint8Array, chunk = 7): Promise<CapturedPacket[]> => collectPackets(file, chunk);
const failure = (file: Uint8Array): ReturnType<typeof readFailure> => readFailure(file, 5);

describe("classic pcap", () => {
  it("reads a hand-written big-endian microsecond file", async () => {
    const file = hexToBytes(
      "a1b2c3d4 0002 0004 00000000 00000000 0000ffff 000000e5" + "6553f100 0001e240 00000003 0000003c aabbcc",
    );
    const [p, ...rest] = await collect(file, 3);
    expect(rest).toHaveLength(0);
    expect(p).toMatchObject({ number: 1, linkType: 229, interfaceId: 0, seconds: 1_700_000_000 });
    expect(p?.nanoseconds).toBe(123_456_000);
    expect(p?.originalLength).toBe(60);
    expect(bytesToHex(p!.data)).toBe("aabbcc");
  });

  it("reads a hand-written little-endian nanosecond file", async () => {
    const file = hexToBytes(
      "4d3cb2a1 0200 0400 00000000 00000000 ffff0000 01000000" + "00f15365 15cd5b07 02000000 02000000 0102",
    );
    const [p] = await collect(file);
    expect(p).toMatchObject({ linkType: 1, seconds: 1_700_000_000, nanoseconds: 123_456_789 });
    expect(bytesToHex(p!.data)).toBe("0102");
  });

  it("gives the same packets in both byte orders and for both resolutions", async () => {
    const records = [
      { seconds: 1, fraction: 999_999, data: hexToBytes("01") },
      { seconds: 2, fraction: 0, data: new Uint8Array(300).fill(9), originalLength: 1500 },
    ];
    const le = await collect(classicPcap(records, { le: true }));
    const be = await collect(classicPcap(records, { le: false }));
    expect(be).toEqual(le);
    expect(le.map((p) => [p.seconds, p.nanoseconds, p.originalLength, p.data.length])).toEqual([
      [1, 999_999_000, 1, 1],
      [2, 0, 1500, 300],
    ]);
    const nano = await collect(
      classicPcap([{ seconds: 5, fraction: 7, data: hexToBytes("00") }], { nano: true, le: false }),
    );
    expect(nano[0]?.nanoseconds).toBe(7);
  });

  it("writes the header and records it reads (pinned octets)", async () => {
    expect(bytesToHex(pcapHeader(229, 65535))).toBe("d4c3b2a1020004000000000000000000ffff0000e5000000");
    expect(bytesToHex(pcapRecord({ seconds: 1, microseconds: 2, data: hexToBytes("ab") }))).toBe(
      "0100000002000000010000000100000" + "0ab",
    );
  });

  it("returns the same packets whatever the chunking (property)", async () => {
    const file = classicPcap(
      Array.from({ length: 20 }, (_, i) => ({ seconds: i, fraction: i, data: new Uint8Array(i * 13).fill(i) })),
    );
    const expected = await collect(file, file.length);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), async (chunk) => {
        expect(await collect(file, chunk)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it("reports a record cut short, after the packets before it", async () => {
    const whole = classicPcap([
      { seconds: 1, fraction: 0, data: new Uint8Array(50) },
      { seconds: 2, fraction: 0, data: new Uint8Array(50) },
    ]);
    const { packets, error } = await failure(whole.subarray(0, whole.length - 10));
    expect(packets).toBe(1);
    expect(error.code).toBe("TRUNCATED");
    expect(error.offset).toBe(24 + 16 + 50);
    expect(error.message).toContain("record 2");
  });

  it("reports a record header cut short and a file header cut short", async () => {
    const whole = classicPcap([
      { seconds: 1, fraction: 0, data: new Uint8Array(4) },
      { seconds: 2, fraction: 0, data: new Uint8Array(4) },
    ]);
    const cut = await failure(whole.subarray(0, 24 + 20 + 7));
    expect([cut.packets, cut.error.code, cut.error.offset]).toEqual([1, "TRUNCATED", 44]);
    const header = await failure(whole.subarray(0, 10));
    expect([header.packets, header.error.code]).toEqual([0, "TRUNCATED"]);
    const empty = await failure(new Uint8Array(0));
    expect(empty.error.code).toBe("TRUNCATED");
  });

  it("rejects unknown magic, wrong versions and over-long records", async () => {
    expect((await failure(hexToBytes("7f454c46 00000000"))).error.code).toBe("BAD_MAGIC");
    expect((await failure(classicPcap([], { major: 3 }))).error.code).toBe("UNSUPPORTED_VERSION");
    const huge = classicPcap([{ seconds: 0, fraction: 0, data: new Uint8Array(4) }]);
    new DataView(huge.buffer).setUint32(24 + 8, 0x7fffffff, true); // a corrupt captured length
    const { error } = await failure(huge);
    expect([error.code, error.offset]).toEqual(["TOO_LARGE", 24]);
  });
});
