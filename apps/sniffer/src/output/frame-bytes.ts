import { functionTitle, readVmac, resultCodeTitle } from "@bip6/bvll6-codec";
import { ipv6TextOctets } from "../decode/ipv6-text.js";
import { be16 } from "../pcap/bytes.js";
import { BACNET_LIMITS } from "../bacnet/index.js";
import type { FieldValue } from "../fields/field.js";
import { writeNpduSummary } from "../npdu.js";
import { conversationText } from "./conversation-text.js";
import type { LineBuffer } from "./line-buffer.js";
import { type TimeFormat, timeColumn } from "./time.js";

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TITLES = Array.from({ length: 256 }, (_, code) => ascii(functionTitle(code)));
/** The fixed texts of the lines, encoded once. */
const ADDR_PORT_SEP = ascii("]:");
const TXT_PAYLOAD = ascii("payload ");
const TXT_SRC = ascii("src ");
const TXT_RESULT = ascii(" result 0x");
const TXT_DST = ascii(" dst ");
const TXT_TARGET = ascii(" target ");
const TXT_ORIG = ascii(" orig ");
const TXT_TTL = ascii(" ttl ");
const TXT_ENTRY = ascii(" entry ");
const JSON_FRAME_NUMBER = ascii('{"frame.number":');
const JSON_TIME_EPOCH = ascii(',"frame.time_epoch":');
const JSON_FRAME_LEN = ascii(',"frame.len":');
const JSON_IPV6_SRC = ascii(',"ipv6.src":"');
const JSON_IPV6_DST = ascii('","ipv6.dst":"');
const JSON_UDP_SRCPORT = ascii('","udp.srcport":');
const JSON_UDP_DSTPORT = ascii(',"udp.dstport":');
const JSON_BVLC_FUNCTION = ascii(',"bvlc.type":130,"bvlc.function_ipv6":');
const JSON_RESULT = ascii(',"bvlc.result":');
const JSON_REG_TTL = ascii(',"bvlc.reg_ttl":');
const JSON_VIRTUAL_SOURCE = ascii(',"bvlc.virtual_source":');
const JSON_VIRTUAL_DEST = ascii(',"bvlc.virtual_dest":');
const JSON_ORIG_ADDR = ascii(',"bvlc.orig_source_addr":"');
const JSON_ORIG_PORT = ascii('","bvlc.orig_source_port":');
const JSON_FDT_IPV6 = ascii(',"bvlc.fdt_ipv6":"');
const JSON_FDT_PORT = ascii('","bvlc.fdt_port":');
const OCTET = ascii(" octet");
const OCTETS = ascii(" octets");

/** An NPDU's fields by name in first-seen order, each with its values (a `FrameContext`). */
export interface NpduMembers {
  npduNames(): readonly string[];
  npduValues(name: string): readonly FieldValue[];
}

const TRUE = ascii("true");
const FALSE = ascii("false");

function jsonValue(out: LineBuffer, v: FieldValue): void {
  if (typeof v === "number") out.jsonNumber(v);
  else if (typeof v === "boolean") out.octets(v ? TRUE : FALSE);
  else jsonString(out, v);
}

/** `JSON.stringify(s)` written as octets: printable ASCII without `"` or `\\` as is (the rule), else through JSON.stringify. */
function jsonString(out: LineBuffer, s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      out.string(JSON.stringify(s));
      return;
    }
  }
  out.reserve(s.length + 2);
  out.byte(0x22);
  out.ascii(s);
  out.byte(0x22);
}

/**
 * The NPDU's fields as JSON members, each after a comma, written as octets (`npduJsonText`
 * of the same fields, without building the string): a repeated name holds an array.
 */
function npduJson(out: LineBuffer, m: NpduMembers): void {
  const names = m.npduNames();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const values = m.npduValues(name);
    out.reserve(name.length + 8);
    out.byte(0x2c);
    out.byte(0x22);
    // Field names are the decoder's: letters, digits, dots and underscores, no escaping.
    out.ascii(name);
    out.byte(0x22);
    out.byte(0x3a);
    if (values.length === 1) {
      out.reserve(64);
      jsonValue(out, values[0] as FieldValue);
      continue;
    }
    out.byte(0x5b);
    for (let j = 0; j < values.length; j++) {
      out.reserve(64);
      if (j > 0) out.byte(0x2c);
      jsonValue(out, values[j] as FieldValue);
    }
    out.byte(0x5d);
  }
}

/** The packet-level facts a line shows, beside the datagram's octets. */
export interface LineHead {
  readonly number: number;
  readonly seconds: number;
  readonly nanoseconds: number;
  readonly relativeNanoseconds: number;
  readonly deltaNanoseconds: number;
  readonly deltaDisplayedNanoseconds: number;
  readonly originalLength: number;
  /** Offset of the IPv6 header in the packet. */
  readonly ipAt: number;
  readonly sourcePort: number;
  readonly destinationPort: number;
}

/** `label` then the VMAC at `at` as six hex digits (`formatVmac`). */
function vmac(out: LineBuffer, label: Uint8Array, d: Uint8Array, at: number): void {
  out.octets(label);
  out.hex6(readVmac(d, at));
}

function octetCount(out: LineBuffer, n: number): void {
  out.uint(n);
  out.octets(n === 1 ? OCTET : OCTETS);
}

/**
 * Where a text line gets its NPDU's summary: the frame being shown (`FrameContext`), whose
 * one walk of the NPDU also gives the analysis and the filter their facts.
 */
export interface NpduSummarySource {
  /** Writes the summary into `out` at `at` (with `BACNET_LIMITS.maxSummaryOctets` free); returns its end. */
  writeNpduSummary(out: Uint8Array, at: number): number;
}

/**
 * ` ` and the NPDU's one-line summary (`I-Am device,1234`), written in place; `d[s..e)` is the
 * NPDU, walked here unless `source` has the summary.
 */
function npduSummary(out: LineBuffer, d: Uint8Array, s: number, e: number, source?: NpduSummarySource): void {
  out.reserve(BACNET_LIMITS.maxSummaryOctets + 1);
  const buf = out.buffer;
  const at = out.pos;
  buf[at] = 0x20;
  const end = source === undefined ? writeNpduSummary(d, s, e, buf, at + 1) : source.writeNpduSummary(buf, at + 1);
  // An empty summary (an empty NPDU) leaves no trailing space.
  out.pos = end === at + 1 ? at : end;
}

/** `label` then `[ip]:port` of the 18-octet B/IPv6 address at `at`, as `Bip6Address.toString()` writes it. */
function bip6Address(out: LineBuffer, label: Uint8Array, d: Uint8Array, at: number): void {
  out.octets(label);
  out.byte(0x5b);
  out.octets(ipv6TextOctets(d, at));
  out.octets(ADDR_PORT_SEP);
  out.uint(be16(d, at + 16));
}

/** `formatRelativeTime(ns).padStart(10)`. */
function relativeTime(out: LineBuffer, ns: number): void {
  const negative = ns < 0;
  const us = Math.floor(Math.abs(ns) / 1000);
  const whole = Math.floor(us / 1e6);
  const fraction = us - whole * 1e6;
  // Right-aligned in 10 columns: sign, whole seconds, ".", six decimals.
  // Up to three columns of padding: only wholes below 100 get any (no digit loop per frame).
  const digits = whole < 10 ? 1 : whole < 100 ? 2 : 3;
  for (let i = (negative ? 1 : 0) + digits + 7; i < 10; i++) out.byte(0x20);
  if (negative) out.byte(0x2d);
  out.uint(whole);
  out.byte(0x2e);
  out.sixDigits(fraction);
}

/**
 * `formatTextLine` of a datagram that `isDecodable` passed, written as UTF-8 without a
 * newline. `d[s..e)` is the datagram inside the packet `d`; `summary`, when given, is the
 * frame whose NPDU summary the line shows.
 */
export function textLine(
  out: LineBuffer,
  h: LineHead,
  d: Uint8Array,
  s: number,
  e: number,
  time: TimeFormat = "r",
  summary?: NpduSummarySource,
): void {
  out.uint(h.number, 4);
  out.byte(0x20);
  if (time === "r") relativeTime(out, h.relativeNanoseconds);
  else out.ascii(timeColumn(time, h));
  out.block(conversationText(d, h.ipAt + 8, h.sourcePort, h.destinationPort));
  const fn = d[s + 1] as number;
  out.octets(TITLES[fn] as Uint8Array);
  out.byte(0x20);
  const length = e - s;
  if (fn === 0x0b || fn > 0x0c) {
    out.octets(TXT_PAYLOAD);
    octetCount(out, length - 4);
    return;
  }
  vmac(out, TXT_SRC, d, s + 4);
  switch (fn) {
    case 0x00: {
      const code = be16(d, s + 7);
      out.octets(TXT_RESULT);
      out.hex4(code);
      out.byte(0x20);
      out.ascii(resultCodeTitle(code));
      return;
    }
    case 0x01:
      vmac(out, TXT_DST, d, s + 7);
      npduSummary(out, d, s + 10, e, summary);
      return;
    case 0x02:
    case 0x0c:
      npduSummary(out, d, s + 7, e, summary);
      return;
    case 0x03:
      vmac(out, TXT_TARGET, d, s + 7);
      return;
    case 0x04:
      vmac(out, TXT_TARGET, d, s + 7);
      bip6Address(out, TXT_ORIG, d, s + 10);
      return;
    case 0x05:
    case 0x07:
      vmac(out, TXT_DST, d, s + 7);
      return;
    case 0x06:
      return;
    case 0x08:
      bip6Address(out, TXT_ORIG, d, s + 7);
      npduSummary(out, d, s + 25, e, summary);
      return;
    case 0x09:
      out.octets(TXT_TTL);
      out.uint(be16(d, s + 7));
      return;
    default:
      // 0x0a, Delete-Foreign-Device-Table-Entry.
      bip6Address(out, TXT_ENTRY, d, s + 7);
      return;
  }
}

function jsonVmac(out: LineBuffer, field: Uint8Array, d: Uint8Array, at: number): void {
  out.octets(field);
  out.uint(readVmac(d, at));
}

function jsonAddress(out: LineBuffer, addrField: Uint8Array, portField: Uint8Array, d: Uint8Array, at: number): void {
  out.octets(addrField);
  out.octets(ipv6TextOctets(d, at));
  out.octets(portField);
  out.uint(be16(d, at + 16));
}

/**
 * `formatJsonLine` of a datagram that `isDecodable` passed: the same fields in the same
 * order, written as octets without a newline. Address texts are hex, colons and dots, so they
 * need no JSON escaping.
 */
export function jsonLine(out: LineBuffer, h: LineHead, d: Uint8Array, s: number, npdu?: NpduMembers): void {
  out.octets(JSON_FRAME_NUMBER);
  out.uint(h.number);
  out.octets(JSON_TIME_EPOCH);
  // The shortest round-trip text of this double is what JSON.stringify prints; only String() knows it.
  out.ascii(String(h.seconds + h.nanoseconds / 1e9));
  out.octets(JSON_FRAME_LEN);
  out.uint(h.originalLength);
  out.octets(JSON_IPV6_SRC);
  out.octets(ipv6TextOctets(d, h.ipAt + 8));
  out.octets(JSON_IPV6_DST);
  out.octets(ipv6TextOctets(d, h.ipAt + 24));
  out.octets(JSON_UDP_SRCPORT);
  out.uint(h.sourcePort);
  out.octets(JSON_UDP_DSTPORT);
  out.uint(h.destinationPort);
  const fn = d[s + 1] as number;
  out.octets(JSON_BVLC_FUNCTION);
  out.uint(fn);
  if (fn === 0x0b || fn > 0x0c) {
    out.byte(0x7d);
    return;
  }
  jsonVmac(out, JSON_VIRTUAL_SOURCE, d, s + 4);
  switch (fn) {
    case 0x00:
      out.octets(JSON_RESULT);
      out.uint(be16(d, s + 7));
      break;
    case 0x01:
    case 0x03:
    case 0x05:
    case 0x07:
      jsonVmac(out, JSON_VIRTUAL_DEST, d, s + 7);
      break;
    case 0x04:
      jsonVmac(out, JSON_VIRTUAL_DEST, d, s + 7);
      jsonAddress(out, JSON_ORIG_ADDR, JSON_ORIG_PORT, d, s + 10);
      break;
    case 0x08:
      jsonAddress(out, JSON_ORIG_ADDR, JSON_ORIG_PORT, d, s + 7);
      break;
    case 0x09:
      out.octets(JSON_REG_TTL);
      out.uint(be16(d, s + 7));
      break;
    case 0x0a:
      jsonAddress(out, JSON_FDT_IPV6, JSON_FDT_PORT, d, s + 7);
      break;
    default:
      // 0x02, 0x06, 0x0c: the source VMAC only.
      break;
  }
  if (npdu !== undefined) npduJson(out, npdu);
  out.byte(0x7d);
}
