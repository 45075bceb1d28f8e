/**
 * BBMD throughput, each beside a baseline measured in the same run:
 *
 * - fanOut: `handle()` of one Distribute-Broadcast-To-Network (50-octet NPDU) from a
 *   registered foreign device, with 1 000 other foreign devices registered: 1 000 `send`
 *   actions plus one `multicast`, all sharing one Forwarded-NPDU frame object. Reported as ns
 *   per destination for `handle()` alone and for `handle()` + encoding that frame once (what
 *   a transport does). Baseline: a plain loop pushing 1 000 `{ type, to, frame }` objects
 *   into a fresh array, the least any fan-out producing actions can do.
 * - registrations: Register-Foreign-Device handled per second, (a) refreshing existing
 *   entries of a 1 000-entry FDT, (b) new entries at the cap with churn: each operation
 *   deletes the oldest entry (Delete-Foreign-Device-Table-Entry) and registers a new address,
 *   so the table stays full and every registration creates an entry. Baseline: a plain
 *   `Map.set(address.key, entry)` for the same addresses.
 *
 * `now` is constant and TTLs are 65 535 s, so nothing expires while measuring. Sender
 * addresses are pre-built objects (their 18-octet key computed once), as a transport that
 * caches peers would pass. Run: `npx tsx bench/run.ts` (from this package). Human lines go to
 * stderr; the last line of stdout is the JSON result.
 */
import { Bip6Address, type Bvll6Frame, encodeFrame } from "@bip6/bvll6-codec";
import { consume, measure, type Measurement } from "../../../bench/harness.js";
import { Bbmd } from "../src/index.js";

const DESTINATIONS = 1000;
const NOW = 1;
const self = Bip6Address.parse("[2001:db8::1]:47808");
const npdu50 = new Uint8Array(50).map((_, i) => (i * 7 + 1) & 0xff);
const fdAddress = (i: number): Bip6Address =>
  Bip6Address.fromIp(`2001:db8:f:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}`, 47808);

// ---- fan-out ---------------------------------------------------------------------------
const fan = new Bbmd({ vmac: 1, address: self, maxForeignDevices: DESTINATIONS + 1, fanOutBudget: "off" });
const fds = Array.from({ length: DESTINATIONS + 1 }, (_, i) => fdAddress(i));
fds.forEach((a, i) =>
  fan.handle({ kind: "RegisterForeignDevice", sourceVmac: 100 + i, timeToLive: 65_535 }, a, 0, "unicast"),
);
const sender = fds[DESTINATIONS] as Bip6Address;
const dbtn: Bvll6Frame = { kind: "DistributeBroadcastToNetwork", sourceVmac: 7, npdu: npdu50 };

// Sanity: the measured call does what it claims, and one frame object serves every send.
const probe = fan.handle(dbtn, sender, NOW, "unicast");
const probeSends = probe.actions.filter((a) => a.type === "send");
const shared = probeSends[0]?.type === "send" ? probeSends[0].frame : undefined;
if (probeSends.length !== DESTINATIONS || shared === undefined) throw new Error("bench setup: wrong fan-out");
if (!probe.actions.every((a) => a.type !== "send" || a.frame === shared))
  throw new Error("bench setup: frame not shared");
if (probe.actions.some((a) => a.type === "send" && a.to.equals(sender))) throw new Error("bench setup: sent to sender");

let sink: unknown;

const handleOnly = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = fan.handle(dbtn, sender, NOW, "unicast");
    sink = out;
    consume(out.actions.length);
  }
});
const handleEncode = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = fan.handle(dbtn, sender, NOW, "unicast");
    const first = out.actions[1]; // [0] is the local deliver, [1] the multicast
    if (first !== undefined && first.type === "multicast") consume(encodeFrame(first.frame).length);
    sink = out;
    consume(out.actions.length);
  }
});
const fanBaselineFrame = shared;
const fanBaseline = measure((n) => {
  for (let i = 0; i < n; i++) {
    const actions: { type: string; to: Bip6Address; frame: Bvll6Frame }[] = [];
    for (let j = 0; j < DESTINATIONS; j++)
      actions.push({ type: "send", to: fds[j] as Bip6Address, frame: fanBaselineFrame });
    sink = actions;
    consume(actions.length);
  }
});

// ---- registrations ---------------------------------------------------------------------
const POOL = 2048;
const CAP = 1024;
const pool = Array.from({ length: POOL }, (_, i) => fdAddress(10_000 + i));
const register: Bvll6Frame = { kind: "RegisterForeignDevice", sourceVmac: 5, timeToLive: 65_535 };

const refreshing = new Bbmd({ vmac: 1, address: self, maxForeignDevices: CAP });
for (let i = 0; i < DESTINATIONS; i++) refreshing.handle(register, pool[i] as Bip6Address, 0, "unicast");
const refresh = measure((n) => {
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === DESTINATIONS ? 0 : j + 1) {
    const out = refreshing.handle(register, pool[j] as Bip6Address, NOW, "unicast");
    consume(out.actions.length);
  }
});

const churning = new Bbmd({ vmac: 1, address: self, maxForeignDevices: CAP });
for (let i = 0; i < CAP; i++) churning.handle(register, pool[i] as Bip6Address, 0, "unicast");
const deletes = pool.map((entry): Bvll6Frame => ({ kind: "DeleteForeignDeviceTableEntry", sourceVmac: 5, entry }));
const deleter = self.withPort(1);
let oldest = 0;
const churn = measure((n) => {
  for (let i = 0; i < n; i++) {
    // Table full: free the oldest slot, then a new address registers into it.
    churning.handle(deletes[oldest] as Bvll6Frame, deleter, NOW, "unicast");
    const out = churning.handle(register, pool[(oldest + CAP) % POOL] as Bip6Address, NOW, "unicast");
    oldest = (oldest + 1) % POOL;
    consume(out.actions.length);
  }
});

const map = new Map<string, { address: Bip6Address; expiresAt: number }>();
const regBaseline = measure((n) => {
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === DESTINATIONS ? 0 : j + 1) {
    const a = pool[j] as Bip6Address;
    map.set(a.key, { address: a, expiresAt: NOW + 65_565_000 });
    consume(map.size);
  }
});

const stats = churning.stats();
if (
  sink === undefined ||
  refreshing.foreignDeviceCount !== DESTINATIONS ||
  churning.foreignDeviceCount !== CAP ||
  stats.registrationNaksFull !== 0 ||
  stats.deleteNaks !== 0
) {
  throw new Error("bench: state drifted");
}

const nsPerDestination = (m: Measurement): number => Number((1e9 / m.opsPerSecond / DESTINATIONS).toFixed(2));
const ratio = (a: number, b: number): number => Number((a / b).toFixed(3));

const result = {
  fanOut: {
    destinations: DESTINATIONS,
    handleNsPerDestination: nsPerDestination(handleOnly),
    handleEncodeNsPerDestination: nsPerDestination(handleEncode),
    baselineNsPerDestination: nsPerDestination(fanBaseline),
    ratio: ratio(nsPerDestination(handleOnly), nsPerDestination(fanBaseline)),
    encodeRatio: ratio(nsPerDestination(handleEncode), nsPerDestination(fanBaseline)),
    spread: handleOnly.spread,
    baselineSpread: fanBaseline.spread,
  },
  registrations: {
    refreshPerSecond: refresh.opsPerSecond,
    newWithChurnPerSecond: churn.opsPerSecond,
    baselineMapSetPerSecond: regBaseline.opsPerSecond,
    refreshRatio: ratio(refresh.opsPerSecond, regBaseline.opsPerSecond),
    churnRatio: ratio(churn.opsPerSecond, regBaseline.opsPerSecond),
    refreshSpread: refresh.spread,
    churnSpread: churn.spread,
  },
};

const fmt = (x: number): string => x.toLocaleString("en-US");
const f = result.fanOut;
console.error(
  `DBTN fan-out to ${DESTINATIONS} foreign devices: handle() ${f.handleNsPerDestination} ns/destination, ` +
    `+ encode once ${f.handleEncodeNsPerDestination} ns; baseline push loop ${f.baselineNsPerDestination} ns; ` +
    `ratio ${f.ratio} (with encode ${f.encodeRatio})`,
);
console.error(
  `Register-Foreign-Device: refresh ${fmt(refresh.opsPerSecond)}/s, new at cap with churn ${fmt(churn.opsPerSecond)}/s ` +
    `(each with a Delete); baseline Map.set ${fmt(regBaseline.opsPerSecond)}/s`,
);
console.log(JSON.stringify(result));
