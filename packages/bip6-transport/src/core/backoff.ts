/** Capped exponential backoff, every field present. */
export interface Backoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

/** Delay after the `attempt`-th unanswered request (1-based): `initialMs × factor^(attempt-1)`, capped. */
export function backoffDelay(attempt: number, b: Backoff): number {
  const raw = b.initialMs * Math.pow(b.factor, Math.max(0, attempt - 1));
  return Number.isFinite(raw) ? Math.min(raw, b.maxMs) : b.maxMs;
}
