import { FDT_GRACE_SECONDS, MAX_TIME_TO_LIVE } from "./constants.js";
import { describeValue } from "./describe.js";

/**
 * Largest `now` (ms, either sign) the bip6 state machines accept: `Number.MAX_SAFE_INTEGER`
 * minus the longest registration lifetime, (65535 + 30) s. Up to here every time they
 * schedule (`now + (TTL + 30) s` at most) is still an exact integer of ms; far beyond it
 * (from about 5.9e20 ms) such sums round back to `now` and a fresh registration would expire
 * at once. That is 285 000 years of `performance.now()`, so only a broken clock gets there.
 */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER - (MAX_TIME_TO_LIVE + FDT_GRACE_SECONDS) * 1000;

/**
 * Why `now` is not a time a state machine can compute with, or `undefined` when it is: the
 * one clock check bbmd6 and foreign-device6 (and the transport core) share.
 *
 * @example
 * ```ts
 * timeProblem(1_000); // undefined
 * timeProblem(Number.NaN); // "now must be a finite number of ms, got NaN"
 * ```
 */
export function timeProblem(now: unknown): string | undefined {
  // One range test on the hot path; it is false for NaN and ±Infinity too.
  if (typeof now === "number" && now >= -MAX_TIME_MS && now <= MAX_TIME_MS) return undefined;
  if (typeof now !== "number" || !Number.isFinite(now)) {
    return `now must be a finite number of ms, got ${describeValue(now)}`;
  }
  return `now must be within ±${MAX_TIME_MS} ms (MAX_TIME_MS), got ${describeValue(now)}: timers would lose precision`;
}
