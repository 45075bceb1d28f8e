import type { DatagramListener, DatagramPort, DatagramPortStats, ErrorListener } from "@bip6/bip6-socket/memory";
import { DatagramPortError } from "@bip6/bip6-socket/memory";
import { Bip6Address } from "@bip6/bvll6-codec";

/** One datagram a {@link StubPort} was handed: the very object it got (not a copy). */
export interface Handed {
  readonly bytes: Uint8Array;
  readonly hex: string;
  readonly to: Bip6Address | "group";
}

function toHex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * A DatagramPort that records what it is handed, for tests that look at the shell's side of
 * the seam: which buffer objects it passes (to prove a frame was encoded once), and refusals.
 */
export class StubPort implements DatagramPort {
  readonly localAddress: Bip6Address;
  readonly localAddresses: readonly Bip6Address[];
  readonly group: Bip6Address;
  readonly groups: readonly Bip6Address[];
  readonly joinedGroup: boolean;
  readonly multicastAvailable: boolean;
  readonly handed: Handed[] = [];
  /** Throw this for sends to these addresses (by text). */
  readonly refuse = new Set<string>();
  #listeners = new Set<DatagramListener>();
  #errors = new Set<ErrorListener>();
  #closed = false;
  closeCalls = 0;

  constructor(address = "[fd00:1::1]:47808", multicast = true) {
    this.localAddress = Bip6Address.parse(address);
    this.localAddresses = [this.localAddress];
    this.group = Bip6Address.parse(`[ff02::bac0%eth0]:${this.localAddress.port}`);
    this.groups = multicast ? [this.group] : [];
    this.joinedGroup = multicast;
    this.multicastAvailable = multicast;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get listenerCount(): number {
    return this.#listeners.size + this.#errors.size;
  }

  send(bytes: Uint8Array, to: Bip6Address): void {
    if (this.#closed) throw new DatagramPortError("CLOSED", "closed");
    if (this.refuse.has(to.toString())) throw new DatagramPortError("INVALID_ADDRESS", `refused ${to.toString()}`);
    this.handed.push({ bytes, hex: toHex(bytes), to });
  }

  multicast(bytes: Uint8Array): void {
    if (this.#closed) throw new DatagramPortError("CLOSED", "closed");
    if (!this.multicastAvailable) throw new DatagramPortError("MULTICAST_UNAVAILABLE", "no multicast");
    this.handed.push({ bytes, hex: toHex(bytes), to: "group" });
  }

  onDatagram(listener: DatagramListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onError(listener: ErrorListener): () => void {
    this.#errors.add(listener);
    return () => this.#errors.delete(listener);
  }

  tap(): () => void {
    return () => {};
  }

  /** Delivers a datagram to the listeners, as the network would. */
  receive(bytes: Uint8Array, from: Bip6Address, via: "unicast" | "multicast" = "unicast"): void {
    for (const l of this.#listeners) l(bytes, from, via, via === "unicast" ? this.localAddress : this.group);
  }

  /** Reports an error, as a socket would after the fact. */
  fail(error: DatagramPortError): void {
    for (const l of this.#errors) l(error);
  }

  stats(): DatagramPortStats {
    return {
      datagramsSent: this.handed.length,
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

  close(): Promise<void> {
    this.closeCalls++;
    this.#closed = true;
    this.#listeners.clear();
    this.#errors.clear();
    return Promise.resolve();
  }
}
