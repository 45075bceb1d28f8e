import type { Bip6Address } from "@bip6/bvll6-codec";
import type { TapListener, Via } from "./datagram-port.js";
import { type PortIdentity, PortCore } from "./port-core.js";

/** Hands an arrived datagram to a memory port's listeners. */
export type MemoryDeliver = (bytes: Uint8Array, from: Bip6Address, via: Via, to: Bip6Address) => void;

/** The network side of a memory port (implemented by `MemoryNetwork`). */
export interface MemoryWire {
  /** Puts a datagram sent by `port` on the simulated wire. */
  transmit(port: MemoryDatagramPort, bytes: Uint8Array, to: Bip6Address, via: Via): void;
  /** Frees the port's address and group membership. */
  release(port: MemoryDatagramPort): void;
}

/** Where a memory port sits. */
export interface MemoryPortPlacement {
  /** Host name. */
  host: string;
  /** Link name of its interface. */
  link: string;
  /** Whether its multicasts reach ports on its own host. */
  multicastLoopback: boolean;
}

/**
 * A {@link DatagramPort} on a {@link MemoryNetwork}. Create it with `network.createPort()`;
 * it behaves like a `NodeDatagramPort` (same checks, errors, taps, close semantics) but its
 * datagrams travel through the network's queue, clock and impairments.
 */
export class MemoryDatagramPort extends PortCore {
  /** Host name. */
  readonly host: string;
  /** Link of its interface. */
  readonly link: string;
  /** Whether its multicasts reach ports on its own host. */
  readonly multicastLoopback: boolean;
  readonly #wire: MemoryWire;

  /** Used by `MemoryNetwork.createPort`, which validates everything and passes `attach` the delivery hook. */
  constructor(
    identity: PortIdentity,
    placement: MemoryPortPlacement,
    tap: TapListener | undefined,
    wire: MemoryWire,
    attach: (deliver: MemoryDeliver) => void,
  ) {
    super(identity, tap);
    this.host = placement.host;
    this.link = placement.link;
    this.multicastLoopback = placement.multicastLoopback;
    this.#wire = wire;
    attach((bytes, from, via, to) => this.deliver(bytes, from, via, to));
  }

  protected transmit(bytes: Uint8Array, to: Bip6Address, via: Via): void {
    this.#wire.transmit(this, bytes, to, via);
  }

  protected release(): Promise<void> {
    this.#wire.release(this);
    return Promise.resolve();
  }
}
