import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { EntryNode } from "./entry-node.js";

// Why not a Map: a full LRU table deletes and inserts on every learn, and V8's Map handles
// that churn badly: deleted entries stay as holes until the next rehash, so a Map used in
// insertion order as the LRU list (`keys().next()` for the oldest) walks over them, and
// even plain set+delete falls to a few M/s at 100 000 entries (bench/run.ts measures the
// Map design next to this one). Open addressing with linear probing and backward-shift
// deletion leaves no tombstones, so a full table stays O(1) per operation.

const MIN_SLOTS = 16;

/** Tag of an empty slot. VMACs are 0..0xFFFFFF and address hashes avoid it. */
const EMPTY = -1;

/** Fibonacci hash of a VMAC; the index uses its top bits. @internal */
export function vmacHash(vmac: Vmac): number {
  return Math.imul(vmac, 0x9e3779b1) | 0;
}

const scratch = new Uint8Array(20);
const words = new Int32Array(scratch.buffer);

/**
 * A 32-bit hash of the address's 18 wire octets (zone excluded, like `equals`), read
 * through `writeTo` so that no key string has to be built. Never -1. @internal
 */
export function addressHash(address: Bip6Address): number {
  address.writeTo(scratch, 0);
  let h = 0x2545f491;
  for (let i = 0; i < 5; i++) {
    h = Math.imul(h ^ (words[i] as number), 0x9e3779b1);
    h ^= h >>> 15;
  }
  // murmur3 finaliser: every input bit reaches the top bits the index uses.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) | 0;
  return h === EMPTY ? 0 : h;
}

/**
 * Open-addressing hash index of entry nodes (internal). Each slot has a node and a 32-bit
 * tag in a typed array, so that probing a miss reads only the tags, never the nodes:
 * - a VMAC index (`byVmac = true`) tags slots with the VMAC itself and finds its home
 *   slot from {@link vmacHash};
 * - an address index tags slots with {@link addressHash}, the top bits being the home slot.
 * Load stays at most 1/2; the index grows by doubling.
 * @internal
 */
export class HashIndex {
  readonly #byVmac: boolean;
  #nodes: (EntryNode | undefined)[] = [];
  #tags = new Int32Array(0);
  #mask = 0;
  #shift = 0;
  #count = 0;

  constructor(byVmac: boolean) {
    this.#byVmac = byVmac;
    this.#allocate(MIN_SLOTS);
  }

  /** Nodes indexed. */
  get count(): number {
    return this.#count;
  }

  /** The node with this VMAC (VMAC index only). */
  findVmac(vmac: Vmac): EntryNode | undefined {
    const tags = this.#tags;
    const mask = this.#mask;
    for (let i = vmacHash(vmac) >>> this.#shift; ; i = (i + 1) & mask) {
      const tag = tags[i];
      if (tag === vmac) return this.#nodes[i];
      if (tag === EMPTY) return undefined;
    }
  }

  /** The node whose address has the same 18 octets (address index only; `hash` = {@link addressHash}). */
  findAddress(address: Bip6Address, hash: number): EntryNode | undefined {
    const tags = this.#tags;
    const mask = this.#mask;
    for (let i = hash >>> this.#shift; ; i = (i + 1) & mask) {
      const tag = tags[i];
      if (tag === hash) {
        const n = this.#nodes[i] as EntryNode;
        if (n.address.equals(address)) return n;
      } else if (tag === EMPTY) {
        return undefined;
      }
    }
  }

  /** Adds a node whose key is not indexed yet; `tag` is its VMAC or its address hash. */
  add(node: EntryNode, tag: number): void {
    if ((this.#count + 1) * 2 > this.#tags.length) this.#grow();
    this.#place(node, tag);
    this.#count++;
  }

  /** Removes this node (by identity), which must be indexed under `tag`. */
  delete(node: EntryNode, tag: number): void {
    const nodes = this.#nodes;
    const tags = this.#tags;
    const mask = this.#mask;
    const shift = this.#shift;
    const byVmac = this.#byVmac;
    let i = (byVmac ? vmacHash(tag) : tag) >>> shift;
    while (tags[i] !== tag || nodes[i] !== node) i = (i + 1) & mask;
    // Backward-shift deletion: pull later members of the probe run into the hole unless
    // their home slot lies cyclically in (hole, their position]; no tombstones remain.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const t = tags[j] as number;
      if (t === EMPTY) break;
      const home = (byVmac ? vmacHash(t) : t) >>> shift;
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!stays) {
        nodes[i] = nodes[j];
        tags[i] = t;
        i = j;
      }
    }
    nodes[i] = undefined;
    tags[i] = EMPTY;
    this.#count--;
  }

  /**
   * The most slots a lookup reads in the current layout (diagnostics for tests and the
   * bench, O(slots)): `hit` for a key that is present (its distance from its home slot + 1),
   * `miss` for one that is not (the longest run of occupied slots + the empty one ending it).
   */
  worstCase(): { hit: number; miss: number } {
    const tags = this.#tags;
    const slots = tags.length;
    let hit = 0;
    let longest = 0;
    let run = 0;
    // Twice round, so a run that wraps past the last slot is measured whole.
    for (let k = 0; k < 2 * slots && longest < slots; k++) {
      const i = k & this.#mask;
      const t = tags[i] as number;
      if (t === EMPTY) {
        run = 0;
        continue;
      }
      run++;
      if (run > longest) longest = run;
      if (k < slots) {
        const home = (this.#byVmac ? vmacHash(t) : t) >>> this.#shift;
        hit = Math.max(hit, ((i - home) & this.#mask) + 1);
      }
    }
    return { hit, miss: Math.min(longest, slots) + 1 };
  }

  /** Empties the index and releases its memory. */
  clear(): void {
    this.#allocate(MIN_SLOTS);
    this.#count = 0;
  }

  #place(node: EntryNode, tag: number): void {
    const tags = this.#tags;
    const mask = this.#mask;
    let i = (this.#byVmac ? vmacHash(tag) : tag) >>> this.#shift;
    while (tags[i] !== EMPTY) i = (i + 1) & mask;
    this.#nodes[i] = node;
    tags[i] = tag;
  }

  #grow(): void {
    const oldNodes = this.#nodes;
    const oldTags = this.#tags;
    this.#allocate(oldTags.length * 2);
    for (let i = 0; i < oldTags.length; i++) {
      const t = oldTags[i] as number;
      if (t !== EMPTY) this.#place(oldNodes[i] as EntryNode, t);
    }
  }

  #allocate(slots: number): void {
    // Pushed one by one so V8 keeps the array packed (no hole checks on probes).
    const nodes: (EntryNode | undefined)[] = [];
    for (let i = 0; i < slots; i++) nodes.push(undefined);
    this.#nodes = nodes;
    this.#tags = new Int32Array(slots).fill(EMPTY);
    this.#mask = slots - 1;
    this.#shift = 32 - Math.log2(slots);
  }
}
