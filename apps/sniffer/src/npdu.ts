/**
 * The one place the sniffer reaches the BACnet (NPDU/APDU) decoder of src/bacnet: outputs,
 * filter and findings go through these names, so the decoder stays a module of its own that
 * the browser decoder page and others use directly (`@bip6/sniffer/bacnet`).
 *
 * @module
 */
import { type ApduInfo, type BacnetDecode, decodeNpdu } from "./bacnet/index.js";
import type { DecodedField, FieldValue } from "./fields/field.js";

export { decodeNpdu, summarizeNpdu, writeNpduSummary, scanNpdu, NpduFacts } from "./bacnet/index.js";

/** One NPDU decode as the sniffer uses it: the decoder's `BacnetDecode`. */
export type NpduDecode = BacnetDecode;

/** The APDU header and service data of a decode: the decoder's `ApduInfo`. */
export type NpduApdu = ApduInfo;

/** Receives each field of an NPDU in tree order; `depth` 0 for the bacnet and bacapp layers. */
export type NpduFieldVisitor = (name: string, value: FieldValue, depth: number) => void;

function visitTree(fields: readonly DecodedField[], visitor: NpduFieldVisitor, depth: number): void {
  for (const f of fields) {
    visitor(f.name, f.value, depth);
    if (f.children !== undefined) visitTree(f.children, visitor, depth + 1);
  }
}

/**
 * Hands every field of the NPDU `bytes[start..end)` to `visitor`, in tree order, without
 * keeping a tree: the path of `-T fields`, `-Y` and `--json`. (Walks `decodeNpdu`'s tree
 * until the decoder's own field-visit path takes its place here.)
 */
export function visitNpduFields(bytes: Uint8Array, start: number, end: number, visitor: NpduFieldVisitor): void {
  visitTree(decodeNpdu(bytes, start, end).fields, visitor, 0);
}
