/**
 * The `bip6` command as a real process (src/cli.ts through tsx, workspace packages from their
 * sources), on this host or inside a network namespace (`ip netns exec`), with its JSON Lines
 * parsed as they come and its standard input open for commands.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** apps/bip6. */
export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));

/** How to start the CLI from sources: `node <these> <args>`. */
export const NODE_ARGS = ["--conditions=@bip6/source", "--import", "tsx", "src/cli.ts"];

/** One output line, parsed. */
export type Line = Record<string, unknown> & { readonly type: string };

const running = new Set<CliProcess>();

/** Kills (SIGKILL) every CLI process still running: for `afterAll`/`afterEach`. */
export async function killAll(): Promise<void> {
  const all = [...running];
  for (const p of all) p.kill("SIGKILL");
  await Promise.all(all.map((p) => p.exited));
}

/** A running `bip6`. */
export class CliProcess {
  /** Every stdout line so far, parsed (a line that is no JSON fails the test at the next wait). */
  readonly lines: Line[] = [];
  /** Everything written to stderr. */
  stderr = "";
  /** Raw stdout text. */
  stdout = "";
  /** Resolves when the process has exited and its output is complete. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  #partial = "";
  #bad: string | undefined;

  private constructor(
    readonly label: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    child.stdout?.setEncoding("utf8").on("data", (d: string) => this.#out(d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
    // Commands written after the process exited: nothing to do.
    child.stdin?.on("error", () => {});
    this.exited = new Promise((resolve) => {
      child.on("close", (code, signal) => {
        running.delete(this);
        resolve({ code, signal });
      });
    });
  }

  /** Starts `bip6 args…`, inside namespace `netns` when given. */
  static start(label: string, args: readonly string[], netns?: string): CliProcess {
    const node = [process.execPath, ...NODE_ARGS, ...args];
    const [command, ...rest] = netns === undefined ? node : ["ip", "netns", "exec", netns, ...node];
    const child = spawn(command as string, rest, { cwd: APP_DIR, stdio: ["pipe", "pipe", "pipe"] });
    const p = new CliProcess(label, child);
    running.add(p);
    return p;
  }

  /** The process id (the same inside a namespace: `ip netns exec` execs). */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  #out(d: string): void {
    this.stdout += d;
    const text = this.#partial + d;
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    for (const l of parts) {
      if (l.length === 0) continue;
      try {
        this.lines.push(JSON.parse(l) as Line);
      } catch {
        this.#bad ??= l;
      }
    }
  }

  /** Lines of one type. */
  of(type: string): Line[] {
    return this.lines.filter((l) => l.type === type);
  }

  /** The first line (from index `from`) that matches; fails after `limitMs` naming `what`. */
  async waitFor(match: (l: Line) => boolean, what: string, limitMs = 20_000, from = 0): Promise<Line> {
    const give = Date.now() + limitMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      if (this.#bad !== undefined) throw new Error(`${this.label} wrote a line that is no JSON: ${this.#bad}`);
      const found = this.lines.slice(from).find(match);
      if (found !== undefined) return found;
      if (exited || Date.now() > give) {
        throw new Error(
          `${this.label}: ${exited ? "exited" : "timed out"} waiting for ${what}\nstdout:\n${this.stdout.slice(-4000)}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  #asked = 0;

  /** Asks for `status` (`--stdin`) and resolves the answer. */
  async status(): Promise<Line> {
    const id = `s${++this.#asked}`;
    this.command({ cmd: "status", id });
    return this.waitFor((l) => l.type === "status" && l.id === id, `${this.label} status`);
  }

  /** Asks for `status` until the VMAC is settled (its probe passed); resolves that status. */
  async settled(): Promise<Line> {
    for (let i = 0; i < 300; i++) {
      const s = await this.status();
      if (s.probing === false) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.label} still probing`);
  }

  /** Writes a command line (an object becomes JSON). */
  command(c: string | Record<string, unknown>): void {
    this.#child.stdin?.write(`${typeof c === "string" ? c : JSON.stringify(c)}\n`);
  }

  /** Closes standard input. */
  endInput(): void {
    this.#child.stdin?.end();
  }

  /** Sends a signal. */
  kill(signal: NodeJS.Signals): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
  }
}

/** Runs `bip6 args…` to the end (on this host); resolves code and output. */
export async function runToEnd(
  args: readonly string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string; lines: Line[] }> {
  const p = CliProcess.start("bip6", args);
  if (input !== undefined) p.command(input.replace(/\n$/, ""));
  p.endInput();
  const { code } = await p.exited;
  return { code, stdout: p.stdout, stderr: p.stderr, lines: p.lines };
}
