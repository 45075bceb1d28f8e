import type { Budget, PendingRequest } from "./pending.js";
import { type Backoff, backoffDelay } from "./backoff.js";

/** One destination being resolved. */
export interface Resolution<T> {
  /** What is asked for (the VMAC, or the address). */
  readonly target: T;
  /** Waiting calls, oldest first. */
  readonly requests: PendingRequest[];
  /** Resolutions sent so far. */
  attempts: number;
  /** When the next one goes out. */
  nextAt: number;
  /** Calls that already expired (for the resolution-failed event). */
  expired: number;
}

/** What {@link ResolutionQueue.add} did. */
export type AddOutcome = "started" | "joined" | "full" | "full-for-key";

/** What {@link ResolutionQueue.due} found due at one time. */
export interface DueWork<T> {
  /** Calls whose deadline passed (removed from the queue). */
  readonly expired: PendingRequest[];
  /** Resolutions to send again now (attempts and nextAt already advanced). */
  readonly retry: Resolution<T>[];
  /** Resolutions with no call left: given up. */
  readonly gaveUp: Resolution<T>[];
}

/**
 * Calls waiting for one kind of resolution, keyed by destination (a VMAC, or an address key),
 * with retries on a capped backoff and a deadline per call. The shared {@link Budget} caps the
 * total; `perKey` caps one destination. Time only enters through the arguments.
 */
export class ResolutionQueue<K, T> {
  readonly #entries = new Map<K, Resolution<T>>();
  readonly #budget: Budget;
  readonly #backoff: Backoff;
  #wakeAt: number | undefined;
  #dirty = false;

  constructor(budget: Budget, backoff: Backoff) {
    this.#budget = budget;
    this.#backoff = backoff;
  }

  /** Destinations being resolved. */
  get size(): number {
    return this.#entries.size;
  }

  /** True when `key` is being resolved. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /**
   * Queues `request` for `key`. `started`: a new resolution (the caller sends the first
   * request, which counts as attempt 1); `joined`: one is under way; `full` / `full-for-key`:
   * refused, nothing changed.
   */
  add(key: K, target: T, request: PendingRequest, now: number): AddOutcome {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.requests.length >= this.#budget.perKey) return "full-for-key";
    if (!this.#budget.take()) return "full";
    this.#dirty = true;
    if (entry !== undefined) {
      entry.requests.push(request);
      return "joined";
    }
    this.#entries.set(key, {
      target,
      requests: [request],
      attempts: 1,
      nextAt: now + backoffDelay(1, this.#backoff),
      expired: 0,
    });
    return "started";
  }

  /** Removes the resolution of `key` and returns its waiting calls (empty when there is none). */
  take(key: K): PendingRequest[] {
    const entry = this.#entries.get(key);
    if (entry === undefined) return [];
    this.#entries.delete(key);
    this.#budget.release(entry.requests.length);
    this.#dirty = true;
    return entry.requests;
  }

  /** Removes every resolution and returns them, waiting calls included (for a refusal of all). */
  drain(): Resolution<T>[] {
    const all = [...this.#entries.values()];
    let n = 0;
    for (const e of all) n += e.requests.length;
    this.#budget.release(n);
    this.#entries.clear();
    this.#dirty = true;
    return all;
  }

  /** Removes everything; returns every waiting call. */
  clear(): PendingRequest[] {
    const all: PendingRequest[] = [];
    for (const e of this.#entries.values()) all.push(...e.requests);
    this.#budget.release(all.length);
    this.#entries.clear();
    this.#dirty = true;
    return all;
  }

  /** Expires, retries and gives up what is due at `now`. */
  due(now: number): DueWork<T> | undefined {
    const w = this.wakeAt;
    if (w === undefined || w > now) return undefined;
    const work: DueWork<T> = { expired: [], retry: [], gaveUp: [] };
    for (const [key, e] of this.#entries) {
      let kept = 0;
      for (const r of e.requests) {
        if (r.deadline <= now) work.expired.push(r);
        else e.requests[kept++] = r;
      }
      const gone = e.requests.length - kept;
      if (gone > 0) {
        e.requests.length = kept;
        e.expired += gone;
        this.#budget.release(gone);
      }
      if (kept === 0) {
        this.#entries.delete(key);
        work.gaveUp.push(e);
      } else if (e.nextAt <= now) {
        e.attempts++;
        e.nextAt = now + backoffDelay(e.attempts, this.#backoff);
        work.retry.push(e);
      }
    }
    this.#dirty = true;
    return work;
  }

  /** The earliest retry or deadline, ms; `undefined` when nothing waits. */
  get wakeAt(): number | undefined {
    if (this.#dirty) {
      let w: number | undefined;
      for (const e of this.#entries.values()) {
        if (w === undefined || e.nextAt < w) w = e.nextAt;
        for (const r of e.requests) if (r.deadline < w) w = r.deadline;
      }
      this.#wakeAt = w;
      this.#dirty = false;
    }
    return this.#wakeAt;
  }
}
