/**
 * The duplicate probe of a random VMAC (H.7.2, annex-u.md §1): Address-Resolution for the
 * candidate, `attempts` times `intervalMs` apart, then one more interval of silence before the
 * candidate is taken. Any answer in between (an ACK, or any frame carrying the candidate from
 * another address) is the core's cue to pick another candidate and start over.
 */
export class ProbeSchedule {
  readonly #attempts: number;
  readonly #intervalMs: number;
  #sent = 0;
  #nextAt: number | undefined;

  constructor(attempts: number, intervalMs: number) {
    this.#attempts = attempts;
    this.#intervalMs = intervalMs;
  }

  /** True from {@link start} until the probe passed. */
  get active(): boolean {
    return this.#nextAt !== undefined;
  }

  /** When {@link step} has work. */
  get wakeAt(): number | undefined {
    return this.#nextAt;
  }

  /** Begins (or restarts, for a new candidate) the probe; the first Address-Resolution is due now. */
  start(now: number): void {
    this.#sent = 0;
    this.#nextAt = now;
  }

  /** Stops without a verdict (the transport closes). */
  cancel(): void {
    this.#nextAt = undefined;
  }

  /** `send`: send an Address-Resolution for the candidate now; `passed`: nobody answered, take it. */
  step(now: number): "send" | "passed" | undefined {
    if (this.#nextAt === undefined || now < this.#nextAt) return undefined;
    if (this.#sent < this.#attempts) {
      this.#sent++;
      this.#nextAt = now + this.#intervalMs;
      return "send";
    }
    this.#nextAt = undefined;
    return "passed";
  }
}
