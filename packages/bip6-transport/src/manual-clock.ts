import type { MemoryNetwork } from "@bip6/bip6-socket/memory";
import type { Clock } from "./clock.js";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** Options of {@link ManualClock}. */
export interface ManualClockOptions {
  /**
   * A memory network to move in step: the clock then reads the network's time, and
   * {@link ManualClock.advance} delivers datagrams and fires timers in one time order.
   */
  readonly network?: MemoryNetwork;
  /** Start time (ms) when there is no network. Default 0. */
  readonly startTime?: number;
}

/**
 * A clock that moves only when told to, for deterministic tests and examples. Linked to a
 * `MemoryNetwork`, it shares the network's time, so one {@link advance} moves datagrams and
 * timers together: a retry due at 500 ms goes out after every datagram due before it was
 * delivered, exactly as it would on a real network with those delays.
 *
 * @example
 * ```ts
 * const net = new MemoryNetwork({ delivery: "manual" });
 * const clock = new ManualClock({ network: net });
 * // ... open transports with { datagramPort: net.createPort(host), clock }
 * clock.advance(1000); // one simulated second: deliveries, retries, deadlines
 * ```
 */
export class ManualClock implements Clock {
  readonly #network: MemoryNetwork | undefined;
  readonly #timers = new Map<number, Timer>();
  #now: number;
  #seq = 0;

  constructor(options: ManualClockOptions = {}) {
    this.#network = options.network;
    this.#now = options.startTime ?? 0;
  }

  /** Current time, ms (the network's when linked). */
  now(): number {
    return this.#network === undefined ? this.#now : this.#network.now;
  }

  /** Schedules `callback` at `now() + ms` (negative or NaN delays count as 0). */
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = ++this.#seq;
    const delay = ms > 0 ? ms : 0;
    this.#timers.set(handle, { at: this.now() + delay, seq: handle, callback });
    return handle;
  }

  /** Cancels a timer; unknown handles are ignored. */
  clearTimeout(handle: unknown): void {
    if (typeof handle === "number") this.#timers.delete(handle);
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms` (0: only what is due now). On the way, in time order, it
   * delivers the linked network's datagrams and fires every timer whose time has come,
   * including timers and datagrams those cause, until nothing is due at the target time.
   */
  advance(ms: number): void {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance() needs a finite number of ms >= 0, got ${String(ms)}`);
    }
    const target = this.now() + ms;
    for (;;) {
      const next = this.#earliest();
      const stepTo = next !== undefined && next.at <= target ? next.at : target;
      this.#moveTo(stepTo);
      let fired = false;
      for (let t = this.#earliest(); t !== undefined && t.at <= this.now(); t = this.#earliest()) {
        this.#timers.delete(t.seq);
        t.callback();
        fired = true;
      }
      // Timers may have sent datagrams due now: deliver them before looking again.
      const delivered = this.#network?.flush() ?? 0;
      if (stepTo >= target && !fired && delivered === 0) return;
    }
  }

  #moveTo(at: number): void {
    if (this.#network === undefined) {
      if (at > this.#now) this.#now = at;
    } else {
      this.#network.advance(Math.max(0, at - this.#network.now));
    }
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers.values()) {
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
