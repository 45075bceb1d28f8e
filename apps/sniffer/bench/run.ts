/**
 * Sniffer throughput on a generated 100 MB capture, beside a baseline measured in the same run:
 *
 * - baseline: a plain streaming read of the same file (`fs.createReadStream`, 1 MiB chunks,
 *   counting octets): the I/O floor no reader can beat.
 * - read: the capture reader alone (pcap records out, nothing decoded).
 * - text / json: the whole CLI pipeline (`sniffOutput`: reader → IPv6/UDP → BVLL6 → text lines
 *   or JSON Lines as UTF-8 chunks), with the chunks counted instead of written, so the terminal
 *   is not measured.
 * - recordText / recordJson: the library's record path (`sniffBatches` → a `FrameRecord` with
 *   its decoded frame per datagram → `formatTextLine` / `formatJsonLine`), the same lines as
 *   strings.
 *
 * The capture (classic pcap, raw IPv6) cycles through the demo's frames (all 13 functions,
 * 55–77-octet packets), about 1.3 million packets. It is generated into os.tmpdir() and deleted
 * afterwards, also on failure. Each side runs 3 times; the median is reported (the first pass
 * also warms the page cache, so all sides read from memory).
 * Run from the package directory: `npx tsx bench/run.ts`. The last line of stdout is the JSON result.
 */
import { createReadStream, mkdtempSync, openSync, closeSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blackhole, consume, summarize } from "../../../bench/harness.js";
import {
  demoDatagrams,
  demoPacket,
  formatJsonLine,
  formatTextLine,
  pcapHeader,
  pcapRecord,
  readCapture,
  sniffBatches,
  sniffOutput,
} from "../src/index.js";

const TARGET_OCTETS = 100_000_000;
const RUNS = 3;
const CHUNK = 1024 * 1024;

function generate(file: string): { octets: number; packets: number } {
  const records = demoDatagrams().map((d, i) =>
    pcapRecord({ seconds: 1_700_000_000, microseconds: i, data: demoPacket(d) }),
  );
  const fd = openSync(file, "w");
  try {
    writeSync(fd, pcapHeader());
    let octets = 24;
    let packets = 0;
    const block = new Uint8Array(4 * CHUNK);
    while (octets < TARGET_OCTETS) {
      const room = Math.min(block.length, TARGET_OCTETS - octets);
      let used = 0;
      for (;;) {
        const r = records[packets % records.length] as Uint8Array;
        if (used + r.length > room) break;
        block.set(r, used);
        used += r.length;
        packets++;
      }
      if (used === 0) break;
      writeSync(fd, block, 0, used);
      octets += used;
    }
    return { octets, packets };
  } finally {
    closeSync(fd);
  }
}

async function baseline(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) n += (chunk as Buffer).length;
  return n;
}

async function readOnly(file: string): Promise<number> {
  let n = 0;
  for await (const batch of readCapture(createReadStream(file, { highWaterMark: CHUNK })).batches()) {
    for (const p of batch) n += p.data.length;
  }
  return n;
}

async function pipeline(file: string, json: boolean): Promise<number> {
  let n = 0;
  for await (const chunk of sniffOutput(readCapture(createReadStream(file, { highWaterMark: CHUNK })), { json })) {
    n += chunk.length;
  }
  return n;
}

async function records(file: string, json: boolean): Promise<number> {
  const format = json ? formatJsonLine : formatTextLine;
  let n = 0;
  for await (const batch of sniffBatches(readCapture(createReadStream(file, { highWaterMark: CHUNK })))) {
    for (const r of batch) n += format(r).length;
  }
  return n;
}

async function timed(body: () => Promise<number>, octets: number): Promise<{ mbps: number; spread: number }> {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    consume(await body());
    const seconds = (performance.now() - t0) / 1000;
    rates.push(octets / seconds);
  }
  const { opsPerSecond, spread } = summarize(rates);
  return { mbps: Number((opsPerSecond / 1e6).toFixed(1)), spread };
}

const dir = mkdtempSync(join(tmpdir(), "bip6-sniff-bench-"));
try {
  const file = join(dir, "capture.pcap");
  const { octets, packets } = generate(file);
  if (statSync(file).size !== octets) throw new Error("bench setup: capture size mismatch");
  console.error(`generated ${(octets / 1e6).toFixed(1)} MB, ${packets.toLocaleString("en-US")} packets in ${dir}`);
  if ((await baseline(file)) !== octets) throw new Error("bench setup: baseline read a different size");
  const base = await timed(() => baseline(file), octets);
  const read = await timed(() => readOnly(file), octets);
  const text = await timed(() => pipeline(file, false), octets);
  const json = await timed(() => pipeline(file, true), octets);
  const recordText = await timed(() => records(file, false), octets);
  const recordJson = await timed(() => records(file, true), octets);
  const ratio = (m: { mbps: number }): number => Number((m.mbps / base.mbps).toFixed(3));
  const result = {
    captureOctets: octets,
    packets,
    baselineMBps: base.mbps,
    readerMBps: read.mbps,
    readerRatio: ratio(read),
    textMBps: text.mbps,
    textRatio: ratio(text),
    jsonMBps: json.mbps,
    jsonRatio: ratio(json),
    textPacketsPerSecond: Math.round((packets * text.mbps * 1e6) / octets),
    recordTextMBps: recordText.mbps,
    recordTextRatio: ratio(recordText),
    recordJsonMBps: recordJson.mbps,
    recordJsonRatio: ratio(recordJson),
    spreads: {
      baseline: base.spread,
      reader: read.spread,
      text: text.spread,
      json: json.spread,
      recordText: recordText.spread,
      recordJson: recordJson.spread,
    },
  };
  console.error(`baseline createReadStream: ${base.mbps} MB/s`);
  console.error(`capture reader only:       ${read.mbps} MB/s (ratio ${result.readerRatio})`);
  console.error(
    `sniff -> text lines:       ${text.mbps} MB/s (ratio ${result.textRatio}), ${result.textPacketsPerSecond.toLocaleString("en-US")} packets/s`,
  );
  console.error(`sniff -> JSON Lines:       ${json.mbps} MB/s (ratio ${result.jsonRatio})`);
  console.error(`records -> text lines:     ${recordText.mbps} MB/s (ratio ${result.recordTextRatio})`);
  console.error(`records -> JSON Lines:     ${recordJson.mbps} MB/s (ratio ${result.recordJsonRatio})`);
  if (blackhole === 0.5) console.error("");
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
