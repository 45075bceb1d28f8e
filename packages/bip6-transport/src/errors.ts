import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons a {@link Bip6TransportError} is raised. */
export type Bip6TransportErrorCode =
  /** An option out of range, of the wrong type, or conflicting with another. */
  | "INVALID_OPTION"
  /** The main entry's `open()` got no `datagramPort`: import `@bip6/bip6-transport/node` to open a socket. */
  | "NO_DATAGRAM_PORT"
  /** `open()` was aborted through its `signal`. */
  | "ABORTED"
  /** The transport is closed (or closing): the call, or the pending send, will not complete. */
  | "CLOSED"
  /** The NPDU is not a `Uint8Array`. */
  | "INVALID_NPDU"
  /** The NPDU is longer than the 1497 octets a BVLL6 frame can carry. */
  | "NPDU_TOO_LONG"
  /** The destination is not a VMAC, a unicast `Bip6Address` or `"[ipv6]:port"` text a socket can reach (or it is our own). */
  | "INVALID_DESTINATION"
  /** Nobody answered Address-Resolution / Virtual-Address-Resolution before the deadline (`resolution.timeoutMs`). */
  | "RESOLUTION_TIMEOUT"
  /** The BBMD answered a foreign device's Address-Resolution with BVLC-Result NAK 0x0030: it will not resolve for us. */
  | "RESOLUTION_REFUSED"
  /** A resolution queue is full (`resolution.maxPending` in total, `resolution.maxPendingPerVmac` per destination). */
  | "QUEUE_FULL"
  /** A broadcast or Address-Resolution needs the multicast group, and this port cannot multicast (loopback). */
  | "NO_MULTICAST"
  /** A foreign device's broadcast while it is not registered (`beforeRegistration: "fail"`, or the deadline passed). */
  | "NOT_REGISTERED"
  /** The random VMAC was still being probed (H.7.2) when the deadline passed. */
  | "NOT_READY"
  /** The port refused the datagram (`DatagramPortError` as `cause`). */
  | "SEND_FAILED";

/**
 * The one error class of this package: every rejected call, refused option and failed send.
 * It extends `Bip6Error` from `@bip6/bvll6-codec`, the root of every bip6 error, so
 * `e instanceof Bip6Error` catches the whole stack; `code` says what happened.
 */
export class Bip6TransportError extends Bip6Error<Bip6TransportErrorCode> {
  override readonly name = "Bip6TransportError";
}
