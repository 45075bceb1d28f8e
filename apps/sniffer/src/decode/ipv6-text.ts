import { formatIpv6Groups } from "@bip6/bvll6-codec";

/** Slots of the address-text cache; a capture's hosts are few, so hits are the rule. */
const SLOTS = 256;

const words = new Uint32Array(SLOTS * 4);
const texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const groups = new Uint16Array(8);

function word(b: Uint8Array, o: number): number {
  return (
    (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0
  );
}

/**
 * RFC 5952 text of the 16 octets at `at` (the codec's formatter), through a fixed-size
 * direct-mapped cache: formatting is the costliest step per packet, and captures repeat hosts.
 */
export function ipv6Text(b: Uint8Array, at: number): string {
  const w0 = word(b, at);
  const w1 = word(b, at + 4);
  const w2 = word(b, at + 8);
  const w3 = word(b, at + 12);
  const slot =
    (Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 29791), 0x9e3779b1) >>> 24) % SLOTS;
  const base = slot * 4;
  const cached = texts[slot];
  if (
    cached !== undefined &&
    words[base] === w0 &&
    words[base + 1] === w1 &&
    words[base + 2] === w2 &&
    words[base + 3] === w3
  ) {
    return cached;
  }
  for (let i = 0; i < 8; i++) groups[i] = ((b[at + 2 * i] as number) << 8) | (b[at + 2 * i + 1] as number);
  const text = formatIpv6Groups(groups);
  words[base] = w0;
  words[base + 1] = w1;
  words[base + 2] = w2;
  words[base + 3] = w3;
  texts[slot] = text;
  return text;
}
