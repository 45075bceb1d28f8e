/** Machine-readable reasons a datagram is not a valid BVLL6 frame. */
export type Bvll6DecodeErrorCode =
  /** Fewer than the 4 header octets. */
  | "TRUNCATED_HEADER"
  /** Octet 0 is not 0x82 (0x81 is BACnet/IPv4). */
  | "WRONG_BVLC_TYPE"
  /** The length field does not equal the datagram length. */
  | "LENGTH_MISMATCH"
  /** Shorter than the function's fixed part. */
  | "TOO_SHORT"
  /** A fixed-size function with extra octets, or an NPDU longer than 1497 octets. */
  | "TOO_LONG"
  /**
   * Not a datagram: the input is not a `Uint8Array` (a plain array, a `DataView`, an
   * `ArrayBuffer`, `null` …), or `start`/`end` are not integers with 0 ≤ start ≤ end ≤ length.
   */
  | "INVALID_INPUT";

/** Machine-readable reasons a frame cannot be encoded. */
export type Bvll6EncodeErrorCode =
  /** A field is missing or of the wrong type (an NPDU that is not a `Uint8Array`, a missing address …). */
  | "INVALID_FIELD"
  | "VMAC_OUT_OF_RANGE"
  | "TTL_OUT_OF_RANGE"
  | "RESULT_CODE_OUT_OF_RANGE"
  | "NPDU_TOO_LONG"
  | "FUNCTION_OUT_OF_RANGE"
  | "BUFFER_TOO_SMALL"
  | "UNKNOWN_KIND";

/** Machine-readable reasons a B/IPv6 address or VMAC text is rejected. */
export type Bip6AddressErrorCode =
  | "INVALID_IPV6"
  | "INVALID_PORT"
  | "INVALID_ZONE"
  /** Fewer than the octets needed at the offset, or no `Uint8Array` to read from or write to. */
  | "INVALID_OCTETS"
  | "INVALID_VMAC"
  /** IPv6 groups that are not eight integers 0–0xFFFF. */
  | "INVALID_GROUPS"
  /** A multicast scope outside 1–14 (RFC 4291 §2.7, RFC 7346: 0 and 15 are reserved). */
  | "INVALID_SCOPE";

/** Machine-readable reasons an argument of a codec helper is refused. */
export type Bvll6ArgumentErrorCode =
  /** Text that is not an even number of hex digits. */
  | "INVALID_HEX"
  /** Not a `Uint8Array` where one is required. */
  | "INVALID_BYTES"
  /** A number outside what the function takes (a function code above 0xFF …). */
  | "OUT_OF_RANGE"
  /** Not a frame object with a known `kind`, or a frame without the part asked for (an NPDU to copy). */
  | "INVALID_FRAME"
  /** A {@link Bvll6FrameView} read while it holds no valid frame. */
  | "NO_FRAME";

/**
 * The brand every {@link Bip6Error} carries (on `Bip6Error.prototype`, so subclasses inherit
 * it). `Symbol.for` keys are shared by every copy of the package in a process (an ESM and a
 * CJS build, two versions) and across realms, which `instanceof` is not.
 */
const BIP6_ERROR_BRAND: unique symbol = Symbol.for("bip6.error") as never;

/**
 * Root of every error the bip6 packages throw: a machine-readable `code` beside the message,
 * and `name` set to the concrete class. Catch `Bip6Error` to catch them all; each package
 * narrows `code` to its own union. Use {@link isBip6Error} where more than one copy of the
 * packages may be loaded.
 */
export class Bip6Error<Code extends string = string> extends Error {
  static {
    Object.defineProperty(this.prototype, BIP6_ERROR_BRAND, { value: true });
  }

  /** Machine-readable reason. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * True when `value` is an error thrown by a bip6 package (any {@link Bip6Error} subclass),
 * and, with `code`, one with that code. Checks the brand every `Bip6Error` carries rather
 * than `instanceof`, so it also recognises errors of another copy of the packages (an ESM and
 * a CJS copy in one process, two installed versions).
 *
 * @example
 * ```ts
 * try {
 *   decodeFrame(datagram);
 * } catch (e) {
 *   if (isBip6Error(e, "LENGTH_MISMATCH")) stats.lengthMismatches++;
 *   else throw e;
 * }
 * ```
 */
export function isBip6Error<C extends string = string>(value: unknown, code?: C): value is Bip6Error<C> {
  if (typeof value !== "object" || value === null) return false;
  const branded = value as { readonly [BIP6_ERROR_BRAND]?: unknown; readonly code?: unknown };
  return (
    branded[BIP6_ERROR_BRAND] === true &&
    typeof branded.code === "string" &&
    (code === undefined || branded.code === code)
  );
}

/** Base class of every error the codec throws, so callers can catch the codec's errors as one type. */
export class Bvll6Error<Code extends string = string> extends Bip6Error<Code> {
  override readonly name: string = "Bvll6Error";
}

/**
 * A datagram that is not a valid BVLL6 frame (annex-u.md §2 project rules). `decodeFrame`
 * throws one with a stack trace; `tryDecodeFrame` returns one without (built without the
 * `Error` constructor, its `message` an ordinary own property), so rejecting a flood of
 * garbage stays cheap.
 */
export class Bvll6DecodeError extends Bvll6Error<Bvll6DecodeErrorCode> {
  override readonly name = "Bvll6DecodeError";
  /** Octet offset in the datagram where the problem was found. */
  readonly offset: number;

  constructor(code: Bvll6DecodeErrorCode, offset: number, message: string) {
    super(code, `${message} (at octet ${offset})`);
    this.offset = offset;
  }
}

/**
 * A {@link Bvll6DecodeError} built without running the `Error` constructor, so no stack trace
 * is captured (capturing one costs ~20x a whole valid decode): same prototype, the same own
 * fields in the same order, no `stack`. Its `message` is a plain own property (so also
 * enumerable, and in JSON): `defineProperty` to hide it would cost 4x the rest. For the
 * verdict-returning paths (`tryDecodeFrame`, `Bvll6FrameView.toError`).
 */
export function stacklessDecodeError(code: Bvll6DecodeErrorCode, offset: number, message: string): Bvll6DecodeError {
  const e = Object.create(Bvll6DecodeError.prototype) as {
    -readonly [K in keyof Bvll6DecodeError]: Bvll6DecodeError[K];
  };
  e.code = code;
  e.name = "Bvll6DecodeError";
  e.offset = offset;
  e.message = `${message} (at octet ${offset})`;
  return e as Bvll6DecodeError;
}

/** A frame whose fields cannot be encoded (out-of-range VMAC, TTL, NPDU size…). */
export class Bvll6EncodeError extends Bvll6Error<Bvll6EncodeErrorCode> {
  override readonly name = "Bvll6EncodeError";
  /** Name of the offending field. */
  readonly field: string;

  constructor(code: Bvll6EncodeErrorCode, field: string, message: string) {
    super(code, message);
    this.field = field;
  }
}

/** Text or octets that do not form a valid B/IPv6 address or VMAC. */
export class Bip6AddressError extends Bvll6Error<Bip6AddressErrorCode> {
  override readonly name = "Bip6AddressError";
  /** The rejected input, for messages and logs. */
  readonly input: string;

  constructor(code: Bip6AddressErrorCode, input: string, message: string) {
    super(code, message);
    this.input = input;
  }
}

/**
 * An argument a codec helper cannot take: hex text that is not hex, something that is not a
 * `Uint8Array` where octets are expected, a number out of range, a value that is not a frame.
 */
export class Bvll6ArgumentError extends Bvll6Error<Bvll6ArgumentErrorCode> {
  override readonly name = "Bvll6ArgumentError";
  /** Name of the offending parameter. */
  readonly argument: string;

  constructor(code: Bvll6ArgumentErrorCode, argument: string, message: string) {
    super(code, message);
    this.argument = argument;
  }
}
