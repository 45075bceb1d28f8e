import { Bip6Address } from "./address.js";
import { BVLC_TYPE_IPV6, BVLL6_HEADER_LENGTH, MAX_NPDU_LENGTH } from "./constants.js";
import { Bvll6DecodeError } from "./errors.js";
import type { Bvll6Frame } from "./frames.js";
import { readVmac } from "./vmac.js";

/** Smallest total length of each function (index = function code): its fixed part. */
const MIN_LENGTH = [9, 10, 7, 10, 28, 10, 7, 10, 25, 9, 25, 4, 7] as const;
/**
 * Largest total length of each function: the fixed part for fixed-size functions, the fixed
 * part plus the 1497-octet NPDU maximum for NPDU carriers (a frame no encoder may produce,
 * and none a node could relay), no limit for Secure-BVLL's opaque payload.
 */
const MAX_LENGTH = [
  9,
  10 + MAX_NPDU_LENGTH,
  7 + MAX_NPDU_LENGTH,
  10,
  28,
  10,
  7,
  10,
  25 + MAX_NPDU_LENGTH,
  9,
  25,
  0xffff,
  7 + MAX_NPDU_LENGTH,
] as const;

/**
 * True when the datagram `bytes[start..end)` would decode without error, checked without
 * building a frame or an error: for hot paths (filters, sniffers) that only need the verdict.
 * Same rules as {@link tryDecodeFrame}.
 */
export function isDecodable(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  const length = end - start;
  if (length < BVLL6_HEADER_LENGTH || bytes[start] !== BVLC_TYPE_IPV6) return false;
  if ((((bytes[start + 2] as number) << 8) | (bytes[start + 3] as number)) !== length) return false;
  const fn = bytes[start + 1] as number;
  if (fn > 0x0c) return true;
  return length >= (MIN_LENGTH[fn] as number) && length <= (MAX_LENGTH[fn] as number);
}

/**
 * Decodes one datagram into a frame, or returns the reason it is invalid, without throwing.
 * NPDU and payload fields are views into `bytes` (no copy): copy them if the buffer is reused.
 * Rules (annex-u.md §2): type 0x82, length field = datagram length, at least the function's
 * fixed part, no extra octets on fixed-size functions, and an NPDU of at most 1497 octets.
 * Unknown function codes decode to an `Unknown` frame.
 */
export function tryDecodeFrame(bytes: Uint8Array): Bvll6Frame | Bvll6DecodeError {
  const length = bytes.length;
  if (length < BVLL6_HEADER_LENGTH) {
    return new Bvll6DecodeError(
      "TRUNCATED_HEADER",
      length,
      `datagram of ${length} octets is shorter than the 4-octet BVLL header`,
    );
  }
  const type = bytes[0] as number;
  if (type !== BVLC_TYPE_IPV6) {
    return new Bvll6DecodeError(
      "WRONG_BVLC_TYPE",
      0,
      type === 0x81
        ? "BVLC type 0x81 is BACnet/IPv4, not BACnet/IPv6 (0x82)"
        : `BVLC type 0x${type.toString(16).padStart(2, "0")} is not BACnet/IPv6 (0x82)`,
    );
  }
  const fn = bytes[1] as number;
  const declared = ((bytes[2] as number) << 8) | (bytes[3] as number);
  if (declared !== length) {
    return new Bvll6DecodeError(
      "LENGTH_MISMATCH",
      2,
      `length field says ${declared} octets but the datagram has ${length}`,
    );
  }
  if (fn > 0x0c) {
    return { kind: "Unknown", functionCode: fn, payload: bytes.subarray(4) };
  }
  const min = MIN_LENGTH[fn] as number;
  if (length < min) {
    return new Bvll6DecodeError(
      "TOO_SHORT",
      length,
      `function 0x${fn.toString(16).padStart(2, "0")} needs at least ${min} octets, got ${length}`,
    );
  }
  const max = MAX_LENGTH[fn] as number;
  if (length > max) {
    return new Bvll6DecodeError(
      "TOO_LONG",
      max,
      max === min
        ? `function 0x${fn.toString(16).padStart(2, "0")} is exactly ${min} octets, got ${length}`
        : `function 0x${fn.toString(16).padStart(2, "0")} carries an NPDU of ${length - min} octets, more than the ${MAX_NPDU_LENGTH} allowed`,
    );
  }
  switch (fn) {
    case 0x00:
      return {
        kind: "BvlcResult",
        sourceVmac: readVmac(bytes, 4),
        resultCode: ((bytes[7] as number) << 8) | (bytes[8] as number),
      };
    case 0x01:
      return {
        kind: "OriginalUnicastNpdu",
        sourceVmac: readVmac(bytes, 4),
        destinationVmac: readVmac(bytes, 7),
        npdu: bytes.subarray(10),
      };
    case 0x02:
      return { kind: "OriginalBroadcastNpdu", sourceVmac: readVmac(bytes, 4), npdu: bytes.subarray(7) };
    case 0x03:
      return { kind: "AddressResolution", sourceVmac: readVmac(bytes, 4), targetVmac: readVmac(bytes, 7) };
    case 0x04:
      return {
        kind: "ForwardedAddressResolution",
        originalSourceVmac: readVmac(bytes, 4),
        targetVmac: readVmac(bytes, 7),
        originalSource: Bip6Address.fromOctets(bytes, 10),
      };
    case 0x05:
      return { kind: "AddressResolutionAck", sourceVmac: readVmac(bytes, 4), destinationVmac: readVmac(bytes, 7) };
    case 0x06:
      return { kind: "VirtualAddressResolution", sourceVmac: readVmac(bytes, 4) };
    case 0x07:
      return {
        kind: "VirtualAddressResolutionAck",
        sourceVmac: readVmac(bytes, 4),
        destinationVmac: readVmac(bytes, 7),
      };
    case 0x08:
      return {
        kind: "ForwardedNpdu",
        originalSourceVmac: readVmac(bytes, 4),
        originalSource: Bip6Address.fromOctets(bytes, 7),
        npdu: bytes.subarray(25),
      };
    case 0x09:
      return {
        kind: "RegisterForeignDevice",
        sourceVmac: readVmac(bytes, 4),
        timeToLive: ((bytes[7] as number) << 8) | (bytes[8] as number),
      };
    case 0x0a:
      return {
        kind: "DeleteForeignDeviceTableEntry",
        sourceVmac: readVmac(bytes, 4),
        entry: Bip6Address.fromOctets(bytes, 7),
      };
    case 0x0b:
      return { kind: "SecureBvll", payload: bytes.subarray(4) };
    default:
      return { kind: "DistributeBroadcastToNetwork", sourceVmac: readVmac(bytes, 4), npdu: bytes.subarray(7) };
  }
}

/**
 * Decodes one datagram into a frame; throws {@link Bvll6DecodeError} (with a code and the
 * offending offset) when it is not a valid BVLL6 frame. See {@link tryDecodeFrame}.
 */
export function decodeFrame(bytes: Uint8Array): Bvll6Frame {
  const result = tryDecodeFrame(bytes);
  if (result instanceof Bvll6DecodeError) throw result;
  return result;
}
