/**
 * BACnet NPDU/APDU decoder throughput (src/bacnet), beside a baseline measured in the same run:
 *
 * - baseline: a plain loop that reads every octet of the same NPDUs (sums them) — the floor
 *   of any decoder that looks at its input;
 * - summary: `writeNpduSummary` into a reused buffer (the sniffer's text path);
 * - visit: `visitNpdu` with a visitor that looks at every field's name (the `-T fields` / `-Y` path);
 * - tree: `decodeNpdu` (field tree with labels, summary string, structured data).
 *
 * One figure per frame kind (I-Am, Who-Is, ReadProperty-Request, ReadProperty-ACK,
 * ReadPropertyMultiple-ACK) in millions of NPDUs per second, median of 7 samples, with the
 * ratio to the baseline. Run from the package directory: `npx tsx bench/bacnet.ts`; the last
 * line of stdout is the JSON result.
 */
import { measure, consume } from "../../../bench/harness.js";
import { decodeNpdu, visitNpdu, writeNpduSummary } from "../src/bacnet/index.js";

const hex = (s: string): Uint8Array =>
  Uint8Array.from((s.replace(/\s+/g, "").match(/../g) ?? []).map((h) => parseInt(h, 16)));

/** The frames measured: NPDUs as they travel in BVLL6 frames (the octets after the BVLL header). */
const BENCH_FRAMES: Record<string, Uint8Array> = {
  iAm: hex("0120ffff00ff 1000 c4020004d2 2205c4 9103 2201 04"),
  whoIs: hex("0120ffff00ff 1008 0a03e8 1a07d0"),
  readPropertyRequest: hex("0104 0005 0f 0c 0c00000003 1955"),
  readPropertyAck: hex("0100 30 0f 0c 0c00000003 1955 3e 4441ac0000 3f"),
  readPropertyMultipleAck: hex(
    "0100 30 10 0e 0c00000003 1e 2955 4e4441ac0000 4f 296f 4e820400 4f 2924 4e9100 4f 2975 4e913e 4f 294d 4e750b005a6f6e652054656d70 4f 1f",
  ),
};

const out = new Uint8Array(4096);
const SAMPLES = { samples: 7, sampleMs: 150, warmupMs: 200 };

function rate(body: (n: number) => void): { mps: number; spread: number } {
  const m = measure(body, SAMPLES);
  return { mps: Number((m.opsPerSecond / 1e6).toFixed(3)), spread: m.spread };
}

const results: Record<string, unknown> = {};
for (const [name, npdu] of Object.entries(BENCH_FRAMES)) {
  const base = rate((n) => {
    let acc = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < npdu.length; j++) acc += npdu[j] as number;
    consume(acc);
  });
  const summary = rate((n) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += writeNpduSummary(npdu, 0, npdu.length, out, 0);
    consume(acc);
  });
  const visit = rate((n) => {
    let acc = 0;
    const visitor = (name: string): void => {
      acc += name.length;
    };
    for (let i = 0; i < n; i++) acc += visitNpdu(npdu, 0, npdu.length, visitor);
    consume(acc);
  });
  const tree = rate((n) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += decodeNpdu(npdu).fields.length;
    consume(acc);
  });
  results[name] = {
    octets: npdu.length,
    baselineMps: base.mps,
    summaryMps: summary.mps,
    visitMps: visit.mps,
    treeMps: tree.mps,
    summaryRatio: Number((summary.mps / base.mps).toFixed(3)),
    visitRatio: Number((visit.mps / base.mps).toFixed(3)),
    treeRatio: Number((tree.mps / base.mps).toFixed(3)),
    spreads: { baseline: base.spread, summary: summary.spread, visit: visit.spread, tree: tree.spread },
  };
  console.error(`${name}: ${JSON.stringify(results[name])}`);
}
console.log(JSON.stringify(results));
