import type { DecodedField, FieldValue } from "../fields/field.js";
import { fieldGetter } from "../fields/lookup.js";
import { jsonFieldText } from "../fields/text.js";
import type { FrameContext } from "../frame-context.js";

function pad(depth: number): string {
  return "  ".repeat(depth);
}

/** Writes the members of one object: a field is `"name": "value"` plus `"name_tree": {…}` when it has children. */
function members(fields: readonly DecodedField[], depth: number): string {
  const parts: string[] = [];
  for (const f of fields) {
    const key = f.name === "" ? f.label : f.name;
    const hasChildren = f.children !== undefined && f.children.length > 0;
    if (isLayer(f)) {
      parts.push(`${pad(depth)}${JSON.stringify(key)}: ${object(f.children ?? [], depth)}`);
      continue;
    }
    parts.push(`${pad(depth)}${JSON.stringify(key)}: ${JSON.stringify(jsonFieldText(f.name, f.value))}`);
    if (hasChildren) parts.push(`${pad(depth)}${JSON.stringify(`${key}_tree`)}: ${object(f.children ?? [], depth)}`);
  }
  return parts.join(",\n");
}

/** A protocol layer: a field whose name has no dot and no value of its own. */
function isLayer(f: DecodedField): boolean {
  return f.value === "" && !f.name.includes(".") && f.name !== "";
}

function object(fields: readonly DecodedField[], depth: number): string {
  if (fields.length === 0) return "{}";
  return `{\n${members(fields, depth + 1)}\n${pad(depth)}}`;
}

/** The array element around a packet's `layers` object text: `_index` of its UTC date, `_type`, `_score`, `_source`. */
function packet(layers: string, seconds: number): string {
  const day = new Date(seconds * 1000).toISOString().slice(0, 10);
  return (
    `  {\n    "_index": "packets-${day}",\n    "_type": "doc",\n    "_score": null,\n    "_source": {\n` +
    `      "layers": ${layers}\n    }\n  }`
  );
}

/**
 * One packet as an element of tshark's `-T json` array: `_index` (`packets-YYYY-MM-DD` of the
 * frame's UTC date), `_type`, `_score`, and `_source.layers` with one object per protocol,
 * values as strings. Indented as tshark does, without the separating comma.
 */
export function formatTsharkJsonPacket(layers: readonly DecodedField[], seconds: number): string {
  return packet(object(layers, 3), seconds);
}

/**
 * One packet of `-T json -e FIELD…`: as tshark, `_source.layers` holds each field that has
 * values as an array of strings.
 */
export function formatTsharkJsonFields(frame: FrameContext, names: readonly string[], seconds: number): string {
  const members: string[] = [];
  const values: FieldValue[] = [];
  for (const name of names) {
    values.length = 0;
    fieldGetter(name)?.(frame, values);
    if (values.length === 0) continue;
    const items = values.map((v) => `${pad(5)}${JSON.stringify(jsonFieldText(name, v))}`).join(",\n");
    members.push(`${pad(4)}${JSON.stringify(name)}: [\n${items}\n${pad(4)}]`);
  }
  return packet(members.length === 0 ? "{}" : `{\n${members.join(",\n")}\n${pad(3)}}`, seconds);
}
