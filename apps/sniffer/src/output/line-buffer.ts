const encoder = new TextEncoder();

/** Two ASCII hex digits per octet value, for VMACs and codes without a string per number. */
const HEX = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const digits = i.toString(16).padStart(2, "0");
  HEX[2 * i] = digits.charCodeAt(0);
  HEX[2 * i + 1] = digits.charCodeAt(1);
}

/** Room kept free for one line: the longest line the byte formatters write is well under this. */
export const LINE_ROOM = 1024;

/**
 * Output lines assembled as UTF-8 in one reused byte buffer, so formatting a frame makes no
 * strings and writing a chunk needs no encoding. The owner calls {@link reserve} before each
 * line and {@link take} when {@link size} is large enough to write.
 */
export class LineBuffer {
  #buf: Uint8Array;
  /** Write position; public for the formatters' speed, never beyond the buffer. */
  pos = 0;

  constructor(capacity: number) {
    this.#buf = new Uint8Array(capacity + LINE_ROOM);
  }

  /** Octets written since the last {@link take}. */
  get size(): number {
    return this.pos;
  }

  /** Makes sure `n` more octets fit (grows only for lines longer than {@link LINE_ROOM}). */
  reserve(n: number): void {
    if (this.pos + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.pos + n));
    next.set(this.#buf.subarray(0, this.pos));
    this.#buf = next;
  }

  /** A copy of what is written (safe to hand to a stream), and an empty buffer. */
  take(): Uint8Array {
    const out = this.#buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /**
   * What is written, as a view of the buffer itself, and an empty buffer: valid only until
   * the next write (for a consumer that is done with it before asking for more).
   */
  takeView(): Uint8Array {
    const out = this.#buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }

  /** One octet (an ASCII character code). */
  byte(c: number): void {
    this.#buf[this.pos++] = c;
  }

  /** Octets as they are. */
  octets(b: Uint8Array): void {
    const buf = this.#buf;
    let p = this.pos;
    // The pieces are short: a plain loop beats set()'s per-call cost.
    for (let i = 0; i < b.length; i++) buf[p++] = b[i] as number;
    this.pos = p;
  }

  /** Octets as they are, for longer pieces (a conversation's addresses): one block copy. */
  block(b: Uint8Array): void {
    this.#buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string of ASCII characters (known short texts: titles, field names). */
  ascii(s: string): void {
    const buf = this.#buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /**
   * The buffer itself, for writers of their own (the NPDU summary's): after {@link reserve}
   * of what they need, they write from {@link pos} and move it. Valid until the next reserve.
   */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** Any string: copied as ASCII when it is (the common case), else UTF-8 encoded. */
  string(s: string): void {
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        this.text(s);
        return;
      }
    }
    this.reserve(s.length);
    this.ascii(s);
  }

  /** Any string, UTF-8 encoded; reserves room itself (the slow path: error lines). */
  text(s: string): void {
    this.reserve(3 * s.length);
    this.pos += encoder.encodeInto(s, this.#buf.subarray(this.pos)).written;
  }

  /** A non-negative integer in decimal, right-aligned with spaces to `width` characters. */
  uint(n: number, width = 0): void {
    const buf = this.#buf;
    if (n < 0x80000000) {
      // The common case (frame numbers, ports, VMACs): small-integer arithmetic, no doubles.
      let digits = 1;
      for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
      for (let i = digits; i < width; i++) buf[this.pos++] = 0x20;
      let p = this.pos + digits;
      this.pos = p;
      let v = n | 0;
      do {
        const q = (v / 10) | 0;
        buf[--p] = 0x30 + v - q * 10;
        v = q;
      } while (v > 0);
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    for (let i = digits; i < width; i++) buf[this.pos++] = 0x20;
    let p = this.pos + digits;
    this.pos = p;
    do {
      buf[--p] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** A number as JSON.stringify writes it (`null` for NaN and the infinities). */
  jsonNumber(n: number): void {
    if (n >= 0 && n < 0x80000000 && (n | 0) === n) this.uint(n);
    else this.ascii(Number.isFinite(n) ? String(n) : "null");
  }

  /** `n` (0 to 999 999) as exactly six decimal digits, zero-padded. */
  sixDigits(n: number): void {
    const buf = this.#buf;
    let v = n | 0;
    for (let p = this.pos + 5; p >= this.pos; p--) {
      const q = (v / 10) | 0;
      buf[p] = 0x30 + v - q * 10;
      v = q;
    }
    this.pos += 6;
  }

  /** `n` (0–0xFFFFFF) as six lower-case hex digits: the codec's VMAC text. */
  hex6(n: number): void {
    this.#hexOctet(n >>> 16);
    this.#hexOctet((n >>> 8) & 0xff);
    this.#hexOctet(n & 0xff);
  }

  /** `n` (0–0x7FFFFFFF) as `0x` and lower-case hex digits, zero-padded to `width` digits (tshark's hex fields). */
  hexPadded(n: number, width: number): void {
    const buf = this.#buf;
    let digits = 1;
    for (let t = n >>> 4; t > 0; t >>>= 4) digits++;
    buf[this.pos++] = 0x30;
    buf[this.pos++] = 0x78;
    for (let i = digits; i < width; i++) buf[this.pos++] = 0x30;
    let p = this.pos + digits;
    this.pos = p;
    let v = n;
    do {
      buf[--p] = HEX[2 * (v & 0xf) + 1] as number;
      v >>>= 4;
    } while (v > 0);
  }

  /** `n` (0–0xFFFF) as four lower-case hex digits. */
  hex4(n: number): void {
    this.#hexOctet(n >>> 8);
    this.#hexOctet(n & 0xff);
  }

  #hexOctet(v: number): void {
    const buf = this.#buf;
    buf[this.pos++] = HEX[2 * v] as number;
    buf[this.pos++] = HEX[2 * v + 1] as number;
  }
}
