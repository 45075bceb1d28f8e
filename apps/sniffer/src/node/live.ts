/**
 * Live capture without native addons: `dumpcap` or `tcpdump` is spawned to write its pcap
 * stream to a pipe, and the capture reader reads that stream like a file.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Bip6Error } from "@bip6/bvll6-codec";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** A capture program found on PATH. */
export interface CaptureTool {
  readonly name: "dumpcap" | "tcpdump";
  readonly path: string;
}

/** Machine-readable reasons live capture could not start. */
export type LiveCaptureErrorCode = "START_FAILED";

/** Live capture could not start (the tool would not spawn); the message is one sentence for the user. */
export class LiveCaptureError extends Bip6Error<LiveCaptureErrorCode> {
  override readonly name = "LiveCaptureError";
}

/** The first of dumpcap and tcpdump that PATH holds as an executable, or `undefined`. */
export function findCaptureTool(path: string | undefined = process.env.PATH): CaptureTool | undefined {
  const dirs = (path ?? "").split(delimiter).filter((d) => d !== "");
  for (const name of ["dumpcap", "tcpdump"] as const) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return { name, path: candidate };
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The message for a missing tool, with the way to a capture that needs none. */
export function noToolMessage(iface: string): string {
  return (
    `-i ${iface}: live capture needs dumpcap or tcpdump on PATH (apt-get install tcpdump); ` +
    `to see BACnet broadcasts without either, and without privileges: bip6-sniff listen -i ${iface}`
  );
}

/** Arguments that make `tool` write a pcap stream of `iface` to standard output, unbuffered. */
export function captureArguments(tool: CaptureTool, iface: string, filter: string): string[] {
  return tool.name === "tcpdump"
    ? ["-i", iface, "-U", "--immediate-mode", "-s", "0", "-n", "-w", "-", filter]
    : ["-i", iface, "-f", filter, "-s", "0", "-q", "-w", "-"];
}

/** A running capture program. */
export interface LiveCapture {
  /** Its pcap (tcpdump) or pcapng (dumpcap) stream. */
  readonly stream: AsyncIterable<Uint8Array>;
  /** Asks it to stop (SIGTERM): it flushes and ends the stream. */
  stop(): void;
  /** Resolves when it has exited: its exit code (or signal) and what it wrote to stderr. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: string | null; readonly stderr: string }>;
}

/** Starts `tool` capturing on `iface` with the capture filter `filter`. */
export function startLiveCapture(tool: CaptureTool, iface: string, filter: string): LiveCapture {
  let child: ChildProcess;
  try {
    child = spawn(tool.path, captureArguments(tool, iface, filter), { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new LiveCaptureError(
      "START_FAILED",
      `cannot start ${tool.path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    // Only the end matters (the error); keep it bounded.
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.on("error", (e) => {
      stderr += `${e.message}\n`;
    });
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    stream: child.stdout as AsyncIterable<Uint8Array>,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
    exited,
  };
}

/**
 * What went wrong, from a capture program's stderr: its last line that is not a progress note,
 * with a hint when it is a permission problem.
 */
export function captureFailure(tool: CaptureTool, iface: string, stderr: string, code: number | null): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(
      (l) =>
        l !== "" &&
        !/^(?:tcpdump: listening on|Capturing on|File: |Packets captured|Packets received|\d+ packets)/i.test(l),
    );
  // Both tools put the cause in parentheses on a line of its own after the error.
  const last = lines.at(-1);
  const before = lines.at(-2);
  const line =
    last === undefined
      ? `${tool.name} exited with status ${String(code)}`
      : last.startsWith("(") && before !== undefined
        ? `${before} ${last}`
        : last;
  const permission = /permission|not permitted|privilege/i.test(stderr);
  const hint = permission
    ? ` (capturing needs root or CAP_NET_RAW for ${tool.name}; without privileges: bip6-sniff listen -i ${iface})`
    : "";
  return `${line.startsWith(tool.name) ? "" : `${tool.name}: `}${line}${hint}`;
}
