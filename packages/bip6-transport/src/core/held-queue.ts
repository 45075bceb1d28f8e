import type { Budget, PendingRequest } from "./pending.js";

/**
 * Calls held until the transport can act on them: its random VMAC is still being probed, or a
 * foreign device's broadcast waits for registration. FIFO, shared {@link Budget}, deadline per call.
 */
export class HeldQueue {
  #items: PendingRequest[] = [];
  readonly #budget: Budget;

  constructor(budget: Budget) {
    this.#budget = budget;
  }

  /** Calls held. */
  get size(): number {
    return this.#items.length;
  }

  /** Held broadcasts. */
  get broadcasts(): number {
    let n = 0;
    for (const r of this.#items) if (r.kind === "broadcast") n++;
    return n;
  }

  /** Holds `request`; false (nothing changed) when the budget is spent. */
  add(request: PendingRequest): boolean {
    if (!this.#budget.take()) return false;
    this.#items.push(request);
    return true;
  }

  /** Removes and returns, in order, the held calls `ready` accepts. */
  release(ready: (r: PendingRequest) => boolean): PendingRequest[] {
    if (this.#items.length === 0) return [];
    const out: PendingRequest[] = [];
    const keep: PendingRequest[] = [];
    for (const r of this.#items) (ready(r) ? out : keep).push(r);
    this.#items = keep;
    this.#budget.release(out.length);
    return out;
  }

  /** Removes and returns the calls whose deadline passed by `now`. */
  expire(now: number): PendingRequest[] {
    return this.release((r) => r.deadline <= now);
  }

  /** Removes and returns everything. */
  clear(): PendingRequest[] {
    return this.release(() => true);
  }

  /** The earliest deadline, ms. */
  get wakeAt(): number | undefined {
    let w: number | undefined;
    for (const r of this.#items) if (w === undefined || r.deadline < w) w = r.deadline;
    return w;
  }
}
