import {
  BINARY_PV,
  DEVICE_STATUS,
  ENGINEERING_UNITS,
  type Enumeration,
  EVENT_STATES,
  EVENT_TYPES,
  MONTHS,
  NOTIFY_TYPES,
  OBJECT_TYPES,
  POLARITY,
  RELIABILITY,
  RESTART_REASONS,
  SEGMENTATION,
  WEEKDAYS,
  charsetLabel,
} from "./names.js";
import { bitName, hasNamedBits } from "./bits.js";
import type { BacnetDate, BacnetTime, BacnetValue, ObjectId } from "./types.js";
import { CLOSING, OPENING, type Walk } from "./walk.js";
import { BACNET_LIMITS } from "./types.js";
import type { SummaryWriter } from "./summary-writer.js";

// ---- primitive decoding (clause 20.2) ----

const scratch = new DataView(new ArrayBuffer(8));

/** REAL (IEEE 754 single, big-endian) at `at`. */
export function realAt(b: Uint8Array, at: number): number {
  for (let i = 0; i < 4; i++) scratch.setUint8(i, b[at + i] as number);
  return scratch.getFloat32(0);
}

/** Double (IEEE 754 double, big-endian) at `at`. */
export function doubleAt(b: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, b[at + i] as number);
  return scratch.getFloat64(0);
}

/** Unsigned big-endian integer of `b[from, to)`, a bigint beyond 2^53. */
export function unsignedOf(b: Uint8Array, from: number, to: number): number | bigint {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 256 + (b[i] as number);
  if (v <= Number.MAX_SAFE_INTEGER) return v;
  let big = 0n;
  for (let i = from; i < to; i++) big = (big << 8n) | BigInt(b[i] as number);
  return big;
}

/** Two's-complement big-endian integer of `b[from, to)`, a bigint beyond 2^53. */
export function signedOf(b: Uint8Array, from: number, to: number): number | bigint {
  if (to === from) return 0;
  if (to - from <= 6) {
    let v = (b[from] as number) >= 0x80 ? -1 : 0;
    for (let i = from; i < to; i++) v = v * 256 + (b[i] as number);
    // v now holds (-1 * 256^n + octets) for negatives, the value itself for positives
    return v;
  }
  let big = 0n;
  for (let i = from; i < to; i++) big = (big << 8n) | BigInt(b[i] as number);
  const bits = BigInt(8 * (to - from));
  if ((b[from] as number) >= 0x80) big -= 1n << bits;
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** The shortest decimal text that reads back as the same single-precision value. */
export function float32Text(v: number): string {
  const s = String(v);
  // A short double text is already the shortest float text (fewer digits than float precision).
  if (s.length <= 8 || !Number.isFinite(v)) return s;
  for (let p = 1; p <= 9; p++) {
    const t = Number(v.toPrecision(p));
    if (Math.fround(t) === v) return String(t);
  }
  return s;
}

/** Hex of `b[from, to)`. */
export function hexOf(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += ((b[i] as number) < 16 ? "0" : "") + (b[i] as number).toString(16);
  return s;
}

let utf8: InstanceType<typeof TextDecoder> | undefined;

/**
 * CharacterString content (charset octet first): the text for UTF-8 (0), UCS-4 (3), UCS-2 (4)
 * and ISO 8859-1 (5); `undefined` for DBCS (1) and JIS X 0208 (2), which need code tables.
 */
export function charStringText(b: Uint8Array, from: number, to: number): string | undefined {
  const charset = b[from] as number;
  const s = from + 1;
  switch (charset) {
    case 0:
      utf8 ??= new TextDecoder();
      return utf8.decode(b.subarray(s, to));
    case 5: {
      let t = "";
      for (let i = s; i < to; i++) t += String.fromCharCode(b[i] as number);
      return t;
    }
    case 4: {
      let t = "";
      for (let i = s; i + 1 < to; i += 2) t += String.fromCharCode(((b[i] as number) << 8) | (b[i + 1] as number));
      return t;
    }
    case 3: {
      let t = "";
      for (let i = s; i + 3 < to; i += 4) {
        const c =
          (b[i] as number) * 0x1000000 +
          (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));
        t += c <= 0x10ffff && (c < 0xd800 || c > 0xdfff) ? String.fromCodePoint(c) : "\ufffd";
      }
      return t;
    }
    default:
      return undefined;
  }
}

/** Whether `b[from, to)` is printable ASCII without `"` or `\` (safe to copy into a quoted summary). */
function plainAscii(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** The bits of a BitString value (first octet = unused bit count) as `0`/`1` characters. */
export function bitsOf(b: Uint8Array, from: number, to: number): string {
  const unused = from < to ? (b[from] as number) & 7 : 0;
  let s = "";
  for (let i = from + 1; i < to; i++) {
    const last = i === to - 1;
    const v = b[i] as number;
    for (let bit = 7; bit >= (last ? unused : 0); bit--) s += (v >> bit) & 1 ? "1" : "0";
  }
  return s;
}

/** Date from four octets: year − 1900, month, day, weekday. */
export function dateOf(b: Uint8Array, at: number): BacnetDate {
  const y = b[at] as number;
  return {
    year: y === 255 ? 255 : 1900 + y,
    month: b[at + 1] as number,
    day: b[at + 2] as number,
    weekday: b[at + 3] as number,
  };
}

/** Time from four octets. */
export function timeOf(b: Uint8Array, at: number): BacnetTime {
  return {
    hour: b[at] as number,
    minute: b[at + 1] as number,
    second: b[at + 2] as number,
    hundredths: b[at + 3] as number,
  };
}

/** Packs an object identifier as an unsigned 32-bit number (type << 22 | instance). */
export function objectIdAt(b: Uint8Array, at: number): number {
  return (
    (b[at] as number) * 0x1000000 +
    (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number))
  );
}

/** The structured form of a packed object identifier. */
export function objectIdOf(packed: number): ObjectId {
  const type = packed >>> 22;
  return { type, typeName: OBJECT_TYPES.name(type), instance: packed & 0x3fffff };
}

/** `analog-input,3`: how summaries show an object identifier. */
export function objectIdText(packed: number): string {
  return `${OBJECT_TYPES.name(packed >>> 22)},${packed & 0x3fffff}`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
const any = (n: number, text: string): string => (n === 255 ? "*" : text);

/** `2024-05-01` (`*` for "any" fields), the summary form of a Date. */
export function dateText(d: BacnetDate): string {
  return `${any(d.year, String(d.year))}-${any(d.month, two(d.month))}-${any(d.day, two(d.day))}`;
}

/** `12:34:56.78` (`*` for "any" fields), the summary form of a Time. */
export function timeText(t: BacnetTime): string {
  return `${any(t.hour, two(t.hour))}:${any(t.minute, two(t.minute))}:${any(t.second, two(t.second))}.${any(t.hundredths, two(t.hundredths))}`;
}

/** Date as `-V` shows it: `May 1, 2024, (Day of Week = Wednesday)`. */
export function dateLabel(d: BacnetDate): string {
  const month =
    d.month === 255
      ? "any month"
      : d.month === 13
        ? "odd month"
        : d.month === 14
          ? "even month"
          : (MONTHS[d.month - 1] ?? `month ${d.month}`);
  const day =
    d.day === 255
      ? "any day"
      : d.day === 32
        ? "last day"
        : d.day === 33
          ? "odd day"
          : d.day === 34
            ? "even day"
            : String(d.day);
  const year = d.year === 255 ? "any year" : String(d.year);
  const weekday = d.weekday === 255 ? "any day of week" : (WEEKDAYS[d.weekday] ?? `day ${d.weekday}`);
  return `${month} ${day}, ${year}, (Day of Week = ${weekday})`;
}

// ---- what an enumerated value means, by property ----

const BINARY_OBJECTS = new Set([3, 4, 5]); // binary-input, -output, -value

/** The enumeration an Enumerated value of `property` (of an object of `objectType`) takes its names from. */
export function enumerationOf(property: number, objectType: number): Enumeration | undefined {
  switch (property) {
    case 36:
      return EVENT_STATES;
    case 37:
      return EVENT_TYPES;
    case 72:
      return NOTIFY_TYPES;
    case 79:
      return OBJECT_TYPES;
    case 84:
      return POLARITY;
    case 103:
      return RELIABILITY;
    case 107:
      return SEGMENTATION;
    case 112:
      return DEVICE_STATUS;
    case 117:
      return ENGINEERING_UNITS;
    case 196:
      return RESTART_REASONS;
    case 6: // alarm-value
    case 85: // present-value
    case 104: // relinquish-default
      return BINARY_OBJECTS.has(objectType) ? BINARY_PV : undefined;
    default:
      return undefined;
  }
}

// ---- one application-tagged value: check, tree node, summary, typed value ----

/** Required value lengths per application tag; -1 = any. */
const FIXED_LENGTH = [0, 0, -1, -1, 4, 8, -1, -1, -1, -1, 4, 4, 4, -1, -1, -1];

/** Names of the `bacapp.present_value.*` fields tshark uses under present-value, by tag. */
const PRESENT_VALUE_FIELDS = [
  "null",
  "boolean",
  "uint",
  "int",
  "real",
  "double",
  "octet_string",
  "char_string",
  "bit_string",
  "enum_index",
].map((t) => `bacapp.present_value.${t}`);
const PRESENT_VALUE_LABELS = [
  "null",
  "bool",
  "uint",
  "int",
  "real",
  "double",
  "octet string",
  "char string",
  "bit string",
  "enum index",
];

/** Whether the peeked application tag's value has a length its type allows (else a problem). */
export function checkLength(w: Walk): boolean {
  const tag = w.tagNumber;
  const n = w.valueLength;
  const fixed = FIXED_LENGTH[tag] as number;
  let ok = fixed < 0 || n === fixed;
  if ((tag === 2 || tag === 3 || tag === 9) && (n === 0 || n > 8)) ok = false;
  if (tag === 7) ok = n >= 1;
  // A BitString starts with its unused-bit count (0-7; 0 when there are no bit octets).
  if (tag === 8) ok = n >= 1 && (w.b[w.valueStart] as number) <= (n === 1 ? 0 : 7);
  if (!ok)
    w.problem(
      "BAD_VALUE",
      w.tagStart,
      `application tag ${tag} at ${w.tagStart} has ${n} octets, which its type does not allow`,
    );
  return ok;
}

/**
 * Writes the peeked application primitive (of a valid length) into the summary: `21.5`,
 * `true`, `"text"`, `B'0100'`, `X'0a0b'`, `analog-input,3`, an enumeration's name.
 */
export function summarizePrimitive(w: Walk, property: number, objectType: number): void {
  const s: SummaryWriter = w.sum;
  const b = w.b;
  const from = w.valueStart;
  const to = w.valueEnd;
  switch (w.tagNumber) {
    case 0:
      s.ascii("null");
      return;
    case 1:
      s.ascii(w.tagLvt === 1 ? "true" : "false");
      return;
    case 2: {
      const v = unsignedOf(b, from, to);
      if (typeof v === "number") s.uint(v);
      else s.ascii(v.toString());
      return;
    }
    case 3: {
      const v = signedOf(b, from, to);
      if (typeof v === "number") s.int(v);
      else s.ascii(v.toString());
      return;
    }
    case 4:
      s.ascii(float32Text(realAt(b, from)));
      return;
    case 5:
      s.ascii(String(doubleAt(b, from)));
      return;
    case 6:
      s.ascii("X'");
      s.hex(b, from, to);
      s.char(0x27);
      return;
    case 7: {
      // Plain printable ASCII in UTF-8 or ISO 8859-1 (the usual object name) is copied as it is.
      if (((b[from] as number) === 0 || (b[from] as number) === 5) && plainAscii(b, from + 1, to)) {
        s.char(0x22);
        s.octets(b, from + 1, to);
        s.char(0x22);
        return;
      }
      const text = charStringText(b, from, to);
      if (text !== undefined) s.quoted(text);
      else {
        s.ascii("X'");
        s.hex(b, from + 1, to);
        s.char(0x27);
      }
      return;
    }
    case 8:
      s.ascii("B'");
      s.bits(b, from, to);
      s.char(0x27);
      return;
    case 9: {
      const v = w.unsignedValue();
      const names = enumerationOf(property, objectType);
      if (names !== undefined) s.bytes(names.bytes(v));
      else s.uint(v);
      return;
    }
    case 10:
      s.ascii(dateText(dateOf(b, from)));
      return;
    case 11:
      s.ascii(timeText(timeOf(b, from)));
      return;
    case 12: {
      const id = objectIdAt(b, from);
      s.bytes(OBJECT_TYPES.bytes(id >>> 22));
      s.char(0x2c);
      s.uint(id & 0x3fffff);
      return;
    }
    default:
      s.ascii(`[app${w.tagNumber}]`);
  }
}

/** The typed value of the peeked application primitive (tree path). */
export function typedPrimitive(w: Walk, property: number, objectType: number): BacnetValue {
  const b = w.b;
  const from = w.valueStart;
  const to = w.valueEnd;
  switch (w.tagNumber) {
    case 0:
      return { type: "null" };
    case 1:
      return { type: "boolean", value: w.tagLvt === 1 };
    case 2:
      return { type: "unsigned", value: unsignedOf(b, from, to) };
    case 3:
      return { type: "signed", value: signedOf(b, from, to) };
    case 4:
      return { type: "real", value: realAt(b, from) };
    case 5:
      return { type: "double", value: doubleAt(b, from) };
    case 6:
      return { type: "octet-string", value: hexOf(b, from, to) };
    case 7: {
      const text = charStringText(b, from, to);
      return text !== undefined
        ? { type: "character-string", charset: b[from] as number, value: text }
        : { type: "character-string", charset: b[from] as number, value: "", hex: hexOf(b, from + 1, to) };
    }
    case 8:
      return { type: "bit-string", value: bitsOf(b, from, to) };
    case 9: {
      const v = w.unsignedValue();
      const names = enumerationOf(property, objectType);
      return names !== undefined
        ? { type: "enumerated", value: v, name: names.name(v) }
        : { type: "enumerated", value: v };
    }
    case 10:
      return { type: "date", value: dateOf(b, from) };
    case 11:
      return { type: "time", value: timeOf(b, from) };
    case 12:
      return { type: "object-identifier", value: objectIdOf(objectIdAt(b, from)) };
    default:
      return { type: "reserved", tag: w.tagNumber, value: hexOf(b, from, to) };
  }
}

/** The machine value of the peeked application primitive, as tshark's `-T fields` shows it. */
function primitiveValue(w: Walk): number | string | boolean {
  const b = w.b;
  const from = w.valueStart;
  const to = w.valueEnd;
  switch (w.tagNumber) {
    case 0:
      return "NULL";
    case 1:
      return w.tagLvt === 1;
    case 2:
    case 3: {
      const v = w.tagNumber === 2 ? unsignedOf(b, from, to) : signedOf(b, from, to);
      return typeof v === "number" ? v : v.toString();
    }
    case 4:
      return realAt(b, from);
    case 5:
      return doubleAt(b, from);
    case 7:
      return charStringText(b, from, to) ?? hexOf(b, from + 1, to);
    case 8:
      // tshark shows bit strings as T/F letters, first bit first.
      return bitsOf(b, from, to).replace(/0/g, "F").replace(/1/g, "T");
    case 9:
      return w.unsignedValue();
    case 10:
      return dateText(dateOf(b, from));
    case 11:
      return timeText(timeOf(b, from));
    case 12:
      return objectIdText(objectIdAt(b, from));
    default:
      return hexOf(b, from, to);
  }
}

/** The label text of the peeked application primitive whose machine value is `value` (tree path). */
function primitiveLabel(w: Walk, property: number, objectType: number, value: number | string | boolean): string {
  const b = w.b;
  const from = w.valueStart;
  switch (w.tagNumber) {
    case 0:
      return "NULL";
    case 1:
      return value === true ? "True" : "False";
    case 4:
      return float32Text(value as number);
    case 7:
      return charStringText(b, from, w.valueEnd) !== undefined
        ? `'${value as string}'`
        : `(${charsetLabel(b[from] as number)}) ${value as string}`;
    case 8:
      return `B'${bitsOf(b, from, w.valueEnd)}'`;
    case 9: {
      const names = enumerationOf(property, objectType);
      return names !== undefined ? names.label(value as number) : String(value);
    }
    case 10:
      return dateLabel(dateOf(b, from));
    case 12: {
      const id = objectIdAt(b, from);
      return `${OBJECT_TYPES.label(id >>> 22)}, ${id & 0x3fffff}`;
    }
    default:
      return String(value);
  }
}

const TYPE_TITLES = [
  "Null",
  "Boolean",
  "Unsigned",
  "Signed",
  "Real",
  "Double",
  "Octet String",
  "Character String",
  "Bit String",
  "Enumerated",
  "Date",
  "Time",
  "ObjectIdentifier",
];

/**
 * The tree node of the peeked application primitive: named `bacapp.present_value.*` under
 * present-value (as tshark), `name` when the caller gives one, else `bip6.bacapp.value`; the
 * tag header and (for object identifiers, character strings) tshark's sub-fields as children.
 */
export function primitiveNode(w: Walk, property: number, objectType: number, name?: string, title?: string): void {
  const tree = w.tree;
  if (tree === null) return;
  const value = primitiveValue(w);
  const tag = w.tagNumber;
  const text = w.labels ? primitiveLabel(w, property, objectType, value) : "";
  let fieldName = name ?? "bip6.bacapp.value";
  let label = w.labels ? `${title ?? TYPE_TITLES[tag] ?? `Application Tag ${tag}`}: ${text}` : "";
  if (name === undefined && property === 85 && tag <= 9) {
    fieldName = PRESENT_VALUE_FIELDS[tag] as string;
    if (w.labels) label = `Present Value (${PRESENT_VALUE_LABELS[tag] as string}): ${text}`;
  }
  const objectName = name === undefined && property === 77 && tag === 7;
  if (objectName) {
    // tshark shows an object-name value as its bacapp.object_name field, before the tag header.
    fieldName = "bip6.bacapp.object_name";
    label = w.labels ? "Object Name" : "";
  }
  // (tshark's present-value bit string alone covers only the value octets)
  if (fieldName === "bacapp.present_value.bit_string") tree.open(fieldName, label, value, w.valueStart, w.valueLength);
  else tree.open(fieldName, label, value, w.tagStart, w.valueEnd - w.tagStart);
  if (objectName)
    tree.leaf(
      "bacapp.object_name",
      w.labels ? `Object Name: ${value as string}` : "",
      value,
      w.valueStart + 1,
      w.valueLength - 1,
    );
  w.tagHeader();
  if (tag === 12) objectIdFields(w, w.valueStart);
  else if (tag === 7) {
    const cs = w.b[w.valueStart] as number;
    tree.leaf(
      "bacapp.string_character_set",
      w.labels ? `String Character Set: ${charsetLabel(cs)}` : "",
      cs,
      w.valueStart,
      1,
    );
    if (cs === 1 && w.valueLength >= 3) {
      const page = ((w.b[w.valueStart + 1] as number) << 8) | (w.b[w.valueStart + 2] as number);
      tree.leaf("bacapp.code_page", w.labels ? `Code Page: ${page}` : "", page, w.valueStart + 1, 2);
    }
  } else if (tag === 8) {
    const unused = (w.b[w.valueStart] as number) & 7;
    tree.leaf("bacapp.unused_bits", w.labels ? `Unused bits: ${unused}` : "", unused, w.valueStart, 1);
    if (!hasNamedBits(property)) {
      // tshark shows an unnamed bit string as its octets (unused-bit count first).
      const h = hexOf(w.b, w.valueStart, w.valueEnd);
      tree.leaf(
        "bacapp.complete_bitstring",
        w.labels ? `Complete bitstring: ${h}` : "",
        h,
        w.valueStart,
        w.valueLength,
      );
    } else {
      const b = w.b;
      let bit = 0;
      for (let i = w.valueStart + 1; i < w.valueEnd; i++) {
        const last = i === w.valueEnd - 1 ? unused : 0;
        for (let k = 7; k >= last; k--, bit++) {
          const set = (((b[i] as number) >> k) & 1) === 1;
          tree.leaf("bacapp.bit", w.labels ? `${bitName(property, bit)} = ${set ? "TRUE" : "FALSE"}` : "", set, i, 1);
        }
      }
    }
  }
  tree.close();
}

/** `bacapp.objectType` and `bacapp.instance_number` of the object identifier at `at` (tree path). */
export function objectIdFields(w: Walk, at: number): void {
  const tree = w.tree;
  if (tree === null) return;
  const id = objectIdAt(w.b, at);
  const type = id >>> 22;
  const instance = id & 0x3fffff;
  tree.leaf("bacapp.objectType", w.labels ? `Object Type: ${OBJECT_TYPES.label(type)}` : "", type, at, 4);
  tree.leaf("bacapp.instance_number", w.labels ? `Instance Number: ${instance}` : "", instance, at, 4);
}

/** Ensures the value nesting stays below the cap. */
function deeper(w: Walk): boolean {
  if (w.depth >= BACNET_LIMITS.maxDepth) {
    w.problem("TOO_DEEP", w.tagStart, `values nested deeper than ${BACNET_LIMITS.maxDepth} at ${w.tagStart}`);
    return false;
  }
  w.depth++;
  return true;
}

/** Elements of one list a summary shows before `…`. */
const SUMMARY_ELEMENTS = 4;

/**
 * Reads the values between an opening tag (already consumed) and its closing tag `close`
 * (left unconsumed at {@link Walk.pos}), or to the end of the data when `close` is -1:
 * application primitives typed, context primitives as
 * octets, nested opening/closing pairs recursively. Adds nodes on the tree path and returns
 * the typed values there (`null` on the summary path). With `summarize` it writes the values
 * into the summary: one value as itself (`21.5`), several as `{a b c …}` (unless `braced`:
 * the caller writes the braces), at most four per list. Returns `undefined` when the values
 * are malformed (the problem is recorded).
 */
export function readValues(
  w: Walk,
  close: number,
  property: number,
  objectType: number,
  summarize: boolean,
  braced = false,
): BacnetValue[] | null | undefined {
  const out: BacnetValue[] | null = w.structured ? [] : null;
  const s = w.sum;
  const summaryStart = s.pos;
  let showing = summarize;
  let count = 0;
  for (;;) {
    if (!w.peekTag()) {
      if (w.pos < w.end) return undefined; // malformed: recorded by peekTag
      if (close < 0) return out;
      w.problem("UNBALANCED_TAGS", w.pos, `the data ends before closing tag ${close}`);
      return undefined;
    }
    if (w.tagKind === CLOSING) {
      if (close < 0) {
        w.problem("UNBALANCED_TAGS", w.tagStart, `closing tag ${w.tagNumber} at ${w.tagStart} without an opening tag`);
        return undefined;
      }
      if (w.tagNumber !== close) {
        w.problem(
          "UNBALANCED_TAGS",
          w.tagStart,
          `closing tag ${w.tagNumber} at ${w.tagStart} where ${close} should close`,
        );
        return undefined;
      }
      if (summarize && !braced && count > 1) s.char(0x7d);
      return out;
    }
    if (showing) {
      if (count === 1 && !braced) s.insert(summaryStart, 0x7b);
      if (count > 0) s.char(0x20);
      if (count === SUMMARY_ELEMENTS) {
        s.more();
        showing = false;
      }
    }
    if (w.tagKind === OPENING) {
      const tag = w.tagNumber;
      if (!deeper(w)) return undefined;
      if (w.tree !== null) w.tagHeader();
      w.skip();
      if (showing) s.char(0x7b);
      const nested = readValues(w, tag, property, objectType, showing, true);
      if (nested === undefined) return undefined;
      if (showing) s.char(0x7d);
      w.peekTag();
      if (w.tree !== null) w.tagHeader();
      w.skip();
      w.depth--;
      if (out !== null) out.push({ type: "constructed", tag, values: nested as BacnetValue[] });
    } else if (w.tagContext) {
      if (showing) {
        s.char(0x5b);
        s.uint(w.tagNumber);
        s.ascii("]=");
        s.hex(w.b, w.valueStart, w.valueEnd);
      }
      if (w.tree !== null) {
        const h = hexOf(w.b, w.valueStart, w.valueEnd);
        w.tree.open(
          "bip6.bacapp.context_value",
          w.labels ? `Context Value (as ${w.valueLength} DATA octets)` : "",
          h,
          w.tagStart,
          w.valueEnd - w.tagStart,
        );
        w.tagHeader();
        w.tree.close();
        out?.push({ type: "context", tag: w.tagNumber, value: h });
      }
      w.skip();
    } else {
      if (!checkLength(w)) return undefined;
      if (showing) summarizePrimitive(w, property, objectType);
      if (w.tree !== null) {
        primitiveNode(w, property, objectType);
        out?.push(typedPrimitive(w, property, objectType));
      }
      w.skip();
    }
    count++;
  }
}
