import type { Writable } from "node:stream";

/** Lines are gathered into chunks of about this many characters before a write. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes lines to a stream in large chunks and waits for `drain`, so output never piles up
 * in memory however fast the capture is read. A closed reader (EPIPE, as with `| head`)
 * turns it `broken`: the caller stops quietly.
 */
export class LineWriter {
  readonly #stream: Writable;
  #pending = "";
  #broken = false;
  #failure: Error | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") this.#broken = true;
      else this.#failure = e;
    });
  }

  /** The reader went away: further output is pointless. */
  get broken(): boolean {
    return this.#broken;
  }

  /** A write error other than a broken pipe, if one happened. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Queues one line (a newline is added). Synchronous: call {@link flush} when {@link full}. */
  line(text: string): void {
    this.#pending += text + "\n";
  }

  /** Enough is queued for one write. */
  get full(): boolean {
    return this.#pending.length >= CHUNK_CHARS;
  }

  /** Writes what is queued and waits until the stream can take more. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0 || this.#broken) return;
    const chunk = this.#pending;
    this.#pending = "";
    await this.#send(chunk);
  }

  /**
   * Writes a chunk of whole lines already encoded (after anything queued) and waits until the
   * stream can take more. The stream keeps the chunk: do not reuse it.
   */
  async write(chunk: Uint8Array): Promise<void> {
    await this.flush();
    if (chunk.length === 0 || this.#broken) return;
    await this.#send(chunk);
  }

  async #send(chunk: string | Uint8Array): Promise<void> {
    if (this.#stream.destroyed || this.#stream.writableEnded) {
      this.#broken = true;
      return;
    }
    if (this.#stream.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.#stream.off("drain", done);
        this.#stream.off("error", done);
        this.#stream.off("close", done);
        resolve();
      };
      this.#stream.on("drain", done);
      this.#stream.on("error", done);
      this.#stream.on("close", done);
    });
  }
}
