/**
 * Display filters compiled once per run into a predicate over frames: each field is read
 * through its getter (the sniffer's own fields straight from the octets), each literal is
 * parsed once into every form a value may need (number, boolean, IPv6 address, octets).
 *
 * @module
 */
import { formatIpv6Groups, parseIpv6Groups } from "@bip6/bvll6-codec";
import type { FieldValue } from "../fields/field.js";
import { fieldGetter, type FieldGetter } from "../fields/lookup.js";
import type { FrameContext } from "../frame-context.js";
import { DisplayFilterError } from "./errors.js";
import {
  type FieldNode,
  type FilterNode,
  type LiteralNode,
  type Operand,
  parseFilter,
  type Relation,
} from "./parser.js";

/** A compiled display filter: true when the frame passes. */
export type FramePredicate = (frame: FrameContext) => boolean;

/** A compiled display filter and what it reads. */
export interface CompiledFilter {
  readonly test: FramePredicate;
  /** The source text. */
  readonly text: string;
  /** Every field and protocol name it reads (so a run can tell whether it needs the analysis). */
  readonly fields: readonly string[];
}

/** A literal in every form a field value may be compared with. */
interface Constant {
  readonly text: string;
  readonly num: number | undefined;
  readonly bool: boolean | undefined;
  /** 16 octets and a prefix length (128 unless written in CIDR notation). */
  readonly ip: { readonly octets: Uint8Array; readonly prefix: number; readonly canonical: string } | undefined;
  /** Octets written as hex pairs (`82:0b`), lower-case, no separators. */
  readonly hex: string | undefined;
}

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^([-+]?)0[xX]([0-9a-fA-F]+)$/.exec(t)) !== null)
    return (m[1] === "-" ? -1 : 1) * Number.parseInt(m[2] as string, 16);
  if ((m = /^([-+]?)0[bB]([01]+)$/.exec(t)) !== null)
    return (m[1] === "-" ? -1 : 1) * Number.parseInt(m[2] as string, 2);
  if ((m = /^([-+]?)0([0-7]+)$/.exec(t)) !== null) return (m[1] === "-" ? -1 : 1) * Number.parseInt(m[2] as string, 8);
  if (/^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(t)) return Number(t);
  return undefined;
}

function parseIp(text: string): Constant["ip"] {
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  if (!addr.includes(":")) return undefined;
  let prefix = 128;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 128) return undefined;
    prefix = Number(p);
  }
  try {
    const groups = parseIpv6Groups(addr);
    const octets = new Uint8Array(16);
    for (let i = 0; i < 8; i++) {
      octets[2 * i] = (groups[i] as number) >> 8;
      octets[2 * i + 1] = (groups[i] as number) & 0xff;
    }
    return { octets, prefix, canonical: formatIpv6Groups(groups) };
  } catch {
    return undefined;
  }
}

function constant(node: LiteralNode): Constant {
  const text = node.text;
  if (node.char) return { text, num: Number(text), bool: undefined, ip: undefined, hex: undefined };
  const lower = text.toLowerCase();
  const bool = node.quoted ? undefined : lower === "true" ? true : lower === "false" ? false : undefined;
  const num = node.quoted ? undefined : bool !== undefined ? (bool ? 1 : 0) : parseNumber(text);
  const ip = node.quoted ? undefined : parseIp(text);
  const hex =
    !node.quoted && /^[0-9a-fA-F]{2}(?:[:.-][0-9a-fA-F]{2})*$/.test(text) ? lower.replace(/[:.-]/g, "") : undefined;
  return { text, num, bool, ip, hex };
}

/** Cache of IPv6 texts seen in values → octets (bounded: captures repeat their hosts). */
const ipCache = new Map<string, Uint8Array | null>();

function ipOctets(text: string): Uint8Array | undefined {
  let v = ipCache.get(text);
  if (v === undefined) {
    if (ipCache.size >= 4096) ipCache.clear();
    v = text.includes(":") ? (parseIp(text)?.octets ?? null) : null;
    ipCache.set(text, v);
  }
  return v ?? undefined;
}

function compareOctets(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function inPrefix(a: Uint8Array, net: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== net[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole] as number) & mask) === ((net[whole] as number) & mask);
}

const isNumericText = (s: string): boolean => /^-?[0-9]+(?:\.[0-9]+)?$/.test(s);
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order of a field value against a literal: <0, 0, >0, or `undefined` when they do not compare. */
function againstConstant(v: FieldValue, c: Constant): number | undefined {
  if (typeof v === "number") return c.num === undefined ? undefined : sign(v - c.num);
  if (typeof v === "boolean") return c.num === undefined ? undefined : sign((v ? 1 : 0) - (c.num !== 0 ? 1 : 0));
  if (c.ip !== undefined) {
    const a = ipOctets(v);
    if (a !== undefined) {
      if (c.ip.prefix < 128) return inPrefix(a, c.ip.octets, c.ip.prefix) ? 0 : 1;
      return sign(compareOctets(a, c.ip.octets));
    }
  }
  if (c.num !== undefined && isNumericText(v)) return sign(Number(v) - c.num);
  if (c.hex !== undefined && /^[0-9a-f]*$/.test(v)) return textOrder(v, c.hex);
  return textOrder(v, c.text);
}

/** Order of two field values (field-to-field comparisons). */
function againstValue(a: FieldValue, b: FieldValue): number | undefined {
  if (typeof a === "boolean") a = a ? 1 : 0;
  if (typeof b === "boolean") b = b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return sign(a - b);
  if (typeof a === "number") return isNumericText(b as string) ? sign(a - Number(b)) : undefined;
  if (typeof b === "number") return isNumericText(a) ? sign(Number(a) - b) : undefined;
  const x = ipOctets(a);
  const y = ipOctets(b as string);
  if (x !== undefined && y !== undefined) return sign(compareOctets(x, y));
  return textOrder(a, b as string);
}

const RELATION_TEST: Readonly<Record<Relation, (order: number) => boolean>> = {
  any_eq: (o) => o === 0,
  all_eq: (o) => o === 0,
  all_ne: (o) => o !== 0,
  any_ne: (o) => o !== 0,
  gt: (o) => o > 0,
  lt: (o) => o < 0,
  ge: (o) => o >= 0,
  le: (o) => o <= 0,
};

class Compiler {
  readonly fields = new Set<string>();

  getter(f: FieldNode): FieldGetter {
    const g = fieldGetter(f.name);
    if (g === undefined)
      throw new DisplayFilterError(
        "UNKNOWN_FIELD",
        `"${f.name}" is neither a field nor a protocol bip6-sniff knows`,
        f.at + 1,
        f.width,
      );
    this.fields.add(f.name);
    return g;
  }

  /** The values of a field, read into a scratch array owned by one node of the filter. */
  reader(f: FieldNode): (c: FrameContext) => FieldValue[] {
    const g = this.getter(f);
    const scratch: FieldValue[] = [];
    return (c) => {
      // Pops, not `length = 0`: inlined, where setting the length is a runtime call per frame.
      while (scratch.length > 0) scratch.pop();
      g(c, scratch);
      return scratch;
    };
  }

  /** A right-hand side: a literal, or a field when some layer defines the name. */
  operand(o: Operand): { constant: Constant } | { read: (c: FrameContext) => FieldValue[] } {
    if (o.type === "field") {
      if (fieldGetter(o.name) !== undefined) return { read: this.reader(o) };
      return {
        constant: constant({ type: "literal", text: o.name, quoted: false, char: false, at: o.at, width: o.width }),
      };
    }
    return { constant: constant(o) };
  }

  masked(f: FieldNode, mask: LiteralNode | undefined): (c: FrameContext) => FieldValue[] {
    const read = this.reader(f);
    if (mask === undefined) return read;
    const m = constant(mask).num;
    if (m === undefined || !Number.isInteger(m))
      throw new DisplayFilterError("BAD_VALUE", `bit mask "${mask.text}" is not an integer`, mask.at + 1, mask.width);
    const out: FieldValue[] = [];
    return (c) => {
      while (out.length > 0) out.pop();
      for (const v of read(c)) if (typeof v === "number") out.push(Number(BigInt(v) & BigInt(m)));
      return out;
    };
  }

  compile(n: FilterNode): FramePredicate {
    switch (n.type) {
      case "and": {
        const [l, r] = [this.compile(n.left), this.compile(n.right)];
        return (c) => l(c) && r(c);
      }
      case "or": {
        const [l, r] = [this.compile(n.left), this.compile(n.right)];
        return (c) => l(c) || r(c);
      }
      case "xor": {
        const [l, r] = [this.compile(n.left), this.compile(n.right)];
        return (c) => l(c) !== r(c);
      }
      case "not": {
        const inner = this.compile(n.operand);
        return (c) => !inner(c);
      }
      case "exists": {
        const read = this.masked(n.field, n.mask);
        if (n.mask === undefined) return (c) => read(c).length > 0;
        return (c) => read(c).some((v) => v !== 0);
      }
      case "compare":
        return this.#compare(n);
      case "contains": {
        const read = this.reader(n.field);
        const k = constant(n.value);
        return (c) =>
          read(c).some((v) => {
            if (typeof v !== "string") return false;
            if (k.hex !== undefined && /^[0-9a-f]*$/.test(v)) {
              for (let i = v.indexOf(k.hex); i >= 0; i = v.indexOf(k.hex, i + 1)) if (i % 2 === 0) return true;
              return false;
            }
            return v.includes(k.text);
          });
      }
      case "matches": {
        const read = this.reader(n.field);
        let pattern = n.value.text;
        let flags = "i";
        if (pattern.startsWith("(?-i)")) {
          pattern = pattern.slice(5);
          flags = "";
        }
        let re: RegExp;
        try {
          re = new RegExp(pattern, flags);
        } catch (e) {
          throw new DisplayFilterError(
            "BAD_VALUE",
            `bad regular expression: ${(e as Error).message}`,
            n.value.at + 1,
            n.value.width,
          );
        }
        return (c) => read(c).some((v) => re.test(typeof v === "boolean" ? (v ? "1" : "0") : String(v)));
      }
      case "in": {
        const read = this.reader(n.field);
        const elements = n.set.map((e) => ({
          low: this.#constantOf(e.low),
          high: e.high === undefined ? undefined : this.#constantOf(e.high),
        }));
        const member = (v: FieldValue): boolean =>
          elements.some(({ low, high }) => {
            const a = againstConstant(v, low);
            if (high === undefined) return a === 0;
            const b = againstConstant(v, high);
            return a !== undefined && b !== undefined && a >= 0 && b <= 0;
          });
        return n.negated
          ? (c) => {
              const vs = read(c);
              return vs.length > 0 && !vs.some(member);
            }
          : (c) => read(c).some(member);
      }
    }
  }

  #constantOf(o: Operand): Constant {
    if (o.type === "field")
      return constant({ type: "literal", text: o.name, quoted: false, char: false, at: o.at, width: o.width });
    return constant(o);
  }

  #compare(n: Extract<FilterNode, { type: "compare" }>): FramePredicate {
    const read = this.masked(n.field, n.mask);
    const test = RELATION_TEST[n.relation];
    // == and the orderings hold when one value does; != and === when all do (Wireshark 4).
    const every = n.quantifier === "all" || n.relation === "all_ne" || n.relation === "all_eq";
    const rhs = this.operand(n.value);
    if ("constant" in rhs) {
      const k = rhs.constant;
      const one = (v: FieldValue): boolean => {
        const o = againstConstant(v, k);
        return o === undefined ? n.relation === "all_ne" || n.relation === "any_ne" : test(o);
      };
      if (every)
        return (c) => {
          const vs = read(c);
          return vs.length > 0 && vs.every(one);
        };
      return (c) => read(c).some(one);
    }
    const other = rhs.read;
    const pair = (v: FieldValue, w: FieldValue): boolean => {
      const o = againstValue(v, w);
      return o === undefined ? n.relation === "all_ne" || n.relation === "any_ne" : test(o);
    };
    return (c) => {
      const vs = read(c).slice();
      const ws = other(c);
      if (vs.length === 0 || ws.length === 0) return false;
      return every ? vs.every((v) => ws.every((w) => pair(v, w))) : vs.some((v) => ws.some((w) => pair(v, w)));
    };
  }
}

/**
 * Compiles a Wireshark-syntax display filter (comparisons `== != === !== > < >= <=` and their
 * word forms, `&&`/`and`, `||`/`or`, `^^`/`xor`, `!`/`not`, parentheses, `contains`,
 * `matches`/`~`, `in {…}` with ranges, `&` bit masks, `any`/`all`, field existence, protocol
 * names) once into a predicate. Throws {@link DisplayFilterError} with the column of the
 * offending character.
 */
export function compileFilter(text: string): CompiledFilter {
  const tree = parseFilter(text);
  const compiler = new Compiler();
  const test = compiler.compile(tree);
  return { test, text, fields: [...compiler.fields] };
}
