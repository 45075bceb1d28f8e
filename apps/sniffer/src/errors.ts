import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons a capture file cannot be read further. */
export type CaptureErrorCode =
  /** The first octets are neither a pcap nor a pcapng magic number. */
  | "BAD_MAGIC"
  /** A pcap file header with a version other than 2.x. */
  | "UNSUPPORTED_VERSION"
  /** The file ends inside a header, record or block. */
  | "TRUNCATED"
  /** A record or block longer than the reader's cap (a corrupt length field, almost always). */
  | "TOO_LARGE"
  /** A pcapng block whose length fields are inconsistent or not a multiple of 4. */
  | "BAD_BLOCK_LENGTH"
  /** A pcapng block that names an interface no Interface Description Block declared. */
  | "UNKNOWN_INTERFACE"
  /** A pcapng packet block before any Section Header Block, or a broken section header. */
  | "BAD_SECTION";

/**
 * The capture file is damaged: reading stops here. Every packet before `offset` has been
 * delivered; the CLI prints them, then this message, and exits with status 1.
 */
export class CaptureError extends Bip6Error<CaptureErrorCode> {
  override readonly name = "CaptureError";
  /** Octet offset in the file where the damaged header, record or block starts. */
  readonly offset: number;

  constructor(code: CaptureErrorCode, offset: number, message: string) {
    super(code, `${message} (at file offset ${offset})`);
    this.offset = offset;
  }
}

/** Machine-readable reasons a command line is rejected. */
export type UsageErrorCode = "BAD_ARGUMENT" | "MISSING_INPUT" | "BAD_PORT" | "BAD_COUNT";

/** A command line the CLI cannot run; it prints the message and exits with status 2. */
export class UsageError extends Bip6Error<UsageErrorCode> {
  override readonly name = "UsageError";
}
