import type { ReceivedNpdu } from "../events.js";

/**
 * One `messages()` iterator: a bounded FIFO of received NPDUs. When the consumer falls behind
 * and the buffer is full, new NPDUs are dropped (and counted through `onDrop`), never the
 * oldest: what the consumer already could see stays in order.
 */
export class MessageStream implements AsyncIterableIterator<ReceivedNpdu> {
  readonly #max: number;
  readonly #onDrop: () => void;
  readonly #onEnd: (stream: MessageStream) => void;
  #buffer: ReceivedNpdu[] = [];
  #head = 0;
  /** Consumers waiting in next(), oldest first. */
  readonly #waiting: ((r: IteratorResult<ReceivedNpdu>) => void)[] = [];
  #ended = false;
  #detach: (() => void) | undefined;

  constructor(max: number, onDrop: () => void, onEnd: (stream: MessageStream) => void, signal?: AbortSignal) {
    this.#max = max;
    this.#onDrop = onDrop;
    this.#onEnd = onEnd;
    if (signal !== undefined) {
      if (signal.aborted) this.end();
      else {
        const abort = (): void => this.end();
        signal.addEventListener("abort", abort, { once: true });
        this.#detach = () => signal.removeEventListener("abort", abort);
      }
    }
  }

  /** True once ended (by `end()`, `return()` or the signal). */
  get ended(): boolean {
    return this.#ended;
  }

  /** NPDUs buffered. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** Offers one NPDU (dropped when the buffer is full). */
  push(message: ReceivedNpdu): void {
    if (this.#ended) return;
    const waiting = this.#waiting.shift();
    if (waiting !== undefined) {
      waiting({ value: message, done: false });
      return;
    }
    if (this.buffered >= this.#max) {
      this.#onDrop();
      return;
    }
    this.#buffer.push(message);
  }

  /** Ends the iteration: what is buffered is still handed out, then `done`. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#detach?.();
    this.#detach = undefined;
    this.#onEnd(this);
    for (const waiting of this.#waiting.splice(0)) waiting({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<ReceivedNpdu>> {
    if (this.#head < this.#buffer.length) {
      const value = this.#buffer[this.#head] as ReceivedNpdu;
      this.#buffer[this.#head++] = undefined as unknown as ReceivedNpdu;
      if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer = this.#buffer.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
    });
  }

  /** `break` in a `for await` lands here: ends the stream and frees its buffer. */
  return(): Promise<IteratorResult<ReceivedNpdu>> {
    this.end();
    this.#buffer = [];
    this.#head = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ReceivedNpdu> {
    return this;
  }
}
