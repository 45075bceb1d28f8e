import { DisplayFilterError } from "./errors.js";

/** Kinds of display-filter tokens. */
export type TokenKind = "word" | "string" | "char" | "op" | "(" | ")" | "{" | "}" | "," | "end";

/** One token with its 0-based position in the filter text. */
export interface Token {
  readonly kind: TokenKind;
  /** The token's text (a string literal's decoded value). */
  readonly text: string;
  readonly at: number;
  /** Characters the token spans in the source. */
  readonly width: number;
}

/** Operators, longest first so that `===` wins over `==`. */
const OPERATORS = ["===", "!==", "==", "!=", ">=", "<=", "&&", "||", "^^", ">", "<", "!", "~", "&"] as const;

const WORD = /[A-Za-z0-9_.:/\-%]/;

const ESCAPES: Readonly<Record<string, string>> = {
  "'": "'",
  '"': '"',
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Reads one backslash escape at `i` (after the backslash); returns the text and the next index. */
function escape(src: string, i: number, start: number): [string, number] {
  const c = src[i];
  if (c === undefined) throw new DisplayFilterError("SYNTAX", "unterminated string", start + 1);
  if (c in ESCAPES) return [ESCAPES[c] as string, i + 1];
  const oct = /^[0-7]{1,3}/.exec(src.slice(i));
  if (oct !== null) return [String.fromCharCode(Number.parseInt(oct[0], 8)), i + oct[0].length];
  const hex = /^x([0-9A-Fa-f]{1,2})/.exec(src.slice(i));
  if (hex !== null) return [String.fromCharCode(Number.parseInt(hex[1] as string, 16)), i + hex[0].length];
  const uni = /^u([0-9A-Fa-f]{4})|^U([0-9A-Fa-f]{8})/.exec(src.slice(i));
  if (uni !== null) return [String.fromCodePoint(Number.parseInt((uni[1] ?? uni[2]) as string, 16)), i + uni[0].length];
  throw new DisplayFilterError("SYNTAX", `unknown escape "\\${c}"`, i, 2);
}

/** Splits a display filter into tokens; throws {@link DisplayFilterError} at the first bad character. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if ("(){},".includes(c)) {
      out.push({ kind: c as TokenKind, text: c, at: i, width: 1 });
      i++;
      continue;
    }
    const raw = c === "r" && src[i + 1] === '"';
    if (c === '"' || raw) {
      const start = i;
      i += raw ? 2 : 1;
      let text = "";
      for (;;) {
        const d = src[i];
        if (d === undefined)
          throw new DisplayFilterError("SYNTAX", "unterminated string", start + 1, src.length - start);
        if (d === '"') break;
        if (d === "\\") {
          if (raw) {
            // Raw strings keep the backslash; it still protects a quote.
            text += src[i + 1] === '"' ? '\\"' : "\\";
            i += src[i + 1] === '"' ? 2 : 1;
            continue;
          }
          const [t, next] = escape(src, i + 1, start);
          text += t;
          i = next;
          continue;
        }
        text += d;
        i++;
      }
      i++;
      out.push({ kind: "string", text, at: start, width: i - start });
      continue;
    }
    if (c === "'") {
      const start = i;
      let text: string;
      let next: number;
      if (src[i + 1] === "\\") [text, next] = escape(src, i + 2, start);
      else [text, next] = [src[i + 1] ?? "", i + 2];
      if (src[next] !== "'" || text.length !== 1) {
        throw new DisplayFilterError("SYNTAX", "bad character constant", start + 1, Math.max(1, next - start + 1));
      }
      out.push({ kind: "char", text: String(text.charCodeAt(0)), at: start, width: next + 1 - start });
      i = next + 1;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op !== undefined) {
      out.push({ kind: "op", text: op, at: i, width: op.length });
      i += op.length;
      continue;
    }
    if (WORD.test(c)) {
      const start = i;
      while (i < src.length && WORD.test(src[i] as string)) i++;
      out.push({ kind: "word", text: src.slice(start, i), at: start, width: i - start });
      continue;
    }
    throw new DisplayFilterError("SYNTAX", `unexpected ${JSON.stringify(c)}`, i + 1);
  }
  out.push({ kind: "end", text: "", at: src.length, width: 1 });
  return out;
}
