import { Bvll6Function, type Bvll6DecodeErrorCode, type Bvll6FrameKind } from "@bip6/bvll6-codec";
import type { Bip6TransportErrorCode } from "../errors.js";
import type { BroadcastResendDropReason, DropReason, TransportCounters, TransportDropReason } from "../stats.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * The transport's counters, mutable inside the package; `snapshotCounters()` hands out copies.
 * The two gauges (`resolution.pending`, `vmac.probing`) are not kept here: they are read off
 * the core's state when a snapshot is taken.
 */
export type Counters = Mutable<
  Omit<TransportCounters, "dropped" | "requests" | "sent" | "resolution" | "vmac" | "broadcastResend">
> & {
  broadcastResend: { kept: number; resent: number; dropped: Record<BroadcastResendDropReason, number> };
  resolution: Mutable<Omit<TransportCounters["resolution"], "pending">>;
  vmac: Mutable<Omit<TransportCounters["vmac"], "probing">>;
  dropped: Record<TransportDropReason, number> & Partial<Record<DropReason, number>>;
  requests: { completed: number; failed: Partial<Record<Bip6TransportErrorCode, number>> };
  /**
   * Datagrams sent by function code (index 0x00–0x0C; 13 for any other): an index the shell
   * reads off the encoded octets, cheaper per datagram of a fan-out than a keyed count.
   */
  sentByCode: number[];
};

const KINDS: readonly Bvll6FrameKind[] = [...(Object.keys(Bvll6Function) as Bvll6FrameKind[]), "Unknown"];
const DECODE_CODES: readonly Bvll6DecodeErrorCode[] = [
  "TRUNCATED_HEADER",
  "WRONG_BVLC_TYPE",
  "LENGTH_MISMATCH",
  "TOO_SHORT",
  "TOO_LONG",
];
const TRANSPORT_DROPS: readonly TransportDropReason[] = [
  "malformed",
  "own",
  "own-relayed",
  "invalid-original-source",
  "unicast-only",
  "multicast-only",
  "relay-not-trusted",
  "not-for-me",
  "vmac-collision",
  "secure-bvll",
  "unknown-function",
  "confirmed-request-broadcast",
  "unexpected-result",
  "unreachable-asker",
  "probing",
];

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/** Fresh counters, every fixed key present (so JSON output lists every function and reason). */
export function newCounters(): Counters {
  return {
    received: zeros(KINDS),
    sentByCode: new Array<number>(KINDS.length).fill(0),
    malformed: zeros(DECODE_CODES),
    dropped: zeros(TRANSPORT_DROPS),
    delivered: { unicast: 0, broadcast: 0 },
    resolution: {
      started: 0,
      retries: 0,
      resolved: 0,
      failed: 0,
      refused: 0,
      virtualStarted: 0,
      virtualRetries: 0,
      virtualResolved: 0,
      virtualFailed: 0,
    },
    requests: { completed: 0, failed: {} },
    vmac: { collisions: 0, changes: 0, probesSent: 0, probesAnswered: 0 },
    broadcastResend: { kept: 0, resent: 0, dropped: { cap: 0, refused: 0, deadline: 0, closed: 0 } },
    unreachableSources: 0,
    unknownResults: 0,
    listenerErrors: 0,
    iteratorDrops: 0,
    portRefusals: 0,
  };
}

/** The gauges a snapshot reads off the core's state. */
export interface Gauges {
  /** Calls waiting now (all queues). */
  readonly pending: number;
  /** The VMAC is still being probed. */
  readonly probing: boolean;
}

/** A deep copy with the gauges filled in, frozen, for `stats()`. */
export function snapshotCounters(c: Counters, gauges: Gauges): TransportCounters {
  const { sentByCode, ...rest } = c;
  const sent = zeros(KINDS);
  KINDS.forEach((kind, i) => (sent[kind] = sentByCode[i] as number));
  return Object.freeze({
    ...rest,
    received: Object.freeze({ ...c.received }),
    sent: Object.freeze(sent),
    malformed: Object.freeze({ ...c.malformed }),
    dropped: Object.freeze({ ...c.dropped }),
    delivered: Object.freeze({ ...c.delivered }),
    resolution: Object.freeze({ ...c.resolution, pending: gauges.pending }),
    requests: Object.freeze({ completed: c.requests.completed, failed: Object.freeze({ ...c.requests.failed }) }),
    vmac: Object.freeze({ ...c.vmac, probing: gauges.probing }),
    broadcastResend: Object.freeze({
      ...c.broadcastResend,
      dropped: Object.freeze({ ...c.broadcastResend.dropped }),
    }),
  });
}

/** Counts a drop by reason (role reasons get their key on first use). */
export function countDrop(c: Counters, reason: DropReason): void {
  c.dropped[reason] = (c.dropped[reason] ?? 0) + 1;
}
