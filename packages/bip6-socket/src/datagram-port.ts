import type { Bip6Address } from "@bip6/bvll6-codec";
import type { DatagramPortError } from "./errors.js";

/** How a datagram reached the port: sent to its unicast address, or to the multicast group. */
export type Via = "unicast" | "multicast";

/**
 * Receives each datagram. `bytes` belongs to the listener's port (all listeners of one port
 * share it); `from` is the sender, with its zone (`%eth0`) when it is link-local; `to` is
 * where the sender sent it: the port's {@link DatagramPort.localAddress} for `"unicast"`, and
 * for `"multicast"` the group it arrived on, one of {@link DatagramPort.groups}
 * (`[ff05::bac0%eth0]:47808`), so a port on several groups can tell ff02 from ff05.
 * Listeners written for the first three arguments keep working.
 */
export type DatagramListener = (bytes: Uint8Array, from: Bip6Address, via: Via, to: Bip6Address) => void;

/** Receives failures the operating system reports after the call that caused them returned. */
export type ErrorListener = (error: DatagramPortError) => void;

/** Removes the listener it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** One datagram seen by a tap. */
export interface TapRecord {
  /** `sent` when this port sent it, `received` when this port delivered it to its listeners. */
  readonly direction: "sent" | "received";
  /** The datagram. Do not modify it: the port and its listeners share it. */
  readonly bytes: Uint8Array;
  /** Sender. */
  readonly from: Bip6Address;
  /**
   * Destination: a unicast address, or the group address (`[ff02::bac0%eth0]:47808`); for
   * a received multicast, the group it arrived on (the `to` a listener gets).
   */
  readonly to: Bip6Address;
  /** Unicast or multicast. */
  readonly via: Via;
  /** Time of the event in ms (wall clock for Node ports, the network's clock for memory ports). */
  readonly at: number;
}

/** Observes every datagram a port sends and receives. */
export type TapListener = (record: TapRecord) => void;

/** Counters of one port; they only grow. */
export interface DatagramPortStats {
  /** Datagrams handed to the network by `send()` and `multicast()`. */
  readonly datagramsSent: number;
  /** Of those, sent by `multicast()`. */
  readonly multicastsSent: number;
  /** Octets handed to the network. */
  readonly bytesSent: number;
  /** Datagrams delivered to listeners. */
  readonly datagramsReceived: number;
  /** Of those, arrived on the multicast group. */
  readonly multicastsReceived: number;
  /** Octets delivered to listeners. */
  readonly bytesReceived: number;
  /** Sends the operating system reported as failed. */
  readonly sendErrors: number;
  /** Socket errors outside any send. */
  readonly socketErrors: number;
  /** Exceptions thrown by datagram or tap listeners (caught, reported as `LISTENER_FAILED`). */
  readonly listenerErrors: number;
  /** Datagrams that arrived while no datagram listener was registered. */
  readonly unheard: number;
}

/**
 * The one I/O seam of bip6: a BACnet/IPv6 port on one interface (one link), with a unicast
 * address and the BACnet multicast group. Implemented over `node:dgram` by
 * `NodeDatagramPort` and in memory by `MemoryNetwork.createPort`, which pass the same
 * compliance suite.
 *
 * `send()` and `multicast()` validate their arguments synchronously (throwing a
 * `DatagramPortError`) and never wait: what the network does with the datagram afterwards
 * is reported, if at all, through {@link onError}. The caller may reuse `bytes` as soon as
 * the call returns: the port sends its own copy (made in a shared slab, no allocation per
 * datagram).
 *
 * @see ASHRAE 135 Annex U (the BACnet/IPv6 multicast group FF0X::BAC0 and port 47808), annex-u.md §1
 */
export interface DatagramPort {
  /** The unicast address datagrams are sent from and received on (the real port, even when opened with port 0). */
  readonly localAddress: Bip6Address;
  /**
   * Every IPv6 address of the port's interface with the port's UDP port, `localAddress`
   * first: what the node's own datagrams may look like when relayed back to it.
   */
  readonly localAddresses: readonly Bip6Address[];
  /** The group `multicast()` sends to: `[ff0X::bac0%iface]:port` (its `scope`). */
  readonly group: Bip6Address;
  /**
   * Every group the port receives on, each `[ff0X::bac0%iface]:port`: {@link group} first,
   * then those of the `joinScopes` option, without duplicates. Empty when the port joined
   * none (`joinGroup: false`, or loopback). A datagram sent to any of them arrives once,
   * with `via: "multicast"` and that group as `to`.
   */
  readonly groups: readonly Bip6Address[];
  /** Whether the port joined its groups (and so receives multicasts): `groups.length > 0`. */
  readonly joinedGroup: boolean;
  /** False where the interface cannot carry multicast (loopback); `multicast()` then throws. */
  readonly multicastAvailable: boolean;
  /** True once `close()` was called. */
  readonly closed: boolean;

  /** Sends `bytes` (at most 1522 octets) to a unicast peer. A link-local peer without a zone gets this port's interface. */
  send(bytes: Uint8Array, to: Bip6Address): void;
  /** Sends `bytes` to {@link group}, from {@link localAddress}. */
  multicast(bytes: Uint8Array): void;
  /** Registers a datagram listener; returns its unsubscribe function. */
  onDatagram(listener: DatagramListener): Unsubscribe;
  /** Registers an error listener; returns its unsubscribe function. Without one, errors are only counted. */
  onError(listener: ErrorListener): Unsubscribe;
  /** Registers a tap that sees every datagram sent and received; returns its unsubscribe function. */
  tap(listener: TapListener): Unsubscribe;
  /** A copy of the counters. */
  stats(): DatagramPortStats;
  /**
   * Releases the sockets (or the memory binding) and drops every listener. Idempotent:
   * every call returns the same promise, which resolves when the address can be bound again.
   *
   * Datagrams handed to `send()` / `multicast()` before `close()` still go out: the promise
   * resolves only after each was passed to the operating system or failed (a Node port waits
   * for node:dgram's send callbacks, at most 1 s), and a memory port's are on the simulated
   * wire already, delivered to open receivers as usual. Nothing is sent after `close()`.
   */
  close(): Promise<void>;
}
