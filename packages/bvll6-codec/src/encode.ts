import { Bip6Address, isAddress, writeAddress } from "./address.js";
import { isUint8Array } from "./bytes.js";
import { BVLC_TYPE_IPV6, MAX_NPDU_LENGTH } from "./constants.js";
import { describeValue } from "./describe.js";
import { type Bvll6EncodeErrorCode, Bvll6EncodeError } from "./errors.js";
import type { Bvll6Frame, FrameOf } from "./frames.js";
import { npduProblem } from "./npdu.js";
import { putVmac } from "./vmac.js";

const MAX_PAYLOAD = 0xffff - 4;

function fail(code: Bvll6EncodeErrorCode, field: string, message: string): never {
  throw new Bvll6EncodeError(code, field, message);
}

function checkVmac(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number")
    fail("INVALID_FIELD", field, `${field} must be a VMAC number, got ${describeValue(value)}`);
  if ((value & 0xffffff) !== value) {
    fail("VMAC_OUT_OF_RANGE", field, `${field} must be an integer 0-0xFFFFFF, got ${describeValue(value)}`);
  }
}

function checkUint16(
  value: unknown,
  field: string,
  code: "TTL_OUT_OF_RANGE" | "RESULT_CODE_OUT_OF_RANGE",
): asserts value is number {
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

function checkAddress(value: unknown, field: string): asserts value is Bip6Address {
  if (!isAddress(value)) fail("INVALID_FIELD", field, `${field} must be a Bip6Address, got ${describeValue(value)}`);
}

/** `target` of the encoders for "validate and measure only": nothing is written. */
const MEASURE = new Uint8Array(0);
/** `target` of the encoders for "into a new array" (kept in {@link allocated}). */
const ALLOCATE = new Uint8Array(0);
/** The array the last encoder allocated (for `encodeFrame` without a target). */
let allocated: Uint8Array = ALLOCATE;

/**
 * The room to write `length` octets: `undefined` for MEASURE, a new array for ALLOCATE
 * (kept in {@link allocated}), else `target` once its type and room at `offset` are checked.
 */
function room(target: Uint8Array, offset: number, length: number): Uint8Array | undefined {
  if (target === MEASURE) return undefined;
  if (target === ALLOCATE) {
    allocated = allocate(length);
    return allocated;
  }
  checkTarget(target, offset, length);
  return target;
}

/*
 * One small encoder per frame layout, each: read every field once, validate them in wire
 * order, then the room in `target`, and only then write at `o`; return the length. Small, so
 * the optimising compiler can inline the one a caller uses into the caller (one function for
 * every kind was too large to inline, and 2-3x slower for it). The NPDU (or payload) is
 * written first: it is the only field that can be a view of the target itself (a received
 * frame re-encoded in its receive buffer), and `set` copies overlapping ranges correctly
 * before the fixed part lands on them.
 */

/** The 9-octet frames of a VMAC and a 16-bit word: BVLC-Result (0x00, result code), Register-Foreign-Device (0x09, TTL). */
function encodeVmacAndWord(
  fn: number,
  sourceVmac: unknown,
  word: unknown,
  wordField: string,
  code: "TTL_OUT_OF_RANGE" | "RESULT_CODE_OUT_OF_RANGE",
  target: Uint8Array,
  o: number,
): number {
  checkVmac(sourceVmac, "sourceVmac");
  checkUint16(word, wordField, code);
  const out = room(target, o, 9);
  if (out === undefined) return 9;
  header(out, o, fn, 9);
  putVmac(out, o + 4, sourceVmac);
  out[o + 7] = word >>> 8;
  out[o + 8] = word;
  return 9;
}

function encodeUnicast(frame: FrameOf<"OriginalUnicastNpdu">, target: Uint8Array, o: number): number {
  const { sourceVmac, destinationVmac, npdu } = frame;
  checkVmac(sourceVmac, "sourceVmac");
  checkVmac(destinationVmac, "destinationVmac");
  const length = 10 + npduLength(npdu);
  const out = room(target, o, length);
  if (out === undefined) return length;
  out.set(npdu, o + 10);
  header(out, o, 0x01, length);
  putVmac(out, o + 4, sourceVmac);
  putVmac(out, o + 7, destinationVmac);
  return length;
}

/** Original-Broadcast-NPDU (0x02) and Distribute-Broadcast-To-Network (0x0C): a VMAC and an NPDU. */
function encodeBroadcast(
  frame: FrameOf<"OriginalBroadcastNpdu" | "DistributeBroadcastToNetwork">,
  fn: number,
  target: Uint8Array,
  o: number,
): number {
  const { sourceVmac, npdu } = frame;
  checkVmac(sourceVmac, "sourceVmac");
  const length = 7 + npduLength(npdu);
  const out = room(target, o, length);
  if (out === undefined) return length;
  out.set(npdu, o + 7);
  header(out, o, fn, length);
  putVmac(out, o + 4, sourceVmac);
  return length;
}

/** The 10-octet frames of two VMACs (0x03, 0x05, 0x07): source, then target or destination. */
function encodeTwoVmacs(
  fn: number,
  sourceVmac: unknown,
  second: unknown,
  secondField: string,
  target: Uint8Array,
  o: number,
): number {
  checkVmac(sourceVmac, "sourceVmac");
  checkVmac(second, secondField);
  const out = room(target, o, 10);
  if (out === undefined) return 10;
  header(out, o, fn, 10);
  putVmac(out, o + 4, sourceVmac);
  putVmac(out, o + 7, second);
  return 10;
}

function encodeForwardedResolution(
  frame: FrameOf<"ForwardedAddressResolution">,
  target: Uint8Array,
  o: number,
): number {
  const { originalSourceVmac, targetVmac, originalSource } = frame;
  checkVmac(originalSourceVmac, "originalSourceVmac");
  checkVmac(targetVmac, "targetVmac");
  checkAddress(originalSource, "originalSource");
  const out = room(target, o, 28);
  if (out === undefined) return 28;
  header(out, o, 0x04, 28);
  putVmac(out, o + 4, originalSourceVmac);
  putVmac(out, o + 7, targetVmac);
  putAddress(originalSource, out, o + 10);
  return 28;
}

function encodeVirtualResolution(frame: FrameOf<"VirtualAddressResolution">, target: Uint8Array, o: number): number {
  const { sourceVmac } = frame;
  checkVmac(sourceVmac, "sourceVmac");
  const out = room(target, o, 7);
  if (out === undefined) return 7;
  header(out, o, 0x06, 7);
  putVmac(out, o + 4, sourceVmac);
  return 7;
}

function encodeForwardedNpdu(frame: FrameOf<"ForwardedNpdu">, target: Uint8Array, o: number): number {
  const { originalSourceVmac, originalSource, npdu } = frame;
  checkVmac(originalSourceVmac, "originalSourceVmac");
  checkAddress(originalSource, "originalSource");
  const length = 25 + npduLength(npdu);
  const out = room(target, o, length);
  if (out === undefined) return length;
  out.set(npdu, o + 25);
  header(out, o, 0x08, length);
  putVmac(out, o + 4, originalSourceVmac);
  putAddress(originalSource, out, o + 7);
  return length;
}

function encodeDelete(frame: FrameOf<"DeleteForeignDeviceTableEntry">, target: Uint8Array, o: number): number {
  const { sourceVmac, entry } = frame;
  checkVmac(sourceVmac, "sourceVmac");
  checkAddress(entry, "entry");
  const out = room(target, o, 25);
  if (out === undefined) return 25;
  header(out, o, 0x0a, 25);
  putVmac(out, o + 4, sourceVmac);
  putAddress(entry, out, o + 7);
  return 25;
}

/** Secure-BVLL (0x0B) and unknown functions (0x0D-0xFF): a function code and an opaque payload. */
function encodeOpaque(frame: FrameOf<"SecureBvll" | "Unknown">, target: Uint8Array, o: number): number {
  const fn: unknown = frame.kind === "SecureBvll" ? 0x0b : frame.functionCode;
  if (typeof fn !== "number") {
    fail("INVALID_FIELD", "functionCode", `functionCode must be a number, got ${describeValue(fn)}`);
  }
  if (frame.kind === "Unknown" && (!Number.isInteger(fn) || fn <= 0x0c || fn > 0xff)) {
    fail(
      "FUNCTION_OUT_OF_RANGE",
      "functionCode",
      `an Unknown frame needs a function code 0x0D-0xFF, got ${describeValue(fn)}`,
    );
  }
  const payload = frame.payload;
  const length = 4 + payloadLength(payload);
  const out = room(target, o, length);
  if (out === undefined) return length;
  out.set(payload, o + 4);
  header(out, o, fn, length);
  return length;
}

/** Why `frame` cannot be encoded when it is no object with a known kind (the cold path). */
function notAFrame(frame: unknown): never {
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
    fail("INVALID_FIELD", "frame", `a frame must be an object with a kind, got ${describeValue(frame)}`);
  }
  return fail("UNKNOWN_KIND", "kind", `unknown frame kind ${describeValue((frame as { kind: unknown }).kind)}`);
}

/**
 * Encodes `frame` at `offset` of `target` (MEASURE: validate only; ALLOCATE: a new array,
 * see {@link allocated}) and returns its length. Only dispatches, so it stays small enough to
 * be inlined together with the one encoder a caller uses.
 */
function encode(frame: Bvll6Frame, target: Uint8Array, offset: number): number {
  if (typeof frame !== "object" || frame === null) return notAFrame(frame);
  switch (frame.kind) {
    case "OriginalUnicastNpdu":
      return encodeUnicast(frame, target, offset);
    case "ForwardedNpdu":
      return encodeForwardedNpdu(frame, target, offset);
    case "OriginalBroadcastNpdu":
      return encodeBroadcast(frame, 0x02, target, offset);
    case "DistributeBroadcastToNetwork":
      return encodeBroadcast(frame, 0x0c, target, offset);
    case "AddressResolution":
      return encodeTwoVmacs(0x03, frame.sourceVmac, frame.targetVmac, "targetVmac", target, offset);
    case "AddressResolutionAck":
      return encodeTwoVmacs(0x05, frame.sourceVmac, frame.destinationVmac, "destinationVmac", target, offset);
    case "VirtualAddressResolutionAck":
      return encodeTwoVmacs(0x07, frame.sourceVmac, frame.destinationVmac, "destinationVmac", target, offset);
    case "ForwardedAddressResolution":
      return encodeForwardedResolution(frame, target, offset);
    case "VirtualAddressResolution":
      return encodeVirtualResolution(frame, target, offset);
    case "BvlcResult":
      return encodeVmacAndWord(
        0x00,
        frame.sourceVmac,
        frame.resultCode,
        "resultCode",
        "RESULT_CODE_OUT_OF_RANGE",
        target,
        offset,
      );
    case "RegisterForeignDevice":
      return encodeVmacAndWord(
        0x09,
        frame.sourceVmac,
        frame.timeToLive,
        "timeToLive",
        "TTL_OUT_OF_RANGE",
        target,
        offset,
      );
    case "DeleteForeignDeviceTableEntry":
      return encodeDelete(frame, target, offset);
    case "SecureBvll":
    case "Unknown":
      return encodeOpaque(frame, target, offset);
    default:
      return notAFrame(frame);
  }
}

/**
 * Total encoded length of a frame in octets, after validating every field in wire order:
 * VMACs 0–0xFFFFFF, TTL and result code 0–65535, NPDU a `Uint8Array` of at most 1497
 * octets, addresses `Bip6Address`es. Throws {@link Bvll6EncodeError}: `INVALID_FIELD` for a
 * missing field or one of the wrong type (an NPDU given as a string, a `number[]` or a
 * `Uint16Array` …), the `*_OUT_OF_RANGE` / `NPDU_TOO_LONG` codes for values out of range.
 */
export function encodedLength(frame: Bvll6Frame): number {
  return encode(frame, MEASURE, 0);
}

/** Throws unless `target` is a Uint8Array with `length` octets of room at the integer `offset`. */
function checkTarget(target: Uint8Array, offset: number, length: number): void {
  if (!isUint8Array(target)) {
    fail("INVALID_FIELD", "target", `target must be a Uint8Array, got ${describeValue(target)}`);
  }
  if (typeof offset !== "number") {
    fail("INVALID_FIELD", "offset", `offset must be an integer, got ${describeValue(offset)}`);
  }
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
  return encode(frame, target, offset);
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
 *
 * @see ASHRAE 135 Annex U.2 (BVLL6 messages), annex-u.md §2
 */
export function encodeFrame(frame: Bvll6Frame, target?: Uint8Array, offset = 0): Uint8Array {
  if (target === undefined) {
    encode(frame, ALLOCATE, 0);
    return allocated;
  }
  const length = encode(frame, target, offset);
  return target.subarray(offset, offset + length);
}
