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
  | "TOO_LONG";

/** Machine-readable reasons a frame cannot be encoded. */
export type Bvll6EncodeErrorCode =
  | "VMAC_OUT_OF_RANGE"
  | "TTL_OUT_OF_RANGE"
  | "RESULT_CODE_OUT_OF_RANGE"
  | "NPDU_TOO_LONG"
  | "FUNCTION_OUT_OF_RANGE"
  | "BUFFER_TOO_SMALL"
  | "UNKNOWN_KIND";

/** Machine-readable reasons a B/IPv6 address or VMAC text is rejected. */
export type Bip6AddressErrorCode = "INVALID_IPV6" | "INVALID_PORT" | "INVALID_ZONE" | "INVALID_OCTETS" | "INVALID_VMAC";

/**
 * Root of every error the bip6 packages throw: a machine-readable `code` beside the message,
 * and `name` set to the concrete class. Catch `Bip6Error` to catch them all; each package
 * narrows `code` to its own union.
 */
export class Bip6Error<Code extends string = string> extends Error {
  /** Machine-readable reason. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Base class of every error the codec throws, so callers can catch the codec's errors as one type. */
export class Bvll6Error<Code extends string = string> extends Bip6Error<Code> {
  override readonly name: string = "Bvll6Error";
}

/** A datagram that is not a valid BVLL6 frame (annex-u.md §2 project rules). */
export class Bvll6DecodeError extends Bvll6Error<Bvll6DecodeErrorCode> {
  override readonly name = "Bvll6DecodeError";
  /** Octet offset in the datagram where the problem was found. */
  readonly offset: number;

  constructor(code: Bvll6DecodeErrorCode, offset: number, message: string) {
    super(code, `${message} (at octet ${offset})`);
    this.offset = offset;
  }
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
