import type { Bip6Address, Bvll6Frame, Vmac } from "@bip6/bvll6-codec";

/**
 * Registration state of a foreign device.
 *
 * - `unregistered`: not started, or stopped.
 * - `registering`: Register-Foreign-Device sent, no answer yet (first registration, or the
 *   BBMD said it no longer knows us).
 * - `registered`: the BBMD confirmed (BVLC-Result 0x0000); stays so while a renewal is under
 *   way, until TTL + 30 s pass without a new confirmation.
 * - `refused`: the BBMD answered Register-Foreign-Device-NAK (0x0090); retries continue.
 * - `lost`: TTL + 30 s passed since the last confirmation without a new one; the BBMD has
 *   dropped us by now. Retries continue.
 */
export type ForeignDeviceState = "unregistered" | "registering" | "registered" | "refused" | "lost";

/** Why the state changed. */
export type StateChangeReason =
  /** `start()` was called. */
  | "start"
  /** BVLC-Result 0x0000 from the BBMD. */
  | "ack"
  /** BVLC-Result 0x0090 (Register-Foreign-Device-NAK) from the BBMD. */
  | "nak"
  /** TTL + 30 s passed since the last confirmation. */
  | "expired"
  /** BVLC-Result 0x00C0 (Distribute-Broadcast-To-Network-NAK): the BBMD no longer knows us. */
  | "distribute-broadcast-nak"
  /** `stop()` was called. */
  | "stop";

/** The state changed. */
export interface StateEvent {
  /** Discriminant. */
  readonly type: "state";
  /** State before the change. */
  readonly from: ForeignDeviceState;
  /** State after the change. */
  readonly to: ForeignDeviceState;
  /** What caused it. */
  readonly reason: StateChangeReason;
  /** When, ms. */
  readonly at: number;
}

/** The BBMD confirmed a registration (first one or a renewal). */
export interface ConfirmedEvent {
  /** Discriminant. */
  readonly type: "confirmed";
  /** Time of the confirmation, ms. */
  readonly at: number;
  /** When we will renew (confirmation + TTL/2), ms. */
  readonly renewAt: number;
  /** When the BBMD's TTL runs out (confirmation + TTL), ms. */
  readonly expiresAt: number;
  /** When we declare the registration lost (confirmation + TTL + 30 s grace), ms. */
  readonly lostAt: number;
}

/** The BBMD refused a registration (0x0090). Reported for every refusal, not only the first. */
export interface RefusedEvent {
  /** Discriminant. */
  readonly type: "refused";
  /** The result code received (0x0090). */
  readonly resultCode: number;
  /** When, ms. */
  readonly at: number;
  /** When the next Register-Foreign-Device goes out, ms. */
  readonly retryAt: number;
}

/** Something a foreign device reports to its owner. */
export type ForeignDeviceEvent = StateEvent | ConfirmedEvent | RefusedEvent;

/** Send `frame` by unicast to `to` (always the BBMD). */
export interface SendAction {
  /** Discriminant. */
  readonly type: "send";
  /** Destination: the BBMD. */
  readonly to: Bip6Address;
  /** The frame to encode (`encodeFrame`) and send. */
  readonly frame: Bvll6Frame;
}

/** Deliver a broadcast NPDU relayed by the BBMD to the network layer, with its originator. */
export interface DeliverAction {
  /** Discriminant. */
  readonly type: "deliver";
  /** A view into the received datagram (no copy). */
  readonly npdu: Uint8Array;
  /** The originator's VMAC (the Forwarded-NPDU's original-source VMAC, not the BBMD's). */
  readonly sourceVmac: Vmac;
  /** The originator's B/IPv6 address (not the BBMD's). */
  readonly source: Bip6Address;
}

/** Report an event. */
export interface EventAction {
  /** Discriminant. */
  readonly type: "event";
  /** What happened. */
  readonly event: ForeignDeviceEvent;
}

/** Why a broadcast was not (and will not be) sent. */
export type BroadcastFailureReason =
  /** Not registered and `beforeRegistration` is `"fail"`. */
  | "not-registered"
  /** The queue was full: this, the oldest queued NPDU, was dropped to make room. */
  | "queue-full"
  /** The device was stopped: queued NPDUs are discarded, and no new broadcast is accepted. */
  | "stopped";

/** A broadcast NPDU that will never be sent. Nothing is ever multicast instead. */
export interface BroadcastFailedAction {
  /** Discriminant. */
  readonly type: "broadcast-failed";
  /** The NPDU given to `broadcast()` (for a queued one, the queue's copy). */
  readonly npdu: Uint8Array;
  /** Why it will not be sent. */
  readonly reason: BroadcastFailureReason;
}

/** An Address-Resolution that was not sent because the device is not running. */
export interface ResolveFailedAction {
  /** Discriminant. */
  readonly type: "resolve-failed";
  /** The VMAC `resolve()` was asked for. */
  readonly targetVmac: Vmac;
  /** `start()` not called yet, or `stop()` called. */
  readonly reason: "not-started" | "stopped";
}

/** One thing the owner of a {@link ForeignDevice} must do, in order. */
export type FdAction = SendAction | DeliverAction | EventAction | BroadcastFailedAction | ResolveFailedAction;

/** What every call returns: actions to carry out in order, and when to call `tick()` next. */
export interface FdOutput {
  /** To carry out in this order (frames in the order they must go on the wire). */
  readonly actions: readonly FdAction[];
  /** Next time (ms) `tick()` has work; `undefined` when there is nothing to wait for. */
  readonly wakeAt: number | undefined;
}

/**
 * What `handle()` made of a frame:
 * - `consumed`: a foreign-device matter, fully dealt with (the actions say what follows);
 * - `dropped`: rejected by a foreign-device rule (see `dropReason`); discard it, count it;
 * - `not-mine`: not a foreign-device matter; process it as any node would (annex-u.md §3).
 */
export type HandleVerdict = "consumed" | "dropped" | "not-mine";

/** Why `handle()` dropped a frame. */
export type FdDropReason =
  /** A registration-related BVLC-Result (0x0000, 0x0090, 0x00A0, 0x00C0) not from the BBMD's exact address. */
  | "result-not-from-bbmd"
  /** Forwarded-NPDU or Forwarded-Address-Resolution not from the BBMD's exact address. */
  | "relay-not-from-bbmd"
  /** Forwarded-NPDU from the BBMD while the device is not running (before start, after stop). */
  | "not-running"
  /** Forwarded-NPDU whose original source is our own address: our broadcast came back. */
  | "own-broadcast"
  /** Original-Broadcast-NPDU while registered: a foreign device does not take part in the local group. */
  | "local-broadcast-while-registered";

/** {@link FdOutput} of `handle()`, with the verdict on the frame. */
export interface FdHandleOutput extends FdOutput {
  /** What the caller does with the frame besides the actions. */
  readonly verdict: HandleVerdict;
  /** Set when `verdict` is `dropped`. */
  readonly dropReason?: FdDropReason;
}

/** Counters since construction, for diagnostics. */
export interface ForeignDeviceStats {
  /** Register-Foreign-Device frames sent (first attempts, retries and renewals). */
  registersSent: number;
  /** BVLC-Result 0x0000 accepted as a confirmation. */
  confirmations: number;
  /** BVLC-Result 0x0090 received from the BBMD while registering. */
  refusals: number;
  /** BVLC-Result 0x00C0 received from the BBMD. */
  distributeBroadcastNaks: number;
  /** Results from the BBMD that answered nothing outstanding (duplicates, late answers, Delete answers). */
  unexpectedResults: number;
  /** Registration-related results from any address other than the BBMD's. */
  resultsFromOthers: number;
  /** Forwarded-NPDU / Forwarded-Address-Resolution from any address other than the BBMD's. */
  relaysFromOthers: number;
  /** Forwarded-NPDUs delivered. */
  delivered: number;
  /** Forwarded-NPDUs dropped because they carried our own broadcast, or arrived while not running. */
  forwardedDropped: number;
  /** Original-Broadcast-NPDUs ignored while registered. */
  localBroadcastsIgnored: number;
  /** Distribute-Broadcast-To-Network frames sent (direct and flushed from the queue). */
  distributeBroadcastsSent: number;
  /** Broadcasts put in the queue. */
  broadcastsQueued: number;
  /** Broadcasts reported as `broadcast-failed` (any reason). */
  broadcastsFailed: number;
  /** Address-Resolution frames sent. */
  addressResolutionsSent: number;
  /** Delete-Foreign-Device-Table-Entry frames sent. */
  deletesSent: number;
  /** Calls rejected with a {@link ForeignDeviceError} (bad frame, address, NPDU, VMAC or time). */
  rejectedInputs: number;
}
