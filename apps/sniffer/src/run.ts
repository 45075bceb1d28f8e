import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { DEFAULT_BACNET_PORT } from "@bip6/bvll6-codec";
import { demoCapture, demoDatagrams } from "./demo.js";
import { CaptureError, UsageError } from "./errors.js";
import { LineWriter } from "./output/line-writer.js";
import { CaptureReader } from "./pcap/reader.js";
import { emptyStats } from "./sniff.js";
import { sniffOutput } from "./sniff-output.js";

/** Version printed by `--version` (kept equal to package.json by a test). */
export const VERSION = "0.1.0";

/** Exit statuses of the CLI. */
export const ExitCode = {
  Ok: 0,
  /** The capture is damaged, truncated or unreadable (frames before the damage were printed). */
  CaptureDamaged: 1,
  /** Bad command line. */
  Usage: 2,
} as const;

/** The streams and file access {@link run} uses, injectable for tests. */
export interface RunIo {
  readonly stdin: AsyncIterable<Uint8Array>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Opens a capture file for streaming (default: `fs.createReadStream`, 1 MiB chunks). */
  readonly openFile?: (path: string) => AsyncIterable<Uint8Array>;
  /** Writes the demo capture for `demo -w FILE` (default: `fs.promises.writeFile`). */
  readonly writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
}

/** The parsed command line. */
export interface CliOptions {
  readonly command: "read" | "demo" | "help" | "version";
  /** `-r` argument: a path, or `-` for standard input. */
  readonly input: string | undefined;
  readonly ports: readonly number[];
  readonly json: boolean;
  /** Stop after this many BACnet/IPv6 frames. */
  readonly count: number | undefined;
  /** `demo -w FILE`: where to save the demo capture. */
  readonly write: string | undefined;
}

/** `--help` text. */
export const USAGE = `Usage: bip6-sniff -r FILE|- [--port N]... [--json] [-c COUNT]
       bip6-sniff demo [--json] [-w FILE]

Decodes BACnet/IPv6 (ASHRAE 135 Annex U) frames in a pcap or pcapng capture.

  -r, --read FILE   capture to read; "-" reads standard input
      --port N      UDP port carrying BACnet/IPv6 (default 47808); repeat or use N,M
      --json        JSON Lines with Wireshark field names instead of text
  -c, --count N     stop after N BACnet/IPv6 frames
  -w, --write FILE  (demo) also save the generated capture
  -h, --help        this text
      --version     print the version

Link types: Ethernet, raw IP/IPv6, Linux cooked v1/v2, BSD loopback.
Exit status: 0 ok, 1 capture damaged or unreadable, 2 usage error.
`;

function parsePort(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 0xffff) {
    throw new UsageError("BAD_PORT", `--port wants a UDP port 1-65535, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Parses the command line (without `node` and the script path); throws {@link UsageError}. */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        read: { type: "string", short: "r" },
        port: { type: "string", multiple: true },
        json: { type: "boolean" },
        count: { type: "string", short: "c" },
        write: { type: "string", short: "w" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError("BAD_ARGUMENT", e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const base = {
    input: values.read,
    json: values.json === true,
    write: values.write,
    ports: (values.port ?? []).flatMap((p) => p.split(",")).map(parsePort),
    count: undefined as number | undefined,
  };
  if (values.count !== undefined) {
    if (!/^[0-9]{1,9}$/.test(values.count) || Number(values.count) < 1) {
      throw new UsageError("BAD_COUNT", `-c wants a positive whole number, got ${JSON.stringify(values.count)}`);
    }
    base.count = Number(values.count);
  }
  const ports = base.ports.length > 0 ? base.ports : [DEFAULT_BACNET_PORT];
  if (values.help === true) return { ...base, ports, command: "help" };
  if (values.version === true) return { ...base, ports, command: "version" };
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== "demo")) {
    throw new UsageError("BAD_ARGUMENT", `unexpected argument ${JSON.stringify(positionals.at(-1))}`);
  }
  if (positionals[0] === "demo") {
    if (base.input !== undefined) throw new UsageError("BAD_ARGUMENT", "demo reads its own capture: drop -r");
    return { ...base, ports, command: "demo" };
  }
  if (base.write !== undefined) throw new UsageError("BAD_ARGUMENT", "-w is only for demo");
  if (base.input === undefined) throw new UsageError("MISSING_INPUT", "no capture given: use -r FILE, -r - or demo");
  return { ...base, ports, command: "read" };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * The whole CLI with injectable streams: parses `argv`, reads the capture, prints one line
 * (or one JSON object) per BACnet/IPv6 frame and returns the exit status (see {@link ExitCode}).
 */
export async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const err = (text: string): void => {
    io.stderr.write(`bip6-sniff: ${text}\n`);
  };
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    io.stderr.write("Try 'bip6-sniff --help'.\n");
    return ExitCode.Usage;
  }
  if (options.command === "help") {
    io.stdout.write(USAGE);
    return ExitCode.Ok;
  }
  if (options.command === "version") {
    io.stdout.write(`bip6-sniff ${VERSION}\n`);
    return ExitCode.Ok;
  }

  let source: AsyncIterable<Uint8Array>;
  let name: string;
  if (options.command === "demo") {
    const capture = demoCapture();
    if (options.write !== undefined) {
      try {
        await (io.writeFile ?? writeFile)(options.write, capture);
      } catch (e) {
        err(`cannot write ${options.write}: ${e instanceof Error ? e.message : String(e)}`);
        return ExitCode.CaptureDamaged;
      }
    }
    err(`demo: ${demoDatagrams().length} frames, one of each BVLL6 function, from a capture generated in memory`);
    source = once(capture);
    name = "the demo capture";
  } else if (options.input === "-") {
    source = io.stdin;
    name = "standard input";
  } else {
    const path = options.input as string;
    source = (io.openFile ?? ((p: string) => createReadStream(p, { highWaterMark: 1024 * 1024 })))(path);
    name = path;
  }

  const reader = new CaptureReader(source);
  const stats = emptyStats();
  const out = new LineWriter(io.stdout);
  let status: number = ExitCode.Ok;
  try {
    const chunks = sniffOutput(reader, { ports: options.ports, stats, json: options.json, count: options.count });
    for await (const chunk of chunks) {
      await out.write(chunk);
      if (out.broken) break;
    }
  } catch (e) {
    status = ExitCode.CaptureDamaged;
    if (e instanceof CaptureError) err(`${name}: capture damaged: ${e.message} [${e.code}]`);
    else err(`cannot read ${name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await reader.close().catch(() => undefined);
  }
  if (out.failure !== undefined) {
    err(`cannot write output: ${out.failure.message}`);
    return ExitCode.CaptureDamaged;
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
