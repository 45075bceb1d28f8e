import type { ChildProcess } from "node:child_process";
import { NetnsError } from "./errors.js";
import type { NodeChild } from "./types.js";

/** Output kept per stream: enough for a stack trace, bounded for chatty scripts. */
const OUTPUT_TAIL = 64 * 1024;
/** Unconsumed messages kept; the oldest are dropped beyond this. */
const MAX_QUEUED_MESSAGES = 10_000;

interface Waiter {
  predicate: (m: unknown) => boolean;
  resolve: (m: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

function appendTail(buffer: string, chunk: string): string {
  const next = buffer + chunk;
  return next.length > OUTPUT_TAIL ? next.slice(next.length - OUTPUT_TAIL) : next;
}

/** A {@link NodeChild} over a spawned `ip netns exec … node` process with an IPC channel. */
export class NodeChildImpl implements NodeChild {
  readonly pid: number;
  stderr = "";
  stdout = "";
  /** Messages not yet taken by message(), oldest first. */
  readonly #queue: unknown[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #child: ChildProcess;
  readonly #label: string;
  #exited = false;
  #exitCode: number | null = null;
  #spawnError: Error | undefined;
  readonly #exitPromise: Promise<number | null>;

  constructor(child: ChildProcess, label: string) {
    this.#child = child;
    this.#label = label;
    this.pid = child.pid ?? -1;
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (this.stdout = appendTail(this.stdout, d)));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.stderr = appendTail(this.stderr, d)));
    child.on("message", (m: unknown) => this.#deliver(m));
    this.#exitPromise = new Promise((resolve) => {
      child.on("error", (e) => {
        // Later errors (a send racing the exit) surface through send() and the exit path.
        if (child.pid !== undefined) return;
        this.#spawnError = e;
        this.#finish(null, resolve);
      });
      // "close" waits for stdio to drain, so stderr is complete when waiters are rejected; but a
      // grandchild holding the pipes open must not hide the exit for long.
      child.on("exit", (code) => setTimeout(() => this.#finish(code, resolve), 500).unref());
      child.on("close", (code) => this.#finish(code, resolve));
    });
  }

  /** Whether the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  #finish(code: number | null, resolve: (c: number | null) => void): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#exitCode = code;
    for (const w of this.#waiters) {
      clearTimeout(w.timer);
      w.reject(this.#exitError("before sending the awaited message"));
    }
    this.#waiters.clear();
    resolve(code);
  }

  #exitError(when: string): NetnsError {
    const how = this.#spawnError
      ? `failed to start (${this.#spawnError.message})`
      : `exited with code ${this.#exitCode}`;
    const stderr = this.stderr.trim();
    return new NetnsError("CHILD_EXITED", `${this.#label} ${how} ${when}${stderr ? `; stderr:\n${stderr}` : ""}`, {
      stderr,
      exitCode: this.#exitCode,
    });
  }

  #deliver(m: unknown): void {
    for (const w of this.#waiters) {
      if (!w.predicate(m)) continue;
      this.#waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve(m);
      return;
    }
    this.#queue.push(m);
    if (this.#queue.length > MAX_QUEUED_MESSAGES) this.#queue.shift();
  }

  message<T = unknown>(predicate: (m: unknown) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const at = this.#queue.findIndex(predicate);
    if (at !== -1) return Promise.resolve(this.#queue.splice(at, 1)[0] as T);
    if (this.#exited) return Promise.reject(this.#exitError("before sending the awaited message"));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: resolve as (m: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const stderr = this.stderr.trim();
          reject(
            new NetnsError(
              "TIMEOUT",
              `${this.#label} sent no matching message within ${timeoutMs} ms${stderr ? `; stderr:\n${stderr}` : ""}`,
              { stderr },
            ),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  send(message: unknown): void {
    if (this.#exited || !this.#child.connected) throw this.#exitError("(its IPC channel is closed)");
    this.#child.send(message as object);
  }

  exit(timeoutMs = 5_000): Promise<number | null> {
    if (this.#exited) return Promise.resolve(this.#exitCode);
    const timer = setTimeout(() => this.kill(), timeoutMs);
    return this.#exitPromise.finally(() => clearTimeout(timer));
  }

  kill(): void {
    if (this.#exited) return;
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already gone: nothing to kill.
    }
  }

  /** Resolves once the process has exited (never rejects). */
  get closed(): Promise<number | null> {
    return this.#exitPromise;
  }
}
