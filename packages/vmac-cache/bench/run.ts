/**
 * VMAC table throughput: one operation = one `learn` + one `lookup` of the same VMAC.
 *
 * - newKeys: every learn is a VMAC the table does not hold (2 × cap keys cycled through a
 *   table of `cap`), so every learn evicts the least recently seen entry.
 * - refresh: a working set of exactly `cap` keys, all present, so every learn is a refresh
 *   (and moves the entry to the most recent end of the eviction list).
 *
 * Both at caps 1 000, 10 000 and 100 000: flat numbers across caps show eviction and
 * refresh cost do not grow with table size. The baseline, measured in the same run with the
 * same keys and address objects, is a plain `Map.set` + `Map.get`. For the new-keys case the
 * run also measures a naive Map-insertion-order LRU, the design this package does not use.
 *
 * Hash flooding (issue 7), at 150 000 entries: the same operations with keys an attacker
 * computes offline to collide under the old fixed hash (VMACs with the smallest old hashes,
 * addresses with one and the same old hash; test/colliding-keys.ts) beside random keys, in
 * the same run: learn of a new VMAC and address (every learn evicts), lookup of an absent
 * VMAC, and lookupVmac of an absent address. Target: adversarial within 2x of random
 * (ratio >= 0.5).
 *
 * Run from the repository root: `npx tsx packages/vmac-cache/bench/run.ts`.
 * The last line of stdout is the JSON result.
 */
import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import { consume, measure, type Measurement, summarize } from "../../../bench/harness.js";
import { VmacTable } from "../src/index.js";
import { addressesCollidingUnderLegacyHash, vmacsCollidingUnderLegacyHash } from "../test/colliding-keys.js";

const CAPS = [1_000, 10_000, 100_000] as const;
const TARGET_OPS_PER_SECOND = 5_000_000;

interface Keys {
  vmacs: Vmac[];
  addresses: Bip6Address[];
}

/** `count` distinct VMACs and addresses, built before timing. */
function makeKeys(count: number): Keys {
  const vmacs: Vmac[] = [];
  const addresses: Bip6Address[] = [];
  const ip = new Uint8Array(16);
  ip[0] = 0xfd;
  for (let i = 0; i < count; i++) {
    ip[13] = (i >>> 16) & 0xff;
    ip[14] = (i >>> 8) & 0xff;
    ip[15] = i & 0xff;
    addresses.push(Bip6Address.fromIp(ip, 47808 + (i % 4)));
    // Spread over the whole VMAC space rather than 0..count, as real instances are.
    vmacs.push((i * 0x9e37) & 0xffffff);
  }
  if (new Set(vmacs).size !== count) throw new Error("bench keys are not distinct");
  return { vmacs, addresses };
}

function tableBody(table: VmacTable, keys: Keys, start = 0): (iterations: number) => void {
  const { vmacs, addresses } = keys;
  const n = vmacs.length;
  let cursor = start;
  return (iterations) => {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const v = vmacs[cursor] as Vmac;
      table.learn(v, addresses[cursor] as Bip6Address, 0);
      acc += (table.lookup(v, 0) as Bip6Address).port;
      if (++cursor === n) cursor = 0;
    }
    consume(acc);
  };
}

function baselineBody(keys: Keys): (iterations: number) => void {
  const { vmacs, addresses } = keys;
  const n = vmacs.length;
  const map = new Map<Vmac, Bip6Address>();
  let cursor = 0;
  return (iterations) => {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const v = vmacs[cursor] as Vmac;
      map.set(v, addresses[cursor] as Bip6Address);
      acc += (map.get(v) as Bip6Address).port;
      if (++cursor === n) cursor = 0;
    }
    consume(acc);
  };
}

/**
 * The obvious alternative design, for comparison only: Map insertion order as the LRU list
 * (delete+set to refresh, `keys().next()` to find the oldest) and a second Map keyed by
 * `address.key` for the reverse index. No TTL, no pins, no validation.
 */
function naiveMapLruBody(cap: number, keys: Keys): (iterations: number) => void {
  const { vmacs, addresses } = keys;
  const n = vmacs.length;
  const byVmac = new Map<Vmac, Bip6Address>();
  const byKey = new Map<string, Vmac>();
  let cursor = 0;
  return (iterations) => {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const v = vmacs[cursor] as Vmac;
      const a = addresses[cursor] as Bip6Address;
      const old = byVmac.get(v);
      if (old !== undefined) {
        byVmac.delete(v);
        byKey.delete(old.key);
      } else if (byVmac.size >= cap) {
        const oldest = byVmac.keys().next().value as Vmac;
        byKey.delete((byVmac.get(oldest) as Bip6Address).key);
        byVmac.delete(oldest);
      }
      byVmac.set(v, a);
      byKey.set(a.key, v);
      acc += (byVmac.get(v) as Bip6Address).port;
      if (++cursor === n) cursor = 0;
    }
    consume(acc);
  };
}

interface CaseResult {
  opsPerSecond: number;
  baselineOpsPerSecond: number;
  ratioToBaseline: number;
  spread: number;
  meetsTarget: boolean;
  evictionsPerOp?: number;
  naiveMapLruOpsPerSecond?: number;
}

function result(m: Measurement, base: Measurement): CaseResult {
  return {
    opsPerSecond: m.opsPerSecond,
    baselineOpsPerSecond: base.opsPerSecond,
    ratioToBaseline: Number((m.opsPerSecond / base.opsPerSecond).toFixed(3)),
    spread: m.spread,
    meetsTarget: m.opsPerSecond >= TARGET_OPS_PER_SECOND,
  };
}

const options = { sampleMs: 150, samples: 7, warmupMs: 250 };
const newKeys: Record<string, CaseResult> = {};
const refresh: Record<string, CaseResult> = {};

for (const cap of CAPS) {
  const keys = makeKeys(2 * cap);

  // Every key new: 2*cap keys through a table of cap, each learn evicts.
  const evicting = new VmacTable({ capacity: cap, ttlMs: Infinity });
  for (let i = 0; i < cap; i++) evicting.learn(keys.vmacs[i] as Vmac, keys.addresses[i] as Bip6Address, 0);
  const m1 = measure(tableBody(evicting, keys, cap), options);
  const s1 = evicting.stats();
  const b1 = measure(baselineBody(keys), options);
  const r1 = result(m1, b1);
  r1.evictionsPerOp = Number((s1.evictions / (s1.learned - cap)).toFixed(3)); // learns after the table filled
  if (s1.refreshed !== 0 || evicting.size !== cap) throw new Error("newKeys case did not evict on every learn");
  r1.naiveMapLruOpsPerSecond = measure(naiveMapLruBody(cap, keys), options).opsPerSecond;
  newKeys[`cap${cap}`] = r1;

  // Working set = cap keys, all present: every learn refreshes.
  const working: Keys = { vmacs: keys.vmacs.slice(0, cap), addresses: keys.addresses.slice(0, cap) };
  const refreshing = new VmacTable({ capacity: cap, ttlMs: Infinity });
  for (let i = 0; i < cap; i++) refreshing.learn(working.vmacs[i] as Vmac, working.addresses[i] as Bip6Address, 0);
  const m2 = measure(tableBody(refreshing, working), options);
  const s2 = refreshing.stats();
  if (s2.evictions !== 0 || s2.learned !== cap) throw new Error("refresh case evicted or learned new entries");
  const b2 = measure(baselineBody(working), options);
  refresh[`cap${cap}`] = result(m2, b2);

  const fmt = (r: CaseResult): string =>
    `${(r.opsPerSecond / 1e6).toFixed(2)} M ops/s (Map baseline ${(r.baselineOpsPerSecond / 1e6).toFixed(2)} M, ratio ${r.ratioToBaseline})`;
  console.error(
    `cap ${cap}: new keys ${fmt(r1)}, naive Map LRU ${((r1.naiveMapLruOpsPerSecond ?? 0) / 1e6).toFixed(2)} M; ` +
      `refresh ${fmt(refresh[`cap${cap}`] as CaseResult)}`,
  );
}

// --- Hash flooding: adversarial keys beside random ones, same table size, same run. ---

const FLOOD_ENTRIES = 150_000;
const FLOOD_TARGET_RATIO = 0.5;

/** Keys for one flood case: `2 × entries` to learn (so every learn evicts), `entries` absent ones to miss. */
interface FloodKeys {
  vmacs: Vmac[];
  addresses: Bip6Address[];
  missVmacs: Vmac[];
  missAddresses: Bip6Address[];
}

function adversarialKeys(entries: number): FloodKeys {
  const vmacs = vmacsCollidingUnderLegacyHash(3 * entries);
  const addresses = addressesCollidingUnderLegacyHash(3 * entries);
  return {
    vmacs: vmacs.slice(0, 2 * entries),
    addresses: addresses.slice(0, 2 * entries),
    missVmacs: vmacs.slice(2 * entries),
    missAddresses: addresses.slice(2 * entries),
  };
}

function randomKeys(entries: number): FloodKeys {
  // A fixed xorshift stream: the same random keys every run.
  let x = 0x2545f491;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const vmacSet = new Set<Vmac>();
  while (vmacSet.size < 3 * entries) vmacSet.add(next() & 0xffffff);
  const vmacs = [...vmacSet];
  const ip = new Uint8Array(16);
  const addresses: Bip6Address[] = [];
  for (let i = 0; i < 3 * entries; i++) {
    ip[0] = 0xfd;
    for (let k = 1; k < 16; k += 4) {
      const r = next();
      ip[k] = r & 0xff;
      if (k + 1 < 16) ip[k + 1] = (r >>> 8) & 0xff;
      if (k + 2 < 16) ip[k + 2] = (r >>> 16) & 0xff;
      if (k + 3 < 16) ip[k + 3] = r >>> 24;
    }
    addresses.push(Bip6Address.fromIp(ip, 47808 + (i % 4)));
  }
  return {
    vmacs: vmacs.slice(0, 2 * entries),
    addresses: addresses.slice(0, 2 * entries),
    missVmacs: vmacs.slice(2 * entries),
    missAddresses: addresses.slice(2 * entries),
  };
}

/** A full table of `entries` learned from the first half of `keys.vmacs`. */
function floodTable(keys: FloodKeys, entries: number): VmacTable {
  const table = new VmacTable({ capacity: entries, ttlMs: Infinity });
  for (let i = 0; i < entries; i++) table.learn(keys.vmacs[i] as Vmac, keys.addresses[i] as Bip6Address, 0);
  return table;
}

function learnBody(table: VmacTable, keys: FloodKeys, start: number): (iterations: number) => void {
  const { vmacs, addresses } = keys;
  const n = vmacs.length;
  let cursor = start;
  return (iterations) => {
    for (let i = 0; i < iterations; i++) {
      table.learn(vmacs[cursor] as Vmac, addresses[cursor] as Bip6Address, 0);
      if (++cursor === n) cursor = 0;
    }
  };
}

function missBody(table: VmacTable, keys: FloodKeys): (iterations: number) => void {
  const { missVmacs } = keys;
  const n = missVmacs.length;
  let cursor = 0;
  return (iterations) => {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      if (table.lookup(missVmacs[cursor] as Vmac, 0) === undefined) acc++;
      if (++cursor === n) cursor = 0;
    }
    consume(acc);
  };
}

function missAddressBody(table: VmacTable, keys: FloodKeys): (iterations: number) => void {
  const { missAddresses } = keys;
  const n = missAddresses.length;
  let cursor = 0;
  return (iterations) => {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      if (table.lookupVmac(missAddresses[cursor] as Bip6Address, 0) === undefined) acc++;
      if (++cursor === n) cursor = 0;
    }
    consume(acc);
  };
}

interface FloodRow {
  randomOpsPerSecond: number;
  adversarialOpsPerSecond: number;
  /** Median of the per-round ratios adversarial / random. */
  ratio: number;
  /** Spread (max - min) / median of the per-round ratios. */
  ratioSpread: number;
  rounds: number;
  meetsTarget: boolean;
}

const FLOOD_ROUNDS = 7;
const floodOptions = { sampleMs: 100, samples: 3, warmupMs: 100 };

/**
 * Alternates random and adversarial measurements round by round and takes the median of the
 * per-round ratios: on a shared machine the load drifts between measurements, and pairing
 * neighbours keeps the drift out of the ratio.
 */
function floodRow(random: (n: number) => void, adversarial: (n: number) => void): FloodRow {
  const r: number[] = [];
  const a: number[] = [];
  const ratios: number[] = [];
  measure(random, { ...floodOptions, samples: 1 });
  measure(adversarial, { ...floodOptions, samples: 1 });
  for (let i = 0; i < FLOOD_ROUNDS; i++) {
    const first = i % 2 === 0 ? random : adversarial;
    const m1 = measure(first, floodOptions).opsPerSecond;
    const m2 = measure(first === random ? adversarial : random, floodOptions).opsPerSecond;
    const [rr, aa] = first === random ? [m1, m2] : [m2, m1];
    r.push(rr);
    a.push(aa);
    ratios.push(aa / rr);
  }
  const ratio = summarize(ratios.map((x) => x * 1e6));
  const median = Number((ratio.opsPerSecond / 1e6).toFixed(3));
  return {
    randomOpsPerSecond: summarize(r).opsPerSecond,
    adversarialOpsPerSecond: summarize(a).opsPerSecond,
    ratio: median,
    ratioSpread: ratio.spread,
    rounds: FLOOD_ROUNDS,
    meetsTarget: median >= FLOOD_TARGET_RATIO,
  };
}

const floodKeys = { random: randomKeys(FLOOD_ENTRIES), adversarial: adversarialKeys(FLOOD_ENTRIES) };
const floodTables = {
  random: floodTable(floodKeys.random, FLOOD_ENTRIES),
  adversarial: floodTable(floodKeys.adversarial, FLOOD_ENTRIES),
};
const flood: Record<string, FloodRow> = {};
// Misses first (the tables are as filled); then learns, which keep them full.
for (const [name, body] of [
  ["missVmac", missBody],
  ["missAddress", missAddressBody],
  ["learn", (t: VmacTable, k: FloodKeys) => learnBody(t, k, FLOOD_ENTRIES)],
] as const) {
  // One body per table for all rounds, so learns go on where the last round stopped (stay new).
  const row = floodRow(
    body(floodTables.random, floodKeys.random),
    body(floodTables.adversarial, floodKeys.adversarial),
  );
  flood[name] = row;
  console.error(
    `flood ${name} at ${FLOOD_ENTRIES}: adversarial ${(row.adversarialOpsPerSecond / 1e6).toFixed(3)} M/s, ` +
      `random ${(row.randomOpsPerSecond / 1e6).toFixed(3)} M/s, ratio ${row.ratio} (spread ${row.ratioSpread})`,
  );
}
for (const [name, table] of Object.entries(floodTables)) {
  const s = table.stats();
  if (table.size !== FLOOD_ENTRIES || s.refreshed !== 0) throw new Error(`flood ${name}: table not full of new keys`);
}

console.log(
  JSON.stringify({
    learnLookupNewKeys: newKeys,
    learnLookupRefresh: refresh,
    hashFlooding: {
      entries: FLOOD_ENTRIES,
      unit: "learn: one learn of a new VMAC and address (evicting); missVmac: one lookup of an absent VMAC; missAddress: one lookupVmac of an absent address",
      targetRatio: FLOOD_TARGET_RATIO,
      ...flood,
    },
    unit: "one op = learn + lookup of the same VMAC",
    targetOpsPerSecond: TARGET_OPS_PER_SECOND,
  }),
);
