import { execFile, execFileSync } from "node:child_process";
import { NetnsError } from "./errors.js";

/** Output kept from any one command: enough for JSON address dumps, bounded for runaway output. */
const MAX_BUFFER = 16 * 1024 * 1024;

/** Options of {@link run}. */
export interface RunOptions {
  /** Written to the command's stdin (for `ip -batch -`). */
  input?: string;
  /** Kill the command (SIGKILL) after this many ms. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Runs `command args` without a shell; resolves stdout, rejects with a `COMMAND_FAILED`
 * (or `TIMEOUT`) {@link NetnsError} that quotes the command line and its stderr.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { encoding: "utf8", maxBuffer: MAX_BUFFER, timeout: timeoutMs, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const line = [command, ...args].join(" ");
        const err = stderr.trim();
        if (error.killed && error.signal === "SIGKILL") {
          reject(new NetnsError("TIMEOUT", `\`${line}\` took longer than ${timeoutMs} ms`, { stderr: err }));
          return;
        }
        const exitCode = typeof error.code === "number" ? error.code : null;
        const why = err || error.message;
        reject(new NetnsError("COMMAND_FAILED", `\`${line}\` failed: ${why}`, { stderr: err, exitCode }));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs `ip args…` (see {@link run}). */
export function ip(args: readonly string[], options?: RunOptions): Promise<string> {
  return run("ip", args, options);
}

/**
 * Runs a list of `ip` sub-commands in one process (`ip [-n ns] -batch -`), which is much
 * cheaper than one process per command. Stops at the first failing line.
 */
export function ipBatch(netns: string | undefined, lines: readonly string[], force = false): Promise<string> {
  if (lines.length === 0) return Promise.resolve("");
  const args = [...(netns === undefined ? [] : ["-n", netns]), ...(force ? ["-force"] : []), "-batch", "-"];
  return ip(args, { input: lines.join("\n") + "\n" });
}

/** Synchronous `ip` for the process-exit path, where promises never settle. Returns whether it succeeded. */
export function ipSync(args: readonly string[], input?: string): boolean {
  try {
    execFileSync("ip", args, { stdio: ["pipe", "ignore", "ignore"], timeout: 5_000, ...(input ? { input } : {}) });
    return true;
  } catch {
    return false;
  }
}

/** Synchronous `ip` returning stdout, or undefined when it fails. */
export function ipSyncOutput(args: readonly string[]): string | undefined {
  try {
    return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 });
  } catch {
    return undefined;
  }
}
