import type { Clock } from "../clock.js";

/**
 * The shell's one timer, re-armed for the core's next wake-up after every step. Arming it for
 * the time it is armed for already costs nothing; after {@link stop} it is never armed again.
 */
export class WakeTimer {
  readonly #clock: Clock;
  readonly #fire: () => void;
  #handle: unknown;
  #at: number | undefined;
  #stopped = false;

  /** `fire` runs when the time comes (the timer is disarmed by then). */
  constructor(clock: Clock, fire: () => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** Arms the timer for `at` (ms on the clock), or disarms it for `undefined`. */
  arm(at: number | undefined): void {
    if (this.#stopped || at === this.#at) return;
    const clock = this.#clock;
    if (this.#handle !== undefined) clock.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#at = at;
    if (at === undefined) return;
    this.#handle = clock.setTimeout(
      () => {
        this.#handle = undefined;
        this.#at = undefined;
        this.#fire();
      },
      Math.max(0, at - clock.now()),
    );
  }

  /** Disarms the timer for good. */
  stop(): void {
    this.#stopped = true;
    if (this.#handle !== undefined) this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#at = undefined;
  }
}
