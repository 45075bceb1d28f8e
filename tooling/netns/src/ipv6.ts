import { formatIpv6Groups, parseIpv6Groups } from "@bip6/bvll6-codec";

/** An IPv6 address as eight 16-bit groups. */
export type Groups = readonly number[];

/** Parses IPv6 text (no zone, no embedded IPv4) into eight groups, or undefined. */
export function parseIPv6(text: string): Groups | undefined {
  if (text.includes(".") || text.includes("%")) return undefined;
  try {
    return [...parseIpv6Groups(text)];
  } catch {
    return undefined;
  }
}

/** Canonical (RFC 5952) text of eight groups. */
export const formatIPv6 = (groups: Groups): string => formatIpv6Groups(groups);

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
