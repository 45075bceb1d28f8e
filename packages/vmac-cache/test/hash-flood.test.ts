import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EntryNode } from "../src/entry-node.js";
import { HashIndex, MAX_RUN } from "../src/hash-index.js";
import { seededWords } from "../src/random-words.js";
import { VmacTable } from "../src/vmac-table.js";
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
const BOUND = MAX_RUN + 1;
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

  // With the old fixed hash these read 3999 (VMAC) and 4000 (address) slots.
  it("VMACs chosen against the old hash leave the VMAC index with short probes", () => {
    const index = new HashIndex(true, seededWords(1));
    const nodes = vmacs.map((v: Vmac) => new EntryNode(v, A, 0));
    for (const n of nodes) index.add(n, index.hashVmac(n.vmac));
    const worst = index.worstCase();
    expect(worst.hit).toBeLessThanOrEqual(BOUND);
    expect(worst.miss).toBeLessThanOrEqual(BOUND);
    for (const n of nodes) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
  });

  it("addresses chosen against the old hash leave the address index with short probes", () => {
    const index = new HashIndex(false, seededWords(2));
    const nodes = addresses.map((a, i) => new EntryNode(i, a, 0));
    for (const n of nodes) {
      n.addressHash = index.hashAddress(n.address);
      index.add(n, n.addressHash);
    }
    const worst = index.worstCase();
    expect(worst.hit).toBeLessThanOrEqual(BOUND);
    expect(worst.miss).toBeLessThanOrEqual(BOUND);
    for (const n of nodes) expect(index.findAddress(n.address, n.addressHash)).toBe(n);
  });

  // An attacker who knows the current secret and table size (the worst a timing attack could
  // approach): each key is searched so that its home slot is one of the first 8, so the keys
  // pile into one run until the index redraws, and then again against the new secret.
  const homeOf = (hash: number, slots: number): number => hash >>> (32 - Math.log2(slots));

  it("VMACs chosen against the index's own secret, adaptively, still read at most 65 slots", () => {
    const index = new HashIndex(true, seededWords(3));
    const used = new Set<Vmac>();
    const nodes: EntryNode[] = [];
    let worstSeen = 0;
    let v = 0;
    while (nodes.length < 3000) {
      v = (v + 0x9e37) & 0xffffff;
      if (used.has(v) || homeOf(index.hashVmac(v), index.slots) >= 8) continue;
      used.add(v);
      const n = new EntryNode(v, A, 0);
      nodes.push(n);
      index.add(n, index.hashVmac(v));
      worstSeen = Math.max(worstSeen, index.worstCase().miss);
    }
    expect(worstSeen).toBeLessThanOrEqual(BOUND);
    expect(index.redraws).toBeGreaterThan(10);
    for (const n of nodes) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
    for (const n of nodes.slice(0, 1500)) index.delete(n);
    for (const n of nodes.slice(0, 1500)) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBeUndefined();
    for (const n of nodes.slice(1500)) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
    expect(index.worstCase().miss).toBeLessThanOrEqual(BOUND);
  });

  it("keeps the bound through any mix of adaptive inserts and deletes (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.record({ add: fc.integer({ min: 0, max: 3 }), pick: fc.nat() }), { minLength: 50, maxLength: 600 }),
        (seed, ops) => {
          const index = new HashIndex(true, seededWords(seed));
          const present: EntryNode[] = [];
          const used = new Set<Vmac>();
          let v = seed;
          for (const { add, pick } of ops) {
            if (add > 0 || present.length === 0) {
              // The next unused VMAC whose home is one of the first 4 slots, under the secret as it is now.
              do v = (v + 0x9e37) & 0xffffff;
              while (used.has(v) || homeOf(index.hashVmac(v), index.slots) >= 4);
              used.add(v);
              const n = new EntryNode(v, A, 0);
              index.add(n, index.hashVmac(v));
              present.push(n);
            } else {
              const [n] = present.splice(pick % present.length, 1);
              index.delete(n as EntryNode);
            }
            expect(index.worstCase().miss).toBeLessThanOrEqual(BOUND);
          }
          for (const n of present) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
          expect(index.count).toBe(present.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("addresses chosen against the index's own secret, adaptively, still read at most 65 slots", () => {
    const index = new HashIndex(false, seededWords(4));
    const ip = new Uint8Array(16);
    ip[0] = 0xfd;
    const nodes: EntryNode[] = [];
    let worstSeen = 0;
    for (let i = 0; nodes.length < 1000; i++) {
      for (let k = 0; k < 4; k++) ip[12 + k] = (i >>> (8 * (3 - k))) & 0xff;
      const a = Bip6Address.fromIp(ip, 47808);
      const hash = index.hashAddress(a);
      if (homeOf(hash, index.slots) >= 8) continue;
      const n = new EntryNode(nodes.length, a, 0);
      nodes.push(n);
      index.add(n, hash);
      worstSeen = Math.max(worstSeen, index.worstCase().miss);
    }
    expect(worstSeen).toBeLessThanOrEqual(BOUND);
    expect(index.redraws).toBeGreaterThan(5);
    // Each redraw rewrote every node's hash; each node is found under it, and deletes by it.
    for (const n of nodes) {
      expect(n.addressHash).toBe(index.hashAddress(n.address));
      expect(index.findAddress(n.address, n.addressHash)).toBe(n);
    }
    for (const n of nodes.slice(0, 500)) index.delete(n);
    expect(index.count).toBe(500);
    for (const n of nodes.slice(500)) expect(index.findAddress(n.address, n.addressHash)).toBe(n);
  });

  it("a VmacTable flooded with the crafted keys keeps every mapping, evicts in order and agrees with its reverse index", () => {
    const table = new VmacTable({ capacity: 1000, ttlMs: Infinity, hashSeed: 5 });
    for (let i = 0; i < COUNT; i++) table.learn(vmacs[i] as Vmac, addresses[i] as Bip6Address, i);
    expect(table.size).toBe(1000);
    expect(table.stats()).toMatchObject({ learned: COUNT, evictions: COUNT - 1000, displaced: 0, moved: 0 });
    for (let i = 0; i < COUNT; i++) {
      const live = i >= COUNT - 1000;
      expect(table.lookup(vmacs[i] as Vmac, COUNT)?.equals(addresses[i] as Bip6Address) ?? false).toBe(live);
      expect(table.lookupVmac(addresses[i] as Bip6Address, COUNT)).toBe(live ? vmacs[i] : undefined);
    }
  });

  describe("the secret", () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it("comes from Web Crypto, one per index, unless a hashSeed is given; the same seed gives the same one", () => {
      const real = globalThis.crypto;
      const filled: number[] = [];
      vi.stubGlobal("crypto", {
        getRandomValues(this: unknown, words: Int32Array): Int32Array {
          expect(this).toBe(globalThis.crypto);
          filled.push(words.length);
          return real.getRandomValues(words);
        },
      });
      new VmacTable();
      expect(filled).toEqual([768, 4608]); // 3 and 18 octet tables of 256 words
      new VmacTable({ hashSeed: 1 });
      expect(filled).toHaveLength(2);
      const same = [new HashIndex(true, seededWords(9)), new HashIndex(true, seededWords(9))];
      const other = new HashIndex(true, seededWords(10));
      const probe = Array.from({ length: 64 }, (_, i) => i * 0x3f3f3);
      expect(probe.map((v) => same[0]?.hashVmac(v))).toEqual(probe.map((v) => same[1]?.hashVmac(v)));
      expect(probe.map((v) => other.hashVmac(v))).not.toEqual(probe.map((v) => same[0]?.hashVmac(v)));
    });

    it("is NO_RANDOM_SOURCE without Web Crypto; a hashSeed still works there", () => {
      vi.stubGlobal("crypto", undefined);
      expect(() => new VmacTable()).toThrow(expect.objectContaining({ code: "NO_RANDOM_SOURCE" }));
      const table = new VmacTable({ hashSeed: 3 });
      table.learn(1, A, 0);
      expect(table.lookup(1, 0)).toBe(A);
    });
  });
});
