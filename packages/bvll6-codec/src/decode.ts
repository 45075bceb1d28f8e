import { readAddress } from "./address.js";
import { isUint8Array } from "./bytes.js";
import { BVLC_TYPE_IPV6, BVLL6_HEADER_LENGTH, MAX_NPDU_LENGTH } from "./constants.js";
import { describeValue } from "./describe.js";
import { Bvll6DecodeError, type Bvll6DecodeErrorCode, stacklessDecodeError } from "./errors.js";
import type { Bvll6Frame } from "./frames.js";
import { vmacAt } from "./vmac.js";

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

/** The end of the window when the caller gave none: the whole buffer, or 0 for a non-buffer. */
export function defaultEnd(bytes: unknown): number {
  return isUint8Array(bytes) ? bytes.length : 0;
}

/**
 * The one statement of the annex-u.md §2 rules that every decoding path shares (the frame
 * decoders, isDecodable, decodeProblem, Bvll6FrameView): what is wrong with the datagram
 * `bytes[start..end)`, or `undefined` when it decodes. Allocates nothing.
 */
export function problemOf(bytes: Uint8Array, start: number, end: number): Bvll6DecodeErrorCode | undefined {
  if (
    !isUint8Array(bytes) ||
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    start > end ||
    end > bytes.length
  ) {
    return "INVALID_INPUT";
  }
  const length = end - start;
  if (length < BVLL6_HEADER_LENGTH) return "TRUNCATED_HEADER";
  if (bytes[start] !== BVLC_TYPE_IPV6) return "WRONG_BVLC_TYPE";
  if ((((bytes[start + 2] as number) << 8) | (bytes[start + 3] as number)) !== length) return "LENGTH_MISMATCH";
  const fn = bytes[start + 1] as number;
  if (fn > 0x0c) return undefined;
  if (length < (MIN_LENGTH[fn] as number)) return "TOO_SHORT";
  if (length > (MAX_LENGTH[fn] as number)) return "TOO_LONG";
  return undefined;
}

/** Octet offset (from `start`) that a problem of {@link problemOf} points at. */
export function problemOffset(code: Bvll6DecodeErrorCode, bytes: Uint8Array, start: number, end: number): number {
  switch (code) {
    case "TRUNCATED_HEADER":
    case "TOO_SHORT":
      return end - start;
    case "LENGTH_MISMATCH":
      return 2;
    case "TOO_LONG":
      return MAX_LENGTH[bytes[start + 1] as number] as number;
    default:
      return 0;
  }
}

function hex2(n: number): string {
  return `0x${n.toString(16).padStart(2, "0")}`;
}

/** The sentence of a problem (without the "(at octet N)" the error adds). */
function problemMessage(code: Bvll6DecodeErrorCode, bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  switch (code) {
    case "INVALID_INPUT":
      return isUint8Array(bytes)
        ? `expected a datagram as a Uint8Array window with integers 0 <= start <= end <= ${bytes.length}, got start ${describeValue(start)} and end ${describeValue(end)}`
        : `expected a datagram as a Uint8Array, got ${describeValue(bytes)}`;
    case "TRUNCATED_HEADER":
      return `datagram of ${length} octets is shorter than the 4-octet BVLL header`;
    case "WRONG_BVLC_TYPE": {
      const type = bytes[start] as number;
      return type === 0x81
        ? "BVLC type 0x81 is BACnet/IPv4, not BACnet/IPv6 (0x82)"
        : `BVLC type ${hex2(type)} is not BACnet/IPv6 (0x82)`;
    }
    case "LENGTH_MISMATCH":
      return `length field says ${((bytes[start + 2] as number) << 8) | (bytes[start + 3] as number)} octets but the datagram has ${length}`;
    case "TOO_SHORT": {
      const fn = bytes[start + 1] as number;
      return `function ${hex2(fn)} needs at least ${MIN_LENGTH[fn] as number} octets, got ${length}`;
    }
    case "TOO_LONG": {
      const fn = bytes[start + 1] as number;
      const min = MIN_LENGTH[fn] as number;
      return min === MAX_LENGTH[fn]
        ? `function ${hex2(fn)} is exactly ${min} octets, got ${length}`
        : `function ${hex2(fn)} carries an NPDU of ${length - min} octets, more than the ${MAX_NPDU_LENGTH} allowed`;
    }
  }
}

/**
 * The error of a problem: with a stack trace for callers that throw it, without one for the
 * verdict-returning paths (a rejected datagram must not cost more than an accepted one).
 */
export function problemError(
  code: Bvll6DecodeErrorCode,
  bytes: Uint8Array,
  start: number,
  end: number,
  withStack: boolean,
): Bvll6DecodeError {
  const offset = problemOffset(code, bytes, start, end);
  const message = problemMessage(code, bytes, start, end);
  return withStack ? new Bvll6DecodeError(code, offset, message) : stacklessDecodeError(code, offset, message);
}

/**
 * The frame in `bytes[s..e)`, which {@link problemOf} has passed. NPDU and payload fields
 * are views into `bytes`; addresses are read into new `Bip6Address`es.
 */
export function buildFrame(bytes: Uint8Array, s: number, e: number): Bvll6Frame {
  const fn = bytes[s + 1] as number;
  switch (fn) {
    case 0x00:
      return {
        kind: "BvlcResult",
        sourceVmac: vmacAt(bytes, s + 4),
        resultCode: ((bytes[s + 7] as number) << 8) | (bytes[s + 8] as number),
      };
    case 0x01:
      return {
        kind: "OriginalUnicastNpdu",
        sourceVmac: vmacAt(bytes, s + 4),
        destinationVmac: vmacAt(bytes, s + 7),
        npdu: bytes.subarray(s + 10, e),
      };
    case 0x02:
      return { kind: "OriginalBroadcastNpdu", sourceVmac: vmacAt(bytes, s + 4), npdu: bytes.subarray(s + 7, e) };
    case 0x03:
      return { kind: "AddressResolution", sourceVmac: vmacAt(bytes, s + 4), targetVmac: vmacAt(bytes, s + 7) };
    case 0x04:
      return {
        kind: "ForwardedAddressResolution",
        originalSourceVmac: vmacAt(bytes, s + 4),
        targetVmac: vmacAt(bytes, s + 7),
        originalSource: readAddress(bytes, s + 10),
      };
    case 0x05:
      return { kind: "AddressResolutionAck", sourceVmac: vmacAt(bytes, s + 4), destinationVmac: vmacAt(bytes, s + 7) };
    case 0x06:
      return { kind: "VirtualAddressResolution", sourceVmac: vmacAt(bytes, s + 4) };
    case 0x07:
      return {
        kind: "VirtualAddressResolutionAck",
        sourceVmac: vmacAt(bytes, s + 4),
        destinationVmac: vmacAt(bytes, s + 7),
      };
    case 0x08:
      return {
        kind: "ForwardedNpdu",
        originalSourceVmac: vmacAt(bytes, s + 4),
        originalSource: readAddress(bytes, s + 7),
        npdu: bytes.subarray(s + 25, e),
      };
    case 0x09:
      return {
        kind: "RegisterForeignDevice",
        sourceVmac: vmacAt(bytes, s + 4),
        timeToLive: ((bytes[s + 7] as number) << 8) | (bytes[s + 8] as number),
      };
    case 0x0a:
      return {
        kind: "DeleteForeignDeviceTableEntry",
        sourceVmac: vmacAt(bytes, s + 4),
        entry: readAddress(bytes, s + 7),
      };
    case 0x0b:
      return { kind: "SecureBvll", payload: bytes.subarray(s + 4, e) };
    case 0x0c:
      return { kind: "DistributeBroadcastToNetwork", sourceVmac: vmacAt(bytes, s + 4), npdu: bytes.subarray(s + 7, e) };
    default:
      return { kind: "Unknown", functionCode: fn, payload: bytes.subarray(s + 4, e) };
  }
}

/**
 * What is wrong with the datagram `bytes[start..end)`: the code a {@link Bvll6DecodeError}
 * would carry, or `undefined` when it decodes. The receive path's verdict: it builds no frame
 * and no error, and allocates nothing (the codes are constant strings). `start` and `end`
 * must be integers with 0 ≤ start ≤ end ≤ `bytes.length`; anything else, and any `bytes`
 * that is not a `Uint8Array`, is `INVALID_INPUT`. {@link Bvll6FrameView} adds the offset
 * and the fields.
 *
 * @example
 * ```ts
 * const problem = decodeProblem(datagram);
 * if (problem !== undefined) counters[problem]++;
 * ```
 */
export function decodeProblem(
  bytes: Uint8Array,
  start = 0,
  end: number = defaultEnd(bytes),
): Bvll6DecodeErrorCode | undefined {
  return problemOf(bytes, start, end);
}

/**
 * True when the datagram `bytes[start..end)` would decode without error, checked without
 * building a frame or an error: for hot paths (filters, sniffers) that only need the verdict.
 * Same rules as {@link tryDecodeFrame} on `bytes.subarray(start, end)`; a window that is not
 * inside the buffer (see {@link decodeProblem}) is false.
 */
export function isDecodable(bytes: Uint8Array, start = 0, end: number = defaultEnd(bytes)): boolean {
  return problemOf(bytes, start, end) === undefined;
}

/**
 * Decodes one datagram into a frame, or returns the reason it is invalid, without throwing.
 * The datagram is a `Uint8Array` (any subclass, such as Node's `Buffer`, or another realm's);
 * anything else — a plain array, a `DataView`, an `ArrayBuffer`, `null` — is an
 * `INVALID_INPUT` error. NPDU and payload fields are views into `bytes` (no copy): copy them
 * if the buffer is reused. Rules (annex-u.md §2): type 0x82, length field = datagram length,
 * at least the function's fixed part, no extra octets on fixed-size functions, and an NPDU of
 * at most 1497 octets. Unknown function codes decode to an `Unknown` frame.
 *
 * The returned error carries no stack trace (capturing one would make every rejected datagram
 * ~20x the cost of an accepted one); {@link decodeFrame} throws one that does.
 *
 * @example
 * ```ts
 * const r = tryDecodeFrame(hexToBytes("82 03 000b 0004d2 00162e"));
 * if (r instanceof Bvll6DecodeError) console.log(r.code, r.offset); // LENGTH_MISMATCH 2
 * ```
 * @see ASHRAE 135 Annex U.2 (BVLL6 messages), annex-u.md §2 (layouts and the strict decoding rules)
 */
export function tryDecodeFrame(bytes: Uint8Array): Bvll6Frame | Bvll6DecodeError {
  const end = defaultEnd(bytes);
  const problem = problemOf(bytes, 0, end);
  return problem === undefined ? buildFrame(bytes, 0, end) : problemError(problem, bytes, 0, end, false);
}

/**
 * Decodes one datagram into a frame; throws {@link Bvll6DecodeError} (with a code, the
 * offending offset and a stack trace) when it is not a valid BVLL6 frame. See {@link tryDecodeFrame}.
 *
 * @see ASHRAE 135 Annex U.2, annex-u.md §2
 */
export function decodeFrame(bytes: Uint8Array): Bvll6Frame {
  const end = defaultEnd(bytes);
  const problem = problemOf(bytes, 0, end);
  if (problem !== undefined) throw problemError(problem, bytes, 0, end, true);
  return buildFrame(bytes, 0, end);
}
