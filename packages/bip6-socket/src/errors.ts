import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons a {@link DatagramPortError} is raised. */
export type DatagramPortErrorCode =
  /** The address and port are already bound by another socket (EADDRINUSE). */
  | "ADDRESS_IN_USE"
  /** The `address` option is not one of the interface's IPv6 addresses, or the kernel refused it (EADDRNOTAVAIL). */
  | "ADDRESS_NOT_AVAILABLE"
  /** No interface of that name exists (never a silent fallback to another one). */
  | "UNKNOWN_INTERFACE"
  /** The interface exists but has no IPv6 address, or the system has no IPv6 at all. */
  | "NO_IPV6"
  /** The port is closed (or closing): nothing can be sent any more. */
  | "CLOSED"
  /** A datagram longer than the 1522 octets of the largest BVLL6 frame. */
  | "DATAGRAM_TOO_LARGE"
  /** A datagram that is not a `Uint8Array`. */
  | "INVALID_DATAGRAM"
  /** A destination that is not a unicast `Bip6Address` this port can reach (multicast, `::`, port 0, IPv4-mapped, other zone). */
  | "INVALID_ADDRESS"
  /** An option out of range or of the wrong type. */
  | "INVALID_OPTION"
  /** `multicast()` on an interface that cannot carry multicast (loopback: Linux does not route IPv6 multicast on `lo`). */
  | "MULTICAST_UNAVAILABLE"
  /** Joining the multicast group on the interface failed. */
  | "JOIN_FAILED"
  /** Binding a socket failed for a reason not covered by a more specific code. */
  | "BIND_FAILED"
  /** The operating system reported a failed send (error event). */
  | "SEND_FAILED"
  /** The socket reported an error outside any send (error event). */
  | "SOCKET_ERROR"
  /** A datagram or tap listener threw; the exception is the `cause` (error event). */
  | "LISTENER_FAILED"
  /** MemoryNetwork: an unknown or duplicate link / host name, or a bad topology description. */
  | "INVALID_TOPOLOGY";

/**
 * The one error class of this package. Thrown synchronously for bad arguments and failed
 * opens, and passed to error listeners for failures the operating system reports later.
 */
export class DatagramPortError extends Bip6Error<DatagramPortErrorCode> {
  override readonly name = "DatagramPortError";
  /** The system error code (`EADDRINUSE`, `ENETUNREACH` …) when the error came from a socket. */
  readonly syscallCode: string | undefined;

  constructor(code: DatagramPortErrorCode, message: string, options: { cause?: unknown; syscallCode?: string } = {}) {
    super(code, message, options);
    this.syscallCode = options.syscallCode;
  }
}
