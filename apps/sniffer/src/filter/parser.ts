import { DisplayFilterError } from "./errors.js";
import { type Token, tokenize } from "./lexer.js";

/** Comparison operators, by their canonical names. */
export type Relation = "any_eq" | "all_ne" | "all_eq" | "any_ne" | "gt" | "lt" | "ge" | "le";

/** A literal as written, with its source position. */
export interface LiteralNode {
  readonly type: "literal";
  readonly text: string;
  /** Written in quotes (a string), not as a bare word. */
  readonly quoted: boolean;
  /** A character constant (`'a'`), already turned into its code. */
  readonly char: boolean;
  readonly at: number;
  readonly width: number;
}

/** A field (or protocol) named in the filter. */
export interface FieldNode {
  readonly type: "field";
  readonly name: string;
  readonly at: number;
  readonly width: number;
}

/** Either side of a comparison. */
export type Operand = LiteralNode | FieldNode;

/** One element of a set: a value or an inclusive range. */
export interface SetElement {
  readonly low: Operand;
  readonly high?: Operand;
}

/** A parsed display filter. */
export type FilterNode =
  | { readonly type: "and" | "or" | "xor"; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly type: "not"; readonly operand: FilterNode }
  | { readonly type: "exists"; readonly field: FieldNode; readonly mask?: LiteralNode }
  | {
      readonly type: "compare";
      readonly quantifier: "any" | "all" | undefined;
      readonly field: FieldNode;
      readonly mask?: LiteralNode;
      readonly relation: Relation;
      readonly value: Operand;
      readonly at: number;
    }
  | { readonly type: "contains"; readonly field: FieldNode; readonly value: LiteralNode }
  | { readonly type: "matches"; readonly field: FieldNode; readonly value: LiteralNode }
  | { readonly type: "in"; readonly field: FieldNode; readonly negated: boolean; readonly set: readonly SetElement[] };

const RELATIONS: Readonly<Record<string, Relation>> = {
  "==": "any_eq",
  eq: "any_eq",
  any_eq: "any_eq",
  "!=": "all_ne",
  ne: "all_ne",
  all_ne: "all_ne",
  "===": "all_eq",
  all_eq: "all_eq",
  "!==": "any_ne",
  any_ne: "any_ne",
  ">": "gt",
  gt: "gt",
  "<": "lt",
  lt: "lt",
  ">=": "ge",
  ge: "ge",
  "<=": "le",
  le: "le",
};

const KEYWORDS = new Set(["and", "or", "xor", "not", "in", "contains", "matches", "bitwise_and", "any", "all"]);

/** A field name: dotted words of letters, digits, `_` and `-`, starting with a letter. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

function describe(t: Token): string {
  return t.kind === "end" ? "end of filter" : t.kind === "string" ? `string "${t.text}"` : `"${t.text}"`;
}

class Parser {
  readonly #tokens: Token[];
  #i = 0;

  constructor(src: string) {
    this.#tokens = tokenize(src);
  }

  get #peek(): Token {
    return this.#tokens[this.#i] as Token;
  }

  #next(): Token {
    return this.#tokens[this.#i++] as Token;
  }

  #is(...texts: string[]): boolean {
    const t = this.#peek;
    return (t.kind === "op" || t.kind === "word") && texts.includes(t.text);
  }

  #fail(t: Token, reason = `unexpected ${describe(t)}`): never {
    throw new DisplayFilterError("SYNTAX", reason, t.at + 1, t.width);
  }

  parse(): FilterNode {
    if (this.#peek.kind === "end") this.#fail(this.#peek, "empty filter");
    const node = this.#or();
    const rest = this.#tokens[this.#i] as Token;
    if (rest.kind !== "end") this.#fail(rest);
    return node;
  }

  #or(): FilterNode {
    let left = this.#and();
    while (this.#is("||", "or", "^^", "xor")) {
      const op = this.#next().text;
      left = { type: op === "^^" || op === "xor" ? "xor" : "or", left, right: this.#and() };
    }
    return left;
  }

  #and(): FilterNode {
    let left = this.#not();
    while (this.#is("&&", "and")) {
      this.#next();
      left = { type: "and", left, right: this.#not() };
    }
    return left;
  }

  #not(): FilterNode {
    if (this.#is("!", "not")) {
      this.#next();
      return { type: "not", operand: this.#not() };
    }
    return this.#primary();
  }

  #primary(): FilterNode {
    const t = this.#peek;
    if (t.kind === "(") {
      this.#next();
      const inner = this.#or();
      if (this.#peek.kind !== ")")
        this.#fail(this.#peek, `expected ")" to close the "(" at column ${t.at + 1}, found ${describe(this.#peek)}`);
      this.#next();
      return inner;
    }
    return this.#test();
  }

  #field(): FieldNode {
    const t = this.#next();
    if (t.kind !== "word" || KEYWORDS.has(t.text) || !FIELD_NAME.test(t.text)) {
      this.#fail(t, `expected a field name, found ${describe(t)}`);
    }
    return { type: "field", name: t.text, at: t.at, width: t.width };
  }

  #operand(): Operand {
    const t = this.#next();
    if (t.kind === "string")
      return { type: "literal", text: t.text, quoted: true, char: false, at: t.at, width: t.width };
    if (t.kind === "char")
      return { type: "literal", text: t.text, quoted: false, char: true, at: t.at, width: t.width };
    if (t.kind !== "word" || KEYWORDS.has(t.text)) {
      this.#fail(t, `expected a value, found ${describe(t)}`);
    }
    // A bare word is a field when it looks like one and is not a number or address; the
    // compiler decides between a field and a literal by whether any layer defines the name.
    if (FIELD_NAME.test(t.text) && t.text.includes(".") && !/^[0-9]/.test(t.text)) {
      return { type: "field", name: t.text, at: t.at, width: t.width };
    }
    return { type: "literal", text: t.text, quoted: false, char: false, at: t.at, width: t.width };
  }

  #literal(what: string): LiteralNode {
    const t = this.#peek;
    const o = this.#operand();
    if (o.type !== "literal") {
      return { type: "literal", text: o.name, quoted: false, char: false, at: o.at, width: o.width };
    }
    if (o.text === "") this.#fail(t, `expected ${what}`);
    return o;
  }

  #test(): FilterNode {
    let quantifier: "any" | "all" | undefined;
    if (this.#is("any", "all") && this.#tokens[this.#i + 1]?.kind === "word") {
      quantifier = this.#next().text as "any" | "all";
    }
    const field = this.#field();
    let mask: LiteralNode | undefined;
    if (this.#is("&", "bitwise_and")) {
      this.#next();
      mask = this.#literal("a bit mask");
    }
    const t = this.#peek;
    if ((t.kind === "op" || t.kind === "word") && t.text in RELATIONS) {
      this.#next();
      const value = this.#operand();
      return { type: "compare", quantifier, field, mask, relation: RELATIONS[t.text] as Relation, value, at: t.at };
    }
    if (quantifier !== undefined) this.#fail(t, `expected a comparison after "${quantifier}", found ${describe(t)}`);
    if (mask !== undefined) return { type: "exists", field, mask };
    if (this.#is("contains")) {
      this.#next();
      return { type: "contains", field, value: this.#literal("a value to look for") };
    }
    if (this.#is("matches", "~")) {
      this.#next();
      const v = this.#peek;
      if (v.kind !== "string")
        this.#fail(v, `"matches" wants a double-quoted regular expression, found ${describe(v)}`);
      return { type: "matches", field, value: this.#literal("a regular expression") };
    }
    if (this.#is("not") && this.#tokens[this.#i + 1]?.text === "in") {
      this.#next();
      this.#next();
      return { type: "in", field, negated: true, set: this.#set() };
    }
    if (this.#is("in")) {
      this.#next();
      return { type: "in", field, negated: false, set: this.#set() };
    }
    return { type: "exists", field };
  }

  #set(): SetElement[] {
    const open = this.#next();
    if (open.kind !== "{") this.#fail(open, `expected "{" to start a set, found ${describe(open)}`);
    const out: SetElement[] = [];
    for (;;) {
      const t = this.#peek;
      if (t.kind === "}") {
        if (out.length === 0) this.#fail(t, "empty set");
        this.#next();
        return out;
      }
      if (t.kind === "end") this.#fail(t, `expected "}" to close the set at column ${open.at + 1}`);
      if (t.kind === "," && out.length > 0) {
        this.#next();
        continue;
      }
      out.push(this.#element());
    }
  }

  /** A set element: a value, or `low..high` (as one word `1..5` or as `1 .. 5`). */
  #element(): SetElement {
    const t = this.#peek;
    if (t.kind === "word" && t.text.includes("..")) {
      this.#next();
      const cut = t.text.indexOf("..");
      const lowText = t.text.slice(0, cut);
      const highText = t.text.slice(cut + 2);
      const lit = (text: string, at: number): LiteralNode => ({
        type: "literal",
        text,
        quoted: false,
        char: false,
        at,
        width: text.length,
      });
      if (lowText === "" && highText === "") this.#fail(t, 'a range needs values around ".."');
      if (highText === "") {
        const high = this.#operand();
        return { low: lit(lowText, t.at), high };
      }
      if (lowText === "") this.#fail(t, 'a range needs a value before ".."');
      return { low: lit(lowText, t.at), high: lit(highText, t.at + cut + 2) };
    }
    const low = this.#operand();
    const n = this.#peek;
    if (n.kind === "word" && n.text.startsWith("..")) {
      this.#next();
      if (n.text.length > 2)
        return {
          low,
          high: {
            type: "literal",
            text: n.text.slice(2),
            quoted: false,
            char: false,
            at: n.at + 2,
            width: n.width - 2,
          },
        };
      return { low, high: this.#operand() };
    }
    return { low };
  }
}

/** Parses a display filter into its syntax tree; throws {@link DisplayFilterError} with the column. */
export function parseFilter(src: string): FilterNode {
  return new Parser(src).parse();
}
