import { type Bip6Address, readAddress } from "./address.js";
import { isUint8Array } from "./bytes.js";
import { buildFrame, defaultEnd, problemError, problemOf, problemOffset } from "./decode.js";
import { describeValue } from "./describe.js";
import { Bvll6ArgumentError, type Bvll6DecodeError, type Bvll6DecodeErrorCode } from "./errors.js";
import type { Bvll6Frame, Bvll6FrameKind } from "./frames.js";
import { functionKind } from "./functions.js";
import { type Vmac, vmacAt } from "./vmac.js";

/** Bit `fn` set for each function code 0x00–0x0C whose frame has the field (annex-u.md §2). */
const bits = (...codes: number[]): number => codes.reduce((mask, fn) => mask | (1 << fn), 0);
const SOURCE_VMAC = bits(0x00, 0x01, 0x02, 0x03, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0c);
const ORIGINAL_SOURCE_VMAC = bits(0x04, 0x08);
const DESTINATION_VMAC = bits(0x01, 0x05, 0x07);
const TARGET_VMAC = bits(0x03, 0x04);
const PAYLOAD = bits(0x0b);

/** Where the NPDU starts (from the frame's first octet) for each NPDU carrier; 0 for the others. */
const NPDU_AT = [0, 10, 7, 0, 0, 0, 0, 0, 25, 0, 0, 0, 7] as const;
/** Where the 18-octet address starts (`originalSource` of 0x04 and 0x08, `entry` of 0x0A); 0 otherwise. */
const ADDRESS_AT = [0, 0, 0, 0, 10, 0, 0, 0, 7, 0, 7, 0, 0] as const;

const EMPTY = new Uint8Array(0);

/** True when the known function `fn` (0x00–0x0C) has the field of `mask`. */
function has(mask: number, fn: number): boolean {
  return fn <= 0x0c && ((mask >>> fn) & 1) === 1;
}

/**
 * A reusable reading of one datagram in place: {@link reset} validates
 * `bytes[start..end)` by exactly the rules of {@link decodeFrame} and the getters read the
 * fields straight from the octets, so a hot receive path (a transport's ingress, a BBMD's
 * fan-out, a sniffer) decodes without allocating. Its verdict, error codes and offsets, and
 * every field, equal what {@link decodeFrame} makes of the same octets.
 *
 * Field getters have the names of the {@link Bvll6Frame} fields and return `undefined` for a
 * field the frame's kind does not have (like reading it from the frame union). Reading any of
 * them while the view holds no valid frame throws `Bvll6ArgumentError` `NO_FRAME`. Addresses
 * and NPDU views are built on first read and kept until the next reset; the offsets
 * ({@link npduStart}, {@link addressStart}) cost nothing. The view keeps a reference to
 * `bytes`: reset it (or drop it) before the buffer is reused.
 *
 * @example
 * ```ts
 * const view = new Bvll6FrameView(); // one per receive loop
 * socket.on("message", (bytes) => {
 *   if (!view.reset(bytes)) return stats.count(view.problem);
 *   if (view.kind === "OriginalUnicastNpdu" && view.destinationVmac === myVmac) {
 *     deliver(bytes.subarray(view.npduStart, view.npduEnd), view.sourceVmac);
 *   }
 * });
 * ```
 */
export class Bvll6FrameView {
  #bytes: Uint8Array = EMPTY;
  #start = 0;
  #end = 0;
  /** Function code of the valid frame, -1 while the view holds none. */
  #fn = -1;
  #problem: Bvll6DecodeErrorCode | undefined = "INVALID_INPUT";
  #address: Bip6Address | undefined;
  #npdu: Uint8Array | undefined;

  /**
   * Points the view at the datagram `bytes[start..end)` and validates it. Returns true when
   * it is a valid frame; otherwise {@link problem} and {@link problemOffset} say why, as the
   * error of {@link tryDecodeFrame} would. Never throws: a `bytes` that is not a `Uint8Array`
   * or a window outside it is `INVALID_INPUT`.
   */
  reset(bytes: Uint8Array, start = 0, end: number = defaultEnd(bytes)): boolean {
    const problem = problemOf(bytes, start, end);
    this.#address = undefined;
    this.#npdu = undefined;
    this.#problem = problem;
    if (problem === "INVALID_INPUT") {
      this.#bytes = EMPTY;
      this.#start = 0;
      this.#end = 0;
      this.#fn = -1;
      return false;
    }
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#fn = problem === undefined ? (bytes[start + 1] as number) : -1;
    return problem === undefined;
  }

  /** True while the view holds a valid frame (the last {@link reset} returned true). */
  get valid(): boolean {
    return this.#fn >= 0;
  }

  /** Why the last datagram is not a valid frame (a {@link Bvll6DecodeError} code), `undefined` when it is. */
  get problem(): Bvll6DecodeErrorCode | undefined {
    return this.#problem;
  }

  /** Octet offset (from {@link start}) of the problem, as the error's `offset`; 0 when valid. */
  get problemOffset(): number {
    const problem = this.#problem;
    return problem === undefined ? 0 : problemOffset(problem, this.#bytes, this.#start, this.#end);
  }

  /**
   * The error {@link tryDecodeFrame} returns for this datagram (without a stack trace), or
   * `undefined` when the view holds a valid frame. Allocates; for logs and diagnostics.
   */
  toError(): Bvll6DecodeError | undefined {
    const problem = this.#problem;
    return problem === undefined ? undefined : problemError(problem, this.#bytes, this.#start, this.#end, false);
  }

  /**
   * The frame {@link decodeFrame} makes of the datagram (allocates; NPDUs are views into
   * {@link bytes}). Throws that function's {@link Bvll6DecodeError}, stack included, when the
   * datagram is not valid.
   */
  toFrame(): Bvll6Frame {
    const problem = this.#problem;
    if (problem !== undefined) throw problemError(problem, this.#bytes, this.#start, this.#end, true);
    return buildFrame(this.#bytes, this.#start, this.#end);
  }

  /** The buffer of the last {@link reset} (an empty array after an `INVALID_INPUT`). */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Offset of the datagram's first octet in {@link bytes}. */
  get start(): number {
    return this.#start;
  }

  /** Offset just past the datagram's last octet in {@link bytes}. */
  get end(): number {
    return this.#end;
  }

  /** Octets in the datagram (`end - start`). */
  get length(): number {
    return this.#end - this.#start;
  }

  /** The function code of the frame (octet 1): 0x00–0x0C, or 0x0D–0xFF for `Unknown`. */
  get functionCode(): number {
    return this.#frameFunction();
  }

  /** The frame's `kind`, as {@link decodeFrame} names it. */
  get kind(): Bvll6FrameKind {
    return functionKind(this.#frameFunction()) ?? "Unknown";
  }

  /** `sourceVmac` of the frame kinds that have one (not the Forwarded-* kinds, Secure-BVLL, Unknown). */
  get sourceVmac(): Vmac | undefined {
    return has(SOURCE_VMAC, this.#frameFunction()) ? vmacAt(this.#bytes, this.#start + 4) : undefined;
  }

  /** `originalSourceVmac` of Forwarded-Address-Resolution and Forwarded-NPDU. */
  get originalSourceVmac(): Vmac | undefined {
    return has(ORIGINAL_SOURCE_VMAC, this.#frameFunction()) ? vmacAt(this.#bytes, this.#start + 4) : undefined;
  }

  /**
   * The VMAC the frame teaches about its originator: `sourceVmac`, or `originalSourceVmac` of
   * relayed frames, as {@link frameSourceVmac}; `undefined` for Secure-BVLL and unknown functions.
   */
  get originatorVmac(): Vmac | undefined {
    const fn = this.#frameFunction();
    return fn <= 0x0c && fn !== 0x0b ? vmacAt(this.#bytes, this.#start + 4) : undefined;
  }

  /** `destinationVmac` of Original-Unicast-NPDU and the two ACKs. */
  get destinationVmac(): Vmac | undefined {
    return has(DESTINATION_VMAC, this.#frameFunction()) ? vmacAt(this.#bytes, this.#start + 7) : undefined;
  }

  /** `targetVmac` of Address-Resolution and Forwarded-Address-Resolution. */
  get targetVmac(): Vmac | undefined {
    return has(TARGET_VMAC, this.#frameFunction()) ? vmacAt(this.#bytes, this.#start + 7) : undefined;
  }

  /** `resultCode` of a BVLC-Result (any 16-bit value). */
  get resultCode(): number | undefined {
    return this.#frameFunction() === 0x00 ? this.#uint16(7) : undefined;
  }

  /** `timeToLive` (seconds) of a Register-Foreign-Device. */
  get timeToLive(): number | undefined {
    return this.#frameFunction() === 0x09 ? this.#uint16(7) : undefined;
  }

  /**
   * Offset in {@link bytes} of the 18-octet B/IPv6 address (`originalSource` of
   * Forwarded-Address-Resolution and Forwarded-NPDU, `entry` of Delete-FDT-Entry), for callers
   * that compare or copy it in place; `undefined` for the other kinds.
   */
  get addressStart(): number | undefined {
    const fn = this.#frameFunction();
    const at = fn <= 0x0c ? ADDRESS_AT[fn] : 0;
    return at === 0 ? undefined : this.#start + (at as number);
  }

  /** `originalSource` of Forwarded-Address-Resolution and Forwarded-NPDU (built on first read). */
  get originalSource(): Bip6Address | undefined {
    const fn = this.#frameFunction();
    return fn === 0x04 || fn === 0x08 ? this.#addressAt(fn) : undefined;
  }

  /** `entry` of Delete-Foreign-Device-Table-Entry (built on first read). */
  get entry(): Bip6Address | undefined {
    const fn = this.#frameFunction();
    return fn === 0x0a ? this.#addressAt(fn) : undefined;
  }

  /** Offset in {@link bytes} of the NPDU's first octet, for the four NPDU carriers; `undefined` otherwise. */
  get npduStart(): number | undefined {
    const fn = this.#frameFunction();
    const at = fn <= 0x0c ? NPDU_AT[fn] : 0;
    return at === 0 ? undefined : this.#start + (at as number);
  }

  /** Offset in {@link bytes} just past the NPDU (the datagram's end), for the four NPDU carriers. */
  get npduEnd(): number | undefined {
    const fn = this.#frameFunction();
    return fn <= 0x0c && NPDU_AT[fn] !== 0 ? this.#end : undefined;
  }

  /** `npdu`: a view into {@link bytes} (no copy, built on first read), for the four NPDU carriers. */
  get npdu(): Uint8Array | undefined {
    const fn = this.#frameFunction();
    const at = fn <= 0x0c ? NPDU_AT[fn] : 0;
    if (at === 0) return undefined;
    this.#npdu ??= this.#bytes.subarray(this.#start + (at as number), this.#end);
    return this.#npdu;
  }

  /** `payload` (everything after the header) of Secure-BVLL and unknown functions: a view. */
  get payload(): Uint8Array | undefined {
    const fn = this.#frameFunction();
    if (fn <= 0x0c && !has(PAYLOAD, fn)) return undefined;
    this.#npdu ??= this.#bytes.subarray(this.#start + 4, this.#end);
    return this.#npdu;
  }

  /**
   * Copies the NPDU into `target` at `offset` and returns its length: for receivers that
   * must keep the NPDU after the receive buffer is reused. Throws `Bvll6ArgumentError`:
   * `INVALID_FRAME` for a frame without an NPDU, `INVALID_BYTES` / `OUT_OF_RANGE` when
   * `target` is not a `Uint8Array` with room at `offset`.
   */
  copyNpdu(target: Uint8Array, offset = 0): number {
    const fn = this.#frameFunction();
    const at = fn <= 0x0c ? (NPDU_AT[fn] as number) : 0;
    if (at === 0) {
      throw new Bvll6ArgumentError("INVALID_FRAME", "view", `a ${this.kind} frame carries no NPDU to copy`);
    }
    const from = this.#start + at;
    const length = this.#end - from;
    if (!isUint8Array(target)) {
      throw new Bvll6ArgumentError(
        "INVALID_BYTES",
        "target",
        `copyNpdu needs a Uint8Array, got ${describeValue(target)}`,
      );
    }
    if (!Number.isInteger(offset) || offset < 0 || offset + length > target.length) {
      throw new Bvll6ArgumentError(
        "OUT_OF_RANGE",
        "target",
        `the NPDU needs ${length} octets at offset ${describeValue(offset)}, target has ${target.length}`,
      );
    }
    const bytes = this.#bytes;
    // A byte loop beats subarray + set (a view allocation and a builtin call) up to ~32 octets.
    if (length <= 32) {
      for (let i = 0; i < length; i++) target[offset + i] = bytes[from + i] as number;
    } else {
      target.set(bytes.subarray(from, this.#end), offset);
    }
    return length;
  }

  #frameFunction(): number {
    const fn = this.#fn;
    if (fn < 0) {
      throw new Bvll6ArgumentError(
        "NO_FRAME",
        "view",
        `the view holds no valid frame (${this.#problem as string}): read fields only after reset() returned true`,
      );
    }
    return fn;
  }

  #uint16(at: number): number {
    const bytes = this.#bytes;
    const o = this.#start + at;
    return ((bytes[o] as number) << 8) | (bytes[o + 1] as number);
  }

  #addressAt(fn: number): Bip6Address {
    this.#address ??= readAddress(this.#bytes, this.#start + (ADDRESS_AT[fn] as number));
    return this.#address;
  }
}
