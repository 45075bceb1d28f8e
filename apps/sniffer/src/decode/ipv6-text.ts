import { formatIpv6Groups } from "@bip6/bvll6-codec";
import { missSlot } from "./two-way-slot.js";

/**
 * Slots of the address-text cache, in pairs (two ways per hash): a capture's hosts are few, so
 * hits are the rule, and two hosts sharing a slot must not evict each other every packet.
 */
const SLOTS = 1024;

const words = new Uint32Array(SLOTS * 4);
const texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
/** The same texts as ASCII octets, filled on first use by the byte-level formatters. */
const octets: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
const groups = new Uint16Array(8);
/** Per pair of ways, the one to evict next. */
const turn = new Uint8Array(SLOTS / 2);

function holds(slot: number, w0: number, w1: number, w2: number, w3: number): boolean {
  const base = slot * 4;
  return (
    texts[slot] !== undefined &&
    words[base] === w0 &&
    words[base + 1] === w1 &&
    words[base + 2] === w2 &&
    words[base + 3] === w3
  );
}

function word(b: Uint8Array, o: number): number {
  return (
    (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0
  );
}

/** The cache slot holding the text of the 16 octets at `at`, filled if it held another address. */
function slotOf(b: Uint8Array, at: number): number {
  const w0 = word(b, at);
  const w1 = word(b, at + 4);
  const w2 = word(b, at + 8);
  const w3 = word(b, at + 12);
  const first =
    (Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 29791), 0x9e3779b1) >>> 22) & (SLOTS - 2);
  if (holds(first, w0, w1, w2, w3)) return first;
  if (holds(first + 1, w0, w1, w2, w3)) return first + 1;
  // A miss: fill an empty way, else evict the other way than the one filled last.
  const slot = missSlot(texts, turn, first);
  const base = slot * 4;
  for (let i = 0; i < 8; i++) groups[i] = ((b[at + 2 * i] as number) << 8) | (b[at + 2 * i + 1] as number);
  words[base] = w0;
  words[base + 1] = w1;
  words[base + 2] = w2;
  words[base + 3] = w3;
  texts[slot] = formatIpv6Groups(groups);
  octets[slot] = undefined;
  return slot;
}

/**
 * RFC 5952 text of the 16 octets at `at` (the codec's formatter), through a fixed-size
 * two-way cache: formatting is the costliest step per packet, and captures repeat hosts.
 */
export function ipv6Text(b: Uint8Array, at: number): string {
  return texts[slotOf(b, at)] as string;
}

/**
 * {@link ipv6Text} as ASCII octets (from the same cache), for output built in a byte buffer.
 * Shared with the cache: do not modify it.
 */
export function ipv6TextOctets(b: Uint8Array, at: number): Uint8Array {
  const slot = slotOf(b, at);
  let cached = octets[slot];
  if (cached === undefined) {
    const text = texts[slot] as string;
    cached = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) cached[i] = text.charCodeAt(i);
    octets[slot] = cached;
  }
  return cached;
}
