import { Bip6Address } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntryNode } from "../src/entry-node.js";
import { HashIndex, addressHash } from "../src/hash-index.js";

const A = Bip6Address.parse("[fd00::a]:47808");

function node(vmac: number, address: Bip6Address = A): EntryNode {
  return new EntryNode(vmac, address, addressHash(address), 0);
}

describe("HashIndex (internal)", () => {
  // Wrap-around and long probe runs are where backward-shift deletion goes wrong if it
  // does. The address index takes its hash as a parameter, so tests force collisions and
  // runs that wrap around the end of the slot array; the VMAC index is driven with real
  // VMACs, including dense ranges.
  const addresses = Array.from({ length: 41 }, (_, i) => Bip6Address.fromIp(`fd00::${i + 1}`, 47808));
  const hashings: [string, (i: number) => number][] = [
    ["addressHash", (i) => addressHash(addresses[i] as Bip6Address)],
    ["all colliding at the last slot", () => 0x7fffffff],
    ["four clusters near the end", (i) => 0xf0000000 | ((i & 3) << 26) | 0],
  ];

  it.each(hashings)("address index agrees with a Map under random add/delete (%s)", (_name, hashOf) => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.boolean(), i: fc.integer({ min: 0, max: 40 }) }), { maxLength: 300 }),
        (ops) => {
          const index = new HashIndex(false);
          const model = new Map<number, EntryNode>();
          for (const { add, i } of ops) {
            const existing = model.get(i);
            if (add && existing === undefined) {
              const n = node(i, addresses[i]);
              index.add(n, hashOf(i));
              model.set(i, n);
            } else if (!add && existing !== undefined) {
              index.delete(existing, hashOf(i));
              model.delete(i);
            }
            expect(index.count).toBe(model.size);
          }
          for (let i = 0; i <= 40; i++) {
            expect(index.findAddress(addresses[i] as Bip6Address, hashOf(i))).toBe(model.get(i));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ["small VMACs", fc.integer({ min: 0, max: 40 })],
    ["edge VMACs", fc.constantFrom(0, 1, 0x3fffff, 0x400000, 0x7fffff, 0xfffffe, 0xffffff)],
    ["any VMAC", fc.integer({ min: 0, max: 0xffffff })],
  ] as const)("VMAC index agrees with a Map under random add/delete (%s)", (_name, vmacArb) => {
    fc.assert(
      fc.property(fc.array(fc.record({ add: fc.boolean(), vmac: vmacArb }), { maxLength: 300 }), (ops) => {
        const index = new HashIndex(true);
        const model = new Map<number, EntryNode>();
        for (const { add, vmac } of ops) {
          const existing = model.get(vmac);
          if (add && existing === undefined) {
            const n = node(vmac);
            index.add(n, vmac);
            model.set(vmac, n);
          } else if (!add && existing !== undefined) {
            index.delete(existing, vmac);
            model.delete(vmac);
          }
          expect(index.count).toBe(model.size);
        }
        for (const v of model.keys()) expect(index.findVmac(v)).toBe(model.get(v));
        for (const { vmac } of ops) expect(index.findVmac(vmac)).toBe(model.get(vmac));
      }),
      { numRuns: 200 },
    );
  });

  it("grows past its initial size and keeps everything findable", () => {
    const index = new HashIndex(true);
    const nodes = Array.from({ length: 5000 }, (_, i) => node(i * 7));
    for (const n of nodes) index.add(n, n.vmac);
    for (const n of nodes) expect(index.findVmac(n.vmac)).toBe(n);
    for (const n of nodes.slice(0, 2500)) index.delete(n, n.vmac);
    expect(index.count).toBe(2500);
    expect(index.findVmac(0)).toBeUndefined();
    expect(index.findVmac(7 * 4999)).toBe(nodes[4999]);
    index.clear();
    expect(index.count).toBe(0);
    expect(index.findVmac(7 * 4999)).toBeUndefined();
  });

  it("finds addresses by their 18 octets, not by object or zone, and survives hash collisions", () => {
    const index = new HashIndex(false);
    const a = Bip6Address.parse("[fe80::1%eth0]:47808");
    const b = Bip6Address.parse("[fe80::1]:47809");
    const na = node(1, a);
    const nb = node(2, b);
    // Same forced hash for both: equality must decide.
    index.add(na, 5);
    index.add(nb, 5);
    expect(index.findAddress(Bip6Address.parse("[FE80:0::1%eth1]:47808"), 5)).toBe(na);
    expect(index.findAddress(b, 5)).toBe(nb);
    expect(index.findAddress(Bip6Address.parse("[fe80::2]:47808"), 5)).toBeUndefined();
  });

  it("addressHash depends on every octet and port, not on the zone", () => {
    const base = Bip6Address.parse("[2001:db8::1]:47808");
    expect(addressHash(Bip6Address.parse("[2001:db8:0:0::1%eth3]:47808"))).toBe(addressHash(base));
    const seen = new Set<number>([addressHash(base)]);
    const octets = base.octets();
    for (let i = 0; i < 18; i++) {
      const o = new Uint8Array(octets);
      o[i] = (o[i] as number) ^ 0x01;
      seen.add(addressHash(Bip6Address.fromOctets(o)));
    }
    expect(seen.size).toBe(19);
  });
});
