import { isIPv6 } from "node:net";

/** An IPv6 address as eight 16-bit groups. */
export type Groups = readonly number[];

/** Parses IPv6 text (no zone, no embedded IPv4) into eight groups, or undefined. */
export function parseIPv6(text: string): Groups | undefined {
  if (!isIPv6(text) || text.includes(".") || text.includes("%")) return undefined;
  const halves = text.split("::");
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  const parts = halves.length > 1 ? [...head, ...Array<string>(missing).fill("0"), ...tail] : head;
  return parts.length === 8 ? parts.map((p) => parseInt(p, 16)) : undefined;
}

/** Canonical (RFC 5952) text of eight groups, via the WHATWG URL serializer. */
export function formatIPv6(groups: Groups): string {
  const raw = groups.map((g) => g.toString(16)).join(":");
  return new URL(`http://[${raw}]/`).hostname.slice(1, -1);
}

/** Canonical text of an IPv6 address string (throws on bad input). */
export function canonicalIPv6(text: string): string {
  const groups = parseIPv6(text);
  if (!groups) throw new TypeError(`not an IPv6 address: ${text}`);
  return formatIPv6(groups);
}

/** The address with every bit past `length` cleared. */
export function network(groups: Groups, length: number): Groups {
  return groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, length - i * 16));
    return keep === 0 ? 0 : g & ((0xffff << (16 - keep)) & 0xffff);
  });
}

/** The address `network::<index>` (index below 65536 in the last group). */
export function withInterfaceId(net: Groups, index: number): Groups {
  return net.map((g, i) => (i === 7 ? g | index : g));
}
