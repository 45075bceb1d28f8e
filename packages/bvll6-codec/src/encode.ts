import { Bip6Address, isAddress, writeAddress } from "./address.js";
import { isUint8Array } from "./bytes.js";
import { BVLC_TYPE_IPV6, MAX_NPDU_LENGTH } from "./constants.js";
import { describeValue } from "./describe.js";
import { type Bvll6EncodeErrorCode, Bvll6EncodeError } from "./errors.js";
import type { Bvll6Frame } from "./frames.js";
import { npduProblem } from "./npdu.js";
import { putVmac } from "./vmac.js";

const MAX_PAYLOAD = 0xffff - 4;

function fail(code: Bvll6EncodeErrorCode, field: string, message: string): never {
  throw new Bvll6EncodeError(code, field, message);
}

function checkVmac(value: unknown, field: string): void {
  if (typeof value !== "number")
    fail("INVALID_FIELD", field, `${field} must be a VMAC number, got ${describeValue(value)}`);
  if ((value & 0xffffff) !== value) {
    fail("VMAC_OUT_OF_RANGE", field, `${field} must be an integer 0-0xFFFFFF, got ${describeValue(value)}`);
  }
}

function checkUint16(value: unknown, field: string, code: "TTL_OUT_OF_RANGE" | "RESULT_CODE_OUT_OF_RANGE"): void {
  if (typeof value !== "number") fail("INVALID_FIELD", field, `${field} must be a number, got ${describeValue(value)}`);
  if ((value & 0xffff) !== value) fail(code, field, `${field} must be an integer 0-65535, got ${describeValue(value)}`);
}

/** Length of a valid NPDU; throws for anything else (never truncates or zero-fills). */
function npduLength(npdu: unknown): number {
  if (isUint8Array(npdu) && npdu.length <= MAX_NPDU_LENGTH) return npdu.length;
  return fail(isUint8Array(npdu) ? "NPDU_TOO_LONG" : "INVALID_FIELD", "npdu", npduProblem(npdu) as string);
}

function payloadLength(payload: unknown): number {
  if (!isUint8Array(payload)) {
    fail("INVALID_FIELD", "payload", `the payload must be a Uint8Array, got ${describeValue(payload)}`);
  }
  if (payload.length > MAX_PAYLOAD) {
    fail("NPDU_TOO_LONG", "payload", `payload of ${payload.length} octets does not fit the 16-bit length field`);
  }
  return payload.length;
}

function checkAddress(value: unknown, field: string): void {
  if (!isAddress(value)) fail("INVALID_FIELD", field, `${field} must be a Bip6Address, got ${describeValue(value)}`);
}

/**
 * Total encoded length of a frame in octets, after validating every field in wire order:
 * VMACs 0–0xFFFFFF, TTL and result code 0–65535, NPDU a `Uint8Array` of at most 1497
 * octets, addresses `Bip6Address`es. Throws {@link Bvll6EncodeError}: `INVALID_FIELD` for a
 * missing field or one of the wrong type (an NPDU given as a string, a `number[]` or a
 * `Uint16Array` …), the `*_OUT_OF_RANGE` / `NPDU_TOO_LONG` codes for values out of range.
 */
export function encodedLength(frame: Bvll6Frame): number {
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
    fail("INVALID_FIELD", "frame", `a frame must be an object with a kind, got ${describeValue(frame)}`);
  }
  switch (frame.kind) {
    case "BvlcResult":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkUint16(frame.resultCode, "resultCode", "RESULT_CODE_OUT_OF_RANGE");
      return 9;
    case "OriginalUnicastNpdu":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.destinationVmac, "destinationVmac");
      return 10 + npduLength(frame.npdu);
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      checkVmac(frame.sourceVmac, "sourceVmac");
      return 7 + npduLength(frame.npdu);
    case "AddressResolution":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.targetVmac, "targetVmac");
      return 10;
    case "ForwardedAddressResolution":
      checkVmac(frame.originalSourceVmac, "originalSourceVmac");
      checkVmac(frame.targetVmac, "targetVmac");
      checkAddress(frame.originalSource, "originalSource");
      return 28;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.destinationVmac, "destinationVmac");
      return 10;
    case "VirtualAddressResolution":
      checkVmac(frame.sourceVmac, "sourceVmac");
      return 7;
    case "ForwardedNpdu":
      checkVmac(frame.originalSourceVmac, "originalSourceVmac");
      checkAddress(frame.originalSource, "originalSource");
      return 25 + npduLength(frame.npdu);
    case "RegisterForeignDevice":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkUint16(frame.timeToLive, "timeToLive", "TTL_OUT_OF_RANGE");
      return 9;
    case "DeleteForeignDeviceTableEntry":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkAddress(frame.entry, "entry");
      return 25;
    case "SecureBvll":
      return 4 + payloadLength(frame.payload);
    case "Unknown": {
      const fn: unknown = frame.functionCode;
      if (typeof fn !== "number") {
        fail("INVALID_FIELD", "functionCode", `functionCode must be a number, got ${describeValue(fn)}`);
      }
      if (!Number.isInteger(fn) || fn <= 0x0c || fn > 0xff) {
        fail(
          "FUNCTION_OUT_OF_RANGE",
          "functionCode",
          `an Unknown frame needs a function code 0x0D-0xFF, got ${describeValue(fn)}`,
        );
      }
      return 4 + payloadLength(frame.payload);
    }
    default:
      return fail("UNKNOWN_KIND", "kind", `unknown frame kind ${describeValue((frame as { kind: unknown }).kind)}`);
  }
}

/** Throws unless `target` is a Uint8Array with `length` octets of room at the integer `offset`. */
function checkTarget(target: Uint8Array, offset: number, length: number): void {
  if (!isUint8Array(target))
    fail("INVALID_FIELD", "target", `target must be a Uint8Array, got ${describeValue(target)}`);
  if (typeof offset !== "number")
    fail("INVALID_FIELD", "offset", `offset must be an integer, got ${describeValue(offset)}`);
  if (!Number.isInteger(offset) || offset < 0 || offset + length > target.length) {
    fail("BUFFER_TOO_SMALL", "target", `frame needs ${length} octets at offset ${offset}, buffer has ${target.length}`);
  }
}

function header(out: Uint8Array, o: number, fn: number, length: number): void {
  out[o] = BVLC_TYPE_IPV6;
  out[o + 1] = fn;
  out[o + 2] = length >>> 8;
  out[o + 3] = length;
}

function putAddress(address: Bip6Address, out: Uint8Array, at: number): void {
  // Another copy of the package has its own private fields: its public writeTo does the job.
  if (address instanceof Bip6Address) writeAddress(address, out, at);
  else (address as { writeTo(bytes: Uint8Array, offset: number): void }).writeTo(out, at);
}

/**
 * Writes a validated frame of `length` octets at `o`. The NPDU (or payload) goes first: it
 * is the only field that can be a view of `out` itself (a received frame re-encoded in its
 * receive buffer), and `set` copies overlapping ranges correctly before the header lands.
 */
function write(frame: Bvll6Frame, out: Uint8Array, o: number, length: number): void {
  switch (frame.kind) {
    case "BvlcResult":
      header(out, o, 0x00, length);
      putVmac(out, o + 4, frame.sourceVmac);
      out[o + 7] = frame.resultCode >>> 8;
      out[o + 8] = frame.resultCode;
      break;
    case "OriginalUnicastNpdu":
      out.set(frame.npdu, o + 10);
      header(out, o, 0x01, length);
      putVmac(out, o + 4, frame.sourceVmac);
      putVmac(out, o + 7, frame.destinationVmac);
      break;
    case "OriginalBroadcastNpdu":
      out.set(frame.npdu, o + 7);
      header(out, o, 0x02, length);
      putVmac(out, o + 4, frame.sourceVmac);
      break;
    case "AddressResolution":
      header(out, o, 0x03, length);
      putVmac(out, o + 4, frame.sourceVmac);
      putVmac(out, o + 7, frame.targetVmac);
      break;
    case "ForwardedAddressResolution":
      header(out, o, 0x04, length);
      putVmac(out, o + 4, frame.originalSourceVmac);
      putVmac(out, o + 7, frame.targetVmac);
      putAddress(frame.originalSource, out, o + 10);
      break;
    case "AddressResolutionAck":
      header(out, o, 0x05, length);
      putVmac(out, o + 4, frame.sourceVmac);
      putVmac(out, o + 7, frame.destinationVmac);
      break;
    case "VirtualAddressResolution":
      header(out, o, 0x06, length);
      putVmac(out, o + 4, frame.sourceVmac);
      break;
    case "VirtualAddressResolutionAck":
      header(out, o, 0x07, length);
      putVmac(out, o + 4, frame.sourceVmac);
      putVmac(out, o + 7, frame.destinationVmac);
      break;
    case "ForwardedNpdu":
      out.set(frame.npdu, o + 25);
      header(out, o, 0x08, length);
      putVmac(out, o + 4, frame.originalSourceVmac);
      putAddress(frame.originalSource, out, o + 7);
      break;
    case "RegisterForeignDevice":
      header(out, o, 0x09, length);
      putVmac(out, o + 4, frame.sourceVmac);
      out[o + 7] = frame.timeToLive >>> 8;
      out[o + 8] = frame.timeToLive;
      break;
    case "DeleteForeignDeviceTableEntry":
      header(out, o, 0x0a, length);
      putVmac(out, o + 4, frame.sourceVmac);
      putAddress(frame.entry, out, o + 7);
      break;
    case "SecureBvll":
      out.set(frame.payload, o + 4);
      header(out, o, 0x0b, length);
      break;
    case "DistributeBroadcastToNetwork":
      out.set(frame.npdu, o + 7);
      header(out, o, 0x0c, length);
      putVmac(out, o + 4, frame.sourceVmac);
      break;
    case "Unknown":
      out.set(frame.payload, o + 4);
      header(out, o, frame.functionCode, length);
      break;
  }
}

/*
 * Fresh arrays for encodeFrame. V8 keeps a typed array of up to 64 octets on its heap, but
 * gives a larger one its own off-heap backing store, several times slower to allocate and
 * collect: that made every Forwarded-NPDU (25 + NPDU octets) a slow encode. Arrays of 65 up
 * to MAX_POOLED octets are therefore views into a shared slab, as Node's Buffer pool does;
 * a slab is never reused, only replaced when full (or when a caller detached it).
 */
const ON_HEAP_MAX = 64;
const SLAB_SIZE = 8192;
const MAX_POOLED = 2048;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function allocate(length: number): Uint8Array {
  if (length <= ON_HEAP_MAX || length > MAX_POOLED) return new Uint8Array(length);
  if (slabUsed + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, length);
  slabUsed += (length + 7) & ~7;
  return out;
}

/**
 * Encodes a frame into `target` at `offset` and returns the number of octets written: the
 * zero-allocation route for senders that reuse one buffer (a BBMD fan-out, a transport's
 * egress). Validates every field and the room first, exactly as {@link encodeFrame}, with the
 * same errors; nothing is written when it throws.
 *
 * @example
 * ```ts
 * const out = new Uint8Array(MAX_BVLL6_LENGTH);
 * const n = encodeInto(frame, out);
 * socket.send(out.subarray(0, n), to);
 * ```
 */
export function encodeInto(frame: Bvll6Frame, target: Uint8Array, offset = 0): number {
  const length = encodedLength(frame);
  checkTarget(target, offset, length);
  write(frame, target, offset, length);
  return length;
}

/**
 * Encodes a frame. Without `target` it returns a new array; with `target` it writes at
 * `offset` and returns the written view (a `subarray` of `target`), so a sender can reuse
 * one buffer ({@link encodeInto} does the same and returns the length instead of a view).
 * Every field is validated first; nothing is written when validation fails.
 *
 * A new array of 65–2048 octets is a view into a shared 8 KiB slab (like Node's `Buffer`
 * pool: V8 allocates typed arrays above 64 octets off its heap, which is slow), so its
 * `.buffer` may hold other frames: use the array itself (with its `byteOffset`), or
 * `.slice()` it before transferring its buffer.
 */
export function encodeFrame(frame: Bvll6Frame, target?: Uint8Array, offset = 0): Uint8Array {
  const length = encodedLength(frame);
  if (target === undefined) {
    const out = allocate(length);
    write(frame, out, 0, length);
    return out;
  }
  checkTarget(target, offset, length);
  write(frame, target, offset, length);
  return target.subarray(offset, offset + length);
}
