/** Unsigned 16-bit integer at `o`, little-endian when `le`. The caller guarantees the octets exist. */
export function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? (b[o] as number) | ((b[o + 1] as number) << 8) : ((b[o] as number) << 8) | (b[o + 1] as number);
}

/** Unsigned 32-bit integer at `o`, little-endian when `le`. The caller guarantees the octets exist. */
export function u32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>>
        0
    : (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>>
        0;
}

/** Unsigned 16-bit big-endian (network order) integer at `o`. */
export function be16(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

/** The octet arrays one after another, in one new array. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
