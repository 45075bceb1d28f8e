/**
 * Foreign-device throughput, each beside a baseline measured in the same run:
 *
 * - handleForwardedNpdu: `handle()` of a decoded Forwarded-NPDU (50-octet NPDU) from the
 *   BBMD, producing one `deliver` action. The sender is a separate `Bip6Address` object equal
 *   to the BBMD, as a transport would build one per datagram. Baseline: a plain loop doing the
 *   same 18-octet address equality check (`from.equals(bbmd)`) and reading the NPDU, i.e. the
 *   provenance rule with no state machine around it.
 * - broadcastDbtn: `broadcast()` while registered, producing the Distribute-Broadcast-To-Network
 *   send action. Baseline: building the same output by hand (output object, action array,
 *   send action, frame object) with no checks. Both sides store every output in a sink, so the
 *   baseline's allocations cannot be optimised away.
 *
 * The device is registered with TTL 65535 and fed a constant `now`, so no timer fires while
 * measuring. Run from the repository root: `npx tsx packages/foreign-device6/bench/run.ts`.
 * The last line of stdout is the JSON result.
 */
import { Bip6Address, type Bvll6Frame, decodeFrame, encodeFrame } from "@bip6/bvll6-codec";
import { compare, consume, measure } from "../../../bench/harness.js";
import { ForeignDevice } from "../src/index.js";

const bbmd = Bip6Address.parse("[2001:db8::1]:47808");
const self = Bip6Address.parse("[2001:db8:1::f]:47808");
// Equal to `bbmd` but a different object, parsed from another text form.
const fromBbmd = Bip6Address.parse("[2001:db8:0:0:0:0:0:1]:47808");
const npdu50 = new Uint8Array(50).map((_, i) => (i * 7 + 1) & 0xff);
const forwarded: Bvll6Frame = decodeFrame(
  encodeFrame({
    kind: "ForwardedNpdu",
    originalSourceVmac: 1234,
    originalSource: Bip6Address.parse("[2001:db8::aa]:47808"),
    npdu: npdu50,
  }),
);
if (forwarded.kind !== "ForwardedNpdu") throw new Error("bench setup: not a Forwarded-NPDU");

const NOW = 1;
const fd = new ForeignDevice({ vmac: 999, bbmd, address: self, timeToLive: 65_535 });
fd.start(0);
fd.handle({ kind: "BvlcResult", sourceVmac: 1, resultCode: 0 }, bbmd, 0);
if (fd.state !== "registered") throw new Error("bench setup: not registered");

// Sanity: the measured calls do what they claim.
const probe = fd.handle(forwarded, fromBbmd, NOW);
if (probe.actions[0]?.type !== "deliver") throw new Error("bench setup: Forwarded-NPDU not delivered");
const probeB = fd.broadcast(npdu50, NOW);
const sent = probeB.actions[0];
if (sent?.type !== "send" || sent.frame.kind !== "DistributeBroadcastToNetwork") {
  throw new Error("bench setup: broadcast did not produce a DBTN");
}

// Every output is stored here, so neither side's allocations can be optimised away.
let sink: unknown;

const handleFd = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = fd.handle(forwarded, fromBbmd, NOW);
    sink = out;
    consume(out.actions.length);
  }
});
const handleBaseline = measure((n) => {
  for (let i = 0; i < n; i++) {
    if (fromBbmd.equals(bbmd)) consume(forwarded.npdu.length);
  }
});

const broadcastFd = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = fd.broadcast(npdu50, NOW);
    sink = out;
    consume(out.actions.length);
  }
});
const broadcastBaseline = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = {
      actions: [
        { type: "send", to: bbmd, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: npdu50 } },
      ],
      wakeAt: NOW,
    };
    sink = out;
    consume(out.actions.length);
  }
});

if (sink === undefined || fd.stats().distributeBroadcastsSent < 1 || fd.state !== "registered")
  throw new Error("bench: state drifted");

const result = {
  handleForwardedNpdu: compare(handleFd, handleBaseline),
  broadcastDbtn: compare(broadcastFd, broadcastBaseline),
};

const fmt = (x: number): string => x.toLocaleString("en-US");
console.error(
  `handle(Forwarded-NPDU from BBMD): ${fmt(handleFd.opsPerSecond)} frames/s; ` +
    `baseline equals() loop ${fmt(handleBaseline.opsPerSecond)}/s; ratio ${result.handleForwardedNpdu.ratio}`,
);
console.error(
  `broadcast() -> DBTN: ${fmt(broadcastFd.opsPerSecond)} ops/s; ` +
    `baseline hand-built action ${fmt(broadcastBaseline.opsPerSecond)}/s; ratio ${result.broadcastDbtn.ratio}`,
);
console.log(JSON.stringify(result));
