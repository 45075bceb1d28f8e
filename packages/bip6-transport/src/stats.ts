import type { BbmdDropReason, BbmdStats } from "@bip6/bbmd6";
import type { DatagramPortStats } from "@bip6/bip6-socket/memory";
import type { Bvll6DecodeErrorCode, Bvll6FrameKind } from "@bip6/bvll6-codec";
import type { FdDropReason, ForeignDeviceStats } from "@bip6/foreign-device6";
import type { VmacTableStats } from "@bip6/vmac-cache";
import type { Bip6TransportErrorCode } from "./errors.js";

/** Why the transport's own ingress steps dropped a datagram (the roles add theirs). */
export type TransportDropReason =
  /** Not a valid BVLL6 frame (by decode error code in `malformed`). */
  | "malformed"
  /** From one of our own addresses (with our port): our own datagram came back. */
  | "own"
  /** A relayed frame naming one of our addresses as original source. */
  | "own-relayed"
  /** A relayed frame whose original source names no reachable node (multicast, `::`, port 0, IPv4-mapped). */
  | "invalid-original-source"
  /** A function only sent by unicast arrived on the multicast group. */
  | "unicast-only"
  /** A function only sent to the group arrived by unicast. */
  | "multicast-only"
  /** Forwarded-NPDU / Forwarded-Address-Resolution from a sender not allowed to relay to us. */
  | "relay-not-trusted"
  /** Addressed to another VMAC (Original-Unicast-NPDU, the ACKs). */
  | "not-for-me"
  /** Carries our VMAC from another address. */
  | "vmac-collision"
  /** Secure-BVLL: recognised, never accepted. */
  | "secure-bvll"
  /** A function code Annex U does not define. */
  | "unknown-function"
  /** A confirmed-request APDU that arrived by broadcast. */
  | "confirmed-request-broadcast"
  /** A BVLC-Result that answers nothing we sent. */
  | "unexpected-result"
  /** An Address-Resolution for us whose asker is unreachable (relayed link-local original source). */
  | "unreachable-asker"
  /** A Register / Delete / Distribute-Broadcast a non-BBMD would NAK with a random VMAC still being probed. */
  | "probing";

/**
 * Why a foreign device's broadcast answered by a Distribute-Broadcast NAK (0x00C0) was not sent
 * again after its re-registration: more were NAKed than the recent ones kept (`cap`, 8), the BBMD
 * refused the re-registration (`refused`), it was still not confirmed at the deadline
 * (`resolution.timeoutMs` after the first NAK: `deadline`), or the transport closed (`closed`).
 */
export type BroadcastResendDropReason = "cap" | "refused" | "deadline" | "closed";

/** Every drop reason: the transport's, the BBMD's and the foreign device's. */
export type DropReason = TransportDropReason | BbmdDropReason | FdDropReason;

/** Counters of the transport's own work; they only grow (except the gauges noted). */
export interface TransportCounters {
  /** Decoded datagrams, by function. */
  readonly received: Readonly<Record<Bvll6FrameKind, number>>;
  /** Datagrams handed to the port, by function (one per destination of a fan-out). */
  readonly sent: Readonly<Record<Bvll6FrameKind, number>>;
  /** Malformed datagrams by decode error code. */
  readonly malformed: Readonly<Record<Bvll6DecodeErrorCode, number>>;
  /** Dropped datagrams by reason (the transport's reasons always present, role reasons once seen). */
  readonly dropped: Readonly<Record<TransportDropReason, number>> & Readonly<Partial<Record<DropReason, number>>>;
  /** NPDUs handed to the network layer. */
  readonly delivered: { readonly unicast: number; readonly broadcast: number };
  /** Address-Resolution (VMAC → address) and Virtual-Address-Resolution (address → VMAC). */
  readonly resolution: {
    /** Address-Resolution rounds begun (a first Address-Resolution sent for a VMAC). */
    readonly started: number;
    /** Address-Resolutions re-sent. */
    readonly retries: number;
    /** VMACs resolved while sends waited. */
    readonly resolved: number;
    /** VMACs given up on. */
    readonly failed: number;
    /** VMACs given up on early: our BBMD refused the Address-Resolution (NAK 0x0030). */
    readonly refused: number;
    /** Virtual-Address-Resolution rounds begun. */
    readonly virtualStarted: number;
    /** Virtual-Address-Resolutions re-sent. */
    readonly virtualRetries: number;
    /** Addresses resolved. */
    readonly virtualResolved: number;
    /** Addresses given up on. */
    readonly virtualFailed: number;
    /** Gauge: sends and resolutions waiting now (all queues). */
    readonly pending: number;
  };
  /** Calls of sendUnicast / sendBroadcast / resolveVmac: completed, and rejected by code. */
  readonly requests: {
    readonly completed: number;
    readonly failed: Readonly<Partial<Record<Bip6TransportErrorCode, number>>>;
  };
  /** Our VMAC. */
  readonly vmac: {
    /** Frames that carried our VMAC from another address. */
    readonly collisions: number;
    /** Random VMACs replaced. */
    readonly changes: number;
    /** Probe Address-Resolutions sent. */
    readonly probesSent: number;
    /** Other nodes' probes for our VMAC we answered. */
    readonly probesAnswered: number;
    /** Gauge: the VMAC is still being probed. */
    readonly probing: boolean;
  };
  /**
   * A foreign device's broadcasts the BBMD answered with a Distribute-Broadcast NAK (0x00C0,
   * it lost our registration): the re-registration starts at once and these are sent again
   * once it is confirmed.
   */
  readonly broadcastResend: {
    /** Broadcasts kept for a resend (one per NAK, up to the 8 most recent Distribute-Broadcasts). */
    readonly kept: number;
    /** Broadcasts sent again after the re-registration was confirmed. */
    readonly resent: number;
    /** Broadcasts given up on, by reason. */
    readonly dropped: Readonly<Record<BroadcastResendDropReason, number>>;
  };
  /** Relayed frames with a link-local original source. */
  readonly unreachableSources: number;
  /** BVLC-Results with a code Annex U does not define. */
  readonly unknownResults: number;
  /** Exceptions thrown by event listeners (caught). */
  readonly listenerErrors: number;
  /** NPDUs a full `messages()` buffer could not take. */
  readonly iteratorDrops: number;
  /** Datagrams the port refused (`port.send()` threw). */
  readonly portRefusals: number;
}

/** `stats()`: the transport's counters, the port's, the VMAC table's and the role's. */
export interface Bip6TransportStats {
  /** The transport's own counters. */
  readonly transport: TransportCounters;
  /** The datagram port's counters. */
  readonly port: Readonly<DatagramPortStats>;
  /** The VMAC table's sizes and counters. */
  readonly vmacTable: VmacTableStats;
  /** The BBMD's counters (BBMD role). */
  readonly bbmd?: BbmdStats;
  /** The foreign device's counters (foreign-device role). */
  readonly foreignDevice?: ForeignDeviceStats;
}
