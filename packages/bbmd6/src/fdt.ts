import { type Bip6Address, FDT_GRACE_SECONDS, type Vmac } from "@bip6/bvll6-codec";

/** One registrant, as the BBMD keeps it. Mutated in place on refresh. */
export interface FdtEntry {
  /** The registrant's B/IPv6 address (the sender of its Register-Foreign-Device). */
  readonly address: Bip6Address;
  /** VMAC of its last Register-Foreign-Device. */
  vmac: Vmac;
  /** TTL granted, seconds (requested, clamped to the policy). */
  timeToLive: number;
  /** When the entry is dropped: last registration + (TTL + 30 s) × 1000, ms. */
  expiresAt: number;
}

/** A heap slot; stale once its entry was refreshed (other `at`) or removed. */
interface Slot {
  readonly at: number;
  readonly entry: FdtEntry;
}

/** Grace the BBMD adds to every TTL before dropping an entry (U.4.5.5), ms. */
const GRACE_MS = FDT_GRACE_SECONDS * 1000;

/**
 * The Foreign Device Table: one entry per registrant address (18 wire octets), in
 * registration order, with a min-heap of expiry times so the next wake-up is exact and
 * expiring is O(log n) per entry whatever the refresh pattern.
 */
export class ForeignDeviceTable {
  readonly #byKey = new Map<string, FdtEntry>();
  /** Lazy: refreshes push a new slot and leave the old one to be skipped. */
  #heap: Slot[] = [];

  /** Number of live entries. */
  get size(): number {
    return this.#byKey.size;
  }

  /** The entry registered from `address`, if any. */
  get(address: Bip6Address): FdtEntry | undefined {
    return this.#byKey.get(address.key);
  }

  /** Entries in registration order (a refresh keeps the original position). */
  values(): IterableIterator<FdtEntry> {
    return this.#byKey.values();
  }

  /** Adds a new entry. The caller has checked the cap and that `address` is not present. */
  add(address: Bip6Address, vmac: Vmac, timeToLive: number, now: number): FdtEntry {
    const entry: FdtEntry = { address, vmac, timeToLive, expiresAt: expiry(now, timeToLive) };
    this.#byKey.set(address.key, entry);
    this.#push(entry);
    return entry;
  }

  /** Restarts the timer of an existing entry (a new registration from the same address). */
  refresh(entry: FdtEntry, vmac: Vmac, timeToLive: number, now: number): void {
    entry.vmac = vmac;
    entry.timeToLive = timeToLive;
    const at = expiry(now, timeToLive);
    if (at === entry.expiresAt) return;
    entry.expiresAt = at;
    this.#push(entry);
  }

  /** Removes the entry registered from `address`; returns it, or `undefined` if none. */
  delete(address: Bip6Address): FdtEntry | undefined {
    const entry = this.#byKey.get(address.key);
    if (entry === undefined) return undefined;
    this.#byKey.delete(address.key);
    this.#clean();
    return entry;
  }

  /** Earliest expiry among live entries, ms; `undefined` when the table is empty. */
  get nextExpiry(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes every entry with `expiresAt <= now`, earliest first, and calls `onExpired` for each. */
  expire(now: number, onExpired: (entry: FdtEntry) => void): void {
    for (let top = this.#heap[0]; top !== undefined && top.at <= now; top = this.#heap[0]) {
      this.#pop();
      this.#byKey.delete(top.entry.address.key);
      onExpired(top.entry);
      this.#clean();
    }
  }

  #push(entry: FdtEntry): void {
    const heap = this.#heap;
    heap.push({ at: entry.expiresAt, entry });
    siftUp(heap, heap.length - 1);
    // Stale slots from refreshes are bounded: rebuild once they outnumber live ones.
    if (heap.length > 2 * this.#byKey.size + 32) this.#rebuild();
    else this.#clean();
  }

  /** Drops stale slots from the top, so `nextExpiry` is always a live entry's expiry. */
  #clean(): void {
    for (let top = this.#heap[0]; top !== undefined && !this.#live(top); top = this.#heap[0]) this.#pop();
  }

  #live(slot: Slot): boolean {
    return slot.entry.expiresAt === slot.at && this.#byKey.get(slot.entry.address.key) === slot.entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    siftDown(heap, 0);
  }

  #rebuild(): void {
    const heap: Slot[] = [];
    for (const entry of this.#byKey.values()) heap.push({ at: entry.expiresAt, entry });
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
    this.#heap = heap;
  }
}

function expiry(now: number, timeToLive: number): number {
  return now + timeToLive * 1000 + GRACE_MS;
}

function siftUp(heap: Slot[], i: number): void {
  const item = heap[i] as Slot;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as Slot;
    if (p.at <= item.at) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

function siftDown(heap: Slot[], i: number): void {
  const n = heap.length;
  const item = heap[i] as Slot;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && (heap[r] as Slot).at < (heap[l] as Slot).at ? r : l;
    const child = heap[c] as Slot;
    if (child.at >= item.at) break;
    heap[i] = child;
    i = c;
  }
  heap[i] = item;
}
