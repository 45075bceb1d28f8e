import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons the BBMD rejects a configuration or an argument. */
export type BbmdErrorCode =
  /** A VMAC that is not an integer 0–0xFFFFFF. */
  | "INVALID_VMAC"
  /**
   * An address that is not a `Bip6Address`, or not usable as the BBMD's own address or a
   * BDT entry: multicast, unspecified, port 0, link-local, or loopback (unless `allowLoopback`).
   */
  | "INVALID_ADDRESS"
  /** The same peer twice in a BDT (compared as 18 wire octets), or `addPeer()` of a known peer. */
  | "DUPLICATE_BDT_ENTRY"
  /** More BDT peers than `maxBdtEntries`. */
  | "BDT_FULL"
  /** A cap, TTL or flag option out of range or of the wrong type. */
  | "INVALID_OPTION"
  /** `now` is not a finite number of milliseconds within ±`MAX_TIME_MS`. */
  | "INVALID_TIME"
  /** `handle()` got a `via` other than `"unicast"` or `"multicast"`. */
  | "INVALID_VIA"
  /** An NPDU that is not a `Uint8Array` or longer than the 1497 octets a BVLL6 frame can carry. */
  | "INVALID_NPDU"
  /** `handle()` got something that is not a decoded BVLL6 frame, or a frame with out-of-range fields. */
  | "INVALID_FRAME";

/**
 * The one error class of this package. Every check runs before any state changes, so a
 * caught error leaves the BBMD exactly as it was.
 */
export class BbmdError extends Bip6Error<BbmdErrorCode> {
  override readonly name = "BbmdError";
}
