import { isUint8Array } from "./bytes.js";
import { describeValue } from "./describe.js";
import { Bip6AddressError } from "./errors.js";

/**
 * A BACnet/IPv6 virtual MAC address: a 24-bit unsigned integer (3 octets big-endian on the
 * wire). A plain number so it is cheap to compare and to use as a `Map` key.
 */
export type Vmac = number;

/** Largest VMAC value (0xFFFFFF). */
export const MAX_VMAC = 0xffffff;

/** Largest device instance, which is also the largest instance-derived VMAC (H.7.2). */
export const MAX_DEVICE_INSTANCE = 0x3fffff;

/** First VMAC of the random range (top bits `01`, H.7.2). */
export const RANDOM_VMAC_MIN = 0x400000;

/** Last VMAC of the random range. */
export const RANDOM_VMAC_MAX = 0x7fffff;

/** True when `value` is an integer 0–0xFFFFFF. */
export function isVmac(value: unknown): value is Vmac {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_VMAC;
}

/** True when the VMAC is derived from a device instance (top two bits `00`). */
export function isInstanceVmac(vmac: Vmac): boolean {
  return isVmac(vmac) && vmac <= MAX_DEVICE_INSTANCE;
}

/** True when the VMAC is in the random range 0x400000–0x7FFFFF (top two bits `01`). */
export function isRandomVmac(vmac: Vmac): boolean {
  return isVmac(vmac) && vmac >= RANDOM_VMAC_MIN && vmac <= RANDOM_VMAC_MAX;
}

/** Six lower-case hex digits, e.g. `0004d2` for 1234. Round-trips with {@link parseVmac}. */
export function formatVmac(vmac: Vmac): string {
  if (!isVmac(vmac)) throw badVmac(vmac);
  return vmac.toString(16).padStart(6, "0");
}

const VMAC_TEXT = /^(?:0x)?([0-9a-f]{6})$|^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i;

/**
 * Parses a VMAC written as six hex digits (`0004d2`, `0x0004D2`) or three colon- or
 * dash-separated octets (`00:04:d2`).
 */
export function parseVmac(text: string): Vmac {
  const m = typeof text === "string" ? VMAC_TEXT.exec(text.trim()) : null;
  if (!m) {
    throw new Bip6AddressError(
      "INVALID_VMAC",
      typeof text === "string" ? text : describeValue(text),
      `not a VMAC (expected six hex digits like 0004d2): ${describeValue(text)}`,
    );
  }
  const hex = m[1] ?? `${m[2]}${m[3]}${m[4]}`;
  return Number.parseInt(hex, 16);
}

/**
 * Reads a 3-octet big-endian VMAC at `offset`. Throws `Bip6AddressError` `INVALID_OCTETS`
 * unless `bytes` is a `Uint8Array` with 3 octets at the integer `offset`.
 */
export function readVmac(bytes: Uint8Array, offset: number): Vmac {
  checkRoom(bytes, offset);
  return vmacAt(bytes, offset);
}

/**
 * Writes a 3-octet big-endian VMAC at `offset`. Checks first, and then writes nothing:
 * `INVALID_VMAC` for a VMAC outside 0–0xFFFFFF, `INVALID_OCTETS` without room for 3 octets.
 */
export function writeVmac(bytes: Uint8Array, offset: number, vmac: Vmac): void {
  if (!isVmac(vmac)) throw badVmac(vmac);
  checkRoom(bytes, offset);
  putVmac(bytes, offset, vmac);
}

/** {@link readVmac} for callers that have checked the room (the decoder). */
export function vmacAt(bytes: Uint8Array, offset: number): Vmac {
  return ((bytes[offset] as number) << 16) | ((bytes[offset + 1] as number) << 8) | (bytes[offset + 2] as number);
}

/** {@link writeVmac} for callers that have checked the VMAC and the room (the encoder). */
export function putVmac(bytes: Uint8Array, offset: number, vmac: Vmac): void {
  bytes[offset] = vmac >>> 16;
  bytes[offset + 1] = vmac >>> 8;
  bytes[offset + 2] = vmac;
}

function checkRoom(bytes: Uint8Array, offset: number): void {
  if (!isUint8Array(bytes) || !Number.isInteger(offset) || offset < 0 || offset + 3 > bytes.length) {
    const what = isUint8Array(bytes) ? `${bytes.length} octets` : describeValue(bytes);
    throw new Bip6AddressError(
      "INVALID_OCTETS",
      what,
      `a VMAC needs 3 octets at offset ${describeValue(offset)} of a Uint8Array, got ${what}`,
    );
  }
}

function badVmac(vmac: unknown): Bip6AddressError {
  return new Bip6AddressError(
    "INVALID_VMAC",
    describeValue(vmac),
    `VMAC must be an integer 0-0xFFFFFF, got ${describeValue(vmac)}`,
  );
}
