import { Bip6Address, describeValue } from "@bip6/bvll6-codec";
import { checkRoutable } from "./config.js";
import { BbmdError } from "./errors.js";

/**
 * The Broadcast Distribution Table: peer BBMDs by their 18 wire octets. IPv6 has no
 * broadcast mask, so an entry is just an address (annex-u.md §4). The own entry is skipped.
 */
export class BroadcastDistributionTable {
  readonly #own: Bip6Address;
  readonly #max: number;
  readonly #allowLoopback: boolean;
  #byKey = new Map<string, Bip6Address>();
  /** Replaced, never mutated, so a caller holding the old array sees a consistent list. */
  #peers: readonly Bip6Address[] = Object.freeze([]);

  /** An empty table for the BBMD at `own`, holding at most `max` peers. */
  constructor(own: Bip6Address, max: number, allowLoopback: boolean) {
    this.#own = own;
    this.#max = max;
    this.#allowLoopback = allowLoopback;
  }

  /** The peers in configuration order (frozen). */
  get peers(): readonly Bip6Address[] {
    return this.#peers;
  }

  /** Number of peers. */
  get size(): number {
    return this.#peers.length;
  }

  /** Whether `address` is a peer (18-octet comparison). */
  has(address: Bip6Address): boolean {
    return this.#byKey.has(address.key);
  }

  /**
   * Replaces the whole table. Checks every entry first, so a throw ({@link BbmdError}
   * `INVALID_ADDRESS`, `DUPLICATE_BDT_ENTRY`, `BDT_FULL`, `INVALID_OPTION`) changes nothing.
   */
  replace(list: readonly Bip6Address[]): void {
    if (!Array.isArray(list)) throw new BbmdError("INVALID_OPTION", `bdt must be an array, got ${describeValue(list)}`);
    const seen = new Set<string>();
    const peers: Bip6Address[] = [];
    list.forEach((entry: unknown, i) => {
      const address = checkRoutable(entry, `bdt[${i}]`, this.#allowLoopback);
      if (seen.has(address.key)) throw duplicate(address);
      seen.add(address.key);
      if (address.equals(this.#own)) return;
      peers.push(address);
      if (peers.length > this.#max) {
        throw new BbmdError("BDT_FULL", `the BDT holds at most ${this.#max} peers (maxBdtEntries), got more`);
      }
    });
    this.#byKey = new Map(peers.map((p) => [p.key, p]));
    this.#peers = Object.freeze(peers);
  }

  /**
   * Adds one peer. Returns `false` for the own address (skipped, as in a configured BDT).
   * Throws {@link BbmdError} for a bad address, a known peer or a full table.
   */
  add(address: Bip6Address): boolean {
    const a = checkRoutable(address, "peer", this.#allowLoopback);
    if (a.equals(this.#own)) return false;
    if (this.#byKey.has(a.key)) throw duplicate(a);
    if (this.#peers.length >= this.#max) {
      throw new BbmdError("BDT_FULL", `the BDT already holds ${this.#max} peers (maxBdtEntries)`);
    }
    this.#byKey.set(a.key, a);
    this.#peers = Object.freeze([...this.#peers, a]);
    return true;
  }

  /** Removes one peer; `false` if it was not in the table. */
  remove(address: Bip6Address): boolean {
    if (!(address instanceof Bip6Address)) {
      throw new BbmdError("INVALID_ADDRESS", `peer must be a Bip6Address, got ${describeValue(address)}`);
    }
    if (!this.#byKey.delete(address.key)) return false;
    this.#peers = Object.freeze(this.#peers.filter((p) => !p.equals(address)));
    return true;
  }
}

function duplicate(address: Bip6Address): BbmdError {
  return new BbmdError("DUPLICATE_BDT_ENTRY", `${address.toString()} is in the BDT more than once`);
}
