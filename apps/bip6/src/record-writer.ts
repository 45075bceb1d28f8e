import type { OutputRecord } from "./records.js";

/** Where records go (standard output). */
export interface RecordStream {
  /** Writes one chunk. */
  write(chunk: string): unknown;
  /** Octets accepted but not yet handed to the system (Node streams). */
  readonly writableLength?: number;
  /** Node streams' `error` event: EPIPE when the reader went away. */
  on?(event: "error", listener: (error: Error) => void): unknown;
}

/** Default bound of output waiting to be written, octets. */
export const DEFAULT_MAX_PENDING_OUTPUT = 16 * 1024 * 1024;

/**
 * Writes records as JSON Lines. Output is bounded: while more than `maxPending` octets wait to
 * be written (a reader that stopped reading), records are dropped and counted rather than held
 * in memory. After the stream fails (EPIPE: the reader went away) nothing more is written and
 * `onClosed` is called once.
 */
export class RecordWriter {
  readonly #stream: RecordStream;
  readonly #maxPending: number;
  #written = 0;
  #dropped = 0;
  #closed = false;
  #onClosed: ((error: Error) => void) | undefined;

  constructor(stream: RecordStream, maxPending = DEFAULT_MAX_PENDING_OUTPUT) {
    this.#stream = stream;
    this.#maxPending = maxPending;
    stream.on?.("error", (error) => {
      if (this.#closed) return;
      this.#closed = true;
      this.#onClosed?.(error);
    });
  }

  /** Called once when the stream fails. */
  set onClosed(listener: (error: Error) => void) {
    this.#onClosed = listener;
  }

  /** Records written. */
  get written(): number {
    return this.#written;
  }

  /** Records dropped (output closed, or too much of it waiting). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Whether the stream failed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Writes one record as one line (or drops it, see the class doc). */
  write(r: OutputRecord): void {
    if (this.#closed || (this.#stream.writableLength ?? 0) > this.#maxPending) {
      this.#dropped++;
      return;
    }
    this.#written++;
    this.#stream.write(`${JSON.stringify(r)}\n`);
  }
}
