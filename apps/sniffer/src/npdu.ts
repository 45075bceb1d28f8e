/**
 * The one place the sniffer reaches the BACnet (NPDU/APDU) decoder of src/bacnet: outputs,
 * filter and findings go through these names, so the decoder stays a module of its own that
 * the browser decoder page and others use directly (`@bip6/sniffer/bacnet`).
 *
 * @module
 */
import type { ApduInfo, BacnetDecode } from "./bacnet/index.js";

export { decodeNpdu, summarizeNpdu, writeNpduSummary, scanNpdu, NpduFacts } from "./bacnet/index.js";

/** One NPDU decode as the sniffer uses it: the decoder's `BacnetDecode`. */
export type NpduDecode = BacnetDecode;

/** The APDU header and service data of a decode: the decoder's `ApduInfo`. */
export type NpduApdu = ApduInfo;
