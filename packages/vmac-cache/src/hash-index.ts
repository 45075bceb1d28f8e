import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { EntryNode } from "./entry-node.js";
import type { RandomWords } from "./random-words.js";

// Why not a Map: a full LRU table deletes and inserts on every learn, and V8's Map handles
// that churn badly: deleted entries stay as holes until the next rehash, so a Map used in
// insertion order as the LRU list (`keys().next()` for the oldest) walks over them, and
// even plain set+delete falls to a few M/s at 100 000 entries (bench/run.ts measures the
// Map design next to this one). Open addressing with linear probing and backward-shift
// deletion leaves no tombstones, so a full table stays O(1) per operation. (V8 also hashes
// number keys with a fixed function, which a flood of chosen VMACs could collide.)
//
// Why seeded, and why a run bound (issue 7): keys come from the wire, chosen by whoever
// sends, and with a fixed hash they can be chosen offline to share one run of occupied
// slots, which every insert, miss and delete then walks (350x slower at 150 000 entries).
// - The hash is simple tabulation (a random 32-bit word per key octet and position, XORed),
//   drawn per index from Web Crypto. For any key set fixed before the tables were drawn,
//   linear probing with it has expected O(1) probes and runs concentrated near their mean
//   (Patrascu & Thorup, "The Power of Simple Tabulation Hashing", 2012): an offline attacker
//   gets random-key behaviour. The secret is 768 / 4608 words of 31 random bits (VMAC /
//   address), not a 32-bit seed that could be searched once a few collisions leak (the
//   `hashSeed` option for tests expands 32 bits, and says so).
// - An attacker who can time us could still learn, key by key, which VMACs land close
//   together (2^24 VMACs over far fewer slots: every slot has candidates), and grow one
//   run. So no insert may leave a run of occupied slots longer than MAX_RUN: one that would
//   redraws the tables and re-places every key (growing too when the load is above 1/4).
//   Every lookup, miss and delete therefore reads at most MAX_RUN + 1 slots, whatever the
//   keys and whatever the attacker knows, and each redraw throws away what was learned about
//   the old tables. Random keys reach runs of 55-64 only at load 1/2 in 2^24 slots and ~20
//   at load 1/4 (simulated), so honest tables redraw rarely, and never twice in a row.
// A two-level direct array over the 24-bit VMACs would bound lookups without any hashing,
// but costs either a fixed 4-64 MB per table or up to one page per entry when the attacker
// spreads VMACs over pages, and cannot index 18-octet addresses at all.

/** Longest run of occupied slots an insert may leave; see the comment above. @internal */
export const MAX_RUN = 64;

const MIN_SLOTS = 32;

/**
 * Slots per occupancy block (2^5). A run longer than 2 × 32 - 2 slots covers a whole
 * aligned block, so while no block is full no run can break the bound, and the exact count
 * is needed only for an insert into or next to a full block (see #place).
 */
const BLOCK_BITS = 5;
const BLOCK_SLOTS = 1 << BLOCK_BITS;

/** Tag of an empty slot; hashes avoid it. */
const EMPTY = -1;

/** Tabulation words of the VMAC index: 3 octets × 256. */
const VMAC_TABLE_WORDS = 3 * 256;
/** Tabulation words of the address index: 18 octets × 256. */
const ADDRESS_TABLE_WORDS = 18 * 256;

/** Fresh secrets drawn in a row before a layout with a long run is kept anyway (never seen). */
const MAX_REDRAWS = 8;

const scratch = new Uint8Array(18);

/**
 * Open-addressing hash index of entry nodes (internal), by VMAC (`byVmac = true`, hashes
 * from {@link hashVmac}) or by address ({@link hashAddress}). Each slot has a node and the
 * node's 32-bit hash as tag in a typed array, so that probing a miss reads only the tags,
 * never the nodes, and removal never re-hashes: the top bits of a tag are its home slot.
 * Load stays at most 1/2; the index grows by doubling, and draws a new secret whenever it
 * re-places its keys (growth, or a run longer than {@link MAX_RUN}).
 * @internal
 */
export class HashIndex {
  readonly #byVmac: boolean;
  readonly #random: RandomWords;
  readonly #table: Int32Array;
  #nodes: (EntryNode | undefined)[] = [];
  #tags = new Int32Array(0);
  /** Occupied slots per block of BLOCK_SLOTS. */
  #blocks = new Uint8Array(0);
  #mask = 0;
  #shift = 0;
  #count = 0;
  #redraws = 0;

  /** `random` fills the tabulation tables: at construction and at every re-placement. */
  constructor(byVmac: boolean, random: RandomWords) {
    this.#byVmac = byVmac;
    this.#random = random;
    this.#table = new Int32Array(byVmac ? VMAC_TABLE_WORDS : ADDRESS_TABLE_WORDS);
    this.#draw();
    this.#allocate(MIN_SLOTS);
  }

  /** Nodes indexed. */
  get count(): number {
    return this.#count;
  }

  /** Slots allocated (a power of two, at least twice {@link count}). */
  get slots(): number {
    return this.#tags.length;
  }

  /** Re-placements forced by a run longer than {@link MAX_RUN} (not counting plain growth). */
  get redraws(): number {
    return this.#redraws;
  }

  /** The VMAC's hash under the current secret (VMAC index). Never -1. Valid until the next {@link add}. */
  hashVmac(vmac: Vmac): number {
    const t = this.#table;
    return (t[vmac & 0xff] as number) ^ (t[256 | ((vmac >>> 8) & 0xff)] as number) ^ (t[512 | (vmac >>> 16)] as number);
  }

  /**
   * The hash of the address's 18 wire octets (zone excluded, like `equals`) under the
   * current secret (address index), read through `writeTo` so that no key string has to be
   * built. Never -1. Valid until the next {@link add}, which may draw a new secret.
   */
  hashAddress(address: Bip6Address): number {
    const b = scratch;
    address.writeTo(b, 0);
    const t = this.#table;
    // Unrolled: one table per octet position.
    return (
      (t[b[0] as number] as number) ^
      (t[256 + (b[1] as number)] as number) ^
      (t[512 + (b[2] as number)] as number) ^
      (t[768 + (b[3] as number)] as number) ^
      (t[1024 + (b[4] as number)] as number) ^
      (t[1280 + (b[5] as number)] as number) ^
      (t[1536 + (b[6] as number)] as number) ^
      (t[1792 + (b[7] as number)] as number) ^
      (t[2048 + (b[8] as number)] as number) ^
      (t[2304 + (b[9] as number)] as number) ^
      (t[2560 + (b[10] as number)] as number) ^
      (t[2816 + (b[11] as number)] as number) ^
      (t[3072 + (b[12] as number)] as number) ^
      (t[3328 + (b[13] as number)] as number) ^
      (t[3584 + (b[14] as number)] as number) ^
      (t[3840 + (b[15] as number)] as number) ^
      (t[4096 + (b[16] as number)] as number) ^
      (t[4352 + (b[17] as number)] as number)
    );
  }

  /** The node with this VMAC (VMAC index only; `hash` = {@link hashVmac}). */
  findVmac(vmac: Vmac, hash: number): EntryNode | undefined {
    const tags = this.#tags;
    const mask = this.#mask;
    for (let i = hash >>> this.#shift; ; i = (i + 1) & mask) {
      const tag = tags[i];
      if (tag === hash) {
        const n = this.#nodes[i] as EntryNode;
        if (n.vmac === vmac) return n;
      } else if (tag === EMPTY) {
        return undefined;
      }
    }
  }

  /** The node whose address has the same 18 octets (address index only; `hash` = {@link hashAddress}). */
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

  /**
   * Adds a node whose key is not indexed yet. `hash` is its key's {@link hashVmac} or
   * {@link hashAddress}, taken with no `add` since; it is stored in the node
   * (`vmacHash` / `addressHash`), and rewritten in every node when this draws a new secret.
   */
  add(node: EntryNode, hash: number): void {
    if (this.#byVmac) node.vmacHash = hash;
    else node.addressHash = hash;
    const slots = this.#tags.length;
    this.#count++;
    if (this.#count * 2 > slots) {
      this.#replace(slots * 2, node);
      return;
    }
    if (this.#place(node, hash)) {
      this.#redraws++;
      this.#replace(this.#count * 4 > slots ? slots * 2 : slots, undefined);
    }
  }

  /** Removes this node (by identity), which must be in the index. */
  delete(node: EntryNode): void {
    const nodes = this.#nodes;
    const tags = this.#tags;
    const mask = this.#mask;
    const shift = this.#shift;
    const tag = this.#byVmac ? node.vmacHash : node.addressHash;
    let i = tag >>> shift;
    while (tags[i] !== tag || nodes[i] !== node) i = (i + 1) & mask;
    // Backward-shift deletion: pull later members of the probe run into the hole unless
    // their home slot lies cyclically in (hole, their position]; no tombstones remain.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const t = tags[j] as number;
      if (t === EMPTY) break;
      const home = t >>> shift;
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!stays) {
        nodes[i] = nodes[j];
        tags[i] = t;
        i = j;
      }
    }
    // Moves keep every slot occupied but the last hole.
    nodes[i] = undefined;
    tags[i] = EMPTY;
    (this.#blocks[i >>> BLOCK_BITS] as number)--;
    this.#count--;
  }

  /** Empties the index and releases its memory (the secret stays). */
  clear(): void {
    this.#allocate(MIN_SLOTS);
    this.#count = 0;
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
        const home = t >>> this.#shift;
        hit = Math.max(hit, ((i - home) & this.#mask) + 1);
      }
    }
    return { hit, miss: Math.min(longest, slots) + 1 };
  }

  /**
   * Puts a node in the first empty slot from its home; true when the run of occupied slots
   * it is now part of is longer than MAX_RUN (counted only near a full block, and never
   * further than MAX_RUN + 1, so this stays O(MAX_RUN)).
   */
  #place(node: EntryNode, tag: number): boolean {
    const tags = this.#tags;
    const mask = this.#mask;
    const home = tag >>> this.#shift;
    let i = home;
    while (tags[i] !== EMPTY) i = (i + 1) & mask;
    this.#nodes[i] = node;
    tags[i] = tag;
    // A run longer than MAX_RUN (>= 2 blocks - 1) contains a full block, and every block
    // between it and this slot is full too: if neither this block nor a neighbour is full,
    // the run is short. Random tables almost never get here.
    const blocks = this.#blocks;
    const b = i >>> BLOCK_BITS;
    const last = blocks.length - 1;
    if (
      ++(blocks[b] as number) < BLOCK_SLOTS &&
      blocks[(b - 1) & last] !== BLOCK_SLOTS &&
      blocks[(b + 1) & last] !== BLOCK_SLOTS
    ) {
      return false;
    }
    let run = ((i - home) & mask) + 1;
    for (let j = (home - 1) & mask; run <= MAX_RUN && tags[j] !== EMPTY; j = (j - 1) & mask) run++;
    for (let j = (i + 1) & mask; run <= MAX_RUN && tags[j] !== EMPTY; j = (j + 1) & mask) run++;
    return run > MAX_RUN;
  }

  /**
   * Re-places every node (and `extra`, not placed yet) into `slots` slots under a fresh
   * secret; draws again while a run exceeds MAX_RUN, doubling every second attempt.
   */
  #replace(slots: number, extra: EntryNode | undefined): void {
    const nodes: EntryNode[] = [];
    const oldNodes = this.#nodes;
    const oldTags = this.#tags;
    for (let i = 0; i < oldTags.length; i++) if (oldTags[i] !== EMPTY) nodes.push(oldNodes[i] as EntryNode);
    if (extra !== undefined) nodes.push(extra);
    let size = slots;
    for (let attempt = 1; ; attempt++) {
      this.#draw();
      this.#allocate(size);
      let tooLong = false;
      for (const n of nodes) {
        const tag = this.#byVmac ? (n.vmacHash = this.hashVmac(n.vmac)) : (n.addressHash = this.hashAddress(n.address));
        if (this.#place(n, tag)) tooLong = true;
      }
      // Past MAX_REDRAWS the layout is kept: lookups stay correct (they stop at an empty
      // slot, not at the bound), only slower. With a random secret this never happens.
      if (!tooLong || attempt >= MAX_REDRAWS) return;
      // More room helps a little against a long run; beyond load 1/16 only a new secret does.
      if (attempt % 2 === 0 && nodes.length * 16 > size) size *= 2;
    }
  }

  /**
   * Draws a fresh secret. Every word's lowest bit is cleared, so no XOR of words is -1
   * (EMPTY) and hashing needs no branch; the home slot comes from the top bits.
   */
  #draw(): void {
    const t = this.#table;
    this.#random(t);
    for (let i = 0; i < t.length; i++) t[i] = (t[i] as number) & ~1;
  }

  #allocate(slots: number): void {
    // Pushed one by one so V8 keeps the array packed (no hole checks on probes).
    const nodes: (EntryNode | undefined)[] = [];
    for (let i = 0; i < slots; i++) nodes.push(undefined);
    this.#nodes = nodes;
    this.#tags = new Int32Array(slots).fill(EMPTY);
    this.#blocks = new Uint8Array(slots >>> BLOCK_BITS);
    this.#mask = slots - 1;
    this.#shift = 32 - Math.log2(slots);
  }
}
