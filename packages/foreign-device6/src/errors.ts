import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons the foreign device rejects a configuration or an argument. */
export type ForeignDeviceErrorCode =
  /** `timeToLive` is not an integer 1–65535 (0 would ask the BBMD for an entry that expires at once). */
  | "INVALID_TTL"
  /** A VMAC that is not an integer 0–0xFFFFFF. */
  | "INVALID_VMAC"
  /**
   * `bbmd` or `address` is not a usable unicast `Bip6Address`, or both are the same address;
   * or `handle()` got a sender that is not a `Bip6Address`.
   */
  | "INVALID_ADDRESS"
  /** A retry, queue or policy option out of range or of the wrong type. */
  | "INVALID_OPTION"
  /** `now` is not a finite number of milliseconds within ±`MAX_TIME_MS`. */
  | "INVALID_TIME"
  /** An NPDU that is not a `Uint8Array` or longer than the 1497 octets a BVLL6 frame can carry. */
  | "INVALID_NPDU"
  /**
   * `handle()` got something that is not a decoded BVLL6 frame, or a frame whose fields the
   * decoder never produces (a Forwarded-NPDU without an original source, a result code
   * outside 0–0xFFFF …).
   */
  | "INVALID_FRAME";

/**
 * The one error class of this package. Every check runs before any state changes, so a
 * caught error leaves the foreign device exactly as it was.
 */
export class ForeignDeviceError extends Bip6Error<ForeignDeviceErrorCode> {
  override readonly name = "ForeignDeviceError";
}
