import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons a display filter is rejected. */
export type DisplayFilterErrorCode =
  /** The text does not follow the grammar (an unexpected or missing token). */
  | "SYNTAX"
  /** A name that no layer defines. */
  | "UNKNOWN_FIELD"
  /** A literal that cannot be what the operator needs (a bad regular expression, a bad number). */
  | "BAD_VALUE";

/** A `-Y` display filter that cannot be compiled, with the column of the offending character. */
export class DisplayFilterError extends Bip6Error<DisplayFilterErrorCode> {
  override readonly name = "DisplayFilterError";
  /** 1-based column of the first offending character. */
  readonly column: number;
  /** Characters the problem covers (at least 1), for the caret line. */
  readonly width: number;
  /** The message without the position, e.g. `unexpected ")"`. */
  readonly reason: string;

  constructor(code: DisplayFilterErrorCode, reason: string, column: number, width = 1) {
    super(code, `${reason} at column ${column}`);
    this.reason = reason;
    this.column = column;
    this.width = Math.max(1, width);
  }
}

/**
 * The error as the CLI shows it: the message, the filter, and a caret line under the
 * offending characters.
 */
export function filterErrorText(filter: string, e: DisplayFilterError): string {
  return `${e.message}\n  ${filter}\n  ${" ".repeat(e.column - 1)}${"^".repeat(e.width)}`;
}
