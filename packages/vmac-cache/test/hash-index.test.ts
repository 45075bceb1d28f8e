import { Bip6Address } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntryNode } from "../src/entry-node.js";
import { HashIndex, MAX_RUN } from "../src/hash-index.js";
import { type RandomWords, seededWords } from "../src/random-words.js";

const A = Bip6Address.parse("[fd00::a]:47808");

/**
 * A "secret" chosen by the test: every word 0 except `first` for the first octet's 256
 * entries, so every key hashes to `first` (VMAC index) or to `first` for any address.
 */
const sameHash =
  (first: number): RandomWords =>
  (words) => {
    words.fill(0);
    words.fill(first, 0, 256);
  };

/** Address tables that hash fd00::n to four clusters near the end, by the last octet. */
const fourClusters: RandomWords = (words) => {
  words.fill(0);
  for (let b = 0; b < 256; b++) words[15 * 256 + b] = 0xf0000000 | ((b & 3) << 26);
};

function addressNode(index: HashIndex, vmac: number, address: Bip6Address): EntryNode {
  const n = new EntryNode(vmac, address, 0);
  n.addressHash = index.hashAddress(address);
  return n;
}

describe("HashIndex (internal)", () => {
  // Wrap-around and long probe runs are where backward-shift deletion goes wrong if it
  // does. The tests choose the tabulation tables, so they can force collisions and runs that
  // wrap around the end of the slot array (-2 has every top bit set: the last slot).
  const addresses = Array.from({ length: 41 }, (_, i) => Bip6Address.fromIp(`fd00::${i + 1}`, 47808));
  const tables: [string, () => RandomWords][] = [
    ["a seeded secret", () => seededWords(1)],
    ["all colliding at the last slot", () => sameHash(-2)],
    ["four clusters near the end", () => fourClusters],
  ];

  it.each(tables)("address index agrees with a Map under random add/delete (%s)", (_name, secret) => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.boolean(), i: fc.integer({ min: 0, max: 40 }) }), { maxLength: 300 }),
        (ops) => {
          const index = new HashIndex(false, secret());
          const model = new Map<number, EntryNode>();
          for (const { add, i } of ops) {
            const existing = model.get(i);
            if (add && existing === undefined) {
              const n = addressNode(index, i, addresses[i] as Bip6Address);
              index.add(n, n.addressHash);
              model.set(i, n);
            } else if (!add && existing !== undefined) {
              index.delete(existing);
              model.delete(i);
            }
            expect(index.count).toBe(model.size);
          }
          for (let i = 0; i <= 40; i++) {
            const a = addresses[i] as Bip6Address;
            expect(index.findAddress(a, index.hashAddress(a))).toBe(model.get(i));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ["small VMACs", fc.integer({ min: 0, max: 40 }), () => seededWords(2)],
    ["small VMACs all colliding at the last slot", fc.integer({ min: 0, max: 40 }), () => sameHash(-2)],
    ["edge VMACs", fc.constantFrom(0, 1, 0x3fffff, 0x400000, 0x7fffff, 0xfffffe, 0xffffff), () => seededWords(3)],
    ["any VMAC", fc.integer({ min: 0, max: 0xffffff }), () => seededWords(4)],
  ] as const)("VMAC index agrees with a Map under random add/delete (%s)", (_name, vmacArb, secret) => {
    fc.assert(
      fc.property(fc.array(fc.record({ add: fc.boolean(), vmac: vmacArb }), { maxLength: 300 }), (ops) => {
        const index = new HashIndex(true, secret());
        const model = new Map<number, EntryNode>();
        for (const { add, vmac } of ops) {
          const existing = model.get(vmac);
          if (add && existing === undefined) {
            const n = new EntryNode(vmac, A, 0);
            index.add(n, index.hashVmac(vmac));
            model.set(vmac, n);
          } else if (!add && existing !== undefined) {
            index.delete(existing);
            model.delete(vmac);
          }
          expect(index.count).toBe(model.size);
        }
        for (const v of model.keys()) expect(index.findVmac(v, index.hashVmac(v))).toBe(model.get(v));
        for (const { vmac } of ops) expect(index.findVmac(vmac, index.hashVmac(vmac))).toBe(model.get(vmac));
      }),
      { numRuns: 200 },
    );
  });

  it("grows past its initial size and keeps everything findable", () => {
    const index = new HashIndex(true, seededWords(5));
    const nodes = Array.from({ length: 5000 }, (_, i) => new EntryNode(i * 7, A, 0));
    for (const n of nodes) index.add(n, index.hashVmac(n.vmac));
    expect(index.slots).toBe(16384);
    for (const n of nodes) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
    for (const n of nodes.slice(0, 2500)) index.delete(n);
    expect(index.count).toBe(2500);
    expect(index.findVmac(0, index.hashVmac(0))).toBeUndefined();
    expect(index.findVmac(7 * 4999, index.hashVmac(7 * 4999))).toBe(nodes[4999]);
    index.clear();
    expect(index.count).toBe(0);
    expect(index.findVmac(7 * 4999, index.hashVmac(7 * 4999))).toBeUndefined();
  });

  it("stays correct when no secret can break a run (a broken random source): keeps the layout, finds everything", () => {
    let draws = 0;
    const broken: RandomWords = (words) => {
      draws++;
      sameHash(12345)(words);
    };
    const index = new HashIndex(true, broken);
    const nodes = Array.from({ length: 2 * MAX_RUN }, (_, i) => new EntryNode(i * 3, A, 0));
    for (const n of nodes) index.add(n, index.hashVmac(n.vmac));
    expect(index.worstCase().miss).toBe(2 * MAX_RUN + 1); // one run: every key has one home
    // Each add past the bound (but the few that grew the table anyway) tried new secrets…
    expect(index.redraws).toBeGreaterThanOrEqual(MAX_RUN - 4);
    expect(index.slots).toBeLessThanOrEqual(16 * 2 * MAX_RUN); // …without growing past load 1/16
    expect(draws).toBeGreaterThan(MAX_RUN * 8);
    for (const n of nodes) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
    for (const n of nodes.slice(0, MAX_RUN)) index.delete(n);
    for (const n of nodes.slice(0, MAX_RUN)) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBeUndefined();
    for (const n of nodes.slice(MAX_RUN)) expect(index.findVmac(n.vmac, index.hashVmac(n.vmac))).toBe(n);
  });

  it("finds addresses by their 18 octets, not by object or zone, and survives full hash collisions", () => {
    const index = new HashIndex(false, sameHash(5));
    const a = Bip6Address.parse("[fe80::1%eth0]:47808");
    const b = Bip6Address.parse("[fe80::1]:47809");
    const na = addressNode(index, 1, a);
    const nb = addressNode(index, 2, b);
    expect(na.addressHash).toBe(nb.addressHash);
    index.add(na, na.addressHash);
    index.add(nb, nb.addressHash);
    const probe = Bip6Address.parse("[FE80:0::1%eth1]:47808");
    expect(index.findAddress(probe, index.hashAddress(probe))).toBe(na);
    expect(index.findAddress(b, index.hashAddress(b))).toBe(nb);
    const absent = Bip6Address.parse("[fe80::2]:47808");
    expect(index.findAddress(absent, index.hashAddress(absent))).toBeUndefined();
  });

  it("hashAddress depends on every octet and the port, not on the zone", () => {
    const index = new HashIndex(false, seededWords(6));
    const base = Bip6Address.parse("[2001:db8::1]:47808");
    expect(index.hashAddress(Bip6Address.parse("[2001:db8:0:0::1%eth3]:47808"))).toBe(index.hashAddress(base));
    const seen = new Set<number>([index.hashAddress(base)]);
    const octets = base.octets();
    for (let i = 0; i < 18; i++) {
      const o = new Uint8Array(octets);
      o[i] = (o[i] as number) ^ 0x01;
      seen.add(index.hashAddress(Bip6Address.fromOctets(o)));
    }
    expect(seen.size).toBe(19);
  });

  it("hashVmac is simple tabulation: the XOR of one table word per octet, lowest bit cleared (never -1)", () => {
    const words = new Int32Array(768);
    seededWords(7)(words);
    const index = new HashIndex(true, (w) => w.set(words));
    for (let i = 0; i < words.length; i++) words[i] = (words[i] as number) & ~1;
    const allOnes = new HashIndex(true, (w) => w.fill(-1));
    expect(allOnes.hashVmac(0x123456)).not.toBe(-1);
    for (const v of [0, 1, 0x123456, 0xffffff, 0x400000]) {
      const expected =
        (words[v & 0xff] as number) ^ (words[256 + ((v >> 8) & 0xff)] as number) ^ (words[512 + (v >> 16)] as number);
      expect(index.hashVmac(v)).toBe(expected);
    }
  });
});
