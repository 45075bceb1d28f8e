import { applicationTagName } from "./names.js";
import { SummaryWriter } from "./summary-writer.js";
import { type FieldNode, type FieldSink, LazyNode, TreeBuilder, VisitSink, leafNode } from "./tree.js";
import { BACNET_LIMITS, type DecodeProblem, type DecodeProblemCode, type NpduInfo, type ServiceData } from "./types.js";

/** What a walk builds: only the summary and facts, the whole tree, or field visits. */
export type WalkMode = "summary" | "tree" | "visit";

/** What the last {@link Walk.peekTag} found. */
export const PRIMITIVE = 0;
/** An opening tag (context class, LVT 6). */
export const OPENING = 1;
/** A closing tag (context class, LVT 7). */
export const CLOSING = 2;

const EMPTY = new Uint8Array(0);

/** The header node tshark shows under every tag; its fields (class, number, named tag, LVT) are built when read. */
class TagHeaderNode extends LazyNode {
  constructor(
    private readonly labels: readonly (string | undefined)[],
    private readonly t0: number,
    private readonly tagNumber: number,
    private readonly lvt: number,
    /** The LVT field's value, or -1 for opening/closing tags (which have none). */
    private readonly shown: number,
    offset: number,
    length: number,
  ) {
    super("bip6.bacapp.tag", labels[0] as string, tagNumber, offset, length);
  }

  protected build(): FieldNode[] {
    const l = this.labels;
    const at = this.offset;
    const context = (this.t0 & 8) !== 0;
    const out = [leafNode("bacapp.tag_class", l[1] as string, context, at, 1)];
    const numberName = context ? "bacapp.context_tag_number" : "bacapp.application_tag_number";
    if (this.t0 >> 4 === 15) {
      out.push(leafNode(numberName, "Extended Tag Number", 15, at, 1));
      out.push(leafNode("bacapp.extended_tag_number", l[2] as string, this.tagNumber, at + 1, 1));
    } else out.push(leafNode(numberName, l[2] as string, this.tagNumber, at, 1));
    if (l[3] !== undefined) out.push(leafNode("bacapp.named_tag", l[3], this.lvt, at, 1));
    if (this.shown >= 0) {
      // The LVT field covers the extended length octets when there are any (as tshark's does).
      const skip = this.t0 >> 4 === 15 ? 2 : 1;
      const extended = (this.t0 & 7) === 5 && this.length > skip;
      out.push(
        leafNode(
          "bacapp.LVT",
          l[4] as string,
          this.shown,
          extended ? at + skip : at,
          extended ? this.length - skip : 1,
        ),
      );
    }
    return out;
  }
}

/** Tag header labels by tag octet, for the octets whose labels depend on nothing else. */
const TAG_LABELS: ((string | undefined)[] | undefined)[] = [];

/**
 * Facts about an NPDU that both decode paths fill as they walk, for the sniffer's findings
 * and statistics: reusable, numbers only, -1 where absent. See {@link scanNpdu}.
 */
export class NpduFacts {
  /** Network layer message type, or -1 for an APDU. */
  networkMessage = -1;
  /** APDU type 0–15, or -1. */
  pduType = -1;
  /** Service choice (confirmed or unconfirmed as {@link pduType} says), or -1. */
  service = -1;
  /** Invoke id, or -1. */
  invokeId = -1;
  /** A Confirmed-Request PDU (what must never be broadcast). */
  confirmedRequest = false;
  /** SEG bit of a Confirmed-Request or ComplexACK. */
  segmented = false;
  /** Device instance of an I-Am, or -1. */
  iAmDevice = -1;
  /** DNET, or -1. */
  destinationNetwork = -1;
  /** SNET, or -1. */
  sourceNetwork = -1;
  /** Malformed parts found. */
  problems = 0;

  /** Back to "nothing known". */
  clear(): void {
    this.networkMessage = -1;
    this.pduType = -1;
    this.service = -1;
    this.invokeId = -1;
    this.confirmedRequest = false;
    this.segmented = false;
    this.iAmDevice = -1;
    this.destinationNetwork = -1;
    this.sourceNetwork = -1;
    this.problems = 0;
  }
}

const PICTURES = new Map<number, string>();

/** `value` as a bit picture of the bits in `mask` of an octet, like tshark: `..1. ....` (memoized). */
export function bitPicture(value: number, mask: number): string {
  const key = ((value & mask) << 8) | mask;
  const known = PICTURES.get(key);
  if (known !== undefined) return known;
  let s = "";
  for (let bit = 7; bit >= 0; bit--) {
    const m = 1 << bit;
    s += (mask & m) === 0 ? "." : (value & m) === 0 ? "0" : "1";
    if (bit === 4) s += " ";
  }
  PICTURES.set(key, s);
  return s;
}

/**
 * The one walker over an NPDU's octets that both decode paths share: a cursor, the tag
 * reader (ASHRAE 135 clause 20.2.1), the problems met, the summary being written, and — only
 * on the tree path — the field tree. Service decoders read through it and write the summary
 * the same way on both paths; every field they add is behind `if (w.tree)`, so the summary
 * path builds no objects.
 *
 * The tag reader never reads past {@link end}, and counts tags against
 * {@link BACNET_LIMITS}.maxTags so that no input can make a decode loop long.
 */
export class Walk {
  b: Uint8Array = EMPTY;
  /** Next octet to read. */
  pos = 0;
  /** End of the NPDU (exclusive). */
  end = 0;
  /** Null on the summary path. */
  tree: FieldSink | null = null;
  /** Whether labels are built (tree path). */
  labels = false;
  /** Whether structured data (`NpduInfo`, `ApduInfo`, service data) is built (tree path). */
  structured = false;
  /** The sink of the visit path, reused. */
  readonly visit = new VisitSink();
  readonly sum = new SummaryWriter();
  /** Null on the summary path (problems are only counted there). */
  problems: DecodeProblem[] | null = null;
  facts = new NpduFacts();
  /** Names vendor ids in labels (a decode option). */
  vendorName: ((id: number) => string | undefined) | undefined = undefined;
  /** The NPDU header the walk decoded (tree path). */
  npdu: NpduInfo | undefined = undefined;
  /** The service data a decoder built (tree path). */
  data: ServiceData | undefined = undefined;
  /** Nesting of opening tags in the value being read. */
  depth = 0;
  #tags = 0;
  #lastProblem = -1;
  #peekedAt = -1;
  #peekedOk = false;

  // The registers of the last tag peeked: set by peekTag(), read by the decoders.
  /** First octet of the tag. */
  tagStart = 0;
  /** Tag number (after the extended octet, if any). */
  tagNumber = 0;
  /** Context class (bit 3). */
  tagContext = false;
  /** {@link PRIMITIVE}, {@link OPENING} or {@link CLOSING}. */
  tagKind = PRIMITIVE;
  /** The LVT bits as encoded (0–7). */
  tagLvt = 0;
  /** First value octet (after the header). */
  valueStart = 0;
  /** End of the value (exclusive); = valueStart for opening/closing tags and booleans. */
  valueEnd = 0;

  /** Starts a walk over `b[start, end)`, filling `facts` (cleared first). */
  begin(b: Uint8Array, start: number, end: number, mode: WalkMode, facts: NpduFacts): void {
    this.b = b;
    this.pos = start;
    this.end = end;
    this.tree = mode === "tree" ? new TreeBuilder() : mode === "visit" ? this.visit : null;
    this.labels = mode === "tree";
    this.structured = mode === "tree";
    this.problems = mode === "tree" ? [] : null;
    // Set before it is cleared: clearing the last walk's would wipe a caller's facts.
    this.facts = facts;
    facts.clear();
    this.data = undefined;
    this.depth = 0;
    this.#tags = 0;
    this.#lastProblem = -1;
    this.#peekedAt = -1;
  }

  /** Records a malformed part (once per offset), counted on both paths, kept on the tree path. */
  problem(code: DecodeProblemCode, offset: number, message: string): void {
    if (offset === this.#lastProblem) return;
    this.#lastProblem = offset;
    this.facts.problems++;
    if (this.problems !== null) this.problems.push({ code, message, offset });
    if (this.tree !== null)
      this.tree.leaf(
        "_ws.malformed",
        this.labels ? `[Malformed: ${message}]` : "",
        code,
        offset,
        Math.max(0, this.end - offset),
      );
  }

  /** Octets left. */
  get left(): number {
    return this.end - this.pos;
  }

  /**
   * Reads the header of the tag at {@link pos} into the tag registers without moving.
   * False at the end of the data (no problem), or for a malformed tag or one whose value does
   * not fit (a problem, recorded).
   */
  peekTag(): boolean {
    // Decoders often look at the same tag more than once (is it the optional [2]? the opening
    // [4]?): the registers already hold it, and it is counted once against the cap.
    if (this.pos === this.#peekedAt) return this.#peekedOk;
    this.#peekedAt = this.pos;
    this.#peekedOk = this.#readTag();
    return this.#peekedOk;
  }

  #readTag(): boolean {
    const b = this.b;
    const end = this.end;
    let p = this.pos;
    if (p >= end) return false;
    if (++this.#tags > BACNET_LIMITS.maxTags) {
      this.problem("TOO_MANY", p, `more than ${BACNET_LIMITS.maxTags} tags; the rest is not decoded`);
      return false;
    }
    const start = p;
    const t0 = b[p++] as number;
    let num = t0 >> 4;
    const context = (t0 & 8) !== 0;
    const lvt = t0 & 7;
    if (num === 15) {
      if (p >= end) return this.#truncated(start, "the extended tag number");
      num = b[p++] as number;
      if (num === 255) {
        this.problem("BAD_TAG", start, `tag at ${start} has extended tag number 255, which is reserved`);
        return false;
      }
    }
    let kind = PRIMITIVE;
    let length = 0;
    if (lvt === 6 || lvt === 7) {
      if (!context) {
        this.problem("BAD_TAG", start, `application tag at ${start} has LVT ${lvt} (only context tags open or close)`);
        return false;
      }
      kind = lvt === 6 ? OPENING : CLOSING;
    } else if (!context && num === 1) {
      // Application Boolean: the value is the LVT itself, no content octets (20.2.3).
      if (lvt > 1) {
        this.problem("BAD_TAG", start, `application Boolean at ${start} has value ${lvt} (only 0 or 1)`);
        return false;
      }
    } else if (lvt === 5) {
      if (p >= end) return this.#truncated(start, "the extended length");
      length = b[p++] as number;
      if (length === 254) {
        if (p + 2 > end) return this.#truncated(start, "the extended length");
        length = ((b[p] as number) << 8) | (b[p + 1] as number);
        p += 2;
      } else if (length === 255) {
        if (p + 4 > end) return this.#truncated(start, "the extended length");
        length =
          (b[p] as number) * 0x1000000 +
          (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
        p += 4;
      }
    } else length = lvt;
    if (p + length > end) {
      this.problem("TRUNCATED", start, `tag at ${start} says ${length} octets, ${end - p} remain`);
      return false;
    }
    this.tagStart = start;
    this.tagNumber = num;
    this.tagContext = context;
    this.tagKind = kind;
    this.tagLvt = lvt;
    this.valueStart = p;
    this.valueEnd = p + length;
    return true;
  }

  #truncated(start: number, what: string): false {
    this.problem("TRUNCATED", start, `the data ends in ${what} of the tag at ${start}`);
    return false;
  }

  /** Whether the peeked tag is the primitive context tag `n`. */
  isContext(n: number): boolean {
    return this.tagContext && this.tagKind === PRIMITIVE && this.tagNumber === n;
  }

  /** Whether the peeked tag is the opening tag `n`. */
  isOpening(n: number): boolean {
    return this.tagKind === OPENING && this.tagNumber === n;
  }

  /** Whether the peeked tag is the closing tag `n`. */
  isClosing(n: number): boolean {
    return this.tagKind === CLOSING && this.tagNumber === n;
  }

  /** Whether the peeked tag is the application tag `n`. */
  isApplication(n: number): boolean {
    return !this.tagContext && this.tagNumber === n;
  }

  /** Moves past the peeked tag (header and value). */
  skip(): void {
    this.pos = this.valueEnd;
  }

  /** Length of the peeked tag's value. */
  get valueLength(): number {
    return this.valueEnd - this.valueStart;
  }

  /** Unsigned integer of the peeked value (big-endian; exact below 2^53). */
  unsignedValue(): number {
    const b = this.b;
    let v = 0;
    for (let i = this.valueStart; i < this.valueEnd; i++) v = v * 256 + (b[i] as number);
    return v;
  }

  /** Records that the grammar wanted something else here. */
  unexpected(what: string): void {
    if (this.pos >= this.end) this.problem("TRUNCATED", this.pos, `the data ends where ${what} should be`);
    else this.problem("UNEXPECTED_TAG", this.pos, `expected ${what} at ${this.pos}`);
  }

  // ---- tree helpers (call only when this.tree is set) ----

  /**
   * The tag header node tshark shows under every value: `Application Tag: Enumerated,
   * Length/Value/Type: 1` / `Context Tag: 1, …` / `{[3]` / `}[3]`, with class, number,
   * extended number, named-tag and LVT fields.
   */
  tagHeader(): FieldNode {
    const tree = this.tree as FieldSink;
    const t0 = this.b[this.tagStart] as number;
    if (!tree.labels) return this.#tagHeaderFields(tree, t0);
    // Labels of a plain tag octet (no extended number or length) depend on the octet alone.
    const plain = t0 >> 4 !== 15 && (this.tagLvt !== 5 || this.tagKind !== PRIMITIVE);
    const labels = plain ? (TAG_LABELS[t0] ??= this.#labels(t0)) : this.#labels(t0);
    const shown = this.tagKind === PRIMITIVE ? this.#lvtShown() : -1;
    return tree.add(
      new TagHeaderNode(labels, t0, this.tagNumber, this.tagLvt, shown, this.tagStart, this.valueStart - this.tagStart),
    );
  }

  /** The tag header and its fields as plain calls (visit path: no labels, no objects). */
  #tagHeaderFields(tree: FieldSink, t0: number): FieldNode {
    const start = this.tagStart;
    const len = this.valueStart - start;
    const node = tree.open("bip6.bacapp.tag", "", this.tagNumber, start, len);
    tree.leaf("bacapp.tag_class", "", this.tagContext, start, 1);
    const numberName = this.tagContext ? "bacapp.context_tag_number" : "bacapp.application_tag_number";
    if (t0 >> 4 === 15) {
      tree.leaf(numberName, "", 15, start, 1);
      tree.leaf("bacapp.extended_tag_number", "", this.tagNumber, start + 1, 1);
    } else tree.leaf(numberName, "", this.tagNumber, start, 1);
    if (this.tagKind !== PRIMITIVE || this.tagLvt === 5) tree.leaf("bacapp.named_tag", "", this.tagLvt, start, 1);
    if (this.tagKind === PRIMITIVE) {
      const skip = t0 >> 4 === 15 ? 2 : 1;
      const extended = (t0 & 7) === 5 && len > skip;
      tree.leaf("bacapp.LVT", "", this.#lvtShown(), extended ? start + skip : start, extended ? len - skip : 1);
    }
    tree.close();
    return node;
  }

  /** The LVT tshark shows: the value length, or for an application Boolean its value. */
  #lvtShown(): number {
    const boolean = !this.tagContext && this.tagNumber === 1;
    return this.tagKind === PRIMITIVE && !boolean ? this.valueLength : this.tagLvt;
  }

  /** Labels of the peeked tag's header: node, class, number, named tag (if any), LVT. */
  #labels(t0: number): (string | undefined)[] {
    const lvt = this.#lvtShown();
    const num = this.tagNumber;
    let header: string;
    if (this.tagKind === OPENING) header = `{[${num}]`;
    else if (this.tagKind === CLOSING) header = `}[${num}]`;
    else if (this.tagContext) header = `Context Tag: ${num}, Length/Value/Type: ${lvt}`;
    else header = `Application Tag: ${applicationTagName(num)}, Length/Value/Type: ${lvt}`;
    const cls = `${bitPicture(t0, 0x08)} = Tag Class: ${this.tagContext ? "Context Specific Tag" : "Application Tag"}`;
    const number =
      t0 >> 4 === 15
        ? `Extended Tag Number: ${num}`
        : this.tagContext
          ? `${bitPicture(t0, 0xf0)} = Context Tag Number: ${num}`
          : `${bitPicture(t0, 0xf0)} = Application Tag Number: ${applicationTagName(num)} (${num})`;
    let named: string | undefined;
    if (this.tagKind !== PRIMITIVE || this.tagLvt === 5) {
      const what =
        this.tagKind === OPENING ? "Opening Tag" : this.tagKind === CLOSING ? "Closing Tag" : "Extended Value";
      named = `${bitPicture(t0, 0x07)} = Named Tag: ${what} (${this.tagLvt})`;
    }
    return [header, cls, number, named, `Length Value Type: ${lvt}`];
  }
}
