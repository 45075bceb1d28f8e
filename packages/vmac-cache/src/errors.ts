import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons the VMAC table or VMAC generation rejects input. */
export type VmacCacheErrorCode =
  /** A VMAC that is not an integer 0–0xFFFFFF. */
  | "INVALID_VMAC"
  /** Something that is not a `Bip6Address` where one is required. */
  | "INVALID_ADDRESS"
  /** A time that is not a finite number of milliseconds (from the argument or the injected clock). */
  | "INVALID_TIME"
  /** A constructor option out of range or of the wrong type. */
  | "INVALID_OPTION"
  /** `pin()` when `maxPinned` pins already exist. */
  | "PIN_CAPACITY"
  /** `pin()` of an address that is already pinned to another VMAC. */
  | "PIN_CONFLICT"
  /** A device instance outside 0–4194303 (or not an integer). */
  | "INVALID_DEVICE_INSTANCE"
  /** No random source given and `globalThis.crypto.getRandomValues` is missing. */
  | "NO_RANDOM_SOURCE";

/**
 * The one error class of this package. Every rejected input throws it before anything is
 * changed, so a caught error always leaves the table as it was.
 */
export class VmacCacheError extends Bip6Error<VmacCacheErrorCode> {
  override readonly name = "VmacCacheError";
}
