import { type Bip6Address, MAX_BVLL6_LENGTH } from "@bip6/bvll6-codec";
import type {
  DatagramListener,
  DatagramPort,
  DatagramPortStats,
  ErrorListener,
  TapListener,
  TapRecord,
  Unsubscribe,
  Via,
} from "./datagram-port.js";
import { CopySlab } from "./copy-slab.js";
import { DatagramPortError } from "./errors.js";

/** Largest datagram a port sends: the largest BVLL6 frame (a Forwarded-NPDU with a 1497-octet NPDU). */
export const MAX_DATAGRAM_LENGTH = MAX_BVLL6_LENGTH;

/** What an implementation tells {@link PortCore} about itself once it is bound. */
export interface PortIdentity {
  localAddress: Bip6Address;
  localAddresses: readonly Bip6Address[];
  group: Bip6Address;
  /** The groups the port joined, `group` first; empty when it joined none. */
  groups: readonly Bip6Address[];
  multicastAvailable: boolean;
  /** Interface name: the zone given to link-local peers that have none. */
  interfaceName: string;
  /** Interface index, accepted as a numeric zone. */
  interfaceIndex: number | undefined;
  /** Time source for tap records (ms). */
  clock: () => number;
}

/** The counters as the port keeps them: {@link DatagramPortStats} is read-only for everyone else. */
export type PortCounters = { -readonly [K in keyof DatagramPortStats]: DatagramPortStats[K] };

function zeroStats(): PortCounters {
  return {
    datagramsSent: 0,
    multicastsSent: 0,
    bytesSent: 0,
    datagramsReceived: 0,
    multicastsReceived: 0,
    bytesReceived: 0,
    sendErrors: 0,
    socketErrors: 0,
    listenerErrors: 0,
    unheard: 0,
  };
}

function isAddress(x: unknown): x is Bip6Address {
  if (typeof x !== "object" || x === null) return false;
  const a = x as Partial<Record<keyof Bip6Address, unknown>>;
  return typeof a.port === "number" && typeof a.isMulticast === "boolean" && typeof a.withZone === "function";
}

/**
 * Everything both implementations share: argument checks, listener sets, taps, counters and
 * the closed state. Browser-safe (the memory port builds on it), so no Node built-ins here.
 */
export abstract class PortCore implements DatagramPort {
  readonly localAddress: Bip6Address;
  readonly localAddresses: readonly Bip6Address[];
  readonly group: Bip6Address;
  readonly groups: readonly Bip6Address[];
  readonly joinedGroup: boolean;
  readonly multicastAvailable: boolean;
  readonly #interfaceName: string;
  readonly #interfaceIndex: string | undefined;
  readonly #clock: () => number;
  readonly #datagramListeners = new Set<DatagramListener>();
  readonly #errorListeners = new Set<ErrorListener>();
  readonly #taps = new Set<TapListener>();
  /** Where datagrams handed to send() and multicast() are copied: no allocation of their own. */
  readonly #copies = new CopySlab();
  /** Counters; subclasses bump the error ones. */
  protected readonly counters: PortCounters = zeroStats();
  #closing: Promise<void> | undefined;

  protected constructor(identity: PortIdentity, tap: TapListener | undefined) {
    this.localAddress = identity.localAddress;
    this.localAddresses = Object.freeze([...identity.localAddresses]);
    this.group = identity.group;
    this.groups = Object.freeze([...identity.groups]);
    this.joinedGroup = this.groups.length > 0;
    this.multicastAvailable = identity.multicastAvailable;
    this.#interfaceName = identity.interfaceName;
    this.#interfaceIndex = identity.interfaceIndex === undefined ? undefined : String(identity.interfaceIndex);
    this.#clock = identity.clock;
    if (tap !== undefined) this.#taps.add(tap);
  }

  /**
   * Hands a datagram (a private copy nobody writes to again, so it may be kept) to the network.
   * Errors later go to {@link reportError}.
   */
  protected abstract transmit(bytes: Uint8Array, to: Bip6Address, via: Via): void;
  /** Releases the network resources; resolves when the address can be bound again. */
  protected abstract release(): Promise<void>;

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  send(bytes: Uint8Array, to: Bip6Address): void {
    this.#checkOpen();
    checkPayload(bytes);
    const destination = this.#destination(to);
    this.#emit(this.#copies.copy(bytes), destination, "unicast");
  }

  multicast(bytes: Uint8Array): void {
    this.#checkOpen();
    checkPayload(bytes);
    if (!this.multicastAvailable) {
      throw new DatagramPortError(
        "MULTICAST_UNAVAILABLE",
        `interface ${this.#interfaceName} cannot carry IPv6 multicast (loopback); use a real or namespaced interface`,
      );
    }
    this.#emit(this.#copies.copy(bytes), this.group, "multicast");
  }

  onDatagram(listener: DatagramListener): Unsubscribe {
    return this.#subscribe(this.#datagramListeners, listener);
  }

  onError(listener: ErrorListener): Unsubscribe {
    return this.#subscribe(this.#errorListeners, listener);
  }

  tap(listener: TapListener): Unsubscribe {
    return this.#subscribe(this.#taps, listener);
  }

  stats(): DatagramPortStats {
    return { ...this.counters };
  }

  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#datagramListeners.clear();
      this.#errorListeners.clear();
      this.#taps.clear();
      this.#closing = this.release();
    }
    return this.#closing;
  }

  /**
   * Delivers an arrived datagram to the taps and listeners; ignored once closed. `to` is
   * where it was sent: `localAddress`, or the group it arrived on.
   */
  protected deliver(bytes: Uint8Array, from: Bip6Address, via: Via, to: Bip6Address): void {
    if (this.#closing !== undefined) return;
    const c = this.counters;
    c.datagramsReceived++;
    c.bytesReceived += bytes.length;
    if (via === "multicast") c.multicastsReceived++;
    if (this.#taps.size > 0) this.#tapRecord({ direction: "received", bytes, from, to, via, at: this.#clock() });
    if (this.#datagramListeners.size === 0) {
      c.unheard++;
      return;
    }
    for (const listener of this.#datagramListeners) {
      try {
        listener(bytes, from, via, to);
      } catch (e) {
        this.#listenerFailed("datagram", e);
      }
    }
  }

  /** Counts an error and passes it to the error listeners (never throws). */
  protected reportError(error: DatagramPortError): void {
    if (error.code === "SEND_FAILED") this.counters.sendErrors++;
    else if (error.code === "SOCKET_ERROR") this.counters.socketErrors++;
    for (const listener of this.#errorListeners) {
      try {
        listener(error);
      } catch {
        // An error listener that throws has nowhere left to report to; count it and go on.
        this.counters.listenerErrors++;
      }
    }
  }

  #emit(copy: Uint8Array, to: Bip6Address, via: Via): void {
    const c = this.counters;
    c.datagramsSent++;
    c.bytesSent += copy.length;
    if (via === "multicast") c.multicastsSent++;
    if (this.#taps.size > 0) {
      this.#tapRecord({ direction: "sent", bytes: copy, from: this.localAddress, to, via, at: this.#clock() });
    }
    this.transmit(copy, to, via);
  }

  #tapRecord(record: TapRecord): void {
    for (const tap of this.#taps) {
      try {
        tap(record);
      } catch (e) {
        this.#listenerFailed("tap", e);
      }
    }
  }

  #listenerFailed(kind: string, cause: unknown): void {
    this.counters.listenerErrors++;
    const message = cause instanceof Error ? cause.message : String(cause);
    this.reportError(new DatagramPortError("LISTENER_FAILED", `a ${kind} listener threw: ${message}`, { cause }));
  }

  #subscribe<T>(set: Set<T>, listener: T): Unsubscribe {
    if (typeof listener !== "function") {
      throw new DatagramPortError("INVALID_OPTION", "listener must be a function");
    }
    // Listeners added after close would never be called nor released: refuse them quietly.
    if (this.#closing !== undefined) return () => {};
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  #checkOpen(): void {
    if (this.#closing !== undefined) {
      throw new DatagramPortError("CLOSED", `port ${this.localAddress.toString()} is closed`);
    }
  }

  #destination(to: Bip6Address): Bip6Address {
    if (!isAddress(to)) throw new DatagramPortError("INVALID_ADDRESS", "destination must be a Bip6Address");
    if (to.isMulticast) throw invalidDestination(to, "a multicast address (use multicast())");
    if (to.isUnspecified) throw invalidDestination(to, "the unspecified address");
    if (to.isIpv4Mapped) throw invalidDestination(to, "an IPv4-mapped address (this is an IPv6-only port)");
    if (to.port === 0) throw invalidDestination(to, "port 0");
    if (!to.isLinkLocal) return to.zone === undefined ? to : to.withZone(undefined);
    if (to.zone === undefined) return to.withZone(this.#interfaceName);
    if (to.zone !== this.#interfaceName && to.zone !== this.#interfaceIndex) {
      throw invalidDestination(to, `link-local peer on interface ${to.zone}, this port is on ${this.#interfaceName}`);
    }
    return to.zone === this.#interfaceName ? to : to.withZone(this.#interfaceName);
  }
}

/** The error for a destination this port cannot send to (a plain function: no closure per send). */
function invalidDestination(to: Bip6Address, why: string): DatagramPortError {
  return new DatagramPortError("INVALID_ADDRESS", `cannot send to ${to.toString()}: ${why}`);
}

/** Checks a datagram's type and size. */
function checkPayload(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new DatagramPortError("INVALID_DATAGRAM", "a datagram must be a Uint8Array");
  }
  if (bytes.length > MAX_DATAGRAM_LENGTH) {
    throw new DatagramPortError(
      "DATAGRAM_TOO_LARGE",
      `datagram of ${bytes.length} octets exceeds the ${MAX_DATAGRAM_LENGTH} octets of the largest BVLL6 frame`,
    );
  }
}
