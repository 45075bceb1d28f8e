import { describeValue } from "./describe.js";
import { Bip6AddressError } from "./errors.js";

/**
 * Parses IPv6 text (no brackets, no zone) into eight 16-bit groups. Accepts every form of
 * RFC 4291 §2.2: full, compressed (`::` once), mixed with a dotted IPv4 tail, any case.
 * Throws `Bip6AddressError` `INVALID_IPV6` for anything else, also for a non-string.
 */
export function parseIpv6Groups(text: string): Uint16Array {
  if (typeof text !== "string") {
    throw new Bip6AddressError(
      "INVALID_IPV6",
      describeValue(text),
      `expected IPv6 address text, got ${describeValue(text)}`,
    );
  }
  const fail = (why: string): never => {
    throw new Bip6AddressError("INVALID_IPV6", text, `not an IPv6 address (${why}): ${JSON.stringify(text)}`);
  };
  if (text.length === 0 || text.length > 45) fail(text.length === 0 ? "empty" : "too long");
  const doubleColon = text.indexOf("::");
  if (doubleColon !== -1 && text.indexOf("::", doubleColon + 1) !== -1) fail("more than one '::'");

  const head = doubleColon === -1 ? text : text.slice(0, doubleColon);
  const tail = doubleColon === -1 ? "" : text.slice(doubleColon + 2);
  const headGroups: number[] = [];
  const tailGroups: number[] = [];
  // A dotted IPv4 part must be the last 32 bits: before a '::' (even "1.2.3.4::") zeros follow it.
  parseGroupList(head, headGroups, doubleColon === -1, fail);
  if (doubleColon !== -1) parseGroupList(tail, tailGroups, true, fail);

  const explicit = headGroups.length + tailGroups.length;
  if (doubleColon === -1 ? explicit !== 8 : explicit > 7) {
    fail(doubleColon === -1 ? `${explicit} groups instead of 8` : "too many groups around '::'");
  }
  const groups = new Uint16Array(8);
  groups.set(headGroups, 0);
  groups.set(tailGroups, 8 - tailGroups.length);
  return groups;
}

function parseGroupList(part: string, out: number[], ipv4Allowed: boolean, fail: (why: string) => never): void {
  if (part.length === 0) return;
  const pieces = part.split(":");
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (i === pieces.length - 1 && ipv4Allowed && piece.includes(".")) {
      const v4 = parseIpv4(piece);
      if (v4 === undefined) fail(`bad IPv4 tail '${piece}'`);
      out.push(((v4 as number) >>> 16) & 0xffff, (v4 as number) & 0xffff);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) fail(piece.length === 0 ? "empty group" : `bad group '${piece}'`);
    out.push(Number.parseInt(piece, 16));
  }
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/**
 * Formats eight 16-bit groups per RFC 5952: lower case, no leading zeros, the longest run
 * (first on a tie) of two or more zero groups as `::`, IPv4-mapped addresses with a dotted tail.
 * `groups` is an array or typed array of exactly eight integers 0–0xFFFF; anything else
 * throws `Bip6AddressError` `INVALID_GROUPS` (never a wrong text such as `10000::1`).
 */
export function formatIpv6Groups(groups: ArrayLike<number>): string {
  checkGroups(groups);
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    const hi = groups[6] as number;
    const lo = groups[7] as number;
    return `::ffff:${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push((groups[i] as number).toString(16));
    return out.join(":");
  };
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

function checkGroups(groups: ArrayLike<number>): void {
  const ok =
    (Array.isArray(groups) || ArrayBuffer.isView(groups)) &&
    groups.length === 8 &&
    isGroup(groups[0]) &&
    isGroup(groups[1]) &&
    isGroup(groups[2]) &&
    isGroup(groups[3]) &&
    isGroup(groups[4]) &&
    isGroup(groups[5]) &&
    isGroup(groups[6]) &&
    isGroup(groups[7]);
  if (!ok) {
    const shown =
      Array.isArray(groups) && groups.length <= 16
        ? `[${groups.map(describeValue).join(", ")}]`
        : describeValue(groups);
    throw new Bip6AddressError("INVALID_GROUPS", shown, `IPv6 groups must be eight integers 0-0xFFFF, got ${shown}`);
  }
}

function isGroup(value: unknown): boolean {
  return typeof value === "number" && (value & 0xffff) === value;
}
