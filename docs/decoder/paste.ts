/**
 * What the decoder page accepts as pasted text, turned into datagrams (no DOM here):
 *
 * - one datagram per line, as hex digits with or without separators (spaces, tabs, commas,
 *   colons, dashes) and with or without `0x` / `\x` before each octet;
 * - a hex dump as `bip6-sniff -x`, `tshark -x` or Wireshark's "Copy as Hex Dump" print it
 *   (offset, hex octets, ASCII): consecutive lines whose offsets follow on are one packet;
 * - optionally, before the hex, the addresses as `bip6-sniff` prints them:
 *   `[fd00::1]:47808 → [fd00::2]:47808` (`->` and `>` work too);
 * - `#` starts a comment; blank lines are skipped.
 *
 * Each datagram is classified by its first octets: a whole IPv6 packet (version 6), an Ethernet
 * frame carrying IPv6 (EtherType 0x86dd, or a VLAN tag), or else a BVLL6 datagram (what a
 * BVLL6 datagram starts with, 0x82, always means BVLL6).
 *
 * @module
 */
import { Bip6Address } from "@bip6/bvll6-codec";

/** What a pasted datagram is. */
export type PastedKind = "bvll" | "ipv6" | "ethernet";

/** One datagram of the pasted text. */
export interface PastedDatagram {
  /** 1-based line of the text where it starts. */
  readonly line: number;
  readonly octets: Uint8Array;
  readonly kind: PastedKind;
  /** The addresses given before the hex (BVLL6 datagrams only). */
  readonly source?: Bip6Address;
  readonly destination?: Bip6Address;
}

/** A line that is not what the page accepts, with the 1-based column of the first wrong character. */
export interface PasteProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Octets per line of a hex dump, as every dump tool prints them. */
const DUMP_WIDTH = 16;

/**
 * `0000  82 03 00 0a …   ascii`: a 4- or 8-digit offset, two or more spaces, 1–16 octets (one
 * space between them, two in the middle as `hexdump -C` prints), then the ASCII column after
 * three or more spaces (or `|`).
 */
const DUMP_LINE = /^([0-9a-fA-F]{4}|[0-9a-fA-F]{8}) {2,}((?:[0-9a-fA-F]{2} {1,2}){0,15}[0-9a-fA-F]{2})(?: {2,}.*)?$/;

/** The last line of `hexdump -C`: the offset after the last octet, alone. */
const DUMP_END = /^[0-9a-fA-F]{8}$/;

/** `[addr]:port → [addr]:port ` before the hex. */
const ADDRESSES = /^(\s*)(\[[^\]\s]*\](?::\d+)?)\s*(?:→|->|>)\s*(\[[^\]\s]*\](?::\d+)?)\s+/;

/** The octets of one line of plain hex, or the problem with it (columns are the line's). */
function hexLine(text: string, offset: number, line: number): Uint8Array | PasteProblem {
  // `0x` and `\x` before an octet become spaces of the same width, so columns stay the line's.
  // `\x` needs no separator before it (`\x82\x03`); `0x` does, or `00x` would lose a digit.
  const cleaned = text
    .replace(/\\x/g, "  ")
    .replace(/(^|[\s,:;-])0[xX]/g, (m, sep: string) => sep + " ".repeat(m.length - sep.length));
  const bad = /[^0-9a-fA-F\s,:;-]/.exec(cleaned);
  if (bad) {
    return {
      line,
      column: offset + bad.index + 1,
      message: `"${bad[0]}" is not a hex digit (one datagram per line: hex octets, optionally after "[src]:port → [dst]:port")`,
    };
  }
  const digits = cleaned.replace(/[\s,:;-]/g, "");
  if (digits.length % 2 !== 0) {
    const last = cleaned.search(/[0-9a-fA-F][^0-9a-fA-F]*$/);
    return { line, column: offset + last + 1, message: `an odd number of hex digits (${digits.length})` };
  }
  const octets = new Uint8Array(digits.length / 2);
  for (let j = 0; j < octets.length; j++) octets[j] = Number.parseInt(digits.slice(2 * j, 2 * j + 2), 16);
  return octets;
}

/** How the page reads the octets: IPv6 packet, Ethernet frame, or (anything else) a BVLL6 datagram. */
export function classify(octets: Uint8Array): PastedKind {
  const first = octets[0] ?? 0;
  if (first >> 4 === 6 && octets.length >= 40) return "ipv6";
  if (first !== 0x82 && first !== 0x81 && octets.length >= 14) {
    const type = ((octets[12] as number) << 8) | (octets[13] as number);
    if (type === 0x86dd || type === 0x8100 || type === 0x88a8) return "ethernet";
  }
  return "bvll";
}

/** Parses pasted text into datagrams and the lines it could not read. */
export function parsePasted(text: string): { datagrams: PastedDatagram[]; problems: PasteProblem[] } {
  const datagrams: PastedDatagram[] = [];
  const problems: PasteProblem[] = [];
  /** The hex dump being read: its octets so far and the line it started on. */
  let dump: { line: number; octets: number[] } | undefined;
  const endDump = (): void => {
    if (dump === undefined) return;
    const octets = Uint8Array.from(dump.octets);
    datagrams.push({ line: dump.line, octets, kind: classify(octets) });
    dump = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const body = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    if (body.trim() === "") {
      endDump();
      return;
    }
    const d = DUMP_LINE.exec(body.trim());
    if (d) {
      const offset = Number.parseInt(d[1] as string, 16);
      const octets = (d[2] as string).split(/ +/).map((h) => Number.parseInt(h, 16));
      // Offset 0 starts a packet; the next line of the same dump continues at +16.
      if (offset === 0) endDump();
      if (
        offset === 0 ||
        (dump !== undefined && offset === dump.octets.length && dump.octets.length % DUMP_WIDTH === 0)
      ) {
        dump ??= { line, octets: [] };
        dump.octets.push(...octets);
        return;
      }
    }
    if (dump !== undefined && DUMP_END.test(body.trim()) && Number.parseInt(body, 16) === dump.octets.length) {
      endDump();
      return;
    }
    endDump();
    let hexAt = 0;
    let source: Bip6Address | undefined;
    let destination: Bip6Address | undefined;
    const a = ADDRESSES.exec(body);
    if (a) {
      const [all, lead, src, dst] = a as unknown as [string, string, string, string];
      try {
        source = Bip6Address.parse(src);
      } catch (e) {
        problems.push({ line, column: lead.length + 1, message: (e as Error).message });
        return;
      }
      try {
        destination = Bip6Address.parse(dst);
      } catch (e) {
        problems.push({ line, column: all.indexOf(dst, lead.length + src.length) + 1, message: (e as Error).message });
        return;
      }
      hexAt = all.length;
    }
    const octets = hexLine(body.slice(hexAt), hexAt, line);
    if (!(octets instanceof Uint8Array)) {
      problems.push(octets);
      return;
    }
    const kind = classify(octets);
    if (source !== undefined && kind !== "bvll") {
      problems.push({
        line,
        column: hexAt + 1,
        message: `a whole ${kind === "ipv6" ? "IPv6 packet" : "Ethernet frame"} carries its own addresses: leave out the ones before it`,
      });
      return;
    }
    datagrams.push(source === undefined ? { line, octets, kind } : { line, octets, kind, source, destination });
  });
  endDump();
  return { datagrams, problems };
}
