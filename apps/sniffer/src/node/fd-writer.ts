import { writeSync } from "node:fs";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes chunks of whole lines straight to a file descriptor with `fs.writeSync`: the CLI's
 * standard output when it is a file, a pipe, a socket or a terminal. Each write returns once
 * the kernel has the octets, so the caller may reuse the chunk at once (no copy, no stream
 * queue), and a slow reader holds the writer back as a blocking pipe does. A closed reader
 * (EPIPE, as with `| head`) turns it `broken`; any other error is kept in `failure` and ends
 * the writing. The same surface as {@link LineWriter}.
 */
export class FdWriter {
  readonly #fd: number;
  #broken = false;
  #failure: Error | undefined;

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** The reader went away: further output is pointless. */
  get broken(): boolean {
    return this.#broken;
  }

  /** A write error other than a broken pipe, if one happened. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Writes all of `chunk` (whole lines, already encoded); the chunk may be reused once this returns. */
  async write(chunk: Uint8Array): Promise<void> {
    let done = 0;
    while (done < chunk.length && !this.#broken && this.#failure === undefined) {
      try {
        done += writeSync(this.#fd, chunk, done, chunk.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EPIPE") this.#broken = true;
        // A descriptor someone made non-blocking (a Node stream on it): wait for the reader.
        else if (code === "EAGAIN") await sleep(1);
        else this.#failure = e as Error;
      }
    }
  }
}
