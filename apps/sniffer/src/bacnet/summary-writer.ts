import { BACNET_LIMITS } from "./types.js";

const ELLIPSIS = [0xe2, 0x80, 0xa6];

/**
 * The one-line summary as UTF-8, written into a caller's byte array (the sniffer's output
 * buffer) or a scratch one, so the summary path makes no strings of its own. Writes past
 * {@link BACNET_LIMITS}.maxSummaryOctets are dropped and the line ends with `…`.
 */
export class SummaryWriter {
  /** Where the summary goes. */
  out: Uint8Array = new Uint8Array(BACNET_LIMITS.maxSummaryOctets + 8);
  /** Next write position. */
  pos = 0;
  /** Where the summary started in {@link out}. */
  start = 0;
  /** Last position a write may reach (exclusive), leaving room for the `…`. */
  limit = 0;
  /** Set once a write did not fit. */
  full = false;

  /** Starts a summary at `at` in `out`, which must have {@link BACNET_LIMITS}.maxSummaryOctets free. */
  reset(out: Uint8Array, at: number): void {
    this.out = out;
    this.pos = at;
    this.start = at;
    this.limit = at + BACNET_LIMITS.maxSummaryOctets - ELLIPSIS.length;
    this.full = false;
  }

  /** Octets written so far. */
  get length(): number {
    return this.pos - this.start;
  }

  /** Ends the summary (adds `…` if something was dropped) and returns the end position. */
  finish(): number {
    // A part that failed after its separator leaves a trailing space: drop it.
    if (this.pos > this.start && this.out[this.pos - 1] === 0x20) this.pos--;
    if (this.full) for (const c of ELLIPSIS) this.out[this.pos++] = c;
    return this.pos;
  }

  #room(n: number): boolean {
    if (this.full) return false;
    if (this.pos + n > this.limit) {
      this.full = true;
      return false;
    }
    return true;
  }

  /** One ASCII character. */
  char(c: number): void {
    const p = this.pos;
    if (this.full || p >= this.limit) {
      this.full = true;
      return;
    }
    this.out[p] = c;
    this.pos = p + 1;
  }

  /** `…`: more follows than the summary shows. */
  more(): void {
    if (!this.#room(3)) return;
    for (const c of ELLIPSIS) this.out[this.pos++] = c;
  }

  /** A space, unless the summary is empty. */
  space(): void {
    if (this.pos > this.start) this.char(0x20);
  }

  /** ASCII text (names, numbers). */
  ascii(s: string): void {
    if (!this.#room(s.length)) return;
    const out = this.out;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** ASCII octets as they are. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    let p = this.pos;
    if (this.full || p + n > this.limit) {
      this.full = true;
      return;
    }
    const out = this.out;
    for (let i = 0; i < n; i++) out[p++] = b[i] as number;
    this.pos = p;
  }

  /** `b[from, to)` as they are (printable ASCII the caller checked). */
  octets(b: Uint8Array, from: number, to: number): void {
    const n = to - from;
    let p = this.pos;
    if (this.full || p + n > this.limit) {
      this.full = true;
      return;
    }
    const out = this.out;
    for (let i = from; i < to; i++) out[p++] = b[i] as number;
    this.pos = p;
  }

  /** The bits of a BitString value `b[from, to)` (unused-bit count first) as `0`/`1`. */
  bits(b: Uint8Array, from: number, to: number): void {
    const unused = from < to ? (b[from] as number) & 7 : 0;
    for (let i = from + 1; i < to && !this.full; i++) {
      const v = b[i] as number;
      const last = i === to - 1 ? unused : 0;
      for (let bit = 7; bit >= last; bit--) this.char((v >> bit) & 1 ? 0x31 : 0x30);
    }
  }

  /** A non-negative integer below 2^53 in decimal. */
  uint(n: number): void {
    if (n <= 0x7fffffff) {
      // The usual case (instances, indexes, ids): 32-bit integer arithmetic.
      let digits = 1;
      for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
      let p = this.pos + digits;
      if (this.full || p > this.limit) {
        this.full = true;
        return;
      }
      this.pos = p;
      const out = this.out;
      let v = n | 0;
      do {
        const q = (v / 10) | 0;
        out[--p] = 0x30 + v - q * 10;
        v = q;
      } while (v > 0);
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    if (!this.#room(digits)) return;
    let p = this.pos + digits;
    this.pos = p;
    do {
      this.out[--p] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** A signed integer. */
  int(n: number): void {
    if (n < 0) {
      this.char(0x2d);
      this.uint(-n);
    } else this.uint(n);
  }

  /** `n` as two decimal digits (dates, times). */
  two(n: number): void {
    if (!this.#room(2)) return;
    this.out[this.pos++] = 0x30 + Math.floor(n / 10);
    this.out[this.pos++] = 0x30 + (n % 10);
  }

  /** Octets as lower-case hex. */
  hex(b: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to && !this.full; i++) {
      const v = b[i] as number;
      if (!this.#room(2)) return;
      this.out[this.pos++] = HEX_DIGITS.charCodeAt(v >> 4);
      this.out[this.pos++] = HEX_DIGITS.charCodeAt(v & 15);
    }
  }

  /** Any text, UTF-8 encoded, in double quotes; `"` and `\` escaped, control characters as `\xNN`. */
  quoted(s: string): void {
    this.char(0x22);
    for (let i = 0; i < s.length && !this.full; i++) {
      let c = s.codePointAt(i) as number;
      if (c > 0xffff) i++;
      if (c === 0x22 || c === 0x5c) {
        this.char(0x5c);
        this.char(c);
      } else if (c < 0x20 || c === 0x7f) {
        this.ascii(`\\x${HEX_DIGITS[c >> 4]}${HEX_DIGITS[c & 15]}`);
      } else if (c < 0x80) this.char(c);
      else {
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
        this.#utf8(c);
      }
    }
    this.char(0x22);
  }

  #utf8(c: number): void {
    const n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (!this.#room(n)) return;
    const out = this.out;
    if (n === 2) out[this.pos++] = 0xc0 | (c >> 6);
    else if (n === 3) {
      out[this.pos++] = 0xe0 | (c >> 12);
      out[this.pos++] = 0x80 | ((c >> 6) & 63);
    } else {
      out[this.pos++] = 0xf0 | (c >> 18);
      out[this.pos++] = 0x80 | ((c >> 12) & 63);
      out[this.pos++] = 0x80 | ((c >> 6) & 63);
    }
    out[this.pos++] = 0x80 | (c & 63);
  }

  /** Inserts one ASCII character at `at` (an earlier position), shifting what follows. */
  insert(at: number, c: number): void {
    if (!this.#room(1)) return;
    this.out.copyWithin(at + 1, at, this.pos);
    this.out[at] = c;
    this.pos++;
  }

  /** The summary written since {@link reset}, as a string. */
  text(): string {
    return utf8Text(this.out, this.start, this.pos);
  }
}

const HEX_DIGITS = "0123456789abcdef";

let decoder: InstanceType<typeof TextDecoder> | undefined;

/** Recent summary strings by a hash of their octets: captures repeat the same lines. */
const CACHE_SIZE = 256;
const cachedOctets: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(CACHE_SIZE);
const cachedText: string[] = new Array<string>(CACHE_SIZE).fill("");

/**
 * UTF-8 octets as a string, from a small cache when the same octets were turned into a string
 * recently (the usual case in a capture: the same I-Am, the same ReadProperty), else plain
 * ASCII without a TextDecoder call, else decoded.
 */
export function utf8Text(b: Uint8Array, from: number, to: number): string {
  let hash = 0x811c9dc5;
  let ascii = true;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c >= 0x80) ascii = false;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  const slot = (hash >>> 0) % CACHE_SIZE;
  const known = cachedOctets[slot];
  if (known !== undefined && known.length === to - from) {
    let same = true;
    for (let i = 0; i < known.length; i++) {
      if (known[i] !== b[from + i]) {
        same = false;
        break;
      }
    }
    if (same) return cachedText[slot] as string;
  }
  let text: string;
  if (ascii) text = String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
  else {
    decoder ??= new TextDecoder();
    text = decoder.decode(b.subarray(from, to));
  }
  cachedOctets[slot] = b.slice(from, to);
  cachedText[slot] = text;
  return text;
}
