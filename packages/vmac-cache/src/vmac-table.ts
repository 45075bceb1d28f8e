import { Bip6Address, MAX_VMAC, describeValue, formatVmac, type Vmac } from "@bip6/bvll6-codec";
import { EntryNode } from "./entry-node.js";
import { VmacCacheError } from "./errors.js";
import { HashIndex } from "./hash-index.js";
import { seededWords, webCryptoWords } from "./random-words.js";

/** Default cap on learned (non-pinned) entries. */
export const DEFAULT_VMAC_TABLE_CAPACITY = 4096;

/** Default time after which an entry not seen again is expired: 15 minutes. */
export const DEFAULT_VMAC_TTL_MS = 15 * 60_000;

/** Default cap on pinned entries. */
export const DEFAULT_MAX_PINNED = 1024;

/** Options of {@link VmacTable}. */
export interface VmacTableOptions {
  /**
   * Hard cap on learned (non-pinned) entries, 1–16777216. When full, learning a new VMAC
   * evicts the least recently seen learned entry.
   * @defaultValue {@link DEFAULT_VMAC_TABLE_CAPACITY} (4096)
   */
  capacity?: number;
  /**
   * Milliseconds after its last sighting at which a learned entry expires (an entry seen at
   * `t` is live while `now - t < ttlMs`). `Infinity` disables expiry.
   * @defaultValue {@link DEFAULT_VMAC_TTL_MS} (15 minutes)
   */
  ttlMs?: number;
  /**
   * Hard cap on pinned entries, 0–16777216. Pins do not use `capacity`.
   * @defaultValue {@link DEFAULT_MAX_PINNED}
   */
  maxPinned?: number;
  /**
   * Clock in milliseconds, used when a method is called without `now`. The default is
   * monotonic, so a wall-clock step cannot expire or immortalise entries; `lastSeen` is then
   * ms since the process or page started.
   * @defaultValue `performance.now`
   */
  now?: () => number;
  /**
   * Seed of the secret that spreads VMACs and addresses over the table's index, for
   * reproducible tests and benches only (an integer 0–0xFFFFFFFF). Default: a fresh secret
   * from Web Crypto (`crypto.getRandomValues`) per table, so that keys chosen by senders
   * cannot be made to collide. With a known seed they can be computed; the index still
   * bounds every operation (at most 65 slots read), it just works harder.
   */
  hashSeed?: number;
}

/**
 * What {@link VmacTable.learn} did, discriminated on `outcome`:
 * - `new`: the VMAC was not in the table (or its entry had expired) and is now.
 * - `refreshed`: same VMAC, same 18-octet address; last-seen time updated.
 * - `moved`: same VMAC, different address (a restart on a new port, or a VMAC collision);
 *   `previous` is the address it replaced.
 * - `pinned-conflict`: no mapping changed, because a pin disagrees: either `vmac` is pinned
 *   to another address, or the address is pinned to another VMAC. `pinnedVmac`/`pinnedAddress`
 *   is the pin that won (it keeps its configured address and zone). An expired entry of
 *   `vmac` touched on the way is still collected, as a lookup would have.
 *
 * `displacedVmac` (on `new` and `moved`) names a live learned entry that held the same address
 * under another VMAC and was removed to keep the address ↔ VMAC mapping one-to-one (a node
 * that changed its VMAC, e.g. from random to instance-derived).
 */
export type LearnResult =
  | { readonly outcome: "new"; readonly displacedVmac?: Vmac }
  | { readonly outcome: "refreshed" }
  | { readonly outcome: "moved"; readonly previous: Bip6Address; readonly displacedVmac?: Vmac }
  | { readonly outcome: "pinned-conflict"; readonly pinnedVmac: Vmac; readonly pinnedAddress: Bip6Address };

/** Counters of a {@link VmacTable}; all but `size`, `pinned` and `capacity` are cumulative. */
export interface VmacTableStats {
  /** Entries stored, pinned included (expired entries count until they are collected). */
  readonly size: number;
  /** Pinned entries. */
  readonly pinned: number;
  /** The learned-entry cap. */
  readonly capacity: number;
  /** Live learned entries removed to make room. */
  readonly evictions: number;
  /** Entries removed because their TTL had run out. */
  readonly expirations: number;
  /** `learn` calls with outcome `new`. */
  readonly learned: number;
  /** `learn` calls with outcome `refreshed`. */
  readonly refreshed: number;
  /** `learn` calls with outcome `moved`. */
  readonly moved: number;
  /** Live entries removed because their address was learned under another VMAC. */
  readonly displaced: number;
  /** `learn` calls with outcome `pinned-conflict`. */
  readonly pinnedConflicts: number;
}

/** One row of {@link VmacTable.snapshot}. */
export interface VmacTableEntry {
  /** The VMAC. */
  readonly vmac: Vmac;
  /** Its B/IPv6 address. */
  readonly address: Bip6Address;
  /** When the VMAC was last learned (or pinned), ms on the table's clock. */
  readonly lastSeen: number;
  /** `now - lastSeen` at snapshot time. */
  readonly ageMs: number;
  /** True for a pinned (static) entry. */
  readonly pinned: boolean;
}

const NEW: LearnResult = Object.freeze({ outcome: "new" });
const REFRESHED: LearnResult = Object.freeze({ outcome: "refreshed" });

// 2^24: more entries than VMACs cannot exist.
const MAX_ENTRIES = MAX_VMAC + 1;

function checkCount(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_ENTRIES) {
    throw new VmacCacheError(
      "INVALID_OPTION",
      `${name} must be an integer ${min}-${MAX_ENTRIES}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The VMAC table of a BACnet/IPv6 node (annex-u.md §3): VMAC → B/IPv6 address with the time
 * it was last seen, plus the reverse index address → VMAC, kept one-to-one.
 *
 * - Learned entries expire lazily `ttlMs` after their last sighting: an expired entry is
 *   removed when it is next touched (`lookup`, `lookupVmac`, `learn`, eviction, `prune`,
 *   `snapshot`), so no timer is needed. `size` may therefore include expired entries
 *   until they are collected; memory stays bounded by the caps either way.
 * - At most `capacity` learned entries; learning one more evicts the least recently
 *   *learned* entry in O(1). Lookups do not count as sightings: only traffic from the peer
 *   (a `learn`) keeps an entry alive.
 * - Pinned entries (static configuration) never expire, are never evicted, win over
 *   conflicting traffic, and have their own cap (`maxPinned`) outside `capacity`.
 *
 * Time is whatever the injected clock says, in ms; it should not run backwards. If it
 * does, ages can be negative (entries look fresh) and eviction still follows learn order.
 *
 * @example
 * ```ts
 * const table = new VmacTable({ capacity: 1000, ttlMs: 60_000, now: () => clock });
 * table.learn(1234, Bip6Address.parse("[fd00::2]:47808")).outcome; // "new"
 * table.learn(1234, Bip6Address.parse("[fd00::2]:47809")).outcome; // "moved": restarted on a new port
 * table.lookup(1234)?.toString(); // "[fd00::2]:47809"
 * ```
 * @see ASHRAE 135 Annex U.5 and H.7 (virtual MAC addresses), annex-u.md §3
 */
export class VmacTable implements Iterable<VmacTableEntry> {
  readonly #capacity: number;
  readonly #ttl: number;
  readonly #maxPinned: number;
  readonly #clock: () => number;
  readonly #byVmac: HashIndex;
  readonly #byAddress: HashIndex;
  readonly #pins = new Set<EntryNode>();
  // Learned entries, least recently seen at the head.
  #head: EntryNode | undefined = undefined;
  #tail: EntryNode | undefined = undefined;
  #learnedCount = 0;
  #evictions = 0;
  #expirations = 0;
  #learned = 0;
  #refreshed = 0;
  #moved = 0;
  #displaced = 0;
  #pinnedConflicts = 0;

  /** Creates an empty table. Throws {@link VmacCacheError} `INVALID_OPTION` on bad options. */
  constructor(options: VmacTableOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new VmacCacheError("INVALID_OPTION", "options must be an object");
    }
    this.#capacity = checkCount("capacity", options.capacity ?? DEFAULT_VMAC_TABLE_CAPACITY, 1);
    this.#maxPinned = checkCount("maxPinned", options.maxPinned ?? DEFAULT_MAX_PINNED, 0);
    const ttl = options.ttlMs ?? DEFAULT_VMAC_TTL_MS;
    if (typeof ttl !== "number" || Number.isNaN(ttl) || ttl <= 0) {
      throw new VmacCacheError(
        "INVALID_OPTION",
        `ttlMs must be a positive number of ms or Infinity, got ${describeValue(ttl)}`,
      );
    }
    this.#ttl = ttl;
    const clock = options.now ?? defaultClock();
    if (typeof clock !== "function") {
      throw new VmacCacheError("INVALID_OPTION", "now must be a function returning milliseconds");
    }
    this.#clock = clock;
    const seed = options.hashSeed;
    if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
      throw new VmacCacheError(
        "INVALID_OPTION",
        `hashSeed must be an integer 0-0xFFFFFFFF, got ${describeValue(seed)}`,
      );
    }
    const random = seed === undefined ? webCryptoWords() : seededWords(seed);
    this.#byVmac = new HashIndex(true, random);
    this.#byAddress = new HashIndex(false, random);
  }

  /** Cap on learned entries. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Expiry time of learned entries (ms). */
  get ttlMs(): number {
    return this.#ttl;
  }

  /** Cap on pinned entries. */
  get maxPinned(): number {
    return this.#maxPinned;
  }

  /** Entries stored, pinned included; expired entries count until collected (see {@link prune}). */
  get size(): number {
    return this.#learnedCount + this.#pins.size;
  }

  /**
   * Records that `vmac` was seen at `address` (the sender of a frame, or the original
   * source of a forwarded one) at time `now`. See {@link LearnResult} for the outcomes.
   * Throws {@link VmacCacheError} (table unchanged) on an invalid VMAC, address or time.
   */
  learn(vmac: Vmac, address: Bip6Address, now: number = this.#clock()): LearnResult {
    checkVmac(vmac);
    checkAddress(address);
    checkTime(now);
    const byVmac = this.#byVmac;
    const vmacHash = byVmac.hashVmac(vmac);
    const found = byVmac.findVmac(vmac, vmacHash);
    if (found !== undefined && found.pinned) {
      if (found.address.equals(address)) {
        found.lastSeen = now;
        this.#refreshed++;
        return REFRESHED;
      }
      this.#pinnedConflicts++;
      return { outcome: "pinned-conflict", pinnedVmac: vmac, pinnedAddress: found.address };
    }
    // An expired entry is collected as a lookup would have, so results do not depend on
    // whether anyone looked in between.
    const node = this.#live(found, now);
    if (node !== undefined && node.address.equals(address)) {
      // Refresh path: no address hash needed, the reverse index is already right.
      node.address = address; // keeps the newest zone (interface) of a link-local peer
      node.lastSeen = now;
      this.#moveToTail(node);
      this.#refreshed++;
      return REFRESHED;
    }
    const hash = this.#byAddress.hashAddress(address);
    const owner = this.#byAddress.findAddress(address, hash);
    let displacedVmac: Vmac | undefined;
    if (owner !== undefined) {
      if (owner.pinned) {
        this.#pinnedConflicts++;
        return { outcome: "pinned-conflict", pinnedVmac: owner.vmac, pinnedAddress: owner.address };
      }
      if (now - owner.lastSeen >= this.#ttl) {
        this.#expirations++;
      } else {
        this.#displaced++;
        displacedVmac = owner.vmac;
      }
      this.#remove(owner);
    }
    if (node !== undefined) {
      const previous = node.address;
      this.#byAddress.delete(node);
      node.address = address;
      node.lastSeen = now;
      this.#byAddress.add(node, hash);
      this.#moveToTail(node);
      this.#moved++;
      return displacedVmac === undefined
        ? { outcome: "moved", previous }
        : { outcome: "moved", previous, displacedVmac };
    }
    this.#insert(vmac, vmacHash, address, hash, now);
    this.#learned++;
    return displacedVmac === undefined ? NEW : { outcome: "new", displacedVmac };
  }

  /**
   * The address of `vmac`, or `undefined` when unknown or expired (an expired entry is
   * removed here). Does not count as a sighting. Throws {@link VmacCacheError} on an invalid VMAC.
   */
  lookup(vmac: Vmac, now: number = this.#clock()): Bip6Address | undefined {
    checkVmac(vmac);
    checkTime(now);
    return this.#live(this.#find(vmac), now)?.address;
  }

  /**
   * Reverse lookup: the VMAC whose address has the same 18 octets as `address` (the zone is
   * ignored), or `undefined` when unknown or expired (an expired entry is removed here).
   */
  lookupVmac(address: Bip6Address, now: number = this.#clock()): Vmac | undefined {
    checkAddress(address);
    checkTime(now);
    const byAddress = this.#byAddress;
    return this.#live(byAddress.findAddress(address, byAddress.hashAddress(address)), now)?.vmac;
  }

  /**
   * Pins `vmac` to `address`: the entry never expires, is never evicted and wins over
   * conflicting traffic until {@link unpin} or {@link delete}. Re-pinning a pinned VMAC
   * replaces its address. A learned entry for the same VMAC or the same address is
   * replaced. Throws {@link VmacCacheError} (table unchanged): `PIN_CONFLICT` when the
   * address is pinned to another VMAC, `PIN_CAPACITY` when `maxPinned` pins exist.
   */
  pin(vmac: Vmac, address: Bip6Address, now: number = this.#clock()): void {
    checkVmac(vmac);
    checkAddress(address);
    checkTime(now);
    const vmacHash = this.#byVmac.hashVmac(vmac);
    const node = this.#byVmac.findVmac(vmac, vmacHash);
    const hash = this.#byAddress.hashAddress(address);
    const owner = this.#byAddress.findAddress(address, hash);
    if (owner !== undefined && owner !== node && owner.pinned) {
      throw new VmacCacheError(
        "PIN_CONFLICT",
        `${address.toString()} is already pinned to VMAC ${formatVmac(owner.vmac)}; unpin it first`,
      );
    }
    const alreadyPinned = node !== undefined && node.pinned;
    if (!alreadyPinned && this.#pins.size >= this.#maxPinned) {
      throw new VmacCacheError(
        "PIN_CAPACITY",
        `cannot pin VMAC ${formatVmac(vmac)}: ${this.#maxPinned} pins already (maxPinned)`,
      );
    }
    if (owner !== undefined && owner !== node) this.#remove(owner);
    if (node === undefined) {
      const pinned = new EntryNode(vmac, address, now);
      pinned.pinned = true;
      this.#byVmac.add(pinned, vmacHash);
      this.#byAddress.add(pinned, hash);
      this.#pins.add(pinned);
      return;
    }
    if (!node.pinned) {
      this.#unlink(node);
      this.#learnedCount--;
      node.pinned = true;
      this.#pins.add(node);
    }
    if (node !== owner) {
      this.#byAddress.delete(node);
      this.#byAddress.add(node, hash);
    }
    node.address = address;
    node.lastSeen = now;
  }

  /**
   * Turns a pinned entry back into an ordinary learned one, last seen `now` (it then ages
   * and can be evicted; it may evict the oldest learned entry to fit). Returns false when
   * `vmac` is not pinned. Use {@link delete} to drop the mapping instead.
   */
  unpin(vmac: Vmac, now: number = this.#clock()): boolean {
    checkVmac(vmac);
    checkTime(now);
    const node = this.#find(vmac);
    if (node === undefined || !node.pinned) return false;
    this.#pins.delete(node);
    node.pinned = false;
    node.lastSeen = now;
    if (this.#learnedCount >= this.#capacity) this.#evictOldest(now);
    this.#append(node);
    this.#learnedCount++;
    return true;
  }

  /** True when `vmac` is pinned. */
  isPinned(vmac: Vmac): boolean {
    checkVmac(vmac);
    return this.#find(vmac)?.pinned === true;
  }

  /** Removes the entry of `vmac`, pinned or not. Returns whether there was one. */
  delete(vmac: Vmac): boolean {
    checkVmac(vmac);
    const node = this.#find(vmac);
    if (node === undefined) return false;
    this.#remove(node);
    return true;
  }

  /**
   * Removes every entry, or every learned entry with `{ keepPinned: true }`.
   * Counters in {@link stats} are cumulative and are not reset.
   */
  clear(options: { keepPinned?: boolean } = {}): void {
    // Rebuilt from the pins rather than deleted entry by entry, which also gives the
    // indexes' memory back.
    this.#byVmac.clear();
    this.#byAddress.clear();
    if (options.keepPinned === true) {
      for (const n of this.#pins) {
        // Hashed again: an add may have drawn a new secret since the pin's hashes were taken.
        this.#byVmac.add(n, this.#byVmac.hashVmac(n.vmac));
        this.#byAddress.add(n, this.#byAddress.hashAddress(n.address));
      }
    } else {
      this.#pins.clear();
    }
    // Unreferenced nodes still point at each other; the GC copes with that.
    this.#head = undefined;
    this.#tail = undefined;
    this.#learnedCount = 0;
  }

  /** Removes every expired entry now (O(size)). Returns how many. Not needed for correctness. */
  prune(now: number = this.#clock()): number {
    checkTime(now);
    let removed = 0;
    for (let n = this.#head; n !== undefined;) {
      const next = n.next;
      if (now - n.lastSeen >= this.#ttl) {
        this.#remove(n);
        removed++;
      }
      n = next;
    }
    this.#expirations += removed;
    return removed;
  }

  /**
   * Every live entry, for diagnostics: pinned entries first (in pin order), then learned
   * ones from least to most recently seen. Collects expired entries first.
   */
  snapshot(now: number = this.#clock()): readonly VmacTableEntry[] {
    this.prune(now);
    const rows: VmacTableEntry[] = [];
    const row = (n: EntryNode): VmacTableEntry => ({
      vmac: n.vmac,
      address: n.address,
      lastSeen: n.lastSeen,
      ageMs: now - n.lastSeen,
      pinned: n.pinned,
    });
    for (const n of this.#pins) rows.push(row(n));
    for (let n = this.#head; n !== undefined; n = n.next) rows.push(row(n));
    return rows;
  }

  /** Iterates {@link snapshot} taken now on the table's clock. */
  [Symbol.iterator](): Iterator<VmacTableEntry> {
    return this.snapshot()[Symbol.iterator]();
  }

  /** Current sizes and cumulative counters. */
  stats(): VmacTableStats {
    return {
      size: this.size,
      pinned: this.#pins.size,
      capacity: this.#capacity,
      evictions: this.#evictions,
      expirations: this.#expirations,
      learned: this.#learned,
      refreshed: this.#refreshed,
      moved: this.#moved,
      displaced: this.#displaced,
      pinnedConflicts: this.#pinnedConflicts,
    };
  }

  #find(vmac: Vmac): EntryNode | undefined {
    const byVmac = this.#byVmac;
    return byVmac.findVmac(vmac, byVmac.hashVmac(vmac));
  }

  // The node if it is pinned or still live at `now`; an expired one is collected here.
  #live(node: EntryNode | undefined, now: number): EntryNode | undefined {
    if (node === undefined || node.pinned || now - node.lastSeen < this.#ttl) return node;
    this.#remove(node);
    this.#expirations++;
    return undefined;
  }

  // `vmacHash` and `hash` come from the indexes with no add since (see HashIndex.add).
  #insert(vmac: Vmac, vmacHash: number, address: Bip6Address, hash: number, now: number): void {
    let node: EntryNode;
    if (this.#learnedCount >= this.#capacity) {
      // Reuse the evicted node: a flood of new VMACs allocates nothing per learn.
      node = this.#evictOldest(now);
      node.vmac = vmac;
      node.address = address;
      node.lastSeen = now;
    } else {
      node = new EntryNode(vmac, address, now);
    }
    this.#append(node);
    this.#learnedCount++;
    this.#byVmac.add(node, vmacHash);
    this.#byAddress.add(node, hash);
  }

  // Caller guarantees at least one learned entry (capacity >= 1 and the table is full).
  #evictOldest(now: number): EntryNode {
    const oldest = this.#head as EntryNode;
    if (now - oldest.lastSeen >= this.#ttl) this.#expirations++;
    else this.#evictions++;
    this.#remove(oldest);
    return oldest;
  }

  #remove(node: EntryNode): void {
    this.#byVmac.delete(node);
    this.#byAddress.delete(node);
    if (node.pinned) {
      this.#pins.delete(node);
      node.pinned = false;
    } else {
      this.#unlink(node);
      this.#learnedCount--;
    }
  }

  #append(node: EntryNode): void {
    node.prev = this.#tail;
    node.next = undefined;
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
  }

  #unlink(node: EntryNode): void {
    const { prev, next } = node;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    node.prev = undefined;
    node.next = undefined;
  }

  #moveToTail(node: EntryNode): void {
    if (node === this.#tail) return;
    this.#unlink(node);
    this.#append(node);
  }
}

function defaultClock(): () => number {
  // Typed locally so the package needs neither DOM nor Node typings.
  const perf = (globalThis as { performance?: { now?: () => number } }).performance;
  const now = perf?.now;
  if (typeof now !== "function") {
    throw new VmacCacheError("INVALID_OPTION", "no performance.now() in this environment; pass a now() clock");
  }
  return () => now.call(perf);
}

function checkVmac(vmac: Vmac): void {
  // Not the codec's isVmac: this single-comparison form is ~10% faster on the learn+lookup
  // refresh path (bench). typeof first: `>>>` throws a TypeError on a BigInt. Then one
  // comparison rejects NaN, fractions, negatives and values above 32 bits.
  if (typeof vmac !== "number" || vmac >>> 0 !== vmac || vmac > MAX_VMAC) {
    throw new VmacCacheError("INVALID_VMAC", `VMAC must be an integer 0-0xFFFFFF, got ${describeValue(vmac)}`);
  }
}

function checkAddress(address: Bip6Address): void {
  if (!(address instanceof Bip6Address)) {
    throw new VmacCacheError("INVALID_ADDRESS", `expected a Bip6Address, got ${typeof address}`);
  }
}

function checkTime(now: number): void {
  // NaN and ±Infinity give NaN here; a non-number would too, or fail the typeof.
  if (typeof now !== "number" || now - now !== 0) {
    throw new VmacCacheError("INVALID_TIME", `time must be a finite number of ms, got ${describeValue(now)}`);
  }
}
