/**
 * End to end: the real CLI entry (src/cli.ts through tsx, no build needed) as a child process,
 * with real standard streams. Everything else is tested through `run()`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { pcapHeader, pcapRecord } from "../src/index.js";
import { bacnetPacket, concat } from "./helpers.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

const dir = fileURLToPath(new URL("..", import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

function cli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--conditions=@bip6/source", "--import", "tsx", "src/cli.ts", ...args], {
    cwd: dir,
  });
  // Our end of stdin may see EPIPE once the child stops reading: expected, not a failure.
  child.stdin.on("error", () => undefined);
  children.push(child);
  return child;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on("close", (code) => resolve(code)));
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

describe("bip6-sniff as a process", () => {
  it("reads a truncated capture from stdin: prints the frames before the damage, explains, exits 1", async () => {
    const child = cli(["-r", "-"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const capture = syntheticCapture();
    child.stdin.end(capture.subarray(0, capture.length - 20));
    expect(await exited(child)).toBe(1);
    expect(stdout.split("\n").filter((l) => l !== "")).toHaveLength(12);
    expect(stderr).toMatch(
      /^bip6-sniff: standard input: capture damaged: file ends inside record 13 .*\[TRUNCATED\]\n$/,
    );
  });

  it("exits 0 without a word when its output pipe closes early (| head)", async () => {
    const child = cli(["-r", "-"]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const record = pcapRecord({
      seconds: 1,
      microseconds: 0,
      data: bacnetPacket({ kind: "VirtualAddressResolution", sourceVmac: 42 }),
    });
    const many = concat(pcapHeader(), ...Array.from({ length: 50_000 }, () => record));
    child.stdout.once("data", () => child.stdout.destroy());
    child.stdin.end(many);
    expect(await exited(child)).toBe(0);
    expect(stderr).toBe("");
  });
});
