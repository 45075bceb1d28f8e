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
 * - strangerFlood: `handle()` per datagram of hostile input, as ops/s and as a ratio to the
 *   valid Forwarded-NPDU delivery above: the same Forwarded-NPDU from a stranger (dropped),
 *   a BVLC-Result 0x0000 from a stranger (dropped) and an undefined result code from the BBMD
 *   (an `unknown-result` event). None of them sends anything.
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

// Hostile input: the same Forwarded-NPDU from a stranger (relay-not-from-bbmd), a BVLC-Result
// 0x0000 from a stranger (result-not-from-bbmd) and an unknown result code from the BBMD
// (reported, counted), each per datagram beside the valid delivery measured above.
const stranger = Bip6Address.parse("[2001:db8:bad::1]:47808");
const okResult: Bvll6Frame = { kind: "BvlcResult", sourceVmac: 1, resultCode: 0 };
const unknownResult: Bvll6Frame = { kind: "BvlcResult", sourceVmac: 1, resultCode: 0x0050 };
if (fd.handle(forwarded, stranger, NOW).dropReason !== "relay-not-from-bbmd") throw new Error("bench setup: relay");
if (fd.handle(okResult, stranger, NOW).dropReason !== "result-not-from-bbmd") throw new Error("bench setup: result");
if (fd.handle(unknownResult, fromBbmd, NOW).actions[0]?.type !== "event") throw new Error("bench setup: unknown");
const perCall = (frame: Bvll6Frame, from: Bip6Address): ReturnType<typeof measure> =>
  measure((n) => {
    for (let i = 0; i < n; i++) {
      const out = fd.handle(frame, from, NOW);
      sink = out;
      consume(out.actions.length);
    }
  });
const strangerRelay = perCall(forwarded, stranger);
const strangerResult = perCall(okResult, stranger);
const unknownFromBbmd = perCall(unknownResult, fromBbmd);

if (sink === undefined || fd.stats().distributeBroadcastsSent < 1 || fd.state !== "registered")
  throw new Error("bench: state drifted");

const result = {
  handleForwardedNpdu: compare(handleFd, handleBaseline),
  broadcastDbtn: compare(broadcastFd, broadcastBaseline),
  // Ratios against the valid Forwarded-NPDU delivery from the BBMD, same run.
  strangerFlood: {
    forwardedNpduFromStranger: compare(strangerRelay, handleFd),
    resultFromStranger: compare(strangerResult, handleFd),
    unknownResultFromBbmd: compare(unknownFromBbmd, handleFd),
  },
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
const sf = result.strangerFlood;
console.error(
  `handle() per datagram vs a valid Forwarded-NPDU (${fmt(handleFd.opsPerSecond)}/s): from a stranger ` +
    `${fmt(strangerRelay.opsPerSecond)}/s (ratio ${sf.forwardedNpduFromStranger.ratio}); Result 0x0000 from a stranger ` +
    `${fmt(strangerResult.opsPerSecond)}/s (${sf.resultFromStranger.ratio}); unknown code from the BBMD ` +
    `${fmt(unknownFromBbmd.opsPerSecond)}/s (${sf.unknownResultFromBbmd.ratio}); nothing sent for any`,
);
console.log(JSON.stringify(result));
