import { walkApdu } from "./apdu.js";
import { walkNpdu } from "./npdu.js";
import { utf8Text } from "./summary-writer.js";
import { BACNET_LIMITS, type ApduInfo, type BacnetDecode } from "./types.js";
import { NpduFacts, Walk } from "./walk.js";

/** Clamps the optional bounds to the array (bad bounds decode as an empty range, never throw). */
function bounds(npdu: Uint8Array, start: number | undefined, end: number | undefined): [number, number] {
  const len = npdu.length;
  const s = start === undefined || !(start >= 0) ? 0 : Math.min(Math.floor(start), len);
  const e = end === undefined || !(end >= 0) ? len : Math.min(Math.floor(end), len);
  return [s, Math.max(s, e)];
}

/** The one walk: NPDU header, then the APDU (or the network message). */
function walk(w: Walk): ApduInfo | undefined {
  const header = walkNpdu(w);
  w.npdu = header.info;
  if (header.apdu < 0) return undefined;
  w.pos = header.apdu;
  return walkApdu(w);
}

/**
 * Decodes an NPDU (ASHRAE 135 clause 6) and its APDU (clause 20) or network layer message:
 * the field tree, the one-line summary, structured data and the problems met. Never throws:
 * malformed input decodes as far as it can and is reported in `problems`.
 *
 * @param npdu - octets holding the NPDU (e.g. a BVLL6 frame's `npdu` view, or the whole datagram with bounds)
 * @param start - index of the NPDU's first octet (default 0); field offsets are indexes into `npdu`
 * @param end - index after its last octet (default `npdu.length`)
 * @example
 * ```ts
 * const d = decodeNpdu(hexToBytes("0120ffff00ff1000c4020004d22205c4910322010404"));
 * d.summary; // "I-Am device,1234"
 * ```
 */
export function decodeNpdu(npdu: Uint8Array, start?: number, end?: number): BacnetDecode {
  const [s, e] = bounds(npdu, start, end);
  const w = new Walk();
  w.begin(npdu, s, e, true);
  const scratch = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);
  w.sum.reset(scratch, 0);
  let apdu: ApduInfo | undefined;
  try {
    apdu = walk(w);
  } catch (error) {
    // A decoder bug must not take the caller down: report it as a problem instead.
    w.problem("INTERNAL_ERROR", w.pos, `internal decoder error: ${String(error)}`);
  }
  if (w.tree?.full) w.problem("TOO_MANY", w.pos, `more than ${BACNET_LIMITS.maxFields} fields; the tree is cut short`);
  const summaryEnd = w.sum.finish();
  return {
    fields: w.tree?.fields() ?? [],
    summary: utf8Text(scratch, 0, summaryEnd),
    npdu: w.npdu ?? { version: 0, control: 0, isNetworkMessage: false, expectingReply: false, priority: 0 },
    ...(apdu !== undefined ? { apdu } : {}),
    problems: w.problems ?? [],
  };
}

/** The walk the summary path reuses: it builds no tree, no problems list, no objects. */
const fast = new Walk();
const fastOut = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);

/**
 * Writes the one-line summary of an NPDU as UTF-8 into `out` at `at` and returns the end
 * position: the sniffer's fast path (no field tree, no per-tag objects, no string). `out`
 * must have {@link BACNET_LIMITS}.maxSummaryOctets free from `at`. With `facts`, fills it
 * with the numbers the findings need (service, invoke id, I-Am device …). Never throws.
 */
export function writeNpduSummary(
  npdu: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
  facts?: NpduFacts,
): number {
  const [s, e] = bounds(npdu, start, end);
  const w = fast;
  w.begin(npdu, s, e, false);
  if (facts !== undefined) {
    w.facts = facts;
    facts.clear();
  } else w.facts = ownFacts;
  w.sum.reset(out, at);
  try {
    walk(w);
  } catch {
    // Never expected; the summary keeps what was written.
    w.facts.problems++;
  }
  w.npdu = undefined;
  return w.sum.finish();
}

const ownFacts = new NpduFacts();

/**
 * The one-line summary of an NPDU, e.g. `I-Am device,1234`, `Who-Is 100-200`,
 * `ReadProperty-Request analog-input,3 present-value`, `ReadProperty-ACK analog-input,3
 * present-value 21.5` — the same text as {@link decodeNpdu}'s `summary`, without building
 * the tree. Never throws.
 */
export function summarizeNpdu(npdu: Uint8Array, start?: number, end?: number): string {
  const [s, e] = bounds(npdu, start, end);
  const n = writeNpduSummary(npdu, s, e, fastOut, 0);
  return utf8Text(fastOut, 0, n);
}

/**
 * Fills `into` (a reusable {@link NpduFacts}) with the findings' numbers for an NPDU — network
 * message type, PDU type, service, invoke id, confirmed request, I-Am device, DNET/SNET,
 * problem count — on the summary path (the summary itself is discarded). Never throws.
 */
export function scanNpdu(npdu: Uint8Array, start?: number, end?: number, into: NpduFacts = new NpduFacts()): NpduFacts {
  const [s, e] = bounds(npdu, start, end);
  writeNpduSummary(npdu, s, e, fastOut, 0, into);
  return into;
}
