/**
 * The one place the sniffer reaches the BACnet (NPDU/APDU) decoder of src/bacnet: outputs,
 * filter and findings go through these names, so the decoder stays a module of its own that
 * the browser decoder page and others use directly (`@bip6/sniffer/bacnet`).
 *
 * @module
 */
import { type ApduInfo, type BacnetDecode, type FieldVisitor, visitNpdu } from "./bacnet/index.js";

export { decodeNpdu, summarizeNpdu, writeNpduSummary, scanNpdu, NpduFacts } from "./bacnet/index.js";

/** One NPDU decode as the sniffer uses it: the decoder's `BacnetDecode`. */
export type NpduDecode = BacnetDecode;

/** The APDU header and service data of a decode: the decoder's `ApduInfo`. */
export type NpduApdu = ApduInfo;

/**
 * Receives each field of an NPDU in tree order (name, value, offset, length, depth; depth 0 for
 * the bacnet and bacapp layers): the decoder's `FieldVisitor`.
 */
export type NpduFieldVisitor = FieldVisitor;

/**
 * Hands every field of the NPDU `bytes[start..end)` to `visitor`, in tree order, without
 * building a tree (the decoder's field-visit path): what `-T fields`, `-Y` and `--json` read.
 */
export function visitNpduFields(bytes: Uint8Array, start: number, end: number, visitor: NpduFieldVisitor): void {
  visitNpdu(bytes, start, end, visitor);
}
