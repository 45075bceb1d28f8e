/**
 * The one place the sniffer reaches the BACnet (NPDU/APDU) decoder. Everything else (outputs,
 * filter, findings) goes through these two functions and the {@link NpduDecode} shape, a
 * subset of the decoder's `BacnetDecode`, so wiring the decoder in is a change to this file.
 *
 * Until the decoder (src/bacnet) is on main, decoding stops at the BVLL: no bacnet/bacapp
 * fields, and the summary is the NPDU's size.
 *
 * @module
 */
import type { DecodedField } from "./fields/field.js";

/** What the sniffer uses of an APDU header (the decoder's `ApduInfo` has more). */
export interface NpduApdu {
  /** 0 Confirmed-Request … 7 Abort. */
  readonly pduType: number;
  readonly pduTypeName?: string;
  readonly service?: number;
  readonly serviceName?: string;
  readonly invokeId?: number;
}

/** What the sniffer uses of one NPDU decode (the decoder's `BacnetDecode` is assignable to it). */
export interface NpduDecode {
  /** bacnet (NPDU) and bacapp (APDU) layers, offsets in the array given to {@link decodeNpdu}. */
  readonly fields: readonly DecodedField[];
  /** The one-line summary, as {@link summarizeNpdu} returns it. */
  readonly summary: string;
  readonly npdu: {
    readonly isNetworkMessage: boolean;
    readonly message?: { readonly name: string };
  };
  readonly apdu?: NpduApdu;
  readonly problems: readonly { readonly code: string; readonly message: string; readonly offset: number }[];
}

/** True once the BACnet decoder is wired in (outputs and tests that need APDUs check it). */
export const NPDU_DECODER_WIRED: boolean = false;

/** `npdu N octets`: the summary while no decoder is wired in. */
function sizeSummary(n: number): string {
  return `npdu ${n} octet${n === 1 ? "" : "s"}`;
}

/** Decodes the NPDU `bytes[start..end)` into fields, a summary and typed facts. Never throws. */
export function decodeNpdu(bytes: Uint8Array, start = 0, end = bytes.length): NpduDecode {
  return { fields: [], summary: sizeSummary(end - start), npdu: { isNetworkMessage: false }, problems: [] };
}

/** The one-line summary of the NPDU `bytes[start..end)`, without building a tree. Never throws. */
export function summarizeNpdu(_bytes: Uint8Array, start = 0, end = _bytes.length): string {
  return sizeSummary(end - start);
}
