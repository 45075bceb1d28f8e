import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";

/**
 * One table entry (internal). Also an intrusive list node: refreshing is a few pointer
 * writes and eviction takes the head, with no allocation and no Map churn.
 * @internal
 */
export class EntryNode {
  /** Neighbours in the learned list (least recently seen first); unused for pins. */
  prev: EntryNode | undefined = undefined;
  /** See {@link prev}. */
  next: EntryNode | undefined = undefined;
  /** Pinned entries are not in the learned list. */
  pinned = false;

  /**
   * The VMAC index's hash of `vmac` (its slot tag), kept so removal never re-hashes; set by
   * the index on `add` and rewritten when it draws a new secret.
   */
  vmacHash = 0;
  /** The address index's hash of `address`, likewise. */
  addressHash = 0;

  constructor(
    /** The VMAC. */
    public vmac: Vmac,
    /** Its address. */
    public address: Bip6Address,
    /** Last sighting, ms. */
    public lastSeen: number,
  ) {}
}
