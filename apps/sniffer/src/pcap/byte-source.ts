import { CaptureError } from "../errors.js";
import { u32 } from "./bytes.js";

const EMPTY = new Uint8Array(0);

/**
 * Pulls exact-size pieces out of a stream of chunks, keeping at most `maxBuffered` octets of
 * its own: a piece that lies inside one chunk is returned as a view of that chunk (no copy);
 * one that spans chunks is assembled in a single reusable carry buffer, which never grows past
 * the cap. A returned view is valid until the next `take`/`skip`, which is all the reader needs.
 */
export class ByteSource {
  readonly #iterator: AsyncIterator<Uint8Array>;
  readonly #maxBuffered: number;
  #chunk: Uint8Array = EMPTY;
  #pos = 0;
  #carry: Uint8Array = EMPTY;
  #done = false;
  #consumed = 0;
  #highWater = 0;

  constructor(source: AsyncIterable<Uint8Array>, maxBuffered: number) {
    this.#iterator = source[Symbol.asyncIterator]();
    this.#maxBuffered = maxBuffered;
  }

  /** File offset of the next octet `take` returns. */
  get offset(): number {
    return this.#consumed;
  }

  /** Largest carry buffer ever allocated: the reader's own memory, bounded by the cap. */
  get bufferHighWater(): number {
    return this.#highWater;
  }

  /** Octets left in the current chunk: what `takeSync` can hand out without waiting. */
  get available(): number {
    return this.#chunk.length - this.#pos;
  }

  /** A view of the next `n` octets without consuming them; the caller checked {@link available}. */
  peekSync(n: number): Uint8Array {
    return this.#chunk.subarray(this.#pos, this.#pos + n);
  }

  /**
   * The 32-bit integer `at` octets ahead, without consuming or allocating a view; the caller
   * checked {@link available}. Per-packet views cost more than the parsing they serve.
   */
  peekU32(at: number, le: boolean): number {
    return u32(this.#chunk, this.#pos + at, le);
  }

  /** Consumes `n` octets of the current chunk; the caller checked {@link available}. */
  skipSync(n: number): void {
    this.#pos += n;
    this.#consumed += n;
  }

  /** `n` octets if the current chunk holds them (no await, no copy), else `undefined`. */
  takeSync(n: number): Uint8Array | undefined {
    const end = this.#pos + n;
    if (end > this.#chunk.length) return undefined;
    const view = this.#chunk.subarray(this.#pos, end);
    this.#pos = end;
    this.#consumed += n;
    return view;
  }

  /**
   * Exactly `n` octets, or `undefined` when the stream ended cleanly before the first of them.
   * Throws a TRUNCATED {@link CaptureError} when it ends part-way, naming `what` was cut short.
   */
  async take(n: number, what: string, startOffset = this.#consumed): Promise<Uint8Array | undefined> {
    const fast = this.takeSync(n);
    if (fast !== undefined) return fast;
    if (n > this.#maxBuffered) {
      throw new CaptureError(
        "TOO_LARGE",
        startOffset,
        `${what} of ${n} octets exceeds the ${this.#maxBuffered}-octet cap`,
      );
    }
    let have = this.#chunk.length - this.#pos;
    if (have === 0) {
      if (!(await this.#next())) return undefined;
      const again = this.takeSync(n);
      if (again !== undefined) return again;
      have = this.#chunk.length;
    }
    // The piece spans chunks: assemble it in the carry buffer.
    if (this.#carry.length < n) {
      this.#carry = new Uint8Array(Math.min(this.#maxBuffered, Math.max(n, 2 * this.#carry.length, 4096)));
      this.#highWater = Math.max(this.#highWater, this.#carry.length);
    }
    const out = this.#carry.subarray(0, n);
    let filled = 0;
    while (filled < n) {
      const avail = this.#chunk.length - this.#pos;
      if (avail === 0) {
        if (!(await this.#next())) {
          this.#consumed += filled;
          throw new CaptureError(
            "TRUNCATED",
            startOffset,
            `file ends inside ${what} (${filled} of ${n} octets present)`,
          );
        }
        continue;
      }
      const part = Math.min(avail, n - filled);
      out.set(this.#chunk.subarray(this.#pos, this.#pos + part), filled);
      this.#pos += part;
      filled += part;
    }
    this.#consumed += n;
    return out;
  }

  /** Like {@link take}, but the stream ending before the first octet is TRUNCATED too. */
  async must(n: number, what: string, startOffset = this.#consumed): Promise<Uint8Array> {
    const piece = this.takeSync(n) ?? (await this.take(n, what, startOffset));
    if (piece === undefined) {
      throw new CaptureError("TRUNCATED", startOffset, `file ends inside ${what} (0 of ${n} octets present)`);
    }
    return piece;
  }

  /** Discards `n` octets without buffering them (for blocks the reader does not understand). */
  async skip(n: number, what: string, startOffset = this.#consumed): Promise<void> {
    let left = n;
    while (left > 0) {
      const avail = this.#chunk.length - this.#pos;
      if (avail === 0) {
        if (!(await this.#next())) {
          throw new CaptureError("TRUNCATED", startOffset, `file ends inside ${what}`);
        }
        continue;
      }
      const part = Math.min(avail, left);
      this.#pos += part;
      this.#consumed += part;
      left -= part;
    }
  }

  async #next(): Promise<boolean> {
    if (this.#done) return false;
    for (;;) {
      const r = await this.#iterator.next();
      if (r.done === true) {
        this.#done = true;
        this.#chunk = EMPTY;
        this.#pos = 0;
        return false;
      }
      if (r.value.length > 0) {
        // A plain view: Buffer's own subarray() is several times slower, and this runs per packet.
        this.#chunk = new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.length);
        this.#pos = 0;
        return true;
      }
    }
  }

  /** Stops the underlying stream (e.g. after `-c COUNT` frames or a broken pipe). */
  async close(): Promise<void> {
    this.#done = true;
    await this.#iterator.return?.();
  }
}
