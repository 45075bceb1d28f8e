import type { Bip6Address } from "@bip6/bvll6-codec";

/**
 * A per-source fan-out budget: a token bucket per originating address. Every input that
 * fans out (Original-Broadcast-NPDU, Distribute-Broadcast-To-Network, a forwarded
 * Address-Resolution, a relayed Forwarded-NPDU or Forwarded-Address-Resolution) takes one
 * token from its originator's bucket; with none left it is dropped (`over-budget`).
 */
export interface FanOutBudgetPolicy {
  /** Tokens each source gets back per second (sustained fan-outs per second), > 0. Default 200. */
  readonly perSourcePerSecond?: number;
  /** Bucket size: fan-outs a source may make at once after being quiet, integer ≥ 1. Default 2000. */
  readonly burst?: number;
  /**
   * Sources tracked at once, integer 1–1 048 576. Beyond it an old source not seen lately is
   * forgotten (CLOCK, an O(1) approximation of least recently seen); it starts with a full
   * bucket when it comes back. Default 4096.
   */
  readonly maxSources?: number;
}

/** A {@link FanOutBudgetPolicy} with every field checked and filled in. */
export type ResolvedFanOutBudget = Readonly<Required<FanOutBudgetPolicy>>;

/**
 * The default budget. It never bites normal BACnet traffic: a node broadcasts a handful of
 * times a minute, and the largest bursts from one address are a router re-broadcasting the
 * I-Am answers of a whole network to one global Who-Is (hundreds to a couple of thousand at
 * once), which `burst` covers. 200/s sustained is far above any healthy device; a Who-Is
 * storm of a few hundred per second from one faulty device passes for its first seconds
 * (until the burst is spent) and is then held to 200/s, so it can no longer multiply into
 * every peer and foreign device at full rate.
 */
export const DEFAULT_FAN_OUT_BUDGET: ResolvedFanOutBudget = Object.freeze({
  perSourcePerSecond: 200,
  burst: 2000,
  maxSources: 4096,
});

/** Largest accepted `maxSources`. */
export const MAX_FAN_OUT_SOURCES_LIMIT = 1 << 20;

/**
 * A source's `fan-out-throttled` event is reported at most once per this many ms (the
 * first drop reports at once), so a flood costs a bounded number of events.
 */
export const FAN_OUT_REPORT_INTERVAL_MS = 10_000;

/** One source's bucket. */
interface Bucket {
  /** Tokens left (fractional while refilling). */
  tokens: number;
  /** When `tokens` was last brought up to date, ms. */
  at: number;
  /** Inputs dropped since the last report. */
  dropped: number;
  /** When the last `fan-out-throttled` event for this source was reported, ms. */
  reportedAt: number;
  /** Seen since eviction last passed it: it gets a second chance (CLOCK). */
  referenced: boolean;
}

/**
 * How many of the oldest sources one eviction may pass over (giving each recently seen one
 * a second chance) before it evicts regardless: this bounds the eviction at O(1).
 */
const EVICTION_SCAN = 4;

/** What {@link FanOutBuckets.take} says about one input. */
export type BudgetVerdict =
  /** Within budget: fan it out. */
  | { readonly ok: true }
  /** Over budget: drop it; `report` holds the drops to report now, if a report is due. */
  | { readonly ok: false; readonly report: number | undefined };

const OK: BudgetVerdict = Object.freeze({ ok: true });
const THROTTLED: BudgetVerdict = Object.freeze({ ok: false, report: undefined });

/**
 * Token buckets keyed by the originator's 18 wire octets, at most `maxSources` of them, in a
 * `Map` kept in insertion order. Eviction is CLOCK (second chance), an O(1) approximation of
 * least-recently-seen: a hit only marks its bucket, and an eviction passes over at most
 * {@link EVICTION_SCAN} marked buckets at the old end (unmarking and re-queueing them)
 * before it drops one. Moving every hit to the end of the `Map` instead would cost a delete
 * and an insert per input, several times the rest of the check.
 */
export class FanOutBuckets {
  readonly #policy: ResolvedFanOutBudget;
  /** Tokens per ms. */
  readonly #rate: number;
  readonly #buckets = new Map<string, Bucket>();

  /** Empty buckets for `policy`. */
  constructor(policy: ResolvedFanOutBudget) {
    this.#policy = policy;
    this.#rate = policy.perSourcePerSecond / 1000;
  }

  /** Sources currently tracked. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token from `source`'s bucket at time `t` (ms, never decreasing). */
  take(source: Bip6Address, t: number): BudgetVerdict {
    const key = source.key;
    const buckets = this.#buckets;
    const b = buckets.get(key);
    if (b === undefined) {
      if (buckets.size >= this.#policy.maxSources) this.#evict();
      buckets.set(key, {
        tokens: this.#policy.burst - 1,
        at: t,
        dropped: 0,
        reportedAt: Number.NEGATIVE_INFINITY,
        referenced: false,
      });
      return OK;
    }
    b.referenced = true;
    if (t > b.at) {
      b.tokens = Math.min(this.#policy.burst, b.tokens + (t - b.at) * this.#rate);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return OK;
    }
    b.dropped++;
    if (t - b.reportedAt < FAN_OUT_REPORT_INTERVAL_MS) return THROTTLED;
    const report = b.dropped;
    b.dropped = 0;
    b.reportedAt = t;
    return { ok: false, report };
  }

  /** Drops one bucket: the oldest not seen since the last pass, or the last one scanned. */
  #evict(): void {
    const buckets = this.#buckets;
    for (let scanned = 1; ; scanned++) {
      const oldest = buckets.entries().next();
      if (oldest.done === true) return;
      const [key, bucket] = oldest.value;
      buckets.delete(key);
      if (!bucket.referenced || scanned === EVICTION_SCAN) return;
      bucket.referenced = false;
      buckets.set(key, bucket);
    }
  }
}
