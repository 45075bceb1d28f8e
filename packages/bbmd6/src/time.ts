import { FDT_GRACE_SECONDS, MAX_TIME_TO_LIVE } from "@bip6/bvll6-codec";
import { describe } from "./describe.js";

/**
 * Largest `now` (ms, either sign) the BBMD accepts: `Number.MAX_SAFE_INTEGER` minus the
 * longest FDT lifetime, (65535 + 30) s. Up to here every expiry `now + (TTL + 30) s` is
 * still an exact integer of ms; far beyond it (from about 5.9e20 ms) the sum rounds back
 * to `now` and a fresh registration would expire at once. That is 285 000 years of
 * `performance.now()`, so only a broken clock reaches it: such a call is `INVALID_TIME`.
 */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER - (MAX_TIME_TO_LIVE + FDT_GRACE_SECONDS) * 1000;

/** Why `now` is not a time the BBMD can compute with, or `undefined` when it is. */
export function timeProblem(now: unknown): string | undefined {
  // One range test on the hot path; it is false for NaN and ±Infinity too.
  if (typeof now === "number" && now >= -MAX_TIME_MS && now <= MAX_TIME_MS) return undefined;
  if (typeof now !== "number" || !Number.isFinite(now))
    return `now must be a finite number of ms, got ${describe(now)}`;
  return `now must be within ±${MAX_TIME_MS} ms (MAX_TIME_MS), got ${describe(now)}: expiries would lose precision`;
}
