/** One logging method: a structured object first, then an optional message (pino's argument order). */
export type LogMethod = (obj: object, msg?: string) => void;

/**
 * What the transport logs to: the method shape of pino (and of any logger with `debug`,
 * `info`, `warn`, `error` taking `(obj, msg?)`), so a pino instance or child can be passed as is.
 */
export interface Logger {
  /** Per-datagram detail (drops, answers). */
  readonly debug: LogMethod;
  /** Lifecycle: open, close, registration, VMAC settled. */
  readonly info: LogMethod;
  /** Something a peer did wrong, or a collision. */
  readonly warn: LogMethod;
  /** Socket errors and listener failures. */
  readonly error: LogMethod;
}

function silent(): void {}

/** The default logger: discards everything. */
export const silentLogger: Logger = Object.freeze({ debug: silent, info: silent, warn: silent, error: silent });
