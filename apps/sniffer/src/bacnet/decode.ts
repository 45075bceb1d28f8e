import { walkApdu } from "./apdu.js";
import { walkNpdu } from "./npdu.js";
import { utf8Text } from "./summary-writer.js";
import { BACNET_LIMITS, type ApduInfo, type BacnetDecode, type DecodeOptions } from "./types.js";
import type { FieldVisitor, TreeBuilder } from "./tree.js";
import { NpduFacts, Walk } from "./walk.js";

const ownFacts = new NpduFacts();
const EMPTY = new Uint8Array(0);

/** A start bound clamped to the array (bad bounds decode as an empty range, never throw). */
function startOf(npdu: Uint8Array, start: number | undefined): number {
  return start === undefined || !(start >= 0) ? 0 : Math.min(Math.floor(start), npdu.length);
}

/** An end bound clamped to the array and to be at least `s` (a bad one makes the range empty). */
function endOf(npdu: Uint8Array, s: number, end: number | undefined): number {
  if (end === undefined) return npdu.length;
  return end >= 0 ? Math.max(s, Math.min(Math.floor(end), npdu.length)) : s;
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
 * @param options - e.g. `{ vendorName }` to label vendor ids with names
 * @example
 * ```ts
 * const d = decodeNpdu(hexToBytes("0120ffff00ff1000c4020004d22205c4910322010404"));
 * d.summary; // "I-Am device,1234"
 * ```
 */
export function decodeNpdu(npdu: Uint8Array, start?: number, end?: number, options?: DecodeOptions): BacnetDecode {
  const s = startOf(npdu, start);
  const e = endOf(npdu, s, end);
  const w = treeWalk;
  w.begin(npdu, s, e, "tree", ownFacts);
  w.vendorName = options?.vendorName;
  const scratch = treeOut;
  w.sum.reset(scratch, 0);
  let apdu: ApduInfo | undefined;
  try {
    apdu = walk(w);
  } catch (error) {
    // A decoder bug must not take the caller down: report it as a problem instead.
    w.problem("INTERNAL_ERROR", w.pos, `internal decoder error: ${String(error)}`);
  }
  if (w.tree?.full === true)
    w.problem("TOO_MANY", w.pos, `more than ${BACNET_LIMITS.maxFields} fields; the tree is cut short`);
  const summaryEnd = w.sum.finish();
  const result: { -readonly [K in keyof BacnetDecode]: BacnetDecode[K] } = {
    fields: (w.tree as TreeBuilder | null)?.fields() ?? [],
    summary: utf8Text(scratch, 0, summaryEnd),
    npdu: w.npdu ?? { version: 0, control: 0, isNetworkMessage: false, expectingReply: false, priority: 0 },
    problems: w.problems ?? [],
  };
  if (apdu !== undefined) result.apdu = apdu;
  // Drop the references, so the reused walk keeps nothing of this NPDU alive.
  w.tree = null;
  w.problems = null;
  w.npdu = undefined;
  w.data = undefined;
  w.vendorName = undefined;
  w.b = EMPTY;
  return result;
}

/** The walk the tree path reuses (the decoders never call out, so no decode can re-enter another). */
const treeWalk = new Walk();
const treeOut = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);

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
  const s = startOf(npdu, start);
  const e = endOf(npdu, s, end);
  const w = fast;
  w.begin(npdu, s, e, "summary", facts ?? ownFacts);
  w.sum.reset(out, at);
  try {
    walk(w);
  } catch {
    // Never expected; the summary keeps what was written.
    w.facts.problems++;
  }
  w.npdu = undefined;
  w.b = EMPTY;
  return w.sum.finish();
}

/**
 * The one-line summary of an NPDU, e.g. `I-Am device,1234`, `Who-Is 100-200`,
 * `ReadProperty-Request analog-input,3 present-value`, `ReadProperty-ACK analog-input,3
 * present-value 21.5` — the same text as {@link decodeNpdu}'s `summary`, without building
 * the tree. Never throws.
 */
export function summarizeNpdu(npdu: Uint8Array, start?: number, end?: number): string {
  const s = startOf(npdu, start);
  const e = endOf(npdu, s, end);
  const n = writeNpduSummary(npdu, s, e, fastOut, 0);
  return utf8Text(fastOut, 0, n);
}

/** The walk the visit path reuses. */
const visitWalk = new Walk();

/**
 * Calls `visitor(name, value, offset, length, depth)` for every field of the NPDU in document
 * order — the same fields, values and offsets as {@link decodeNpdu}'s tree, without building
 * the tree, labels or structured data: the path for field extraction (`-T fields`) and display
 * filters (`-Y`). Containers report the length known when they open (0 for `bacnet`, `bacapp`
 * and lists). Malformed parts appear as `_ws.malformed` fields (value: the problem code). With
 * `facts`, fills it as {@link writeNpduSummary} does. Returns the end of the summary written
 * into `out` (pass a buffer with {@link BACNET_LIMITS}.maxSummaryOctets free, or omit both to
 * discard it). Never throws (a visitor that throws is the caller's business and propagates).
 *
 * @example
 * ```ts
 * visitNpdu(npdu, 0, npdu.length, (name, value) => {
 *   if (name === "bacapp.instance_number") instances.push(value);
 * });
 * ```
 */
export function visitNpdu(
  npdu: Uint8Array,
  start: number,
  end: number,
  visitor: FieldVisitor,
  facts?: NpduFacts,
  out: Uint8Array = fastOut,
  at = 0,
): number {
  const s = startOf(npdu, start);
  const e = endOf(npdu, s, end);
  const w = visitWalk;
  w.begin(npdu, s, e, "visit", facts ?? ownFacts);
  w.visit.reset(visitor);
  w.sum.reset(out, at);
  try {
    walk(w);
  } finally {
    w.visit.reset(noVisitor);
    w.npdu = undefined;
    w.b = EMPTY;
  }
  return w.sum.finish();
}

const noVisitor: FieldVisitor = () => undefined;

/**
 * Fills `into` (a reusable {@link NpduFacts}) with the findings' numbers for an NPDU — network
 * message type, PDU type, service, invoke id, confirmed request, I-Am device, DNET/SNET,
 * problem count — on the summary path (the summary itself is discarded). Never throws.
 */
export function scanNpdu(npdu: Uint8Array, start?: number, end?: number, into: NpduFacts = new NpduFacts()): NpduFacts {
  const s = startOf(npdu, start);
  const e = endOf(npdu, s, end);
  writeNpduSummary(npdu, s, e, fastOut, 0, into);
  return into;
}
