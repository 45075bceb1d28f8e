import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons the adapter refuses or reports something. */
export type Bip6BacnetErrorCode =
  /**
   * A buffer from the client that is not an Annex J frame: not a `Uint8Array`, a length outside
   * 4…buffer size, type octet not 0x81, or a BVLC length field that disagrees with the length.
   */
  | "MALFORMED_FRAME"
  /** An NPDU longer than the 1497 octets a BVLL6 frame carries. */
  | "NPDU_TOO_LONG"
  /** An Annex J function with no BACnet/IPv6 meaning (BDT/FDT reads and writes, BVLC-Result, Secure-BVLL, unknown codes). */
  | "UNSUPPORTED_FUNCTION"
  /**
   * An Annex J function that BACnet/IPv6 has, but that the transport's role does not allow here:
   * Forwarded-NPDU (0x04) always (relaying is the BBMD's job), Distribute-Broadcast (0x09) and
   * Register-Foreign-Device (0x05) unless the transport was opened as a foreign device.
   */
  | "REFUSED_FUNCTION"
  /** A receiver string that is neither a VMAC (six hex digits) nor a `[ipv6]:port` address, or one missing / present where it must not be. */
  | "BAD_RECEIVER"
  /** A send while the transport is still opening and the pending queue is full. */
  | "QUEUE_FULL"
  /** A send after `close()`, or a pending send dropped because the transport closed or never opened. */
  | "CLOSED"
  /** The BACnet/IPv6 transport could not be opened (the cause holds the transport's error). */
  | "OPEN_FAILED"
  /** The BACnet/IPv6 transport rejected a send after it was accepted (the cause holds why). */
  | "SEND_FAILED"
  /** Virtual-Address-Resolution of an `[ipv6]:port` address failed. */
  | "RESOLUTION_FAILED"
  /** The client's own `message` handler threw on a received frame (caught; the cause holds it). */
  | "CLIENT_FAILED"
  /** An option of `createBip6Transport()` out of range or of the wrong type. */
  | "INVALID_OPTION";

/**
 * The one error class of `@bip6/bacnet-js`. Errors the adapter throws from `send()` reach the
 * caller of the client method that sent (a synchronous method throws, an async one rejects);
 * errors found later reach the client's `error` event.
 */
export class Bip6BacnetError extends Bip6Error<Bip6BacnetErrorCode> {
  override readonly name = "Bip6BacnetError";
  /** The receiver string the failed send named, when there was one. */
  readonly receiver: string | undefined;

  constructor(code: Bip6BacnetErrorCode, message: string, options?: { cause?: unknown; receiver?: string }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.receiver = options?.receiver;
  }
}
