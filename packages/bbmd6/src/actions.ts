import type {
  Bip6Address,
  DeliverAction,
  HandleOutput,
  MulticastAction,
  SansIoOutput,
  SendAction,
  EventAction as SharedEventAction,
  Vmac,
} from "@bip6/bvll6-codec";

// The action vocabulary is the codec's, shared with every bip6 state machine; re-exported
// under the names this package always had, so users' imports keep working.
export type { DeliverAction, HandleVerdict, MulticastAction, SendAction, Via } from "@bip6/bvll6-codec";

/** Why a foreign device left the FDT. */
export type FdtRemovalReason =
  /** TTL + 30 s passed since its last registration. */
  | "expired"
  /** A Delete-Foreign-Device-Table-Entry named it. */
  | "deleted";

/** Why a Register-Foreign-Device was answered 0x0090. */
export type RegistrationRefusalReason =
  /** `acceptRegistrations` is off. */
  | "not-accepting"
  /** A new registrant while the FDT holds `maxForeignDevices` entries. */
  | "full"
  /**
   * The sender is an address no socket can reach (multicast, unspecified, port 0,
   * IPv4-mapped): it is never entered in the FDT, and no answer is sent to it.
   */
  | "unreachable";

/** A new foreign device entered the FDT (refreshes are not reported, only counted). */
export interface FdtAddedEvent {
  /** Discriminant. */
  readonly type: "fdt-added";
  /** The registrant's address (the FDT key). */
  readonly address: Bip6Address;
  /** VMAC of its Register-Foreign-Device. */
  readonly vmac: Vmac;
  /** TTL granted, seconds (after the `maxTimeToLive` clamp). */
  readonly timeToLive: number;
  /** When the entry expires unless refreshed, ms. */
  readonly expiresAt: number;
  /** When, ms. */
  readonly at: number;
}

/** A foreign device left the FDT. */
export interface FdtRemovedEvent {
  /** Discriminant. */
  readonly type: "fdt-removed";
  /** The entry's address. */
  readonly address: Bip6Address;
  /** VMAC of its last registration. */
  readonly vmac: Vmac;
  /** Expired or deleted. */
  readonly reason: FdtRemovalReason;
  /** When, ms. */
  readonly at: number;
}

/** A Register-Foreign-Device was refused (0x0090). */
export interface RegistrationRefusedEvent {
  /** Discriminant. */
  readonly type: "registration-refused";
  /** The would-be registrant. */
  readonly address: Bip6Address;
  /** Policy off, or table full. */
  readonly reason: RegistrationRefusalReason;
  /** When, ms. */
  readonly at: number;
}

/**
 * A source went over its fan-out budget: its inputs are being dropped (`over-budget`).
 * Reported on the first drop and then at most once per `FAN_OUT_REPORT_INTERVAL_MS` per
 * source while it stays over, so a flood costs few events.
 */
export interface FanOutThrottledEvent {
  /** Discriminant. */
  readonly type: "fan-out-throttled";
  /** The originator whose bucket is empty (the sender, or a relayed frame's original source). */
  readonly address: Bip6Address;
  /** Inputs from it dropped since its previous `fan-out-throttled` event, this one included. */
  readonly dropped: number;
  /** When, ms. */
  readonly at: number;
}

/** Something a BBMD reports to its owner. */
export type BbmdEvent = FdtAddedEvent | FdtRemovedEvent | RegistrationRefusedEvent | FanOutThrottledEvent;

/** Report an event of the BBMD ({@link EventAction} of the codec's shared vocabulary, for {@link BbmdEvent}). */
export type EventAction = SharedEventAction<BbmdEvent>;

/** One thing the owner of a {@link Bbmd} must do, in order. */
export type BbmdAction = SendAction | MulticastAction | DeliverAction | EventAction;

/**
 * What every call returns: actions to carry out in order, and when to call `tick()` next
 * (`wakeAt`: the earliest FDT expiry, `undefined` while the FDT is empty).
 */
export type BbmdOutput = SansIoOutput<BbmdAction>;

/** Why `handle()` dropped a frame. */
export type BbmdDropReason =
  /** The sender is the BBMD's own address: its own multicast (or relay) came back. */
  | "own"
  /** Forwarded-NPDU or Forwarded-Address-Resolution from an address not in the BDT. */
  | "not-from-peer"
  /** A relayed frame whose original source is the BBMD itself: a loop somewhere else. */
  | "own-original-source"
  /** A relayed frame whose original source no socket can reach: multicast, unspecified, port 0, IPv4-mapped. */
  | "invalid-original-source"
  /**
   * A sender no socket can reach (multicast, unspecified, port 0, IPv4-mapped): nothing is
   * answered or relayed with it as destination or original source.
   */
  | "unreachable-sender"
  /**
   * Original-Broadcast-NPDU by unicast, or Address-Resolution (for another target) by
   * unicast from a sender that is not a registered foreign device: only what arrives on the
   * local link (by multicast) or from a foreign device is relayed, so an off-link stranger
   * cannot make the BBMD fan out.
   */
  | "not-from-local-link"
  /**
   * A function that reaches a BBMD only by unicast (Forwarded-NPDU, Forwarded-Address-Resolution,
   * Distribute-Broadcast-To-Network, Register-, Delete-Foreign-Device-Table-Entry) arrived by
   * multicast: a relay seen on the group is another BBMD's re-multicast, and a request sent to
   * every node of the link is answered by none.
   */
  | "unexpected-multicast"
  /** The originator is over its fan-out budget (`fanOutBudget`). */
  | "over-budget";

/** {@link BbmdOutput} of `handle()`, with the verdict on the frame and, when dropped, why. */
export type BbmdHandleOutput = HandleOutput<BbmdAction, BbmdDropReason>;

/** One BDT row of a {@link BbmdSnapshot}. */
export interface BdtSnapshotEntry {
  /** The peer BBMD. */
  readonly address: Bip6Address;
}

/** One FDT row of a {@link BbmdSnapshot}. */
export interface FdtSnapshotEntry {
  /** The registrant's address (the FDT key). */
  readonly address: Bip6Address;
  /** VMAC of its last Register-Foreign-Device. */
  readonly vmac: Vmac;
  /** TTL granted, seconds. */
  readonly timeToLive: number;
  /** Seconds until the entry is dropped, grace included, rounded up (what Annex J reports as remaining). */
  readonly remainingSeconds: number;
  /** When it is dropped, ms. */
  readonly expiresAt: number;
}

/** Both tables at one instant, for diagnostics and the sniffer. */
export interface BbmdSnapshot {
  /** Peers in configuration order (the own entry is never listed). */
  readonly bdt: readonly BdtSnapshotEntry[];
  /** Live registrations in registration order. */
  readonly fdt: readonly FdtSnapshotEntry[];
}

/** Counters since construction: one per row of the BBMD table and per drop reason. */
export interface BbmdStats {
  /** Original-Broadcast-NPDUs from the local link relayed to peers and foreign devices. */
  readonly originalBroadcasts: number;
  /** Forwarded-NPDUs from BDT peers delivered and relayed. */
  readonly forwardedNpdus: number;
  /** Distribute-Broadcast-To-Network from registered foreign devices relayed. */
  readonly distributeBroadcasts: number;
  /** Distribute-Broadcast-To-Network from unregistered senders, answered 0x00C0. */
  readonly distributeBroadcastNaks: number;
  /** Registrations that created an entry. */
  readonly registrations: number;
  /** Registrations that refreshed an existing entry. */
  readonly registrationRefreshes: number;
  /** Registrations granted a shorter TTL than asked (`maxTimeToLive`). */
  readonly registrationsClamped: number;
  /** Registrations answered 0x0090 because `acceptRegistrations` is off. */
  readonly registrationNaksNotAccepting: number;
  /** Registrations answered 0x0090 because the FDT was full. */
  readonly registrationNaksFull: number;
  /** Delete-Foreign-Device-Table-Entry that removed an entry (0x0000). */
  readonly deletes: number;
  /** Delete-Foreign-Device-Table-Entry for an unknown entry (0x00A0). */
  readonly deleteNaks: number;
  /** FDT entries dropped at TTL + 30 s. */
  readonly expirations: number;
  /** Address-Resolution for the BBMD's own VMAC, answered with an ACK. */
  readonly addressResolutionAcks: number;
  /** Address-Resolution for another VMAC, relayed as Forwarded-Address-Resolution. */
  readonly addressResolutionsForwarded: number;
  /** Forwarded-Address-Resolution from a peer for the BBMD's own VMAC, ACKed to the original source. */
  readonly forwardedAddressResolutionAcks: number;
  /** Forwarded-Address-Resolution from a peer for another VMAC, relayed locally and to foreign devices. */
  readonly forwardedAddressResolutionsRelayed: number;
  /** `broadcast()` calls. */
  readonly ownBroadcasts: number;
  /** `resolve()` calls. */
  readonly ownResolutions: number;
  /** Frames dropped because they came from the BBMD's own address. */
  readonly droppedOwn: number;
  /** Forwarded-NPDU / Forwarded-Address-Resolution dropped because the sender is not a BDT peer. */
  readonly droppedNotFromPeer: number;
  /** Relayed frames dropped because their original source is the BBMD itself. */
  readonly droppedOwnOriginalSource: number;
  /** Relayed frames dropped because their original source is multicast, unspecified, port 0 or IPv4-mapped. */
  readonly droppedInvalidOriginalSource: number;
  /** Frames dropped because their sender is unreachable (Registers among them are also `registration-refused` events). */
  readonly droppedUnreachableSender: number;
  /** Original-Broadcast-NPDU / Address-Resolution dropped because they came by unicast from a stranger. */
  readonly droppedNotFromLocalLink: number;
  /** Unicast-only functions dropped because they arrived by multicast. */
  readonly droppedUnexpectedMulticast: number;
  /** Fan-outs dropped because their originator was over its budget. */
  readonly droppedOverBudget: number;
  /** `send` actions emitted. */
  readonly sends: number;
  /** `multicast` actions emitted. */
  readonly multicasts: number;
  /** Method calls rejected with a {@link BbmdError} (bad frame, sender, `via`, time, NPDU, VMAC or table change). */
  readonly rejectedInputs: number;
}
