import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_RECORD_LENGTH, emptyStats, pcapHeader, pcapRecord, readCapture, sniff } from "../src/index.js";
import { bacnetPacket } from "./helpers.js";

const record = pcapRecord({
  seconds: 1,
  microseconds: 0,
  data: bacnetPacket({ kind: "OriginalBroadcastNpdu", sourceVmac: 7, npdu: new Uint8Array(50).fill(1) }),
});

/**
 * A capture generated on demand, chunk by chunk (odd-sized chunks so that records straddle
 * them), reporting how many octets it has produced so far.
 */
function lazyCapture(records: number, chunkSize: number, produced: { octets: number }): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let pending: Uint8Array = pcapHeader();
      let made = 0;
      while (made < records || pending.length > 0) {
        while (pending.length < chunkSize && made < records) {
          const next = new Uint8Array(pending.length + record.length);
          next.set(pending);
          next.set(record, pending.length);
          pending = next;
          made++;
        }
        const chunk = pending.slice(0, chunkSize);
        pending = pending.slice(chunk.length);
        produced.octets += chunk.length;
        yield chunk;
      }
    },
  };
}

describe("bounded memory", () => {
  it("streams 100 000 packets without reading ahead or growing its buffer", async () => {
    const produced = { octets: 0 };
    const chunkSize = 1009;
    const reader = readCapture(lazyCapture(100_000, chunkSize, produced));
    const stats = emptyStats();
    let frames = 0;
    let maxLead = 0;
    for await (const r of sniff(reader, { stats })) {
      frames++;
      // The source is never more than one chunk ahead of what the reader has consumed.
      maxLead = Math.max(maxLead, produced.octets - reader.offset);
      if (r.frame?.kind !== "OriginalBroadcastNpdu") throw new Error(`frame ${r.number}: ${r.error?.message}`);
    }
    expect(frames).toBe(100_000);
    expect(stats.packets).toBe(100_000);
    expect(produced.octets).toBe(24 + 100_000 * record.length);
    expect(maxLead).toBeLessThanOrEqual(chunkSize);
    // Records straddling chunks were assembled, in a buffer no larger than its minimum size.
    expect(reader.bufferHighWater).toBeGreaterThan(0);
    expect(reader.bufferHighWater).toBeLessThanOrEqual(4096);
  });

  it("assembles a record as large as the cap in a buffer no larger than the cap", async () => {
    const big = pcapRecord({ seconds: 0, microseconds: 0, data: new Uint8Array(DEFAULT_MAX_RECORD_LENGTH).fill(3) });
    const file = new Uint8Array(24 + big.length * 3);
    file.set(pcapHeader());
    for (let i = 0; i < 3; i++) file.set(big, 24 + i * big.length);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let o = 0; o < file.length; o += 65_521) yield file.slice(o, o + 65_521);
    }
    const reader = readCapture(chunks());
    let n = 0;
    for await (const p of reader) {
      expect(p.data.length).toBe(DEFAULT_MAX_RECORD_LENGTH);
      expect(p.data.every((b) => b === 3)).toBe(true);
      n++;
    }
    expect(n).toBe(3);
    expect(reader.bufferHighWater).toBeLessThanOrEqual(DEFAULT_MAX_RECORD_LENGTH + 64);
  });
});
