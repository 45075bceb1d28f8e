import { bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type CapturedPacket, readCapture } from "../src/index.js";
import { block, chunked, collectPackets, concat, epb, idb, opb, readFailure, shb, spb } from "./helpers.js";

// Odd chunk sizes, so that headers and records straddle chunks.
const collect = (file: Uint8Array, chunk = 11): Promise<CapturedPacket[]> => collectPackets(file, chunk);
const failure = (file: Uint8Array): ReturnType<typeof readFailure> => readFailure(file, 13);

/** Two interfaces: Ethernet in microseconds (default), Linux SLL2 in nanoseconds. */
function twoInterfaces(le: boolean): Uint8Array {
  return concat(
    shb(le),
    idb(1, le),
    idb(276, le, 9),
    epb(0, 1_700_000_000_123_456n, hexToBytes("aa"), le),
    epb(1, 1_700_000_001_987_654_321n, hexToBytes("bbcc"), le, 90),
    block(0x00000bad, hexToBytes("0102030405"), le), // unknown: skipped
    spb(hexToBytes("dddddd"), le),
    opb(1, 1_700_000_002_000_000_001n, hexToBytes("ee"), le),
  );
}

describe("pcapng", () => {
  it("reads a hand-written little-endian file (pinned octets)", async () => {
    const file = hexToBytes(
      // SHB: type, length 28, byte-order magic, version 1.0, section length -1, length
      "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000" +
        // IDB: Ethernet, snaplen 0, no options
        "01000000 14000000 0100 0000 00000000 14000000" +
        // EPB: interface 0, timestamp 1700000000.5 s in microseconds, 2 octets captured of 60
        // (1_700_000_000_500_000 us = 0x00060a24 1825e120: high word, then low word)
        "06000000 24000000 00000000 240a0600 20e12518 02000000 3c000000 abcd0000 24000000",
    );
    const [p, ...rest] = await collect(file, 5);
    expect(rest).toHaveLength(0);
    expect(p).toMatchObject({ number: 1, linkType: 1, seconds: 1_700_000_000, nanoseconds: 500_000_000 });
    expect(p?.originalLength).toBe(60);
    expect(bytesToHex(p!.data)).toBe("abcd");
  });

  it.each([true, false])("reads two interfaces with different link types and resolutions (le=%s)", async (le) => {
    const packets = await collect(twoInterfaces(le));
    expect(
      packets.map((p) => [p.number, p.interfaceId, p.linkType, p.seconds, p.nanoseconds, bytesToHex(p.data)]),
    ).toEqual([
      [1, 0, 1, 1_700_000_000, 123_456_000, "aa"],
      [2, 1, 276, 1_700_000_001, 987_654_321, "bbcc"],
      [3, 0, 1, 0, 0, "dddddd"],
      [4, 1, 276, 1_700_000_002, 1, "ee"],
    ]);
    expect(packets[1]?.originalLength).toBe(90);
  });

  it("honours power-of-two resolutions, millisecond resolutions and if_tsoffset", async () => {
    const file = concat(
      shb(true),
      idb(229, true, 0x80 | 10), // 2^-10 s units
      idb(229, true, 3, 1_000_000_000), // ms, plus 1e9 s offset
      epb(0, 3n * 1024n + 512n, hexToBytes("01"), true),
      epb(1, 700_000_000_250n, hexToBytes("02"), true),
    );
    const [a, b] = await collect(file);
    expect([a?.seconds, a?.nanoseconds]).toEqual([3, 500_000_000]);
    expect([b?.seconds, b?.nanoseconds]).toEqual([1_700_000_000, 250_000_000]);
  });

  it("switches byte order and forgets interfaces at each new section", async () => {
    const file = concat(
      shb(true),
      idb(1, true),
      epb(0, 0n, hexToBytes("01"), true),
      shb(false),
      idb(113, false),
      epb(0, 1_000_000n, hexToBytes("02"), false),
    );
    const packets = await collect(file);
    expect(packets.map((p) => [p.number, p.linkType, p.seconds])).toEqual([
      [1, 1, 0],
      [2, 113, 1],
    ]);
    const orphan = concat(shb(true), idb(1, true), shb(false), epb(0, 0n, hexToBytes("01"), false));
    expect((await failure(orphan)).error.code).toBe("UNKNOWN_INTERFACE");
  });

  it("reports damage after the packets before it", async () => {
    const good = concat(shb(true), idb(1, true), epb(0, 0n, hexToBytes("01"), true));
    const next = epb(0, 0n, new Uint8Array(40), true);
    const cut = await failure(concat(good, next.subarray(0, 30)));
    expect([cut.packets, cut.error.code, cut.error.offset]).toEqual([1, "TRUNCATED", good.length]);

    const badTrailer = concat(good, next);
    new DataView(badTrailer.buffer).setUint32(badTrailer.length - 4, 999, true);
    expect((await failure(badTrailer)).error.code).toBe("BAD_BLOCK_LENGTH");

    const odd = concat(good, hexToBytes("06000000 0d000000"));
    expect((await failure(odd)).error).toMatchObject({ code: "BAD_BLOCK_LENGTH", offset: good.length });

    const huge = concat(good, hexToBytes("06000000 00000010"));
    expect((await failure(huge)).error).toMatchObject({ code: "TOO_LARGE", offset: good.length });

    const badBom = shb(true);
    badBom.set(hexToBytes("00000000"), 8);
    expect((await failure(badBom)).error.code).toBe("BAD_SECTION");

    const v2 = shb(true);
    v2[12] = 2;
    expect((await failure(v2)).error.code).toBe("UNSUPPORTED_VERSION");
  });

  it("skips an unknown block larger than the record cap without buffering it", async () => {
    const big = block(0x40000bad, new Uint8Array(1024 * 1024), true);
    const file = concat(shb(true), idb(1, true), big, epb(0, 0n, hexToBytes("07"), true));
    const reader = readCapture(chunked(file, 4096), { maxRecordLength: 64 * 1024 });
    const seen: string[] = [];
    for await (const p of reader) seen.push(bytesToHex(p.data));
    expect(seen).toEqual(["07"]);
    expect(reader.format).toBe("pcapng");
    expect(reader.bufferHighWater).toBeLessThanOrEqual(64 * 1024 + 64);
  });
});
