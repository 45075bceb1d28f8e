/*
 * V8 keeps a typed array of up to 64 octets on its heap but gives a larger one an off-heap
 * backing store of its own, several times slower to allocate and collect: `bytes.slice()` of a
 * 65-octet datagram cost more than the rest of a send. Copies therefore go into a shared slab,
 * as Node's Buffer pool and the codec's encoder do. A slab is never rewritten: a copy stays
 * valid for as long as anybody holds it (a socket still sending it, a tap, a listener), and a
 * full slab is simply replaced; the garbage collector frees it with its last view.
 */

/** Size of one slab: as Node's Buffer pool, so a kept view holds on to at most this much. */
const SLAB_SIZE = 8192;

/** A copy of `bytes` that nothing else will ever write to. */
export class CopySlab {
  #slab = new ArrayBuffer(0);
  #used = 0;

  /** A private copy of `bytes` (a view into the current slab; larger than a slab: its own buffer). */
  copy(bytes: Uint8Array): Uint8Array {
    const length = bytes.length;
    if (length > SLAB_SIZE) return bytes.slice();
    if (this.#used + length > this.#slab.byteLength) {
      this.#slab = new ArrayBuffer(SLAB_SIZE);
      this.#used = 0;
    }
    const out = new Uint8Array(this.#slab, this.#used, length);
    out.set(bytes);
    // 8-octet steps keep every copy aligned (and a zero-length one takes no room).
    this.#used += (length + 7) & ~7;
    return out;
  }
}
