/**
 * Any value the transport hands out (stats, snapshots, log fields) as a JSON-ready value:
 * octets as hex, addresses as `[ip]:port` text (their `toJSON`), errors as
 * `{ name, code, message }`, bigints as decimal text; cycles and functions dropped.
 *
 * @module
 */
import { bytesToHex } from "@bip6/bvll6-codec";

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Converts `value` (see the module doc); `undefined` fields are left out of objects. */
export function toJsonValue(value: unknown, seen: Set<object> = new Set()): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return null;
  }
  const obj = value as object;
  if (obj instanceof Uint8Array) return bytesToHex(obj);
  if (obj instanceof Error) {
    const code = (obj as { code?: unknown }).code;
    return { name: obj.name, ...(typeof code === "string" ? { code } : {}), message: obj.message };
  }
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return toJsonValue(toJSON.call(obj), seen);
  if (seen.has(obj)) return null;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v) => toJsonValue(v, seen));
    if (obj instanceof Map) return Object.fromEntries([...obj].map(([k, v]) => [String(k), toJsonValue(v, seen)]));
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined || typeof v === "function") continue;
      out[k] = toJsonValue(v, seen);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}
