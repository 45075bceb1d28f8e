import { typedArrayName } from "./bytes.js";

/**
 * A short, safe description of any value for error messages: never calls a user `toString`
 * (which may be missing, as on `Object.create(null)`, or throw), never interpolates a symbol
 * (a template literal throws on one), and clips long text. Every package's typed errors can
 * describe a hostile argument with it instead of failing with a `TypeError` while building
 * the message.
 *
 * @example
 * ```ts
 * describeValue("hello"); // "\"hello\""
 * describeValue(new Uint16Array(2)); // "a Uint16Array of 4 octets"
 * describeValue(Object.create(null)); // "an object"
 * ```
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    case "number":
    case "boolean":
    case "bigint":
      return typeof value === "bigint" ? `${value.toString()}n` : String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      if (value === null) return "null";
      if (Array.isArray(value)) return `an array of ${value.length}`;
      if (ArrayBuffer.isView(value)) return `a ${typedArrayName(value) ?? "DataView"} of ${value.byteLength} octets`;
      if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} octets`;
      return "an object";
  }
}
