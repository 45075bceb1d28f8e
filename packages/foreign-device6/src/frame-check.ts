import { Bip6Address, type Bvll6Frame, isVmac, npduProblem } from "@bip6/bvll6-codec";

/**
 * Names the field of a frame the foreign device reads that `decodeFrame` would never
 * produce (a hand-built frame), or `undefined` when the frame is sound. Only the fields
 * `handle()` acts on are checked (BVLC-Result's code, Forwarded-NPDU's original source and
 * NPDU), so that a bad frame is refused before any due work runs, never half-way through.
 */
export function invalidField(frame: Bvll6Frame): string | undefined {
  switch (frame.kind) {
    case "BvlcResult": {
      const code = frame.resultCode;
      return Number.isInteger(code) && code >= 0 && code <= 0xffff ? undefined : "result code";
    }
    case "ForwardedNpdu":
      return isVmac(frame.originalSourceVmac) &&
        frame.originalSource instanceof Bip6Address &&
        npduProblem(frame.npdu) === undefined
        ? undefined
        : "original source or NPDU";
    default:
      return undefined;
  }
}
