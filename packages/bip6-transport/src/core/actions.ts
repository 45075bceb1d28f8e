import type {
  Bip6Address,
  Bvll6Frame,
  EventAction,
  MulticastAction,
  SansIoOutput,
  SendAction,
  Vmac,
} from "@bip6/bvll6-codec";
import type { Bip6TransportError } from "../errors.js";
import type { Bip6TransportEventName, Bip6TransportEvents, ReceivedNpdu } from "../events.js";

/** Identifies one call of sendUnicast / sendBroadcast / resolveVmac across the core and the shell. */
export type RequestId = number;

/**
 * Unicast `frame` to `to`. `request` names the call this datagram completes: if the port
 * refuses it, that call fails (`SEND_FAILED`). Fan-outs share one frame object.
 */
export interface CoreSendAction extends SendAction {
  /** The call waiting for this datagram, if any. */
  readonly request?: RequestId;
}

/** Multicast `frame` to the group; `request` as for {@link CoreSendAction}. */
export interface CoreMulticastAction extends MulticastAction {
  /** The call waiting for this datagram, if any. */
  readonly request?: RequestId;
}

/**
 * Unicast one `frame` to every address in `destinations`, in order: a BBMD's fan-out as one
 * action, so that the shell encodes once and loops over addresses, with no action or frame
 * per destination (`destinations` is a slice of the BBMD's own send actions: one reference
 * each). `request` as for {@link CoreSendAction} (it waits for the last destination).
 */
export interface CoreFanOutAction {
  /** Discriminant. */
  readonly type: "fan-out";
  /** The frame, the same for every destination. */
  readonly frame: Bvll6Frame;
  /** Where to, each as `{ to }` (the BBMD's own send actions, shared, never modified). */
  readonly destinations: readonly { readonly to: Bip6Address }[];
  /** The call waiting for these datagrams, if any. */
  readonly request?: RequestId;
}

/** Hand a received NPDU to the network layer (listeners and iterators). */
export interface DeliverNpduAction {
  /** Discriminant. */
  readonly type: "deliver";
  /** What to hand out. */
  readonly message: ReceivedNpdu;
}

/** One event, by name, with its payload. */
export type TransportEventRecord = {
  [K in Bip6TransportEventName]: { readonly name: K; readonly payload: Bip6TransportEvents[K] };
}[Bip6TransportEventName];

/** Report an event to the listeners. */
export type CoreEventAction = EventAction<TransportEventRecord>;

/**
 * A call succeeded: every datagram it needed was handed to the port (the actions before this
 * one, which carry its `request`), unless one of them was refused (then it has failed already).
 */
export interface CompleteAction {
  /** Discriminant. */
  readonly type: "complete";
  /** The call. */
  readonly request: RequestId;
}

/** A resolveVmac call got its answer. */
export interface ResolvedAction {
  /** Discriminant. */
  readonly type: "resolved";
  /** The call. */
  readonly request: RequestId;
  /** The VMAC found. */
  readonly vmac: Vmac;
}

/** A call failed. */
export interface FailAction {
  /** Discriminant. */
  readonly type: "fail";
  /** The call. */
  readonly request: RequestId;
  /** Why. */
  readonly error: Bip6TransportError;
}

/** One thing the shell must do, in order. */
export type CoreAction =
  | CoreSendAction
  | CoreMulticastAction
  | CoreFanOutAction
  | DeliverNpduAction
  | CoreEventAction
  | CompleteAction
  | ResolvedAction
  | FailAction;

/** What every core call returns. */
export type CoreOutput = SansIoOutput<CoreAction>;
