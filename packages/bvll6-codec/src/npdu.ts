import { isUint8Array } from "./bytes.js";
import { MAX_NPDU_LENGTH } from "./constants.js";
import { describeValue } from "./describe.js";

/**
 * Why `value` cannot be the NPDU of a BVLL6 frame (not a `Uint8Array`, or longer than the
 * 1497 octets Annex U allows), as a sentence for an error message; `undefined` when it can.
 * Shared by the encoder and every package that takes NPDUs from callers, so they all refuse
 * the same inputs with the same words. Never throws, whatever `value` is.
 */
export function npduProblem(value: unknown): string | undefined {
  if (!isUint8Array(value)) return `the NPDU must be a Uint8Array, got ${describeValue(value)}`;
  if (value.length > MAX_NPDU_LENGTH) {
    return `NPDU of ${value.length} octets exceeds the BACnet/IPv6 maximum of ${MAX_NPDU_LENGTH}`;
  }
  return undefined;
}
