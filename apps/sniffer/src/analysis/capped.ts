/**
 * A Map with a hard cap: once full, new keys are refused (and counted) rather than evicting,
 * so a table of a huge capture keeps its first N entries and says how many it left out.
 */
export class CappedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly cap: number;
  /** New keys refused because the map was full. */
  overflow = 0;

  constructor(cap: number) {
    this.cap = cap;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** The value for `key`, made by `make` if absent; `undefined` (counted) when full. */
  getOrAdd(key: K, make: () => V): V | undefined {
    const had = this.#map.get(key);
    if (had !== undefined) return had;
    if (this.#map.size >= this.cap) {
      this.overflow++;
      return undefined;
    }
    const v = make();
    this.#map.set(key, v);
    return v;
  }

  /** Sets `key`; refused (counted, false) when it is new and the map is full. */
  set(key: K, value: V): boolean {
    if (!this.#map.has(key) && this.#map.size >= this.cap) {
      this.overflow++;
      return false;
    }
    this.#map.set(key, value);
    return true;
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}

/**
 * Pending requests waiting for an answer, by key, with a cap: when full, the oldest is dropped
 * (and counted), since an answer to it is the least likely to come.
 */
export class PendingMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly cap: number;
  /** Entries dropped to make room. */
  dropped = 0;

  constructor(cap: number) {
    this.cap = cap;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Sets `key` (a refreshed key moves to the newest end), dropping the oldest when full. */
  set(key: K, value: V): void {
    this.#map.delete(key);
    if (this.#map.size >= this.cap) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) {
        this.#map.delete(oldest.value);
        this.dropped++;
      }
    }
    this.#map.set(key, value);
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  /** Entries, oldest first. */
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
