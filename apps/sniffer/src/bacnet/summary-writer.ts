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
    if (this.#room(1)) this.out[this.pos++] = c;
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

  /** A non-negative integer below 2^53 in decimal. */
  uint(n: number): void {
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

/** UTF-8 octets as a string; plain ASCII (the usual summary) without a TextDecoder call. */
export function utf8Text(b: Uint8Array, from: number, to: number): string {
  let ascii = true;
  for (let i = from; i < to; i++) {
    if ((b[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
  decoder ??= new TextDecoder();
  return decoder.decode(b.subarray(from, to));
}
