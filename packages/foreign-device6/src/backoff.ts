import type { RetryPolicy } from "./config.js";

/**
 * Delay after the `attempt`-th unanswered Register (1-based): `initialMs × factor^(attempt-1)`,
 * capped at `maxMs`. Large attempt numbers saturate at the cap instead of overflowing.
 */
export function retryDelay(attempt: number, policy: Readonly<Required<RetryPolicy>>): number {
  const raw = policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt - 1));
  return Number.isFinite(raw) ? Math.min(raw, policy.maxMs) : policy.maxMs;
}

/**
 * When to send the next Register after one was sent at `sentAt` as attempt `attempt`.
 *
 * With `lastChanceAt` (a renewal of a live registration), the backoff may not jump past it:
 * one attempt always lands shortly before the BBMD's TTL runs out. Once `sentAt` is at or past
 * that point the plain backoff applies again.
 */
export function nextAttemptAt(
  sentAt: number,
  attempt: number,
  policy: Readonly<Required<RetryPolicy>>,
  lastChanceAt: number | undefined,
): number {
  const next = sentAt + retryDelay(attempt, policy);
  if (lastChanceAt !== undefined && lastChanceAt > sentAt && next > lastChanceAt) return lastChanceAt;
  return next;
}
