/**
 * The JSON Lines schema of `bip6`'s standard output: one object per line, each with `type` and
 * `time`, built here and nowhere else so the schema stays what the README documents.
 *
 * Conventions: VMACs are six lowercase hex digits (`"0004d2"`); B/IPv6 addresses are RFC 5952
 * text with the port (`"[fd00:1::2]:47808"`, a zone as `%eth0` inside the brackets); octets
 * (NPDUs) are lowercase hex without separators; BVLC result codes are `"0x0090"` text; times are
 * ISO 8601 UTC with milliseconds. Fields that do not apply are left out, never `null`.
 *
 * @module
 */
import type {
  Bip6TransportEvents,
  PeerEvent,
  ReceivedNpdu,
  ResolutionFailedEvent,
  TransportBbmdEvent,
  UnknownResultEvent,
  UnreachableSourceEvent,
  VmacChangedEvent,
  VmacCollisionEvent,
} from "@bip6/bip6-transport";
import { type Bip6Address, bytesToHex, formatVmac, type Vmac } from "@bip6/bvll6-codec";
import { type JsonValue, toJsonValue } from "./json-value.js";

/** Version of this schema, printed in the `ready` record; raised when a field changes meaning or goes away. */
export const SCHEMA_VERSION = 1;

/** The events printed, in the order the README lists them. */
export const PRINTED_EVENTS = [
  "npdu",
  "peer",
  "vmac-collision",
  "vmac-changed",
  "registration",
  "bbmd",
  "resolution-failed",
  "unknown-result",
  "unreachable-source",
  "error",
  "close",
] as const satisfies readonly (keyof Bip6TransportEvents)[];

/** Every `type` a line can have. */
export const RECORD_TYPES = [
  "ready",
  ...PRINTED_EVENTS,
  "sent",
  "send-failed",
  "resolved",
  "resolve-failed",
  "status",
  "command-error",
  "stopping",
  "stats",
] as const;

/** One of {@link RECORD_TYPES}. */
export type RecordType = (typeof RECORD_TYPES)[number];

/** A line of output: `type` first, `time` second, then the record's fields. */
export interface OutputRecord {
  /** What the line is. */
  readonly type: RecordType;
  /** When it was written. */
  readonly time: string;
  /** The record's fields. */
  readonly [field: string]: JsonValue;
}

/** Turns the transport's clock readings (ms, `performance.now()` origin) into wall-clock text. */
export type WallClock = (at: number) => string;

/** The default {@link WallClock}: the transport's clock is `performance.now()`. */
export const performanceWallClock: WallClock = (at) => new Date(performance.timeOrigin + at).toISOString();

/** `0x0090`. */
export function resultCodeText(code: number): string {
  return `0x${code.toString(16).padStart(4, "0")}`;
}

/** A record of `type` with `fields`, stamped now. */
export function record(
  type: RecordType,
  fields: { readonly [field: string]: JsonValue | undefined } = {},
): OutputRecord {
  const out: Record<string, JsonValue> = { type, time: new Date().toISOString() };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as unknown as OutputRecord;
}

const vmac = (v: Vmac | undefined): string | undefined => (v === undefined ? undefined : formatVmac(v));
const addr = (a: Bip6Address | undefined): string | undefined => (a === undefined ? undefined : a.toString());

/** `npdu`: a received NPDU. */
export function npduRecord(m: ReceivedNpdu): OutputRecord {
  return record("npdu", {
    sourceVmac: formatVmac(m.sourceVmac),
    source: m.source.toString(),
    broadcast: m.broadcast,
    via: m.via,
    relayedBy: addr(m.relayedBy),
    npdu: bytesToHex(m.npdu),
  });
}

function peerRecord(e: PeerEvent): OutputRecord {
  return record("peer", {
    change: e.change,
    vmac: formatVmac(e.vmac),
    address: e.address.toString(),
    previous: addr(e.previous),
    displacedVmac: vmac(e.displacedVmac),
  });
}

function collisionRecord(e: VmacCollisionEvent): OutputRecord {
  return record("vmac-collision", {
    vmac: formatVmac(e.vmac),
    from: e.from.toString(),
    frame: e.frame,
    action: e.action,
  });
}

function changedRecord(e: VmacChangedEvent): OutputRecord {
  return record("vmac-changed", { previous: formatVmac(e.previous), vmac: formatVmac(e.vmac), reason: e.reason });
}

/** Registration events: `event` is the foreign device's event type (`state`, `confirmed`, `refused`). */
function registrationRecord(e: Bip6TransportEvents["registration"], wall: WallClock): OutputRecord {
  const any = e as { readonly type: string; readonly resultCode?: number };
  switch (e.type) {
    case "state":
      return record("registration", { event: "state", from: e.from, to: e.to, reason: e.reason });
    case "confirmed":
      return record("registration", {
        event: "confirmed",
        renewAt: wall(e.renewAt),
        expiresAt: wall(e.expiresAt),
        lostAt: wall(e.lostAt),
      });
    case "refused":
      return record("registration", {
        event: "refused",
        resultCode: resultCodeText(e.resultCode),
        retryAt: wall(e.retryAt),
      });
    default:
      // Kinds a later foreign device may add: their name and result code, if any.
      return record("registration", {
        event: any.type,
        resultCode: any.resultCode === undefined ? undefined : resultCodeText(any.resultCode),
      });
  }
}

function bbmdRecord(e: TransportBbmdEvent, wall: WallClock): OutputRecord {
  switch (e.type) {
    case "fdt-added":
      return record("bbmd", {
        event: "fdt-added",
        address: e.address.toString(),
        vmac: formatVmac(e.vmac),
        ttl: e.timeToLive,
        expiresAt: wall(e.expiresAt),
      });
    case "fdt-removed":
      return record("bbmd", {
        event: "fdt-removed",
        address: e.address.toString(),
        vmac: formatVmac(e.vmac),
        reason: e.reason,
      });
    case "registration-refused":
      return record("bbmd", { event: "registration-refused", address: e.address.toString(), reason: e.reason });
    case "fan-out-throttled":
      return record("bbmd", { event: "fan-out-throttled", address: e.address.toString(), dropped: e.dropped });
    default: {
      const other = e as { readonly type: string; readonly address?: Bip6Address };
      return record("bbmd", { event: other.type, address: addr(other.address) });
    }
  }
}

function resolutionFailedRecord(e: ResolutionFailedEvent): OutputRecord {
  return record("resolution-failed", {
    kind: e.kind,
    vmac: vmac(e.vmac),
    address: addr(e.address),
    attempts: e.attempts,
    requests: e.requests,
  });
}

function unknownResultRecord(e: UnknownResultEvent): OutputRecord {
  return record("unknown-result", {
    resultCode: resultCodeText(e.resultCode),
    from: e.from.toString(),
    sourceVmac: formatVmac(e.sourceVmac),
  });
}

function unreachableRecord(e: UnreachableSourceEvent): OutputRecord {
  return record("unreachable-source", {
    source: e.source.toString(),
    sourceVmac: formatVmac(e.sourceVmac),
    relayedBy: e.relayedBy.toString(),
    frame: e.frame,
  });
}

/** The record for one transport event (every name of `TRANSPORT_EVENT_NAMES`). */
export function eventRecord<K extends keyof Bip6TransportEvents>(
  name: K,
  event: Bip6TransportEvents[K],
  wall: WallClock = performanceWallClock,
): OutputRecord {
  const e: unknown = event;
  switch (name) {
    case "npdu":
      return npduRecord(e as ReceivedNpdu);
    case "peer":
      return peerRecord(e as PeerEvent);
    case "vmac-collision":
      return collisionRecord(e as VmacCollisionEvent);
    case "vmac-changed":
      return changedRecord(e as VmacChangedEvent);
    case "registration":
      return registrationRecord(e as Bip6TransportEvents["registration"], wall);
    case "bbmd":
      return bbmdRecord(e as TransportBbmdEvent, wall);
    case "resolution-failed":
      return resolutionFailedRecord(e as ResolutionFailedEvent);
    case "unknown-result":
      return unknownResultRecord(e as UnknownResultEvent);
    case "unreachable-source":
      return unreachableRecord(e as UnreachableSourceEvent);
    case "error": {
      const err = e as Error & { code?: unknown };
      return record("error", { code: typeof err.code === "string" ? err.code : undefined, message: err.message });
    }
    case "close":
      return record("close");
    default:
      // An event a later transport adds: its name as `event` and its fields as they are.
      return record("error", {
        code: "UNKNOWN_EVENT",
        message: `unknown transport event ${String(name)}`,
        event: toJsonValue(event),
      });
  }
}
