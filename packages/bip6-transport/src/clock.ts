/**
 * Time and timers for the transport shell. The core never reads time itself: the shell asks
 * this clock and passes `now` in. Inject {@link ManualClock} (or your own) in tests.
 */
export interface Clock {
  /** Monotonic time in milliseconds (any origin). */
  now(): number;
  /** Calls `callback` after `ms` milliseconds; returns a handle for {@link clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer set by {@link setTimeout} (a handle already fired or cleared is ignored). */
  clearTimeout(handle: unknown): void;
}

const perf: { now(): number } = globalThis.performance;

/**
 * The default clock: `performance.now()` (monotonic, so a wall-clock step cannot expire every
 * table entry at once) and the global timers, which exist in Node and in browsers.
 */
export const systemClock: Clock = {
  // `performance` is read once, at load: in Node the global is a lazy getter, run on every access.
  now: () => perf.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
