/**
 * `--log LEVEL`: the transport's logger (pino's method shape) writing one JSON object per line
 * to stderr, so stdout stays the JSON Lines records alone.
 *
 * @module
 */
import type { Logger, LogMethod } from "@bip6/bip6-transport";
import { toJsonValue } from "./json-value.js";

/** The levels `--log` takes, from the most detailed. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Something lines can be written to (stderr). */
export interface LineSink {
  /** Writes one chunk. */
  write(chunk: string): unknown;
}

/**
 * A logger that writes `{"level":"warn","time":"…","msg":"…",…fields}` lines to `sink` for
 * `level` and above, and discards the rest.
 */
export function stderrLogger(level: LogLevel, sink: LineSink): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const method = (name: LogLevel): LogMethod => {
    if (LOG_LEVELS.indexOf(name) < min) return () => {};
    return (obj, msg) => {
      const fields = toJsonValue(obj);
      const line = {
        level: name,
        time: new Date().toISOString(),
        ...(msg === undefined ? {} : { msg }),
        ...(typeof fields === "object" && fields !== null && !Array.isArray(fields) ? fields : { value: fields }),
      };
      sink.write(`${JSON.stringify(line)}\n`);
    };
  };
  return { debug: method("debug"), info: method("info"), warn: method("warn"), error: method("error") };
}
