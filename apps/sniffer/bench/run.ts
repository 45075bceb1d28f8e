/**
 * bip6-sniff beside tshark, in the same run, on the same generated 100 MB capture of a
 * BACnet/IPv6 site (bench/site/traffic.ts: Who-Is, I-Am, ReadProperty and its ACK, relays,
 * registrations — every frame decoded to the APDU by both):
 *
 * - CLI against CLI, as processes, output written to a file and counted afterwards (a pipe
 *   read here would time this process's reading, not the tool): `bip6-sniff -r` vs
 *   `tshark -n -r` (text lines), `--json` vs `tshark -T ek`, `-T fields` vs `-T fields` with
 *   the same `-e` fields, and both text and fields again with the same `-Y` filter. The ratio
 *   is tshark's time over bip6-sniff's (higher is better for bip6-sniff). Each side's line
 *   counts must agree, so both did the same work.
 * - Peak resident memory (`/usr/bin/time -f %M`) of both at 10 MB and 100 MB: bip6-sniff's
 *   stays flat in the capture size, tshark keeps state per frame.
 * - In process, against a plain streaming read of the file (the I/O floor): the capture
 *   reader alone, the CLI pipeline (`sniffOutput`) as text and JSON Lines, and the record
 *   path (`sniffBatches` + `formatTextLine` / `formatJsonLine`).
 *
 * tshark missing → the comparisons are left out and the result says so (a bench, not a test).
 * Each measurement runs RUNS times (default 3, `SNIFF_BENCH_RUNS`); medians and spreads are
 * reported. The captures live in os.tmpdir() and are deleted afterwards, also on failure.
 * Run from the package directory: `npx tsx bench/run.ts`. The last line of stdout is the JSON result.
 */
import { spawn } from "node:child_process";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { blackhole, consume, summarize } from "../../../bench/harness.js";
import { formatJsonLine, formatTextLine, pcapHeader, readCapture, sniffBatches, sniffOutput } from "../src/index.js";
import { sitePackets } from "./site/traffic.js";

const LARGE = Number(process.env.SNIFF_BENCH_MB ?? 100) * 1_000_000;
const SMALL = 10_000_000;
const RUNS = Number(process.env.SNIFF_BENCH_RUNS ?? 3);
const CHUNK = 1024 * 1024;
const TSHARK = process.env.BIP6_TSHARK ?? "/usr/bin/tshark";
const TIME = "/usr/bin/time";
const here = fileURLToPath(new URL("..", import.meta.url));
const built = join(here, "dist", "cli.js");
/** bip6-sniff as users run it: the built CLI, else the sources through tsx. */
const SNIFF = existsSync(built)
  ? [process.execPath, built]
  : [process.execPath, "--conditions=@bip6/source", "--import", "tsx", join(here, "src", "cli.ts")];

const FIELDS = [
  "frame.number",
  "ipv6.src",
  "bvlc.function_ipv6",
  "bvlc.virtual_source",
  "bacapp.type",
  "bacapp.confirmed_service",
  "bacapp.unconfirmed_service",
].flatMap((f) => ["-e", f]);
/** ReadProperty requests and ACKs. */
const FILTER_TEXT = "bacapp.confirmed_service == 12";
/** I-Am relayed to the foreign devices. */
const FILTER_FIELDS = "bvlc.function_ipv6 == 0x08 && bacapp.unconfirmed_service == 0";

function generate(file: string, target: number): { octets: number; packets: number } {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, pcapHeader());
    let octets = 24;
    let packets = 0;
    const block = new Uint8Array(4 * CHUNK);
    const view = new DataView(block.buffer);
    let used = 0;
    for (const p of sitePackets()) {
      const size = 16 + p.data.length;
      if (octets + used + size > target) break;
      if (used + size > block.length) {
        writeSync(fd, block, 0, used);
        octets += used;
        used = 0;
      }
      view.setUint32(used, 1_700_000_000 + Math.floor(p.microseconds / 1e6), true);
      view.setUint32(used + 4, p.microseconds % 1e6, true);
      view.setUint32(used + 8, p.data.length, true);
      view.setUint32(used + 12, p.data.length, true);
      block.set(p.data, used + 16);
      used += size;
      packets++;
    }
    writeSync(fd, block, 0, used);
    octets += used;
    return { octets, packets };
  } finally {
    closeSync(fd);
  }
}

/** A process run: wall seconds, peak RSS in KiB (when /usr/bin/time exists), lines and octets it printed. */
interface ProcessRun {
  seconds: number;
  rssKiB: number | undefined;
  lines: number;
  octets: number;
}

/**
 * Runs `argv` with its standard output going to a file in `dir`, then counts what it wrote. A
 * file, not a pipe read by this process: reading and counting a pipe here costs this process
 * more than bip6-sniff takes to write it, which would time the bench instead of the tool.
 */
function runProcess(argv: readonly string[]): Promise<ProcessRun> {
  const timed = existsSync(TIME);
  const [cmd, ...args] = timed ? [TIME, "-f", "%M", ...argv] : argv;
  const outFile = join(dir, "out.txt");
  const out = openSync(outFile, "w");
  return new Promise<ProcessRun>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd as string, args, { stdio: ["ignore", out, "pipe"] });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4096)));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) {
        reject(new Error(`${argv.join(" ")} exited with ${String(code)}: ${stderr}`));
        return;
      }
      const last = stderr.trim().split("\n").at(-1) ?? "";
      const { lines, octets } = countLines(outFile);
      resolve({ seconds, rssKiB: timed && /^\d+$/.test(last) ? Number(last) : undefined, lines, octets });
    });
  }).finally(() => {
    closeSync(out);
    rmSync(outFile, { force: true });
  });
}

/** Lines and octets of a file, read in 1 MiB pieces (outside the timing). */
function countLines(file: string): { lines: number; octets: number } {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    let lines = 0;
    let octets = 0;
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      octets += n;
      const piece = n === buf.length ? buf : buf.subarray(0, n);
      for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) lines++;
    }
    return { lines, octets };
  } finally {
    closeSync(fd);
  }
}

interface Side {
  seconds: number;
  spread: number;
  mbps: number;
  rssMiB: number | undefined;
  lines: number;
}

async function side(argv: readonly string[], octets: number): Promise<Side> {
  const runs: ProcessRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runProcess(argv));
  // summarize() rounds rates to integers: give it millirates so seconds keep their precision.
  const { opsPerSecond, spread } = summarize(runs.map((r) => 1e6 / r.seconds));
  const seconds = 1e6 / opsPerSecond;
  const rss = runs.map((r) => r.rssKiB).filter((r): r is number => r !== undefined);
  return {
    seconds: Number(seconds.toFixed(3)),
    spread,
    mbps: Number((octets / seconds / 1e6).toFixed(1)),
    rssMiB: rss.length > 0 ? Number((Math.max(...rss) / 1024).toFixed(1)) : undefined,
    lines: runs[0]?.lines ?? 0,
  };
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
    rates.push(octets / ((performance.now() - t0) / 1000));
  }
  const { opsPerSecond, spread } = summarize(rates);
  return { mbps: Number((opsPerSecond / 1e6).toFixed(1)), spread };
}

const dir = mkdtempSync(join(tmpdir(), "bip6-sniff-bench-"));
try {
  const file = join(dir, "capture.pcap");
  const small = join(dir, "small.pcap");
  const { octets, packets } = generate(file, LARGE);
  const smallSize = generate(small, SMALL);
  if (statSync(file).size !== octets) throw new Error("bench setup: capture size mismatch");
  console.error(`generated ${(octets / 1e6).toFixed(1)} MB, ${packets.toLocaleString("en-US")} packets in ${dir}`);

  const hasTshark = existsSync(TSHARK);
  const modes = [
    { name: "text", ours: ["-r", file], theirs: ["-n", "-r", file] },
    { name: "json", ours: ["-r", file, "--json"], theirs: ["-n", "-r", file, "-T", "ek"] },
    {
      name: "fields",
      ours: ["-r", file, "-T", "fields", ...FIELDS],
      theirs: ["-n", "-r", file, "-T", "fields", ...FIELDS],
    },
    { name: "textFiltered", ours: ["-r", file, "-Y", FILTER_TEXT], theirs: ["-n", "-r", file, "-Y", FILTER_TEXT] },
    {
      name: "fieldsFiltered",
      ours: ["-r", file, "-T", "fields", ...FIELDS, "-Y", FILTER_FIELDS],
      theirs: ["-n", "-r", file, "-T", "fields", ...FIELDS, "-Y", FILTER_FIELDS],
    },
  ];
  const versus: Record<string, unknown> = {};
  for (const m of modes) {
    const ours = await side([...SNIFF, ...m.ours], octets);
    console.error(
      `bip6-sniff ${m.name}: ${ours.seconds} s, ${ours.mbps} MB/s, ${ours.rssMiB} MiB, ${ours.lines} lines`,
    );
    if (!hasTshark) {
      versus[m.name] = { bip6sniff: ours };
      continue;
    }
    const theirs = await side([TSHARK, ...m.theirs], octets);
    console.error(
      `tshark     ${m.name}: ${theirs.seconds} s, ${theirs.mbps} MB/s, ${theirs.rssMiB} MiB, ${theirs.lines} lines`,
    );
    // Same work: a line per frame (text, fields), two per frame for ek, the same frames filtered.
    const expected = m.name === "json" ? theirs.lines / 2 : theirs.lines;
    if (ours.lines !== expected)
      throw new Error(`bench ${m.name}: bip6-sniff printed ${ours.lines} lines, tshark ${theirs.lines}`);
    const ratio = Number((theirs.seconds / ours.seconds).toFixed(2));
    console.error(`ratio      ${m.name}: ${ratio}x tshark`);
    versus[m.name] = { bip6sniff: ours, tshark: theirs, ratio };
  }

  // Memory in the capture's size: both at 10 MB and at 100 MB (text mode).
  const memory: Record<string, unknown> = {};
  const ours10 = await runProcess([...SNIFF, "-r", small]);
  const ours100 = await runProcess([...SNIFF, "-r", file]);
  memory.bip6sniff = { rssMiB10MB: kib(ours10.rssKiB), rssMiB100MB: kib(ours100.rssKiB) };
  if (hasTshark) {
    const t10 = await runProcess([TSHARK, "-n", "-r", small]);
    const t100 = await runProcess([TSHARK, "-n", "-r", file]);
    memory.tshark = { rssMiB10MB: kib(t10.rssKiB), rssMiB100MB: kib(t100.rssKiB) };
  }
  console.error(`memory: ${JSON.stringify(memory)}`);

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
    smallCaptureOctets: smallSize.octets,
    runs: RUNS,
    cli: SNIFF.slice(1).join(" ").replace(here, ""),
    tshark: hasTshark ? TSHARK : "not found: comparisons left out (apt-get install tshark)",
    versusTshark: versus,
    memory,
    inProcess: {
      baselineMBps: base.mbps,
      readerMBps: read.mbps,
      readerRatio: ratio(read),
      textMBps: text.mbps,
      textRatio: ratio(text),
      jsonMBps: json.mbps,
      jsonRatio: ratio(json),
      textPacketsPerSecond: Math.round((packets * text.mbps * 1e6) / octets),
      recordTextMBps: recordText.mbps,
      recordJsonMBps: recordJson.mbps,
      spreads: {
        baseline: base.spread,
        reader: read.spread,
        text: text.spread,
        json: json.spread,
        recordText: recordText.spread,
        recordJson: recordJson.spread,
      },
    },
  };
  console.error(`in process: ${JSON.stringify(result.inProcess)}`);
  if (blackhole === 0.5) console.error("");
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function kib(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Number((v / 1024).toFixed(1));
}
