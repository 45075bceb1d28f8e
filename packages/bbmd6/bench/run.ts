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
 * - fanOutBudget: the same fan-out with the default budget on and with it off, the clock
 *   advancing 5 ms per call (the default refill of one token), so every call fans out:
 *   the budget's bookkeeping cost, as ns per destination and the on/off ratio; and the same
 *   for an Original-Broadcast-NPDU that reaches nobody, where that per-input cost is the
 *   largest share. On and off are measured in alternation (5 rounds, medians).
 * - strangerFlood: ns per datagram for hostile input (unicast Original-Broadcast and
 *   Address-Resolution from an off-link stranger, a multicast Original-Broadcast over its
 *   source's budget; none sends anything) next to a valid multicast Original-Broadcast
 *   fanned out to 1 001 devices and a not-mine frame (the floor), with the ratios.
 *
 * `now` is constant (but where said) and TTLs are 65 535 s, so nothing expires while measuring. Sender
 * addresses are pre-built objects (their 18-octet key computed once), as a transport that
 * caches peers would pass. Run: `npx tsx bench/run.ts` (from this package). Human lines go to
 * stderr; the last line of stdout is the JSON result.
 */
import { Bip6Address, type Bvll6Frame, encodeFrame } from "@bip6/bvll6-codec";
import { consume, measure, type Measurement, summarize } from "../../../bench/harness.js";
import { Bbmd, DEFAULT_FAN_OUT_BUDGET } from "../src/index.js";

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

// ---- fan-out with the budget on ---------------------------------------------------------
// The same fan-out with the default budget (200/s, bursts of 2000) and with "off", each with
// a clock that advances 5 ms per call: exactly the default refill, so every call still fans
// out and the budget's cost is its bookkeeping alone.
const STEP_MS = 1000 / DEFAULT_FAN_OUT_BUDGET.perSourcePerSecond;
const withDevices = (fanOutBudget: "off" | undefined): Bbmd => {
  const b = new Bbmd({ vmac: 1, address: self, maxForeignDevices: DESTINATIONS + 1, fanOutBudget });
  fds.forEach((a, i) =>
    b.handle({ kind: "RegisterForeignDevice", sourceVmac: 100 + i, timeToLive: 65_535 }, a, 0, "unicast"),
  );
  return b;
};
const budgetOn = withDevices(undefined);
const budgetOff = withDevices("off");
/** Measures `a` and `b` in alternation, `rounds` times each, so load changes hit both alike. */
function interleaved(a: (n: number) => void, b: (n: number) => void, rounds = 5): [Measurement, Measurement] {
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ra.push(measure(a, { samples: 3, sampleMs: 100, warmupMs: 100 }).opsPerSecond);
    rb.push(measure(b, { samples: 3, sampleMs: 100, warmupMs: 100 }).opsPerSecond);
  }
  return [summarize(ra), summarize(rb)];
}
/** A loop of `handle(frame, from)` on `bbmd` with a clock advancing STEP_MS per call. */
const stepping = (bbmd: Bbmd, frame: Bvll6Frame, from: Bip6Address, via: "unicast" | "multicast") => {
  let t = 1;
  return (n: number): void => {
    for (let i = 0; i < n; i++) {
      t += STEP_MS;
      const out = bbmd.handle(frame, from, t, via);
      sink = out;
      consume(out.actions.length);
    }
  };
};
const [fanBudgetOn, fanBudgetOff] = interleaved(
  stepping(budgetOn, dbtn, sender, "unicast"),
  stepping(budgetOff, dbtn, sender, "unicast"),
);
// The budget's cost is per input, not per destination: the same on a broadcast that reaches
// nobody (no peers, no devices), where it is the largest share of the work.
const lonely = (fanOutBudget: "off" | undefined): Bbmd => new Bbmd({ vmac: 1, address: self, fanOutBudget });
const localNode = Bip6Address.parse("[2001:db8::a]:47808");
const lonelyObn: Bvll6Frame = { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: npdu50 };
const lonelyOnBbmd = lonely(undefined);
const [smallOn, smallOff] = interleaved(
  stepping(lonelyOnBbmd, lonelyObn, localNode, "multicast"),
  stepping(lonely("off"), lonelyObn, localNode, "multicast"),
);
if (lonelyOnBbmd.stats().droppedOverBudget !== 0) throw new Error("bench: the budget dropped a valid broadcast");
if (budgetOn.stats().droppedOverBudget !== 0 || budgetOn.stats().distributeBroadcasts < 1000) {
  throw new Error("bench: the budget dropped a fan-out it should have let through");
}

// ---- hostile floods ----------------------------------------------------------------------
// What one datagram costs the BBMD (and how many it sends) when it comes from an off-link
// stranger by unicast, or from a local node over its budget, next to the same frame from the
// local link by multicast (a valid fan-out to 1 001 devices) and to a not-mine frame (the
// floor: validation, expiry check and verdict only).
const stranger = Bip6Address.parse("[2001:db8:bad::1]:47808");
const local = Bip6Address.parse("[2001:db8::a]:47808");
const obnFrame: Bvll6Frame = { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: npdu50 };
const arFrame: Bvll6Frame = { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 };
const varFrame: Bvll6Frame = { kind: "VirtualAddressResolution", sourceVmac: 1234 };
const flooded = withDevices(undefined);
for (let i = 0; i < DEFAULT_FAN_OUT_BUDGET.burst; i++) flooded.handle(obnFrame, local, NOW, "multicast");
const expectDrop = (out: { verdict: string; dropReason?: string }, reason: string): void => {
  if (out.verdict !== "dropped" || out.dropReason !== reason) throw new Error(`bench setup: not ${reason}`);
};
expectDrop(flooded.handle(obnFrame, stranger, NOW, "unicast"), "not-from-local-link");
expectDrop(flooded.handle(arFrame, stranger, NOW, "unicast"), "not-from-local-link");
expectDrop(flooded.handle(obnFrame, local, NOW, "multicast"), "over-budget");
const perCall = (bbmd: Bbmd, frame: Bvll6Frame, from: Bip6Address, via: "unicast" | "multicast"): Measurement =>
  measure((n) => {
    for (let i = 0; i < n; i++) {
      const out = bbmd.handle(frame, from, NOW, via);
      sink = out;
      consume(out.actions.length);
    }
  });
const sentBeforeFlood = flooded.stats().sends;
const strangerObn = perCall(flooded, obnFrame, stranger, "unicast");
const strangerAr = perCall(flooded, arFrame, stranger, "unicast");
const overBudget = perCall(flooded, obnFrame, local, "multicast");
const notMine = perCall(flooded, varFrame, stranger, "unicast");
// Budget off, so the valid side always fans out (its cost is the fan-out, not the bucket).
const validObn = measure(stepping(budgetOff, obnFrame, local, "multicast"));
const floodStats = flooded.stats();
if (floodStats.sends !== sentBeforeFlood || floodStats.multicasts !== 0 || floodStats.droppedOverBudget < 1) {
  throw new Error("bench: a hostile datagram was answered or relayed");
}

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

const ns = (m: Measurement): number => Number((1e9 / m.opsPerSecond).toFixed(1));
const hostile = (m: Measurement): Record<string, number> => ({
  nsPerDatagram: ns(m),
  datagramsOut: 0,
  ratioToValid: ratio(ns(m), ns(validObn)),
  ratioToNotMine: ratio(ns(m), ns(notMine)),
  spread: m.spread,
});

const result = {
  fanOutBudget: {
    destinations: DESTINATIONS,
    budgetOnNsPerDestination: nsPerDestination(fanBudgetOn),
    budgetOffNsPerDestination: nsPerDestination(fanBudgetOff),
    ratio: ratio(nsPerDestination(fanBudgetOn), nsPerDestination(fanBudgetOff)),
    spread: fanBudgetOn.spread,
    offSpread: fanBudgetOff.spread,
    // One Original-Broadcast-NPDU that reaches nobody: the budget's per-input cost laid bare.
    noDestinationsOnNs: ns(smallOn),
    noDestinationsOffNs: ns(smallOff),
    noDestinationsRatio: ratio(ns(smallOn), ns(smallOff)),
    noDestinationsSpread: smallOn.spread,
    noDestinationsOffSpread: smallOff.spread,
  },
  strangerFlood: {
    validMulticastObn: {
      nsPerDatagram: ns(validObn),
      datagramsOut: DESTINATIONS + 1,
      spread: validObn.spread,
    },
    notMineFloor: { nsPerDatagram: ns(notMine), datagramsOut: 0, spread: notMine.spread },
    unicastObnFromStranger: hostile(strangerObn),
    unicastAddressResolutionFromStranger: hostile(strangerAr),
    multicastObnOverBudget: hostile(overBudget),
  },
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
const fb = result.fanOutBudget;
console.error(
  `DBTN fan-out to ${DESTINATIONS} devices with the default budget: ${fb.budgetOnNsPerDestination} ns/destination; ` +
    `budget off ${fb.budgetOffNsPerDestination} ns; ratio ${fb.ratio}. A broadcast reaching nobody: ` +
    `${fb.noDestinationsOnNs} ns with the budget, ${fb.noDestinationsOffNs} ns without; ratio ${fb.noDestinationsRatio}`,
);
const sf = result.strangerFlood;
console.error(
  `Per datagram: valid multicast Original-Broadcast (→ ${DESTINATIONS + 1} sends) ${sf.validMulticastObn.nsPerDatagram} ns; ` +
    `not-mine floor ${sf.notMineFloor.nsPerDatagram} ns; unicast Original-Broadcast from a stranger ` +
    `${sf.unicastObnFromStranger.nsPerDatagram} ns (${sf.unicastObnFromStranger.ratioToValid}× valid); unicast ` +
    `Address-Resolution from a stranger ${sf.unicastAddressResolutionFromStranger.nsPerDatagram} ns; ` +
    `over budget ${sf.multicastObnOverBudget.nsPerDatagram} ns; 0 sends each`,
);
console.log(JSON.stringify(result));
