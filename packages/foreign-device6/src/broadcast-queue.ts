/**
 * Bounded FIFO of NPDUs waiting for registration, as a ring so that both ends are O(1).
 * Slots are allocated lazily, so a large bound costs nothing until it is used.
 */
export class BroadcastQueue {
  readonly #capacity: number;
  readonly #slots: (Uint8Array | undefined)[] = [];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Queued NPDUs. */
  get size(): number {
    return this.#size;
  }

  /** Appends `npdu`; when full, removes and returns the oldest NPDU to make room. */
  push(npdu: Uint8Array): Uint8Array | undefined {
    let evicted: Uint8Array | undefined;
    if (this.#size === this.#capacity) evicted = this.shift();
    const tail = (this.#head + this.#size) % this.#capacity;
    if (tail === this.#slots.length) this.#slots.push(npdu);
    else this.#slots[tail] = npdu;
    this.#size++;
    return evicted;
  }

  /** Removes and returns the oldest NPDU. */
  shift(): Uint8Array | undefined {
    if (this.#size === 0) return undefined;
    const npdu = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#capacity;
    this.#size--;
    return npdu;
  }
}
