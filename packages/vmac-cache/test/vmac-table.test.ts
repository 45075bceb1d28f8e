import { Bip6Address } from "@bip6/bvll6-codec";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_MAX_PINNED,
  DEFAULT_VMAC_TABLE_CAPACITY,
  DEFAULT_VMAC_TTL_MS,
  VmacTable,
  type VmacTableOptions,
} from "../src/index.js";
import { codeOf } from "./error-code.js";

// toEqual sees only an address's public fields (port, zone), not its octets, so A and B would
// compare equal: compare addresses (also inside results and snapshot rows) by octets and zone.
expect.addEqualityTesters([
  (a: unknown, b: unknown): boolean | undefined =>
    a instanceof Bip6Address && b instanceof Bip6Address ? a.equals(b) && a.zone === b.zone : undefined,
]);

const A = Bip6Address.parse("[fd00::a]:47808");
const B = Bip6Address.parse("[fd00::b]:47808");
const C = Bip6Address.parse("[fd00::c]:47808");
const A2 = Bip6Address.parse("[fd00::a]:47809"); // same host, other port

/** A table on a fake clock that only moves when the test says so. */
function fakeTable(options: Omit<VmacTableOptions, "now"> = {}): { table: VmacTable; clock: { t: number } } {
  const clock = { t: 1_000 };
  return { table: new VmacTable({ ...options, now: () => clock.t }), clock };
}

/** Address number i, all distinct: fd00::<i>:<port>. */
function addr(i: number): Bip6Address {
  return Bip6Address.fromIp(`fd00::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`, 47808);
}

function expectCode(fn: () => unknown, code: string): void {
  expect(codeOf(fn)).toBe(code);
}

describe("VmacTable options", () => {
  it("has documented defaults", () => {
    const t = new VmacTable();
    expect(t.capacity).toBe(DEFAULT_VMAC_TABLE_CAPACITY);
    expect(t.capacity).toBe(4096);
    expect(t.ttlMs).toBe(DEFAULT_VMAC_TTL_MS);
    expect(t.ttlMs).toBe(900_000);
    expect(t.maxPinned).toBe(DEFAULT_MAX_PINNED);
    expect(t.size).toBe(0);
  });

  it.each([
    [{ capacity: 0 }],
    [{ capacity: -1 }],
    [{ capacity: 1.5 }],
    [{ capacity: Number.NaN }],
    [{ capacity: Infinity }],
    [{ capacity: 0x1000001 }],
    [{ capacity: "10" }],
    [{ maxPinned: -1 }],
    [{ maxPinned: 0.5 }],
    [{ ttlMs: 0 }],
    [{ ttlMs: -5 }],
    [{ ttlMs: Number.NaN }],
    [{ ttlMs: "60000" }],
    [{ now: 5 }],
    [{ hashSeed: -1 }],
    [{ hashSeed: 1.5 }],
    [{ hashSeed: 2 ** 32 }],
    [{ hashSeed: "7" }],
    [{ capacity: Object.create(null) }],
    [{ ttlMs: Object.create(null) }],
    [{ hashSeed: Object.create(null) }],
  ])("rejects %o with INVALID_OPTION", (options) => {
    expectCode(() => new VmacTable(options as unknown as VmacTableOptions), "INVALID_OPTION");
  });

  it("rejects a non-object", () => {
    expectCode(() => new VmacTable(null as unknown as VmacTableOptions), "INVALID_OPTION");
  });

  it("accepts the edges: capacity 1 and 2^24, maxPinned 0, ttl Infinity", () => {
    expect(new VmacTable({ capacity: 1 }).capacity).toBe(1);
    expect(new VmacTable({ capacity: 0x1000000 }).capacity).toBe(0x1000000);
    expect(new VmacTable({ maxPinned: 0 }).maxPinned).toBe(0);
    expect(new VmacTable({ ttlMs: Infinity }).ttlMs).toBe(Infinity);
  });

  describe("default clock", () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it("is performance.now (monotonic), called as a method", () => {
      let t = 42.5;
      const perf = {
        now(this: unknown): number {
          expect(this).toBe(perf);
          return t;
        },
      };
      vi.stubGlobal("performance", perf);
      const table = new VmacTable({ ttlMs: 10 });
      table.learn(1, A);
      expect(table.snapshot()).toEqual([{ vmac: 1, address: A, lastSeen: 42.5, ageMs: 0, pinned: false }]);
      t += 10;
      expect(table.lookup(1)).toBeUndefined();
    });

    it("missing performance.now without a now option is INVALID_OPTION; with one it is fine", () => {
      vi.stubGlobal("performance", undefined);
      expectCode(() => new VmacTable(), "INVALID_OPTION");
      expect(new VmacTable({ now: () => 0 }).size).toBe(0);
    });
  });

  it("error messages say what was wrong", () => {
    expect(() => new VmacTable({ capacity: 0 })).toThrow(/capacity must be an integer 1-16777216, got 0/);
  });
});

describe("learn outcomes", () => {
  it("new, refreshed, moved", () => {
    const { table, clock } = fakeTable();
    expect(table.learn(1234, A)).toEqual({ outcome: "new" });
    clock.t += 10;
    expect(table.learn(1234, Bip6Address.parse("[fd00:0:0:0:0:0:0:a]:47808"))).toEqual({ outcome: "refreshed" });
    const moved = table.learn(1234, A2);
    expect(moved.outcome).toBe("moved");
    expect(moved.outcome === "moved" && moved.previous.equals(A)).toBe(true);
    expect(moved).not.toHaveProperty("displacedVmac");
    expect(table.lookup(1234)?.equals(A2)).toBe(true);
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.lookupVmac(A2)).toBe(1234);
    expect(table.stats()).toMatchObject({ size: 1, learned: 1, refreshed: 1, moved: 1, displaced: 0 });
  });

  it("refresh updates the last-seen time", () => {
    const { table, clock } = fakeTable({ ttlMs: 100 });
    table.learn(1, A);
    clock.t += 60;
    table.learn(1, A);
    clock.t += 60; // 120 after the first sighting, 60 after the refresh
    expect(table.lookup(1)?.equals(A)).toBe(true);
    expect(table.snapshot()).toEqual([{ vmac: 1, address: A, lastSeen: 1060, ageMs: 60, pinned: false }]);
  });

  it("a refresh keeps the newest zone of a link-local peer", () => {
    const { table } = fakeTable();
    const eth0 = Bip6Address.parse("[fe80::1%eth0]:47808");
    const eth1 = Bip6Address.parse("[fe80::1%eth1]:47808");
    table.learn(7, eth0);
    expect(table.learn(7, eth1)).toEqual({ outcome: "refreshed" });
    expect(table.lookup(7)?.zone).toBe("eth1");
    expect(table.lookupVmac(Bip6Address.parse("[fe80::1]:47808"))).toBe(7);
  });

  it("same address under a new VMAC displaces the old VMAC (one address, one VMAC)", () => {
    const { table } = fakeTable();
    table.learn(0x400001, A); // random VMAC first...
    table.learn(20, B);
    expect(table.learn(1234, A)).toEqual({ outcome: "new", displacedVmac: 0x400001 }); // ...then its instance VMAC
    expect(table.lookup(0x400001)).toBeUndefined();
    expect(table.lookupVmac(A)).toBe(1234);
    expect(table.size).toBe(2);
    expect(table.stats().displaced).toBe(1);
  });

  it("a move onto an address held by another VMAC displaces that VMAC", () => {
    const { table } = fakeTable();
    table.learn(1, A);
    table.learn(2, B);
    const r = table.learn(1, B);
    expect(r).toEqual({ outcome: "moved", previous: A, displacedVmac: 2 });
    expect(table.lookup(2)).toBeUndefined();
    expect(table.lookupVmac(B)).toBe(1);
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it("an expired entry is learned again as new, counting an expiration", () => {
    const { table, clock } = fakeTable({ ttlMs: 100 });
    table.learn(1, A);
    clock.t += 100;
    expect(table.learn(1, B)).toEqual({ outcome: "new" }); // not "moved": the old mapping was dead
    expect(table.stats()).toMatchObject({ expirations: 1, moved: 0, learned: 2 });
    expect(table.lookupVmac(A)).toBeUndefined();
  });

  it("an expired owner of the address is collected, not reported as displaced", () => {
    const { table, clock } = fakeTable({ ttlMs: 100 });
    table.learn(1, A);
    clock.t += 50;
    table.learn(2, B);
    clock.t += 50; // 1 expired, 2 live
    expect(table.learn(3, A)).toEqual({ outcome: "new" });
    expect(table.stats()).toMatchObject({ expirations: 1, displaced: 0, size: 2 });
  });

  it("accepts an explicit time instead of the clock", () => {
    const table = new VmacTable({
      ttlMs: 100,
      now: () => {
        throw new Error("clock must not be called");
      },
    });
    table.learn(1, A, 0);
    expect(table.lookup(1, 99)?.equals(A)).toBe(true);
    expect(table.lookup(1, 100)).toBeUndefined();
  });
});

describe("input validation leaves the table unchanged", () => {
  const bad: unknown[] = [
    -1,
    0x1000000,
    1.5,
    Number.NaN,
    Infinity,
    "12",
    12n,
    undefined,
    null,
    2 ** 32,
    Object.create(null),
  ];

  it.each(bad)("learn/lookup/pin/unpin/delete reject VMAC %s", (vmac) => {
    const { table } = fakeTable();
    table.learn(1, A);
    const before = JSON.stringify(table.snapshot());
    const v = vmac as number;
    expectCode(() => table.learn(v, B), "INVALID_VMAC");
    expectCode(() => table.lookup(v), "INVALID_VMAC");
    expectCode(() => table.pin(v, B), "INVALID_VMAC");
    expectCode(() => table.unpin(v), "INVALID_VMAC");
    expectCode(() => table.delete(v), "INVALID_VMAC");
    expectCode(() => table.isPinned(v), "INVALID_VMAC");
    expect(JSON.stringify(table.snapshot())).toBe(before);
    expect(table.stats()).toMatchObject({ size: 1, learned: 1, refreshed: 0 });
  });

  it("accepts the VMAC edges 0 and 0xFFFFFF", () => {
    const { table } = fakeTable();
    table.learn(0, A);
    table.learn(0xffffff, B);
    expect(table.lookup(0)?.equals(A)).toBe(true);
    expect(table.lookup(0xffffff)?.equals(B)).toBe(true);
  });

  it("rejects a non-address and a bad time", () => {
    const { table } = fakeTable();
    expectCode(() => table.learn(1, "[fd00::a]:47808" as unknown as Bip6Address), "INVALID_ADDRESS");
    expectCode(() => table.lookupVmac({ key: A.key } as unknown as Bip6Address), "INVALID_ADDRESS");
    expectCode(() => table.learn(1, A, Number.NaN), "INVALID_TIME");
    expectCode(() => table.learn(1, A, Infinity), "INVALID_TIME");
    expectCode(() => table.lookup(1, "5" as unknown as number), "INVALID_TIME");
    expectCode(() => table.lookup(1, Object.create(null) as number), "INVALID_TIME");
    expect(table.size).toBe(0);
    const broken = new VmacTable({ now: () => Number.NaN });
    expectCode(() => broken.learn(1, A), "INVALID_TIME");
    expect(broken.size).toBe(0);
  });
});

describe("TTL: expiry when age >= ttlMs", () => {
  it("is live at ttl-1 ms and expired at exactly ttl ms (lookup)", () => {
    const { table, clock } = fakeTable({ ttlMs: 60_000 });
    table.learn(5, A);
    clock.t += 59_999;
    expect(table.lookup(5)?.equals(A)).toBe(true);
    expect(table.lookupVmac(A)).toBe(5);
    expect(table.stats().expirations).toBe(0);
    clock.t += 1;
    expect(table.lookup(5)).toBeUndefined();
    expect(table.stats()).toMatchObject({ expirations: 1, size: 0 });
    expect(table.lookupVmac(A)).toBeUndefined(); // removed from both indexes
  });

  it("is live at ttl-1 ms and expired at exactly ttl ms (reverse lookup)", () => {
    const { table, clock } = fakeTable({ ttlMs: 1000 });
    table.learn(5, A);
    clock.t += 999;
    expect(table.lookupVmac(A)).toBe(5);
    clock.t += 1;
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.stats()).toMatchObject({ expirations: 1, size: 0 });
    expect(table.lookup(5)).toBeUndefined();
  });

  it("expiry is lazy: size counts the dead entry until something touches it", () => {
    const { table, clock } = fakeTable({ ttlMs: 10 });
    table.learn(1, A);
    table.learn(2, B);
    clock.t += 10;
    expect(table.size).toBe(2);
    expect(table.prune()).toBe(2);
    expect(table.size).toBe(0);
    expect(table.stats().expirations).toBe(2);
  });

  it("prune keeps live entries and is exact at the boundary", () => {
    const { table, clock } = fakeTable({ ttlMs: 10 });
    table.learn(1, A);
    clock.t += 5;
    table.learn(2, B);
    clock.t += 5; // 1 at age 10, 2 at age 5
    expect(table.prune()).toBe(1);
    expect(table.snapshot().map((e) => e.vmac)).toEqual([2]);
  });

  it("ttl Infinity never expires", () => {
    const { table, clock } = fakeTable({ ttlMs: Infinity });
    table.learn(1, A);
    clock.t += 1e15;
    expect(table.lookup(1)?.equals(A)).toBe(true);
  });

  it("a clock running backwards makes entries look fresh, not crash", () => {
    const { table, clock } = fakeTable({ ttlMs: 10 });
    table.learn(1, A);
    clock.t -= 1_000;
    expect(table.lookup(1)?.equals(A)).toBe(true);
    expect(table.snapshot()[0]?.ageMs).toBe(-1_000);
  });

  it("when the oldest entry is expired, making room counts an expiration, not an eviction", () => {
    const { table, clock } = fakeTable({ capacity: 2, ttlMs: 100 });
    table.learn(1, A);
    clock.t += 50;
    table.learn(2, B);
    clock.t += 50;
    table.learn(3, C);
    expect(table.stats()).toMatchObject({ evictions: 0, expirations: 1, size: 2 });
  });
});

describe("capacity and eviction", () => {
  it("evicts the least recently seen (learned) entry; lookups do not keep entries alive", () => {
    const { table } = fakeTable({ capacity: 3 });
    table.learn(1, addr(1));
    table.learn(2, addr(2));
    table.learn(3, addr(3));
    table.learn(1, addr(1)); // refresh: 2 is now the oldest
    table.lookup(2); // a lookup is not a sighting
    table.learn(4, addr(4));
    expect(table.lookup(2)).toBeUndefined();
    expect(table.lookupVmac(addr(2))).toBeUndefined();
    expect(table.snapshot().map((e) => e.vmac)).toEqual([3, 1, 4]);
    expect(table.stats()).toMatchObject({ size: 3, evictions: 1 });
  });

  it("a move counts as a sighting for eviction order", () => {
    const { table } = fakeTable({ capacity: 2 });
    table.learn(1, A);
    table.learn(2, B);
    table.learn(1, C); // moved
    table.learn(3, A);
    expect(table.snapshot().map((e) => e.vmac)).toEqual([1, 3]);
  });

  it("capacity 1 keeps exactly the last learned entry", () => {
    const { table } = fakeTable({ capacity: 1 });
    for (let i = 0; i < 10; i++) table.learn(i, addr(i));
    expect(table.snapshot().map((e) => e.vmac)).toEqual([9]);
    expect(table.stats().evictions).toBe(9);
  });

  it("a flood of 100 000 distinct VMACs into a cap of 1000 keeps the newest 1000", () => {
    const { table, clock } = fakeTable({ capacity: 1000 });
    for (let i = 0; i < 100_000; i++) {
      table.learn(i, addr(i));
      if (i % 1000 === 999) clock.t += 1; // time moves, but far less than the TTL
      if (i % 10_000 === 0) expect(table.size).toBeLessThanOrEqual(1000);
    }
    expect(table.size).toBe(1000);
    const stats = table.stats();
    expect(stats.evictions).toBe(99_000);
    expect(stats.learned).toBe(100_000);
    expect(stats.expirations).toBe(0);
    const kept = table.snapshot().map((e) => e.vmac);
    expect(kept).toEqual(Array.from({ length: 1000 }, (_, k) => 99_000 + k));
    // Both indexes agree: evicted addresses are gone from the reverse index too.
    expect(table.lookup(98_999)).toBeUndefined();
    expect(table.lookupVmac(addr(98_999))).toBeUndefined();
    expect(table.lookupVmac(addr(0))).toBeUndefined();
    for (let i = 99_000; i < 100_000; i += 97) {
      expect(table.lookup(i)?.equals(addr(i))).toBe(true);
      expect(table.lookupVmac(addr(i))).toBe(i);
    }
  });

  it("reverse index stays consistent through moves, displacements and evictions", () => {
    const { table } = fakeTable({ capacity: 50 });
    // Deterministic churn over 80 VMACs and 60 addresses.
    let x = 12345;
    const next = (n: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    for (let i = 0; i < 5000; i++) table.learn(next(80), addr(next(60)));
    const rows = table.snapshot();
    expect(rows.length).toBe(table.size);
    expect(rows.length).toBeLessThanOrEqual(50);
    const keys = new Set(rows.map((r) => r.address.key));
    expect(keys.size).toBe(rows.length); // one VMAC per address
    for (const r of rows) {
      expect(table.lookupVmac(r.address)).toBe(r.vmac);
      expect(table.lookup(r.vmac)?.equals(r.address)).toBe(true);
    }
    for (let i = 0; i < 60; i++) {
      const v = table.lookupVmac(addr(i));
      if (v !== undefined) expect(table.lookup(v)?.equals(addr(i))).toBe(true);
    }
  });
});

describe("pins", () => {
  it("never expire and are never evicted", () => {
    const { table, clock } = fakeTable({ capacity: 2, ttlMs: 100 });
    table.pin(9, A);
    for (let i = 0; i < 100; i++) table.learn(100 + i, addr(100 + i));
    clock.t += 1e9;
    table.prune();
    expect(table.lookup(9)?.equals(A)).toBe(true);
    expect(table.lookupVmac(A)).toBe(9);
    expect(table.stats()).toMatchObject({ pinned: 1, evictions: 98, expirations: 2, size: 1 });
  });

  it("do not use the learned capacity", () => {
    const { table } = fakeTable({ capacity: 2 });
    table.pin(9, A);
    table.pin(10, B);
    table.learn(1, addr(1));
    table.learn(2, addr(2));
    expect(table.size).toBe(4);
    expect(table.stats()).toMatchObject({ pinned: 2, evictions: 0 });
  });

  it("are capped by maxPinned (re-pinning an existing pin is fine)", () => {
    const { table } = fakeTable({ maxPinned: 2 });
    table.pin(1, addr(1));
    table.pin(2, addr(2));
    table.pin(2, addr(22)); // replaces, no new slot
    expectCode(() => table.pin(3, addr(3)), "PIN_CAPACITY");
    expect(table.lookup(3)).toBeUndefined();
    expect(table.lookup(2)?.equals(addr(22))).toBe(true);
    expect(table.lookupVmac(addr(2))).toBeUndefined();
    const none = new VmacTable({ maxPinned: 0 });
    expectCode(() => none.pin(1, A), "PIN_CAPACITY");
  });

  it("learn with a different address is a pinned-conflict and changes nothing", () => {
    const { table } = fakeTable();
    table.pin(9, A);
    const before = table.snapshot();
    expect(table.learn(9, B)).toEqual({ outcome: "pinned-conflict", pinnedVmac: 9, pinnedAddress: A });
    expect(table.lookup(9)?.equals(A)).toBe(true);
    expect(table.lookupVmac(B)).toBeUndefined();
    expect(table.snapshot()).toEqual(before);
    expect(table.stats().pinnedConflicts).toBe(1);
  });

  it("learn of a pinned address under another VMAC is a pinned-conflict", () => {
    const { table } = fakeTable();
    table.pin(9, A);
    table.learn(10, B);
    expect(table.learn(11, A)).toEqual({ outcome: "pinned-conflict", pinnedVmac: 9, pinnedAddress: A });
    expect(table.learn(10, A)).toEqual({ outcome: "pinned-conflict", pinnedVmac: 9, pinnedAddress: A });
    expect(table.lookup(11)).toBeUndefined();
    expect(table.lookup(10)?.equals(B)).toBe(true); // the move was refused as a whole
    expect(table.lookupVmac(A)).toBe(9);
  });

  it("learn with the pinned address refreshes its last-seen time", () => {
    const { table, clock } = fakeTable();
    table.pin(9, A);
    clock.t += 500;
    expect(table.learn(9, A)).toEqual({ outcome: "refreshed" });
    expect(table.snapshot()).toEqual([{ vmac: 9, address: A, lastSeen: 1500, ageMs: 0, pinned: true }]);
  });

  it("pinning over learned entries takes them over (same VMAC or same address)", () => {
    const { table } = fakeTable({ capacity: 3 });
    table.learn(1, A);
    table.learn(2, B);
    table.pin(1, B); // VMAC 1 was learned at A; B belonged to VMAC 2
    expect(table.lookup(2)).toBeUndefined();
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.lookupVmac(B)).toBe(1);
    expect(table.isPinned(1)).toBe(true);
    expect(table.stats()).toMatchObject({ size: 1, pinned: 1 });
    // The learned list lost both, so three more fit without eviction.
    table.learn(3, addr(3));
    table.learn(4, addr(4));
    table.learn(5, addr(5));
    expect(table.stats().evictions).toBe(0);
  });

  it("pinning an address pinned to another VMAC throws PIN_CONFLICT", () => {
    const { table } = fakeTable();
    table.pin(1, A);
    expectCode(() => table.pin(2, A), "PIN_CONFLICT");
    expect(() => table.pin(2, A)).toThrow(/\[fd00::a\]:47808 is already pinned to VMAC 000001/);
    expect(table.lookup(2)).toBeUndefined();
    expect(table.lookupVmac(A)).toBe(1);
  });

  it("unpin turns a pin into a learned entry last seen now, which then ages", () => {
    const { table, clock } = fakeTable({ ttlMs: 100, capacity: 1 });
    table.pin(1, A);
    table.learn(2, B);
    clock.t += 1000;
    expect(table.unpin(1)).toBe(true); // evicts 2 to fit into capacity 1
    expect(table.unpin(1)).toBe(false);
    expect(table.unpin(77)).toBe(false);
    expect(table.isPinned(1)).toBe(false);
    expect(table.stats()).toMatchObject({ pinned: 0, size: 1, evictions: 0, expirations: 1 });
    expect(table.lookup(2)).toBeUndefined();
    clock.t += 99;
    expect(table.lookup(1)?.equals(A)).toBe(true);
    clock.t += 1;
    expect(table.lookup(1)).toBeUndefined();
  });

  it("delete removes pinned and learned entries from both indexes", () => {
    const { table } = fakeTable();
    table.pin(1, A);
    table.learn(2, B);
    expect(table.delete(1)).toBe(true);
    expect(table.delete(2)).toBe(true);
    expect(table.delete(2)).toBe(false);
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.lookupVmac(B)).toBeUndefined();
    expect(table.stats()).toMatchObject({ size: 0, pinned: 0 });
    table.pin(2, A); // the slot and the address are free again
    expect(table.lookupVmac(A)).toBe(2);
  });
});

describe("clear, snapshot, iteration, stats", () => {
  it("clear removes everything; keepPinned keeps the pins; counters are kept", () => {
    const { table } = fakeTable({ capacity: 2 });
    table.pin(1, A);
    table.learn(2, B);
    table.learn(3, C);
    table.learn(4, addr(4)); // evicts 2
    table.clear({ keepPinned: true });
    expect(table.snapshot().map((e) => e.vmac)).toEqual([1]);
    expect(table.lookupVmac(C)).toBeUndefined();
    expect(table.lookupVmac(A)).toBe(1);
    table.learn(5, B);
    table.learn(6, C);
    expect(table.stats()).toMatchObject({ size: 3, evictions: 1 }); // the list restarted empty
    table.clear();
    expect(table.size).toBe(0);
    expect(table.lookupVmac(A)).toBeUndefined();
    expect(table.stats()).toMatchObject({ size: 0, pinned: 0, learned: 5, evictions: 1 });
    table.learn(1, A);
    expect(table.lookup(1)?.equals(A)).toBe(true);
  });

  it("snapshot lists pins first, then learned entries oldest first, with ages", () => {
    const { table, clock } = fakeTable({ ttlMs: 1000 });
    table.learn(1, A);
    clock.t += 100;
    table.pin(9, C);
    table.learn(2, B);
    clock.t += 100;
    table.learn(1, A);
    expect(table.snapshot()).toEqual([
      { vmac: 9, address: C, lastSeen: 1100, ageMs: 100, pinned: true },
      { vmac: 2, address: B, lastSeen: 1100, ageMs: 100, pinned: false },
      { vmac: 1, address: A, lastSeen: 1200, ageMs: 0, pinned: false },
    ]);
    expect([...table].map((e) => e.vmac)).toEqual([9, 2, 1]);
    expect(table.snapshot(2150).map((e) => e.vmac)).toEqual([9, 1]); // 2 expired at 2100
  });

  it("stats has the documented shape", () => {
    const { table } = fakeTable({ capacity: 10 });
    expect(table.stats()).toEqual({
      size: 0,
      pinned: 0,
      capacity: 10,
      evictions: 0,
      expirations: 0,
      learned: 0,
      refreshed: 0,
      moved: 0,
      displaced: 0,
      pinnedConflicts: 0,
    });
  });

  it("the shared new/refreshed results are frozen", () => {
    const { table } = fakeTable();
    const r = table.learn(1, A);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(table.learn(1, A))).toBe(true);
  });
});
