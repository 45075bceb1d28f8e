import type {
  DeliverAction,
  HandleOutput,
  SansIoOutput,
  SendAction,
  EventAction as SharedEventAction,
  Vmac,
} from "@bip6/bvll6-codec";

// The action vocabulary is the codec's, shared with every bip6 state machine; re-exported
// under the names this package always had, so users' imports keep working.
export type { DeliverAction, HandleVerdict, SendAction } from "@bip6/bvll6-codec";

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

/**
 * The BBMD answered with a BVLC-Result code Annex U does not define (for example 0x0050,
 * 0x0070: bac-py's Register and Distribute-Broadcast NAKs, peers.md). It settles nothing:
 * the registration state and the retry schedule stay as they were, since guessing what a
 * non-standard code means would be wrong for some stack. Reported for every such Result.
 */
export interface UnknownResultEvent {
  /** Discriminant. */
  readonly type: "unknown-result";
  /** The code received, 0x0000–0xFFFF. */
  readonly resultCode: number;
  /** When, ms. */
  readonly at: number;
}

/** Something a foreign device reports to its owner. */
export type ForeignDeviceEvent = StateEvent | ConfirmedEvent | RefusedEvent | UnknownResultEvent;

/** Report an event of the foreign device ({@link EventAction} of the codec's shared vocabulary, for {@link ForeignDeviceEvent}). */
export type EventAction = SharedEventAction<ForeignDeviceEvent>;

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

/**
 * What every call returns: actions to carry out in order, and when to call `tick()` next
 * (`undefined` when there is nothing to wait for, i.e. not running). Every `send` goes to the BBMD.
 */
export type FdOutput = SansIoOutput<FdAction>;

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

/** {@link FdOutput} of `handle()`, with the verdict on the frame and, when dropped, why. */
export type FdHandleOutput = HandleOutput<FdAction, FdDropReason>;

/** Counters since construction, for diagnostics. */
export interface ForeignDeviceStats {
  /** Register-Foreign-Device frames sent (first attempts, retries and renewals). */
  readonly registersSent: number;
  /** BVLC-Result 0x0000 accepted as a confirmation. */
  readonly confirmations: number;
  /** BVLC-Result 0x0090 received from the BBMD while registering. */
  readonly refusals: number;
  /** BVLC-Result 0x00C0 received from the BBMD. */
  readonly distributeBroadcastNaks: number;
  /** Results from the BBMD that answered nothing outstanding (duplicates, late answers, Delete answers). */
  readonly unexpectedResults: number;
  /** Results from the BBMD with a code Annex U does not define (each also an `unknown-result` event). */
  readonly unknownResults: number;
  /** Registration-related results from any address other than the BBMD's. */
  readonly resultsFromOthers: number;
  /** Forwarded-NPDU / Forwarded-Address-Resolution from any address other than the BBMD's. */
  readonly relaysFromOthers: number;
  /** Forwarded-NPDUs delivered. */
  readonly delivered: number;
  /** Forwarded-NPDUs dropped because they carried our own broadcast, or arrived while not running. */
  readonly forwardedDropped: number;
  /** Original-Broadcast-NPDUs ignored while registered. */
  readonly localBroadcastsIgnored: number;
  /** Distribute-Broadcast-To-Network frames sent (direct and flushed from the queue). */
  readonly distributeBroadcastsSent: number;
  /** Broadcasts put in the queue. */
  readonly broadcastsQueued: number;
  /** Broadcasts reported as `broadcast-failed` (any reason). */
  readonly broadcastsFailed: number;
  /** Address-Resolution frames sent. */
  readonly addressResolutionsSent: number;
  /** Delete-Foreign-Device-Table-Entry frames sent. */
  readonly deletesSent: number;
  /** Calls rejected with a {@link ForeignDeviceError} (bad frame, address, NPDU, VMAC or time). They change nothing else. */
  readonly rejectedInputs: number;
}
