import type { Bip6Address } from "@bip6/bvll6-codec";
import type { TapListener, Via } from "./datagram-port.js";

/**
 * What a link does to each datagram on its way to one receiver. Every decision comes from
 * the network's seeded random source, so a run replays exactly from its seed.
 */
export interface Impairments {
  /** Probability (0–1) that a delivery is dropped. */
  loss?: number;
  /** Probability (0–1) that a delivery arrives twice. */
  duplicate?: number;
  /** Probability (0–1) that a delivery is overtaken by the next one to three datagrams sent after it. */
  reorder?: number;
  /** Fixed delay (ms) before delivery. With a delay, datagrams arrive only when the clock is advanced. */
  delayMs?: number;
  /** Extra random delay, uniform in [0, jitterMs) ms (reorders datagrams too). */
  jitterMs?: number;
}

/** Options of a {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /** Seed of the built-in PRNG (mulberry32), default 1. */
  seed?: number;
  /** A random source in [0, 1) to use instead of the seeded one. */
  random?: () => number;
  /** Start of the network clock (ms), default 0. */
  startTime?: number;
  /**
   * `"microtask"` (default): datagrams that are due are delivered in a microtask after the
   * send, so `await` is enough in tests. `"manual"`: nothing moves until `flush()` or
   * `advance()`, for fully synchronous tests. Delayed datagrams always wait for `advance()`.
   */
  delivery?: "microtask" | "manual";
  /** Most datagrams in flight at once; more are dropped and counted as `overflow`. Default 10000. */
  maxInFlight?: number;
  /** Impairments of links that set none. Default: a perfect network. */
  impairments?: Impairments;
}

/** Options of {@link MemoryNetwork.addLink}. */
export interface MemoryLinkOptions {
  /** /64 prefix of the link's routable addresses, as `fd00:1::` or `fd00:1::/64`. Default `fd00:<n>::` for the n-th link. */
  prefix?: string;
  /** Impairments of datagrams sent on this link (overrides the network's). */
  impairments?: Impairments;
}

/** One interface of a host being added. */
export interface MemoryInterfaceSpec {
  /** Name of the link it is attached to. */
  link: string;
  /** Interface name, default `eth0`, `eth1` … in order. */
  name?: string;
  /** Routable (ULA / global) address; default the link prefix + the host's number; `null` for none (link-local only). */
  address?: string | null;
  /** Link-local address, default `fe80::<host number>`. */
  linkLocal?: string;
}

/** An interface of a memory host. */
export interface MemoryHostInterface {
  /** Interface name (the zone of link-local peers seen on it). */
  readonly name: string;
  /** Link name. */
  readonly link: string;
  /** Routable address (port 0), if the interface has one. */
  readonly address: Bip6Address | undefined;
  /** Link-local address (port 0) with the interface name as zone. */
  readonly linkLocal: Bip6Address;
  /** 1-based index within the host (accepted as a numeric zone). */
  readonly index: number;
}

/** Options of {@link MemoryNetwork.createPort}: the same meaning as for Node ports. */
export interface MemoryPortOptions {
  /** Interface name, default the host's first. Unknown names are an error. */
  interface?: string;
  /** Unicast address to bind; must belong to the interface. Default: routable if any, else link-local. */
  address?: string;
  /** UDP port, default 47808; 0 picks a free one from 49152 up. */
  port?: number;
  /** Multicast scope of the group FF0X::BAC0 that `multicast()` sends to and the port receives on (1–14), default 2. */
  scope?: number;
  /** More scopes to receive on, beside `scope` (1–14 each, duplicates dropped), default none. */
  joinScopes?: readonly number[];
  /** Join the groups (receive multicasts), default true; `false` joins none, `joinScopes` included. */
  joinGroup?: boolean;
  /** Deliver multicasts to ports on the sending host too (the sender included, if it joined), default false. */
  multicastLoopback?: boolean;
  /** A tap registered before the first datagram. */
  tap?: TapListener;
}

/** What happened to a datagram on the simulated wire. */
export type WireEvent = "queued" | "delivered" | "lost" | "overflow" | "unreachable";

/** One event seen by a network-wide tap. */
export interface WireRecord {
  /** `queued` once per receiver (twice for a duplicate), then `delivered`, or a reason it was dropped. */
  readonly event: WireEvent;
  /** The datagram (shared: do not modify). */
  readonly bytes: Uint8Array;
  /** Sender. */
  readonly from: Bip6Address;
  /** Destination (unicast address or group). */
  readonly to: Bip6Address;
  /** Unicast or multicast. */
  readonly via: Via;
  /** Network time (ms). */
  readonly at: number;
}

/** Observes the whole simulated network. */
export type WireListener = (record: WireRecord) => void;

/** Counters of a memory network; they only grow (except `inFlight`). */
export interface MemoryNetworkStats {
  /** Deliveries queued (one per receiver, plus duplicates). */
  readonly queued: number;
  /** Deliveries that reached an open port. */
  readonly delivered: number;
  /** Dropped by the `loss` impairment. */
  readonly lost: number;
  /** Extra copies made by the `duplicate` impairment. */
  readonly duplicated: number;
  /** Deliveries held back by the `reorder` impairment. */
  readonly reordered: number;
  /** Dropped because `maxInFlight` datagrams were already queued. */
  readonly overflow: number;
  /** Unicasts to an address or port nobody holds, or to a port closed before delivery. */
  readonly unreachable: number;
  /** Deliveries waiting now. */
  readonly inFlight: number;
}
