/**
 * The whole CLI with injectable streams and process access: parses the command line, opens
 * the input (file, standard input, live capture, listener, demo), runs the pipeline and prints
 * statistics. Node-only; the browser-safe library is everything it calls.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { networkInterfaces } from "node:os";
import type { Writable } from "node:stream";
import { Analyzer } from "../analysis/analyzer.js";
import { formatReport } from "../analysis/report.js";
import { type CliOptions, parseCli } from "../cli/parse.js";
import { USAGE } from "../cli/usage.js";
import { CaptureError, UsageError } from "../errors.js";
import { ALIAS_FIELDS, BIP6_FIELDS } from "../fields/lookup.js";
import { OWN_FIELDS } from "../fields/own.js";
import { compileFilter, type CompiledFilter } from "../filter/compile.js";
import { DisplayFilterError, filterErrorText } from "../filter/errors.js";
import { fieldsFormatter } from "../output/fields.js";
import { CaptureReader } from "../pcap/reader.js";
import { CaptureWriter, type WriteFormat } from "../pcap/writer.js";
import { emptyStats, type PacketSource } from "../sniff.js";
import { sniffOutput } from "../sniff-output.js";
import { FdWriter } from "./fd-writer.js";
import { readFileChunks } from "./file-chunks.js";
import { LineWriter } from "./line-writer.js";
import {
  captureFailure,
  type CaptureTool,
  findCaptureTool,
  type LiveCapture,
  noToolMessage,
  startLiveCapture,
} from "./live.js";
import { DemoError, type DemoNetwork, startDemo } from "./demo/network.js";
import { type Listener, startListening } from "./listen.js";

/** Version printed by `--version` (kept equal to package.json by a test). */
export const VERSION = "0.0.0";

/** Exit statuses of the CLI. */
export const ExitCode = {
  Ok: 0,
  /** The capture is damaged or unreadable, the capture tool failed, or output could not be written. */
  CaptureDamaged: 1,
  /** Bad command line. */
  Usage: 2,
} as const;

/** The streams, files and process facts {@link run} uses, injectable for tests. */
export interface RunIo {
  readonly stdin: AsyncIterable<Uint8Array>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /**
   * Writes the frames and statistics straight to this file descriptor, with synchronous writes
   * of large blocks, instead of to `stdout` (which then only gets `--help`, `--version` and
   * lists): the CLI passes its standard output's, which is faster than a stream and needs no
   * copies. Leave it out to get everything on `stdout`.
   */
  readonly stdoutFd?: number;
  /** Opens a capture file for streaming (default: 1 MiB chunks read into two reused buffers). */
  readonly openFile?: (path: string) => AsyncIterable<Uint8Array>;
  /** Opens the `-w` file (default: `fs.createWriteStream`). */
  readonly createFile?: (path: string) => Writable;
  /** PATH to look for dumpcap and tcpdump in (default: the process's). */
  readonly path?: string;
  /** Aborted on SIGINT/SIGTERM: live capture and listen stop, the summary is still printed. */
  readonly signal?: AbortSignal;
}

/** `-G fields`: every field `-Y` and `-e` know, one per line. */
function fieldList(): string {
  const lines = OWN_FIELDS.map((f) => `${f.name}\t${f.layer}`);
  for (const [name, parts] of ALIAS_FIELDS)
    lines.push(`${name}\t${name.split(".")[0] as string}\teither of ${parts.join(", ")}`);
  for (const [name, what] of BIP6_FIELDS) lines.push(`${name}\tbip6\t${what}`);
  lines.push("bacnet.*\tbacnet\tthe BACnet decoder's NPDU fields, named as tshark's");
  lines.push("bacapp.*\tbacapp\tthe BACnet decoder's APDU fields, named as tshark's");
  return `${lines.join("\n")}\n`;
}

/** `-D`: the capture tool's list, else the interfaces the system reports. */
async function listInterfaces(io: RunIo, tool: CaptureTool | undefined): Promise<number> {
  if (tool !== undefined) {
    const child = spawn(tool.path, ["-D"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      child.on("error", () => resolve(1));
      child.on("close", resolve);
    });
    if (code === 0) {
      io.stdout.write(out);
      return ExitCode.Ok;
    }
    io.stderr.write(`bip6-sniff: -D: ${captureFailure(tool, "?", err, code)}\n`);
    return ExitCode.CaptureDamaged;
  }
  const names = Object.keys(networkInterfaces());
  io.stdout.write(names.map((n, i) => `${i + 1}. ${n}`).join("\n") + "\n");
  io.stderr.write(
    "bip6-sniff: note: no dumpcap or tcpdump on PATH: listed from the system; live capture needs one, listen does not\n",
  );
  return ExitCode.Ok;
}

/**
 * The whole CLI with injectable streams: parses `argv`, reads the input, prints frames as
 * asked and the statistics, and returns the exit status (see {@link ExitCode}).
 */
export async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const err = (text: string): void => {
    io.stderr.write(`bip6-sniff: ${text}\n`);
  };
  let options: CliOptions;
  let filter: CompiledFilter | undefined;
  try {
    options = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message} (see bip6-sniff --help)`);
    return ExitCode.Usage;
  }
  try {
    if (options.displayFilter !== undefined) filter = compileFilter(options.displayFilter);
    if (options.fields !== undefined) fieldsFormatter(options.fields);
  } catch (e) {
    if (e instanceof DisplayFilterError) err(`-Y: ${filterErrorText(options.displayFilter as string, e)}`);
    else err(`-e: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.Usage;
  }
  switch (options.command) {
    case "help":
      io.stdout.write(USAGE);
      return ExitCode.Ok;
    case "version":
      io.stdout.write(`bip6-sniff ${VERSION}\n`);
      return ExitCode.Ok;
    case "list-fields":
      io.stdout.write(fieldList());
      return ExitCode.Ok;
    case "list-interfaces":
      return listInterfaces(io, findCaptureTool(io.path ?? process.env.PATH));
    default:
      break;
  }

  // The analysis runs when its results are asked for, or shown (-V, -T json), or filtered on.
  const names = [...(filter?.fields ?? []), ...(options.fields?.fields ?? [])];
  const analyzer =
    options.statistics.length > 0 ||
    options.detail ||
    options.format === "json" ||
    names.some((n) => n === "bip6" || n === "bip6.finding")
      ? new Analyzer()
      : undefined;

  let source: PacketSource;
  let reader: CaptureReader | undefined;
  let name: string;
  let live: LiveCapture | undefined;
  let tool: CaptureTool | undefined;
  let listener: Listener | undefined;
  let demo: DemoNetwork | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stops: (() => void)[] = [];
  const onAbort = (): void => {
    for (const stop of stops) stop();
  };
  io.signal?.addEventListener("abort", onAbort, { once: true });

  if (options.command === "demo") {
    try {
      demo = await startDemo();
    } catch (e) {
      err(`demo: ${e instanceof Error ? e.message : String(e)}`);
      return ExitCode.CaptureDamaged;
    }
    const d = demo;
    stops.push(() => void d.stop());
    err(`demo: ${d.description}`);
    source = d.packets;
    name = "the demo network";
  } else if (options.command === "live") {
    const iface = options.interface as string;
    tool = findCaptureTool(io.path ?? process.env.PATH);
    if (tool === undefined) {
      err(noToolMessage(iface));
      return ExitCode.CaptureDamaged;
    }
    live = startLiveCapture(tool, iface, options.captureFilter);
    stops.push(live.stop);
    err(`capturing on ${iface} with ${tool.name}, filter "${options.captureFilter}"`);
    reader = new CaptureReader(live.stream);
    name = `${tool.name} on ${iface}`;
  } else if (options.command === "listen") {
    try {
      listener = await startListening({
        interface: options.interface as string,
        port: options.ports[0] as number,
        scopes: options.scopes,
      });
    } catch (e) {
      err(`listen: ${e instanceof Error ? e.message : String(e)}`);
      return ExitCode.CaptureDamaged;
    }
    const l = listener;
    stops.push(() => void l.close());
    err(`listen: ${l.description}`);
    source = l.packets;
    name = `listen on ${options.interface as string}`;
  } else if (options.input === "-") {
    reader = new CaptureReader(io.stdin);
    name = "standard input";
  } else {
    const path = options.input as string;
    reader = new CaptureReader((io.openFile ?? ((p: string) => readFileChunks(p)))(path));
    name = path;
  }
  if (reader !== undefined) {
    const r = reader;
    stops.push(() => void r.close());
    source = r;
  }
  if (options.durationSeconds !== undefined) timer = setTimeout(onAbort, options.durationSeconds * 1000);
  if (io.signal?.aborted === true) onAbort();

  const stats = emptyStats();
  // Straight to the descriptor when there is one: chunks are then views of one reused buffer.
  const out = io.stdoutFd !== undefined ? new FdWriter(io.stdoutFd) : new LineWriter(io.stdout);
  const outputChunk = io.stdoutFd !== undefined ? 256 * 1024 : undefined;
  let writer: CaptureWriter | undefined;
  let file: LineWriter | undefined;
  let fileStream: Writable | undefined;
  const pendingWrites: Uint8Array[] = [];
  // -w keeps the input's container format (known once its first octets are read) unless -F says.
  const writeFormat = (): WriteFormat => options.writeFormat ?? reader?.format ?? "pcap";
  if (options.write !== undefined) {
    try {
      fileStream = (io.createFile ?? ((p: string) => createWriteStream(p)))(options.write);
      file = new LineWriter(fileStream);
    } catch (e) {
      err(`cannot write ${options.write}: ${e instanceof Error ? e.message : String(e)}`);
      return ExitCode.CaptureDamaged;
    }
  }
  let status: number = ExitCode.Ok;
  try {
    const chunks = sniffOutput(source!, {
      ports: demo?.ports ?? options.ports,
      stats,
      count: options.count,
      format: options.format,
      detail: options.detail,
      hex: options.hex,
      printSummary: options.printSummary,
      time: options.time,
      fields: options.fields,
      filter,
      analyzer,
      chunkOctets: outputChunk,
      reuseChunks: io.stdoutFd !== undefined,
      onShown:
        file === undefined
          ? undefined
          : (frame) => {
              writer ??= new CaptureWriter(writeFormat());
              const bytes = writer.packet(frame.packet);
              if (bytes !== undefined) pendingWrites.push(bytes);
            },
    });
    for await (const chunk of chunks) {
      await out.write(chunk);
      if (file !== undefined) for (const b of pendingWrites.splice(0)) await file.write(b);
      if (out.broken) break;
    }
  } catch (e) {
    status = ExitCode.CaptureDamaged;
    if (e instanceof CaptureError) {
      // A live capture stopped by a signal may end inside a record: that is the end, not damage.
      if (!(live !== undefined && e.code === "TRUNCATED")) err(`${name!}: capture damaged: ${e.message} [${e.code}]`);
      else status = ExitCode.Ok;
    } else if (e instanceof DemoError) err(`demo: ${e.message} [${e.code}]`);
    else err(`cannot read ${name!}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    io.signal?.removeEventListener("abort", onAbort);
    live?.stop();
    await reader?.close().catch(() => undefined);
    await listener?.close().catch(() => undefined);
    await demo?.stop();
  }
  if (live !== undefined && tool !== undefined) {
    const end = await live.exited;
    // The tool failed before delivering anything (no device, no permission): say why.
    if (end.code !== 0 && end.code !== null && stats.packets === 0 && reader?.format === undefined) {
      err(captureFailure(tool, options.interface as string, end.stderr, end.code));
      status = ExitCode.CaptureDamaged;
    } else if (status === ExitCode.CaptureDamaged && reader?.format === undefined) {
      err(captureFailure(tool, options.interface as string, end.stderr, end.code));
    }
  }
  if (file !== undefined && fileStream !== undefined) {
    writer ??= new CaptureWriter(writeFormat());
    for (const b of pendingWrites.splice(0)) await file.write(b);
    if (writer.written === 0 && writer.skipped === 0) await file.write(writer.empty());
    await new Promise<void>((resolve) => fileStream!.end(resolve));
    if (file.failure !== undefined) {
      err(`cannot write ${options.write as string}: ${file.failure.message}`);
      status = ExitCode.CaptureDamaged;
    }
    if (writer.skipped > 0) {
      err(`note: -w: ${writer.skipped} frame(s) of another link type left out of the pcap file (use -F pcapng)`);
    }
  }
  if (analyzer !== undefined && options.statistics.length > 0 && !out.broken) {
    const report = analyzer.report();
    const text =
      options.format === "jsonl"
        ? `${JSON.stringify({ "bip6.summary": { packets: stats.packets, ...report } })}\n`
        : formatReport(report, options.statistics, stats.packets);
    await out.write(new TextEncoder().encode(text));
  }
  if (out.failure !== undefined) {
    err(`cannot write output: ${out.failure.message}`);
    return ExitCode.CaptureDamaged;
  }
  if (listener !== undefined && listener.dropped() > 0) {
    err(`note: ${listener.dropped()} datagram(s) dropped: the output could not keep up`);
  }
  if (stats.fragmentsSkipped > 0) {
    err(`note: ${stats.fragmentsSkipped} non-first IPv6 fragment(s) skipped (no reassembly)`);
  }
  if (stats.unsupportedLinkType > 0) {
    err(`note: ${stats.unsupportedLinkType} packet(s) of an unsupported link type skipped`);
  }
  if (stats.packets > 0 && stats.frames === 0 && status === ExitCode.Ok && !out.broken) {
    err(`note: ${stats.packets} packet(s), none BACnet/IPv6 on UDP port ${options.ports.join(", ")}`);
  }
  return status;
}
