/** Capped exponential backoff, every field present. */
export interface Backoff {
  /** Delay after the first unanswered attempt, ms. */
  readonly initialMs: number;
  /** Each further delay is the previous one times this (≥ 1). */
  readonly factor: number;
  /** Largest delay, ms. */
  readonly maxMs: number;
}

/** Delay after the `attempt`-th unanswered request (1-based): `initialMs × factor^(attempt-1)`, capped. */
export function backoffDelay(attempt: number, b: Backoff): number {
  const raw = b.initialMs * Math.pow(b.factor, Math.max(0, attempt - 1));
  return Number.isFinite(raw) ? Math.min(raw, b.maxMs) : b.maxMs;
}
