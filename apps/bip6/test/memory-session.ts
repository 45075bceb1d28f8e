/**
 * Runs `bip6` in-process (run()) on a MemoryNetwork: the transport gets a memory port instead
 * of a socket, everything else — parsing, records, commands, stopping — is the real thing.
 */
import { EventEmitter } from "node:events";
import type { MemoryNetwork } from "@bip6/bip6-socket/memory";
import { Bip6Transport, type Bip6TransportOptions } from "@bip6/bip6-transport/node";
import { run } from "../src/run.ts";
import type { SessionDeps } from "../src/session.ts";

/** A fake standard input the test writes lines to. */
export class FakeStdin extends EventEmitter {
  destroyed = false;
  setEncoding(): this {
    return this;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit("close");
  }
  /** Writes lines (each followed by \n). */
  line(...lines: string[]): void {
    for (const l of lines) this.emit("data", `${l}\n`);
  }
  end(): void {
    this.emit("end");
    this.emit("close");
  }
}

/** A fake standard output that collects lines; `fail()` makes it fail as EPIPE does. */
export class FakeStdout extends EventEmitter {
  text = "";
  writableLength = 0;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  fail(): void {
    this.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
  }
}

/** One parsed output line. */
export type Line = Record<string, unknown> & { readonly type: string };

/** A running in-process `bip6`. */
export interface MemorySession {
  readonly stdin: FakeStdin;
  readonly stdout: FakeStdout;
  readonly stderr: { text: string; write(chunk: string): boolean };
  readonly abort: AbortController;
  /** Resolves the exit code. */
  readonly done: Promise<number>;
  /** Every line so far, parsed. */
  lines(): Line[];
  /** Waits for the first line (from `from` on) that matches. */
  waitFor(match: (l: Line) => boolean, what: string, limitMs?: number): Promise<Line>;
}

/** Strips what configures a socket: the memory port is configured already. */
function onPort(net: MemoryNetwork, host: string, options: Bip6TransportOptions): Bip6TransportOptions {
  const { interface: _i, address: _a, port: _p, multicastScope, joinScopes, ...rest } = options;
  const port = net.createPort(host, {
    ...(multicastScope === undefined ? {} : { scope: multicastScope }),
    ...(joinScopes === undefined ? {} : { joinScopes }),
  });
  return { ...rest, datagramPort: port, ownsPort: true };
}

/** Starts `bip6 argv…` in-process with its transport on `net`'s host `host`. */
export function startMemorySession(net: MemoryNetwork, host: string, argv: string[]): MemorySession {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const stderr = {
    text: "",
    write(chunk: string): boolean {
      this.text += chunk;
      return true;
    },
  };
  const abort = new AbortController();
  const deps: SessionDeps = { open: (options) => Bip6Transport.open(onPort(net, host, options)) };
  const done = run(argv, { stdin, stdout, stderr, signal: abort.signal }, deps);
  const lines = (): Line[] =>
    stdout.text
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Line);
  const waitFor = async (match: (l: Line) => boolean, what: string, limitMs = 10_000): Promise<Line> => {
    const give = Date.now() + limitMs;
    for (;;) {
      const found = lines().find(match);
      if (found !== undefined) return found;
      if (Date.now() > give) throw new Error(`timed out waiting for ${what}; output:\n${stdout.text}${stderr.text}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { stdin, stdout, stderr, abort, done, lines, waitFor };
}
