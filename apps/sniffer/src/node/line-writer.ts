import type { Writable } from "node:stream";

/**
 * Writes chunks of whole lines to a stream and waits for `drain`, so output never piles up
 * in memory however fast the capture is read. A closed reader (EPIPE, as with `| head`)
 * turns it `broken`: the caller stops quietly.
 */
export class LineWriter {
  readonly #stream: Writable;
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

  /**
   * Writes a chunk of whole lines already encoded and waits until the stream can take more.
   * The stream keeps the chunk: do not reuse it.
   */
  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0 || this.#broken) return;
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
