import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  emptyStats,
  formatJsonLine,
  formatTextLine,
  ipv6UdpPacket,
  readCapture,
  sniffBatches,
  sniffOutput,
  type SniffStats,
} from "../src/index.js";
import { bacnetPacket, chunked, classicPcap, type Rec } from "./helpers.js";

/** Smallest length per function code 0x00-0x0C (annex-u.md §2). */
const MIN = [9, 10, 7, 10, 28, 10, 7, 10, 25, 9, 25, 4, 7];

const ip = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  fc.constantFrom(
    Uint8Array.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    Uint8Array.from([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xba, 0xc0]),
    Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]),
    new Uint8Array(16),
  ),
);

/** A BVLL6 datagram: mostly well-formed for its function, sometimes broken in one way. */
const datagram = fc
  .record({
    fn: fc.oneof(fc.integer({ min: 0, max: 0x0c }), fc.integer({ min: 0, max: 255 })),
    extra: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -12, max: 40 })),
    fill: fc.uint8Array({ minLength: 80, maxLength: 80 }),
    breakage: fc.constantFrom("none", "none", "none", "type", "length"),
  })
  .map(({ fn, extra, fill, breakage }) => {
    const n = Math.max(0, (MIN[fn] ?? 4) + extra);
    const d = fill.slice(0, Math.min(n, fill.length));
    if (d.length > 0) d[0] = breakage === "type" ? 0x81 : 0x82;
    if (d.length > 1) d[1] = fn;
    if (d.length > 3) {
      const declared = breakage === "length" ? d.length + 1 : d.length;
      d[2] = declared >> 8;
      d[3] = declared & 0xff;
    }
    return d;
  });

const packet = fc
  .record({
    source: ip,
    destination: ip,
    sourcePort: fc.constantFrom(47808, 47809, 1234),
    destinationPort: fc.constantFrom(47808, 47808, 53),
    payload: datagram,
    seconds: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    microseconds: fc.integer({ min: 0, max: 999_999 }),
    cut: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 70 })),
    junk: fc.boolean(),
  })
  .map((p): Rec => {
    const full = p.junk
      ? Uint8Array.from([0x45, 0, 0, 20])
      : ipv6UdpPacket({
          sourceIp: p.source,
          sourcePort: p.sourcePort,
          destinationIp: p.destination,
          destinationPort: p.destinationPort,
          payload: p.payload,
        });
    const data = full.subarray(0, Math.max(0, full.length - p.cut));
    return { seconds: p.seconds, fraction: p.microseconds, data, originalLength: full.length };
  });

/** The record path: `count` packets read at most (as -c), and a consumer that stops after `maxLines` lines. */
async function viaRecords(
  file: Uint8Array,
  chunk: number,
  json: boolean,
  count: number | undefined,
  maxLines = Infinity,
): Promise<{ text: string; stats: SniffStats }> {
  const stats = emptyStats();
  const format = json ? formatJsonLine : formatTextLine;
  let text = "";
  let printed = 0;
  outer: for await (const batch of sniffBatches(readCapture(chunked(file, chunk)), { stats, count })) {
    for (const r of batch) {
      text += format(r) + "\n";
      if (++printed === maxLines) break outer;
    }
  }
  return { text, stats };
}

/** sniffOutput's chunks, all of them or (`stopAfter`) only that many before the consumer stops. */
async function viaOutput(
  file: Uint8Array,
  chunk: number,
  json: boolean,
  count: number | undefined,
  chunkOctets: number,
  stopAfter = Infinity,
): Promise<{ text: string; stats: SniffStats; chunks: string[] }> {
  const stats = emptyStats();
  const chunks: string[] = [];
  for await (const c of sniffOutput(readCapture(chunked(file, chunk)), { stats, json, count, chunkOctets })) {
    chunks.push(new TextDecoder("utf-8", { fatal: true }).decode(c));
    if (chunks.length >= stopAfter) break;
  }
  return { text: chunks.join(""), stats, chunks };
}

const lineCount = (text: string): number => text.split("\n").length - 1;

describe("sniffOutput", () => {
  it("writes exactly the record path's lines and counts the same, for any capture", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(packet, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
        fc.integer({ min: 7, max: 3000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 4 }),
        async (records, json, count, chunk, chunkOctets, stopAfter) => {
          const file = classicPcap(records);
          const want = await viaRecords(file, chunk, json, count);
          const got = await viaOutput(file, chunk, json, count, chunkOctets);
          expect(got.text).toBe(want.text);
          expect(got.stats).toEqual(want.stats);
          // Chunks end on line boundaries, so a consumer may decode them one by one.
          for (const c of got.chunks) expect(c.endsWith("\n")).toBe(true);
          // A consumer that stops between chunks (a closed pipe) leaves the counters as a record
          // consumer that stops after the same lines does.
          if (stopAfter < got.chunks.length) {
            const early = await viaOutput(file, chunk, json, count, chunkOctets, stopAfter);
            const wantEarly = await viaRecords(file, chunk, json, count, lineCount(early.text));
            expect(early.text).toBe(wantEarly.text);
            expect(early.stats).toEqual(wantEarly.stats);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("prints a well-formed Forwarded-NPDU line from the octets (pinned)", async () => {
    const payload = Uint8Array.from([
      0x82,
      0x08,
      0x00,
      0x1d,
      0x00,
      0x04,
      0xd2,
      ...[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07],
      0xba,
      0xc1,
      // Who-Is: NPDU version 1, control 0; Unconfirmed-Request, service 8.
      0x01,
      0x00,
      0x10,
      0x08,
    ]);
    const data = ipv6UdpPacket({
      sourceIp: Uint8Array.from([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      sourcePort: 47808,
      destinationIp: Uint8Array.from([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xba, 0xc0]),
      destinationPort: 47808,
      payload,
    });
    const file = classicPcap([
      { seconds: 10, fraction: 0, data },
      { seconds: 11, fraction: 1234, data },
    ]);
    const text = (await viaOutput(file, 4096, false, undefined, 65536)).text;
    expect(text).toBe(
      "   1   0.000000 [fd00::1]:47808 \u2192 [ff02::bac0]:47808 Forwarded-NPDU src 0004d2 orig [2001:db8::7]:47809 Who-Is\n" +
        "   2   1.001234 [fd00::1]:47808 \u2192 [ff02::bac0]:47808 Forwarded-NPDU src 0004d2 orig [2001:db8::7]:47809 Who-Is\n",
    );
    const json = (await viaOutput(file, 4096, true, 1, 65536)).text;
    expect(json).toBe(
      '{"frame.number":1,"frame.time_epoch":10,"frame.len":77,"ipv6.src":"fd00::1","ipv6.dst":"ff02::bac0",' +
        '"udp.srcport":47808,"udp.dstport":47808,"bvlc.type":130,"bvlc.function_ipv6":8,"bvlc.virtual_source":1234,' +
        '"bvlc.orig_source_addr":"2001:db8::7","bvlc.orig_source_port":47809,"bacnet.version":1,"bacnet.control":0,' +
        '"bacnet.control_net":false,"bacnet.control_res1":false,"bacnet.control_dest":false,"bacnet.control_res2":false,' +
        '"bacnet.control_src":false,"bacnet.control_expect":false,"bacnet.control_prio_high":false,"bacnet.control_prio_low":false,' +
        '"bacapp.type":1,"bacapp.unconfirmed_service":8}\n',
    );
  });

  it("ends every input batch in a chunk when onShown is set, also an empty one (-q -w holds at most a batch)", async () => {
    const record: Rec = {
      seconds: 1,
      fraction: 0,
      data: bacnetPacket({ kind: "VirtualAddressResolution", sourceVmac: 42 }),
    };
    const file = classicPcap(Array.from({ length: 40 }, () => record));
    let batches = 0;
    for await (const _ of readCapture(chunked(file, 200)).batches()) batches++;
    let shown = 0;
    const seen: number[] = [];
    for await (const c of sniffOutput(readCapture(chunked(file, 200)), { format: "none", onShown: () => shown++ })) {
      seen.push(shown);
      expect(c.length).toBe(0);
    }
    expect(batches).toBeGreaterThan(5);
    expect(seen).toHaveLength(batches);
    expect(seen.at(-1)).toBe(40);
  });
});
