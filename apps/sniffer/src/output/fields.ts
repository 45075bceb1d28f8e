/**
 * `-T fields`: one line per frame with the values of the `-e` fields, as tshark prints them,
 * with tshark's `-E` options (header, separator, occurrence, aggregator, quote).
 *
 * @module
 */
import type { FieldValue } from "../fields/field.js";
import { type FieldGetter, fieldGetter } from "../fields/lookup.js";
import { fieldText, HEX_FIELDS } from "../fields/text.js";
import type { FrameContext } from "../frame-context.js";
import type { LineBuffer } from "./line-buffer.js";

/** tshark's `-E` options of `-T fields`. */
export interface FieldsOptions {
  /** The `-e` fields, in order. */
  readonly fields: readonly string[];
  /** `-E header=y`: a first line with the field names. Default false. */
  readonly header?: boolean;
  /** `-E separator=`: between fields, default a tab. */
  readonly separator?: string;
  /** `-E occurrence=f|l|a|N`: which values of a repeated field, default all (`a`); N counts from 1. */
  readonly occurrence?: "f" | "l" | "a" | number;
  /** `-E aggregator=`: between the values of one field, default `,`. */
  readonly aggregator?: string;
  /** `-E quote=d|s|n`: quotes around each field, default none. */
  readonly quote?: "d" | "s" | "n";
}

/** A compiled `-T fields` line formatter. */
export interface FieldsFormatter {
  /** The header line (with its newline), or "" when `header` is off. */
  readonly header: string;
  /** One frame's line, without the newline. */
  line(frame: FrameContext): string;
}

/** The CLI's formatter: {@link FieldsFormatter} that also writes lines into its output buffer. */
export interface FieldsWriter extends FieldsFormatter {
  /** One frame's line, without the newline, written into `out` as UTF-8 (`line`'s text, no string built). */
  write(frame: FrameContext, out: LineBuffer): void;
}

/** Empties a short array in place: pops are inlined, `length = 0` is a runtime call per use. */
function clear(a: FieldValue[]): void {
  while (a.length > 0) a.pop();
}

/** Compiles the `-e`/`-E` options once; throws `Error` naming an unknown field. */
export function fieldsFormatter(options: FieldsOptions): FieldsFormatter {
  return fieldsWriter(options);
}

/** {@link fieldsFormatter} with the byte-buffer writer the CLI's output uses. */
export function fieldsWriter(options: FieldsOptions): FieldsWriter {
  const separator = options.separator ?? "\t";
  const aggregator = options.aggregator ?? ",";
  const occurrence = options.occurrence ?? "a";
  const q = options.quote === "d" ? '"' : options.quote === "s" ? "'" : "";
  const getters: { name: string; get: FieldGetter }[] = options.fields.map((name) => {
    const get = fieldGetter(name);
    if (get === undefined) throw new Error(`"${name}" is neither a field nor a protocol bip6-sniff knows`);
    return { name, get };
  });
  const scratch: FieldValue[] = [];
  const pick = (values: FieldValue[]): FieldValue[] => {
    if (occurrence === "a" || values.length === 0) return values;
    if (occurrence === "f") return values.slice(0, 1);
    if (occurrence === "l") return values.slice(-1);
    const v = values[occurrence - 1];
    return v === undefined ? [] : [v];
  };
  // For write(): each field's hex width (0 when decimal), known once.
  const widths = getters.map(({ name }) => HEX_FIELDS.get(name) ?? 0);
  const value = (out: LineBuffer, name: string, width: number, v: FieldValue): void => {
    if (typeof v === "number") {
      out.reserve(24);
      if (v >= 0 && v < 0x80000000 && (v | 0) === v) {
        if (width === 0) out.uint(v);
        else out.hexPadded(v, width);
      } else out.ascii(fieldText(name, v));
    } else if (typeof v === "boolean") {
      out.reserve(1);
      out.byte(v ? 0x31 : 0x30);
    } else out.string(v);
  };
  return {
    write(frame, out) {
      for (let i = 0; i < getters.length; i++) {
        const { name, get } = getters[i] as { name: string; get: FieldGetter };
        clear(scratch);
        get(frame, scratch);
        const values = pick(scratch);
        if (i > 0) out.string(separator);
        if (values.length === 0) continue;
        if (q !== "") out.string(q);
        const width = widths[i] as number;
        for (let j = 0; j < values.length; j++) {
          if (j > 0) out.string(aggregator);
          value(out, name, width, values[j] as FieldValue);
        }
        if (q !== "") out.string(q);
      }
    },
    header: options.header === true ? `${options.fields.map((f) => `${q}${f}${q}`).join(separator)}\n` : "",
    line(frame) {
      let out = "";
      for (let i = 0; i < getters.length; i++) {
        const { name, get } = getters[i] as { name: string; get: FieldGetter };
        clear(scratch);
        get(frame, scratch);
        const values = pick(scratch);
        let text = "";
        for (let j = 0; j < values.length; j++)
          text += (j === 0 ? "" : aggregator) + fieldText(name, values[j] as FieldValue);
        if (i > 0) out += separator;
        out += values.length === 0 ? "" : `${q}${text}${q}`;
      }
      return out;
    },
  };
}
