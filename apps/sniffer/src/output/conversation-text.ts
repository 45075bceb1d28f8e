import { ipv6TextOctets } from "../decode/ipv6-text.js";
import { missSlot } from "../decode/two-way-slot.js";
import { concat } from "../pcap/bytes.js";

/**
 * Slots of the cache, in pairs (two ways per hash): a capture's conversations (address and
 * port pairs) are few, and two of them sharing a slot must not evict each other every frame.
 */
const SLOTS = 2048;
/** Octets of a key: the two addresses. */
const KEY = 32;

const keys = new Uint8Array(SLOTS * KEY);
const ports = new Int32Array(SLOTS).fill(-1);
const texts: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
/** Per pair of ways, the one to evict next. */
const turn = new Uint8Array(SLOTS / 2);

function matches(slot: number, d: Uint8Array, at: number, pair: number): boolean {
  if (texts[slot] === undefined || ports[slot] !== pair) return false;
  const base = slot * KEY;
  // From the last octet: addresses of one site differ at their ends, so a miss ends early.
  for (let i = KEY - 1; i >= 0; i--) if (keys[base + i] !== d[at + i]) return false;
  return true;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const OPEN = ascii(" [");
const CLOSE = ascii("]:");
/** ` → [` in UTF-8. */
const ARROW = new TextEncoder().encode(" \u2192 [");

function render(d: Uint8Array, at: number, sourcePort: number, destinationPort: number): Uint8Array {
  return concat(
    OPEN,
    ipv6TextOctets(d, at),
    CLOSE,
    ascii(String(sourcePort)),
    ARROW,
    ipv6TextOctets(d, at + 16),
    CLOSE,
    ascii(`${destinationPort} `),
  );
}

/**
 * The text line's middle, ` [source]:port → [destination]:port ` (UTF-8, with the spaces
 * around it), of the IPv6 source and destination addresses at `d[at..at+32)` and the UDP
 * ports, through a fixed-size two-way cache: a capture repeats its conversations, and
 * one copy of the whole piece costs less than formatting and copying its six parts per frame.
 * Shared with the cache: do not modify it.
 */
export function conversationText(d: Uint8Array, at: number, sourcePort: number, destinationPort: number): Uint8Array {
  // Interface identifiers (the addresses' last octets) and ports tell a site's hosts apart.
  const pair = (sourcePort << 16) | destinationPort;
  const mixed =
    (((d[at + 12] as number) << 24) |
      ((d[at + 13] as number) << 16) |
      ((d[at + 14] as number) << 8) |
      (d[at + 15] as number)) ^
    Math.imul(
      ((d[at + 28] as number) << 24) |
        ((d[at + 29] as number) << 16) |
        ((d[at + 30] as number) << 8) |
        (d[at + 31] as number),
      31,
    ) ^
    Math.imul(pair, 961);
  const first = (Math.imul(mixed, 0x9e3779b1) >>> 21) & (SLOTS - 2);
  if (matches(first, d, at, pair)) return texts[first] as Uint8Array;
  if (matches(first + 1, d, at, pair)) return texts[first + 1] as Uint8Array;
  // A miss: fill an empty way, else evict the other way than the one filled last.
  const slot = missSlot(texts, turn, first);
  const text = render(d, at, sourcePort, destinationPort);
  keys.set(d.subarray(at, at + KEY), slot * KEY);
  ports[slot] = pair;
  texts[slot] = text;
  return text;
}
