import type { TransportEventRecord } from "../core/actions.js";
import type { Logger } from "../logger.js";

/**
 * Logs an event at its level: what a peer did wrong or a collision as `warn`, lifecycle and
 * table changes as `info`, the rest (peers learned) as `debug`.
 */
export function logEvent(log: Logger, record: TransportEventRecord): void {
  const fields = { event: record.name, ...record.payload };
  switch (record.name) {
    case "vmac-collision":
    case "unknown-result":
    case "unreachable-source":
      log.warn(fields, record.name);
      break;
    case "vmac-changed":
    case "registration":
    case "bbmd":
    case "resolution-failed":
      log.info(fields, record.name);
      break;
    default:
      log.debug(fields, record.name);
  }
}
