import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { EntryNode } from "../src/entry-node.js";
import { HashIndex, addressHash } from "../src/hash-index.js";
import {
  addressesCollidingUnderLegacyHash,
  legacyAddressHash,
  legacyVmacHash,
  vmacsCollidingUnderLegacyHash,
} from "./colliding-keys.js";

// Issue 7: VMACs and addresses chosen offline to collide under the old fixed hash turned
// every operation of the index into a walk over all of them. The tests count slot reads
// (the index's worst case in its current layout), never time.

/** The most slots any lookup may read, whatever the keys: the index's longest run + 1. */
const BOUND = 64 + 1;
const COUNT = 4000; // about the default table capacity (4096)
const A = Bip6Address.parse("[fd00::a]:47808");

describe("hash flooding", () => {
  const vmacs = vmacsCollidingUnderLegacyHash(COUNT);
  const addresses = addressesCollidingUnderLegacyHash(COUNT);

  it("the crafted keys do collide under the old fixed hashes", () => {
    expect(new Set(vmacs).size).toBe(COUNT);
    // 4000 keys need 8192 slots (13 bits): every old home slot is 0 or 1.
    expect(new Set(vmacs.map((v) => legacyVmacHash(v) >>> 19))).toEqual(new Set([0, 1]));
    expect(new Set(addresses.map((a) => a.key)).size).toBe(COUNT);
    expect(new Set(addresses.map(legacyAddressHash)).size).toBe(1);
  });

  // Fails until the index is seeded: the old fixed hash walks all 4000 (3999 and 4000 slot reads).
  it.fails("VMACs chosen against the old hash leave the VMAC index with short probes", () => {
    const index = new HashIndex(true);
    const nodes = vmacs.map((v: Vmac) => new EntryNode(v, A, 0, 0));
    for (const n of nodes) index.add(n, n.vmac);
    const worst = index.worstCase();
    expect(worst.hit).toBeLessThanOrEqual(BOUND);
    expect(worst.miss).toBeLessThanOrEqual(BOUND);
    for (const n of nodes) expect(index.findVmac(n.vmac)).toBe(n);
  });

  it.fails("addresses chosen against the old hash leave the address index with short probes", () => {
    const index = new HashIndex(false);
    const nodes = addresses.map((a, i) => new EntryNode(i, a, addressHash(a), 0));
    for (const n of nodes) index.add(n, n.addressHash);
    const worst = index.worstCase();
    expect(worst.hit).toBeLessThanOrEqual(BOUND);
    expect(worst.miss).toBeLessThanOrEqual(BOUND);
    for (const n of nodes) expect(index.findAddress(n.address, n.addressHash)).toBe(n);
  });
});
