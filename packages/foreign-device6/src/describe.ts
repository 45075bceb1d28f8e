/**
 * A short description of any value for error messages that never throws: no user
 * `toString` is called (it may be missing, as on `Object.create(null)`, or throw) and no
 * symbol is interpolated (a template literal throws on one), so a hostile argument still
 * gets the package's typed error rather than a `TypeError` from building its message.
 * (The codec has the same rule inside; it does not export its helper.)
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value.toString()}n`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return value === null ? "null" : Array.isArray(value) ? `an array of ${value.length}` : "an object";
  }
}
