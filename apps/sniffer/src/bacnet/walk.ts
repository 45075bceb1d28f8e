import { applicationTagName } from "./names.js";
import { SummaryWriter } from "./summary-writer.js";
import { type FieldNode, TreeBuilder } from "./tree.js";
import { BACNET_LIMITS, type DecodeProblem, type DecodeProblemCode, type NpduInfo, type ServiceData } from "./types.js";

/** What the last {@link Walk.peekTag} found. */
export const PRIMITIVE = 0;
/** An opening tag (context class, LVT 6). */
export const OPENING = 1;
/** A closing tag (context class, LVT 7). */
export const CLOSING = 2;

const EMPTY = new Uint8Array(0);

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

/** `value` as a bit picture of the bits in `mask` of an octet, like tshark: `..1. ....`. */
export function bitPicture(value: number, mask: number): string {
  let s = "";
  for (let bit = 7; bit >= 0; bit--) {
    const m = 1 << bit;
    s += (mask & m) === 0 ? "." : (value & m) === 0 ? "0" : "1";
    if (bit === 4) s += " ";
  }
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
  tree: TreeBuilder | null = null;
  readonly sum = new SummaryWriter();
  /** Null on the summary path (problems are only counted there). */
  problems: DecodeProblem[] | null = null;
  facts = new NpduFacts();
  /** The NPDU header the walk decoded (tree path). */
  npdu: NpduInfo | undefined = undefined;
  /** The service data a decoder built (tree path). */
  data: ServiceData | undefined = undefined;
  /** Nesting of opening tags in the value being read. */
  depth = 0;
  #tags = 0;
  #lastProblem = -1;

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

  /** Starts a walk over `b[start, end)`. */
  begin(b: Uint8Array, start: number, end: number, tree: boolean): void {
    this.b = b;
    this.pos = start;
    this.end = end;
    this.tree = tree ? new TreeBuilder() : null;
    this.problems = tree ? [] : null;
    this.facts.clear();
    this.data = undefined;
    this.depth = 0;
    this.#tags = 0;
    this.#lastProblem = -1;
  }

  /** Records a malformed part (once per offset), counted on both paths, kept on the tree path. */
  problem(code: DecodeProblemCode, offset: number, message: string): void {
    if (offset === this.#lastProblem) return;
    this.#lastProblem = offset;
    this.facts.problems++;
    if (this.problems !== null) this.problems.push({ code, message, offset });
    if (this.tree !== null)
      this.tree.leaf("_ws.malformed", `[Malformed: ${message}]`, code, offset, Math.max(0, this.end - offset));
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
    const tree = this.tree as TreeBuilder;
    const t0 = this.b[this.tagStart] as number;
    const len = this.valueStart - this.tagStart;
    // An application Boolean's value is its LVT: tshark shows the LVT there, not a length.
    const boolean = !this.tagContext && this.tagNumber === 1;
    const lvtShown = this.tagKind === PRIMITIVE && !boolean ? this.valueLength : this.tagLvt;
    let label: string;
    if (this.tagKind === OPENING) label = `{[${this.tagNumber}]`;
    else if (this.tagKind === CLOSING) label = `}[${this.tagNumber}]`;
    else if (this.tagContext) label = `Context Tag: ${this.tagNumber}, Length/Value/Type: ${lvtShown}`;
    else label = `Application Tag: ${applicationTagName(this.tagNumber)}, Length/Value/Type: ${lvtShown}`;
    const node = tree.open("bip6.bacapp.tag", label, this.tagNumber, this.tagStart, len);
    tree.leaf(
      "bacapp.tag_class",
      `${bitPicture(t0, 0x08)} = Tag Class: ${this.tagContext ? "Context Specific Tag" : "Application Tag"}`,
      this.tagContext,
      this.tagStart,
      1,
    );
    const extended = t0 >> 4 === 15;
    const numberName = this.tagContext ? "bacapp.context_tag_number" : "bacapp.application_tag_number";
    if (extended) {
      tree.leaf(numberName, "Extended Tag Number", 15, this.tagStart, 1);
      tree.leaf(
        "bacapp.extended_tag_number",
        `Extended Tag Number: ${this.tagNumber}`,
        this.tagNumber,
        this.tagStart + 1,
        1,
      );
    } else if (this.tagContext) {
      tree.leaf(
        numberName,
        `${bitPicture(t0, 0xf0)} = Context Tag Number: ${this.tagNumber}`,
        this.tagNumber,
        this.tagStart,
        1,
      );
    } else {
      tree.leaf(
        numberName,
        `${bitPicture(t0, 0xf0)} = Application Tag Number: ${applicationTagName(this.tagNumber)} (${this.tagNumber})`,
        this.tagNumber,
        this.tagStart,
        1,
      );
    }
    if (this.tagKind !== PRIMITIVE || this.tagLvt === 5) {
      const named =
        this.tagKind === OPENING ? "Opening Tag" : this.tagKind === CLOSING ? "Closing Tag" : "Extended Value";
      tree.leaf(
        "bacapp.named_tag",
        `${bitPicture(t0, 0x07)} = Named Tag: ${named} (${this.tagLvt})`,
        this.tagLvt,
        this.tagStart,
        1,
      );
    }
    if (this.tagKind === PRIMITIVE)
      tree.leaf("bacapp.LVT", `Length Value Type: ${lvtShown}`, lvtShown, this.tagStart, len);
    tree.close();
    return node;
  }
}
