import { FDT_GRACE_SECONDS, MAX_TIME_TO_LIVE } from "@bip6/bvll6-codec";
import { describe } from "./describe.js";

/**
 * Largest `now` (ms, either sign) the foreign device accepts: `Number.MAX_SAFE_INTEGER`
 * minus the longest registration lifetime, (65535 + 30) s, the same bound as `@bip6/bbmd6`.
 * Up to here every time it schedules (`now + TTL + 30 s` at most, or a retry) is still an
 * exact integer of ms; near the float limit such sums round back to `now`. Only a broken
 * clock gets there (285 000 years of `performance.now()`): such a call is `INVALID_TIME`.
 */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER - (MAX_TIME_TO_LIVE + FDT_GRACE_SECONDS) * 1000;

/** Why `now` is not a time the foreign device can compute with, or `undefined` when it is. */
export function timeProblem(now: unknown): string | undefined {
  // One range test on the hot path; it is false for NaN and ±Infinity too.
  if (typeof now === "number" && now >= -MAX_TIME_MS && now <= MAX_TIME_MS) return undefined;
  if (typeof now !== "number" || !Number.isFinite(now))
    return `now must be a finite number of ms, got ${describe(now)}`;
  return `now must be within ±${MAX_TIME_MS} ms (MAX_TIME_MS), got ${describe(now)}: timers would lose precision`;
}
