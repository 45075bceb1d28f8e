import { hexToBytes, MAX_NPDU_LENGTH } from "@bip6/bvll6-codec";

/**
 * An NPDU written in hex (`0120ffff00ff1008`; spaces, `:` and `-` between octets allowed), or a
 * one-line reason it is not one: empty, not hex, or longer than the 1497 octets a BVLL6 frame
 * carries.
 */
export function parseNpduHex(text: string): Uint8Array | { readonly error: string } {
  let npdu: Uint8Array;
  try {
    npdu = hexToBytes(text);
  } catch {
    return {
      error: `${JSON.stringify(text)} is not an NPDU in hex (an even number of hex digits, e.g. 0120ffff00ff1008)`,
    };
  }
  if (npdu.length === 0) return { error: "the NPDU is empty" };
  if (npdu.length > MAX_NPDU_LENGTH) {
    return { error: `the NPDU is ${npdu.length} octets; a BVLL6 frame carries at most ${MAX_NPDU_LENGTH}` };
  }
  return npdu;
}
