import { Bip6Address } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VmacTable, type LearnResult } from "../src/index.js";
import { codeOf } from "./error-code.js";

/**
 * A deliberately naive reference model of the documented semantics: arrays and linear
 * scans, no linked list, no second index. The real table must agree with it on every
 * result, on size and counters after every step, and on the final snapshot.
 */
interface ModelEntry {
  vmac: number;
  address: Bip6Address;
  lastSeen: number;
  pinned: boolean;
}

class Model {
  learned: ModelEntry[] = []; // least recently seen first
  pins: ModelEntry[] = []; // pin order
  counters = { evictions: 0, expirations: 0, learned: 0, refreshed: 0, moved: 0, displaced: 0, pinnedConflicts: 0 };

  constructor(
    readonly capacity: number,
    readonly ttl: number,
    readonly maxPinned: number,
  ) {}

  all(): ModelEntry[] {
    return [...this.pins, ...this.learned];
  }
  byVmac(v: number): ModelEntry | undefined {
    return this.all().find((e) => e.vmac === v);
  }
  byAddress(a: Bip6Address): ModelEntry | undefined {
    return this.all().find((e) => e.address.equals(a));
  }
  expired(e: ModelEntry, now: number): boolean {
    return !e.pinned && now - e.lastSeen >= this.ttl;
  }
  remove(e: ModelEntry): void {
    this.learned = this.learned.filter((x) => x !== e);
    this.pins = this.pins.filter((x) => x !== e);
  }
  touch(e: ModelEntry): void {
    this.learned = [...this.learned.filter((x) => x !== e), e];
  }
  makeRoom(now: number): void {
    if (this.learned.length < this.capacity) return;
    const oldest = this.learned[0] as ModelEntry;
    if (this.expired(oldest, now)) this.counters.expirations++;
    else this.counters.evictions++;
    this.remove(oldest);
  }

  learn(v: number, a: Bip6Address, now: number): LearnResult {
    let e = this.byVmac(v);
    if (e?.pinned) {
      if (e.address.equals(a)) {
        e.lastSeen = now;
        this.counters.refreshed++;
        return { outcome: "refreshed" };
      }
      this.counters.pinnedConflicts++;
      return { outcome: "pinned-conflict", pinnedVmac: v, pinnedAddress: e.address };
    }
    if (e !== undefined && this.expired(e, now)) {
      this.remove(e);
      this.counters.expirations++;
      e = undefined;
    }
    if (e !== undefined && e.address.equals(a)) {
      e.lastSeen = now;
      this.touch(e);
      this.counters.refreshed++;
      return { outcome: "refreshed" };
    }
    const owner = this.byAddress(a);
    let displacedVmac: number | undefined;
    if (owner?.pinned) {
      this.counters.pinnedConflicts++;
      return { outcome: "pinned-conflict", pinnedVmac: owner.vmac, pinnedAddress: owner.address };
    }
    if (owner !== undefined) {
      if (this.expired(owner, now)) this.counters.expirations++;
      else {
        this.counters.displaced++;
        displacedVmac = owner.vmac;
      }
      this.remove(owner);
    }
    if (e !== undefined) {
      const previous = e.address;
      e.address = a;
      e.lastSeen = now;
      this.touch(e);
      this.counters.moved++;
      return displacedVmac === undefined
        ? { outcome: "moved", previous }
        : { outcome: "moved", previous, displacedVmac };
    }
    this.makeRoom(now);
    this.learned.push({ vmac: v, address: a, lastSeen: now, pinned: false });
    this.counters.learned++;
    return displacedVmac === undefined ? { outcome: "new" } : { outcome: "new", displacedVmac };
  }

  lookupEntry(e: ModelEntry | undefined, now: number): ModelEntry | undefined {
    if (e === undefined) return undefined;
    if (this.expired(e, now)) {
      this.remove(e);
      this.counters.expirations++;
      return undefined;
    }
    return e;
  }

  pin(v: number, a: Bip6Address, now: number): string | undefined {
    const e = this.byVmac(v);
    const owner = this.byAddress(a);
    if (owner !== undefined && owner !== e && owner.pinned) return "PIN_CONFLICT";
    if (!(e?.pinned ?? false) && this.pins.length >= this.maxPinned) return "PIN_CAPACITY";
    if (owner !== undefined && owner !== e) this.remove(owner);
    if (e === undefined) {
      this.pins.push({ vmac: v, address: a, lastSeen: now, pinned: true });
    } else {
      if (!e.pinned) {
        this.remove(e);
        e.pinned = true;
        this.pins.push(e);
      }
      e.address = a;
      e.lastSeen = now;
    }
    return undefined;
  }

  unpin(v: number, now: number): boolean {
    const e = this.byVmac(v);
    if (e === undefined || !e.pinned) return false;
    this.remove(e);
    e.pinned = false;
    e.lastSeen = now;
    this.makeRoom(now);
    this.learned.push(e);
    return true;
  }

  prune(now: number): number {
    const dead = this.learned.filter((e) => this.expired(e, now));
    for (const e of dead) this.remove(e);
    this.counters.expirations += dead.length;
    return dead.length;
  }
}

type Op =
  | { op: "learn"; vmac: number; addr: number }
  | { op: "lookup"; vmac: number }
  | { op: "lookupVmac"; addr: number }
  | { op: "delete"; vmac: number }
  | { op: "pin"; vmac: number; addr: number }
  | { op: "unpin"; vmac: number }
  | { op: "advance"; ms: number }
  | { op: "prune" }
  | { op: "snapshot" };

const ADDRESSES = Array.from({ length: 8 }, (_, i) => Bip6Address.fromIp(`fd00::${i + 1}`, 47808 + (i % 2)));
const vmacArb = fc.integer({ min: 0, max: 9 }).map((i) => (i < 5 ? i : 0x400000 + i)); // small domain: many collisions
const addrArb = fc.integer({ min: 0, max: ADDRESSES.length - 1 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("learn" as const), vmac: vmacArb, addr: addrArb }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("lookup" as const), vmac: vmacArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("lookupVmac" as const), addr: addrArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), vmac: vmacArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("pin" as const), vmac: vmacArb, addr: addrArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("unpin" as const), vmac: vmacArb }) },
  // Steps around the TTL (100 ms) so that entries die exactly at the boundary too.
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.constantFrom(0, 1, 25, 50, 99, 100, 101) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("prune" as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("snapshot" as const) }) },
);

/** Learn results with addresses replaced by their keys, so `toEqual` compares octets. */
function norm(r: LearnResult): unknown {
  if (r.outcome === "moved") return { ...r, previous: r.previous.key };
  if (r.outcome === "pinned-conflict") return { ...r, pinnedAddress: r.pinnedAddress.key };
  return { ...r };
}

describe("VmacTable against a reference model", () => {
  it("agrees on random sequences of learn/lookup/delete/pin/advance-time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(opArb, { maxLength: 120 }),
        (capacity, maxPinned, ops) => {
          let now = 0;
          const ttl = 100;
          const table = new VmacTable({ capacity, ttlMs: ttl, maxPinned, now: () => now });
          const model = new Model(capacity, ttl, maxPinned);
          for (const step of ops) {
            switch (step.op) {
              case "learn": {
                const a = ADDRESSES[step.addr] as Bip6Address;
                expect(norm(table.learn(step.vmac, a))).toEqual(norm(model.learn(step.vmac, a, now)));
                break;
              }
              case "lookup":
                expect(table.lookup(step.vmac)?.key).toBe(model.lookupEntry(model.byVmac(step.vmac), now)?.address.key);
                break;
              case "lookupVmac": {
                const a = ADDRESSES[step.addr] as Bip6Address;
                expect(table.lookupVmac(a)).toBe(model.lookupEntry(model.byAddress(a), now)?.vmac);
                break;
              }
              case "delete": {
                const e = model.byVmac(step.vmac);
                if (e !== undefined) model.remove(e);
                expect(table.delete(step.vmac)).toBe(e !== undefined);
                break;
              }
              case "pin": {
                const a = ADDRESSES[step.addr] as Bip6Address;
                expect(codeOf(() => table.pin(step.vmac, a))).toBe(model.pin(step.vmac, a, now));
                break;
              }
              case "unpin":
                expect(table.unpin(step.vmac)).toBe(model.unpin(step.vmac, now));
                break;
              case "advance":
                now += step.ms;
                break;
              case "prune":
                expect(table.prune()).toBe(model.prune(now));
                break;
              case "snapshot": {
                model.prune(now);
                const expected = model.all().map((e) => [e.vmac, e.address.key, e.lastSeen, e.pinned]);
                expect(table.snapshot().map((e) => [e.vmac, e.address.key, e.lastSeen, e.pinned])).toEqual(expected);
                break;
              }
            }
            expect(table.stats()).toEqual({
              size: model.all().length,
              pinned: model.pins.length,
              capacity,
              ...model.counters,
            });
            expect(table.stats().size - table.stats().pinned).toBeLessThanOrEqual(capacity);
            expect(table.stats().pinned).toBeLessThanOrEqual(maxPinned);
          }
          // Final full comparison (catches a wrong eviction order that no lookup happened to hit),
          // then a cross-check of both indexes over the whole address domain.
          model.prune(now);
          expect(table.snapshot().map((e) => [e.vmac, e.address.key, e.lastSeen, e.pinned])).toEqual(
            model.all().map((e) => [e.vmac, e.address.key, e.lastSeen, e.pinned]),
          );
          for (const a of ADDRESSES) {
            const v = table.lookupVmac(a);
            if (v !== undefined) expect(table.lookup(v)?.key).toBe(a.key);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
