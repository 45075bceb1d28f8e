import type { Bip6Address, Bvll6Frame, Vmac } from "@bip6/bvll6-codec";

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
  | "full";

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

/** Something a BBMD reports to its owner. */
export type BbmdEvent = FdtAddedEvent | FdtRemovedEvent | RegistrationRefusedEvent;

/** Send `frame` by unicast to `to` (a peer BBMD, a foreign device, or an asker). */
export interface SendAction {
  /** Discriminant. */
  readonly type: "send";
  /** Destination. */
  readonly to: Bip6Address;
  /**
   * The frame to encode (`encodeFrame`) and send. One fan-out shares one frame object across
   * all its `send` actions, so a transport may encode it once (compare by identity).
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

/** Deliver a broadcast NPDU to the BBMD's own network layer, with its originator. */
export interface DeliverAction {
  /** Discriminant. */
  readonly type: "deliver";
  /** A view into the received datagram (no copy). */
  readonly npdu: Uint8Array;
  /** The originator's VMAC (for a Forwarded-NPDU the original source, not the relaying BBMD). */
  readonly sourceVmac: Vmac;
  /** The originator's B/IPv6 address (likewise the original source). */
  readonly source: Bip6Address;
}

/** Report an event. */
export interface EventAction {
  /** Discriminant. */
  readonly type: "event";
  /** What happened. */
  readonly event: BbmdEvent;
}

/** One thing the owner of a {@link Bbmd} must do, in order. */
export type BbmdAction = SendAction | MulticastAction | DeliverAction | EventAction;

/** What every call returns: actions to carry out in order, and when to call `tick()` next. */
export interface BbmdOutput {
  /** To carry out in this order. */
  readonly actions: readonly BbmdAction[];
  /** Earliest FDT expiry (ms), when `tick()` has work; `undefined` while the FDT is empty. */
  readonly wakeAt: number | undefined;
}

/**
 * What `handle()` made of a frame:
 * - `consumed`: a BBMD matter, fully dealt with, including local delivery (the actions say
 *   what follows); the caller must not deliver it again;
 * - `dropped`: rejected by a BBMD rule (see `dropReason`); discard it;
 * - `not-mine`: not a BBMD matter; process it as any node would (annex-u.md §3).
 */
export type HandleVerdict = "consumed" | "dropped" | "not-mine";

/** Why `handle()` dropped a frame. */
export type BbmdDropReason =
  /** The sender is the BBMD's own address: its own multicast (or relay) came back. */
  | "own"
  /** Forwarded-NPDU or Forwarded-Address-Resolution from an address not in the BDT. */
  | "not-from-peer"
  /** A relayed frame whose original source is the BBMD itself: a loop somewhere else. */
  | "own-original-source"
  /** A relayed frame whose original source is multicast, unspecified or port 0: it names no node. */
  | "invalid-original-source";

/** {@link BbmdOutput} of `handle()`, with the verdict on the frame. */
export interface BbmdHandleOutput extends BbmdOutput {
  /** What the caller does with the frame besides the actions. */
  readonly verdict: HandleVerdict;
  /** Set when `verdict` is `dropped`. */
  readonly dropReason?: BbmdDropReason;
}

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
  originalBroadcasts: number;
  /** Forwarded-NPDUs from BDT peers delivered and relayed. */
  forwardedNpdus: number;
  /** Distribute-Broadcast-To-Network from registered foreign devices relayed. */
  distributeBroadcasts: number;
  /** Distribute-Broadcast-To-Network from unregistered senders, answered 0x00C0. */
  distributeBroadcastNaks: number;
  /** Registrations that created an entry. */
  registrations: number;
  /** Registrations that refreshed an existing entry. */
  registrationRefreshes: number;
  /** Registrations granted a shorter TTL than asked (`maxTimeToLive`). */
  registrationsClamped: number;
  /** Registrations answered 0x0090 because `acceptRegistrations` is off. */
  registrationNaksNotAccepting: number;
  /** Registrations answered 0x0090 because the FDT was full. */
  registrationNaksFull: number;
  /** Delete-Foreign-Device-Table-Entry that removed an entry (0x0000). */
  deletes: number;
  /** Delete-Foreign-Device-Table-Entry for an unknown entry (0x00A0). */
  deleteNaks: number;
  /** FDT entries dropped at TTL + 30 s. */
  expirations: number;
  /** Address-Resolution for the BBMD's own VMAC, answered with an ACK. */
  addressResolutionAcks: number;
  /** Address-Resolution for another VMAC, relayed as Forwarded-Address-Resolution. */
  addressResolutionsForwarded: number;
  /** Forwarded-Address-Resolution from a peer for the BBMD's own VMAC, ACKed to the original source. */
  forwardedAddressResolutionAcks: number;
  /** Forwarded-Address-Resolution from a peer for another VMAC, relayed locally and to foreign devices. */
  forwardedAddressResolutionsRelayed: number;
  /** `broadcast()` calls. */
  ownBroadcasts: number;
  /** `resolve()` calls. */
  ownResolutions: number;
  /** Frames dropped because they came from the BBMD's own address. */
  droppedOwn: number;
  /** Forwarded-NPDU / Forwarded-Address-Resolution dropped because the sender is not a BDT peer. */
  droppedNotFromPeer: number;
  /** Relayed frames dropped because their original source is the BBMD itself. */
  droppedOwnOriginalSource: number;
  /** Relayed frames dropped because their original source is multicast, unspecified or port 0. */
  droppedInvalidOriginalSource: number;
  /** `send` actions emitted. */
  sends: number;
  /** `multicast` actions emitted. */
  multicasts: number;
  /** Method calls rejected with a {@link BbmdError} (bad frame, sender, time, NPDU, VMAC or table change). */
  rejectedInputs: number;
}
