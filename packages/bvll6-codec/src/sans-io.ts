import type { Bip6Address } from "./address.js";
import type { Bvll6Frame } from "./frames.js";
import type { Vmac } from "./vmac.js";

/*
 * The action vocabulary every bip6 state machine speaks (bbmd6, foreign-device6, the
 * transport core): decoded frames and a clock go in, these come out. Types only, so the
 * codec's bundle does not grow; they live here because the codec is the one package every
 * state machine already depends on.
 */

/**
 * How a datagram reached a port: sent to its unicast address, or to the BACnet multicast
 * group. BBMD rules depend on it ("from the local link" means by multicast).
 */
export type Via = "unicast" | "multicast";

/** Send `frame` by unicast to `to`. */
export interface SendAction {
  /** Discriminant. */
  readonly type: "send";
  /** Destination. */
  readonly to: Bip6Address;
  /**
   * The frame to encode and send. One fan-out shares one frame object across all its
   * `send` actions, so the owner may encode it once (compare by identity).
   */
  readonly frame: Bvll6Frame;
}

/** Send `frame` to the BACnet multicast group of the local link. */
export interface MulticastAction {
  /** Discriminant. */
  readonly type: "multicast";
  /** The frame to encode and multicast (the same object as the fan-out's `send` actions, if any). */
  readonly frame: Bvll6Frame;
}

/** Deliver an NPDU to the owner's network layer, with its originator. */
export interface DeliverAction {
  /** Discriminant. */
  readonly type: "deliver";
  /** A view into the received datagram (no copy). */
  readonly npdu: Uint8Array;
  /** The originator's VMAC (for a relayed frame the original source, not the relay). */
  readonly sourceVmac: Vmac;
  /** The originator's B/IPv6 address (likewise the original source). */
  readonly source: Bip6Address;
}

/** Report an event of type `E` to the owner. */
export interface EventAction<E> {
  /** Discriminant. */
  readonly type: "event";
  /** What happened. */
  readonly event: E;
}

/** What every call of a state machine returns: actions to carry out in order, and when to call `tick()` next. */
export interface SansIoOutput<A> {
  /** To carry out in this order (frames in the order they must go on the wire). */
  readonly actions: readonly A[];
  /** Next time (ms) `tick()` has work; `undefined` when there is nothing to wait for. */
  readonly wakeAt: number | undefined;
}

/**
 * What a state machine's `handle()` made of a frame:
 * - `consumed`: its matter, fully dealt with (the actions say what follows); the caller
 *   must not process or deliver it again;
 * - `dropped`: rejected by one of its rules (see `dropReason`); discard it, count it;
 * - `not-mine`: not its matter; process it as any node would (annex-u.md §3).
 */
export type HandleVerdict = "consumed" | "dropped" | "not-mine";

/** {@link SansIoOutput} of `handle()`, with the verdict on the frame and, when dropped, why. */
export interface HandleOutput<A, R extends string> extends SansIoOutput<A> {
  /** What the caller does with the frame besides the actions. */
  readonly verdict: HandleVerdict;
  /** Set when `verdict` is `dropped`. */
  readonly dropReason?: R;
}
