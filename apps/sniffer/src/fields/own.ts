/**
 * The sniffer's own fields — frame, link layer, ipv6, udp, bvlc — as one table: each field's
 * name (tshark's), layer, value read straight from the captured octets, label and position.
 * The display filter and `-T fields` read values through it without building a tree; `-V` and
 * `-T json` build their layers from the same entries, so every view shows the same values.
 *
 * @module
 */
import { functionTitle, readVmac, resultCodeTitle } from "@bip6/bvll6-codec";
import { ipv6Text } from "../decode/ipv6-text.js";
import type { FrameContext } from "../frame-context.js";
import { arrivalTimeText, epochText } from "../output/time.js";
import { be16 } from "../pcap/bytes.js";
import { LinkType } from "../pcap/link-types.js";
import type { FieldValue } from "./field.js";

/** The layers of the sniffer's own fields, in packet order. */
export type OwnLayer = "frame" | "eth" | "vlan" | "sll" | "null" | "ipv6" | "udp" | "bvlc";

/** One field of the sniffer's own layers. */
export interface OwnField {
  readonly name: string;
  readonly layer: OwnLayer;
  /** The value, or `undefined` when this frame has no such field. */
  readonly value: (c: FrameContext) => FieldValue | undefined;
  /** The `-V` line for the value. */
  readonly label: (c: FrameContext, v: FieldValue) => string;
  /** Where the field's octets start in the packet (0 for fields of no octets). */
  readonly offset: (c: FrameContext) => number;
  /** How many octets it covers. */
  readonly length: number;
}

const hex = (n: number, digits: number): string => `0x${n.toString(16).padStart(digits, "0")}`;
const bits = (n: number): string => `${n} bytes (${n * 8} bits)`;
const vmacLabel = (title: string, v: number): string => `${title}: ${v} (${hex(v, 6)})`;

/** Length in octets of the first 802.1Q/802.1ad tag, else 0. */
function vlanAt(c: FrameContext): number {
  const d = c.packet.data;
  const t = be16(d, 12);
  return c.packet.linkType === LinkType.Ethernet && (t === 0x8100 || t === 0x88a8 || t === 0x9100) ? 14 : -1;
}

function macText(d: Uint8Array, at: number): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += (i === 0 ? "" : ":") + (d[at + i] as number).toString(16).padStart(2, "0");
  return s;
}

const NEXT_HEADER_NAMES: Readonly<Record<number, string>> = {
  0: "IPv6 Hop-by-Hop Option",
  17: "UDP",
  43: "Routing Header for IPv6",
  44: "Fragment Header for IPv6",
  51: "Authentication Header",
  60: "Destination Options for IPv6",
};

/** The BVLL6 functions that carry a field, by code (index), for presence checks. */
const has = (codes: readonly number[]): Uint8Array => {
  const t = new Uint8Array(256);
  for (const c of codes) t[c] = 1;
  return t;
};
const WITH_SOURCE = has([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
const WITH_DEST = has([1, 3, 4, 5, 7]);

/** The function code of a decodable frame, else −1: a malformed frame shows only its type and function. */
function fn(c: FrameContext): number {
  return c.decodable ? c.functionCode : -1;
}

/** Offset in the datagram of the 18-octet address of functions 0x04, 0x08, 0x0A. */
function addressAt(code: number): number {
  return code === 0x04 ? 10 : code === 0x08 || code === 0x0a ? 7 : -1;
}

const PAYLOAD_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The sniffer's own fields, in tree order. */
export const OWN_FIELDS: readonly OwnField[] = [
  {
    name: "frame.time",
    layer: "frame",
    value: (c) => arrivalTimeText(c.packet.seconds, c.packet.nanoseconds),
    label: (_c, v) => `Arrival Time: ${String(v)}`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.time_epoch",
    layer: "frame",
    value: (c) => epochText(c.packet.seconds, c.packet.nanoseconds),
    label: (_c, v) => `Epoch Time: ${String(v)} seconds`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.time_delta",
    layer: "frame",
    value: (c) => nanosText(c.deltaNanoseconds),
    label: (_c, v) => `[Time delta from previous captured frame: ${String(v)} seconds]`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.time_delta_displayed",
    layer: "frame",
    value: (c) => nanosText(c.deltaDisplayedNanoseconds),
    label: (_c, v) => `[Time delta from previous displayed frame: ${String(v)} seconds]`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.time_relative",
    layer: "frame",
    value: (c) => nanosText(c.relativeNanoseconds),
    label: (_c, v) => `[Time since reference or first frame: ${String(v)} seconds]`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.number",
    layer: "frame",
    value: (c) => c.packet.number,
    label: (_c, v) => `Frame Number: ${String(v)}`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.len",
    layer: "frame",
    value: (c) => c.packet.originalLength,
    label: (_c, v) => `Frame Length: ${bits(v as number)}`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.cap_len",
    layer: "frame",
    value: (c) => c.packet.data.length,
    label: (_c, v) => `Capture Length: ${bits(v as number)}`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "frame.protocols",
    layer: "frame",
    value: (c) => protocolsText(c),
    label: (_c, v) => `[Protocols in frame: ${String(v)}]`,
    offset: () => 0,
    length: 0,
  },
  {
    name: "eth.dst",
    layer: "eth",
    value: (c) => (c.packet.linkType === LinkType.Ethernet ? macText(c.packet.data, 0) : undefined),
    label: (_c, v) => `Destination: ${String(v)}`,
    offset: () => 0,
    length: 6,
  },
  {
    name: "eth.src",
    layer: "eth",
    value: (c) => (c.packet.linkType === LinkType.Ethernet ? macText(c.packet.data, 6) : undefined),
    label: (_c, v) => `Source: ${String(v)}`,
    offset: () => 6,
    length: 6,
  },
  {
    name: "eth.type",
    layer: "eth",
    value: (c) => (c.packet.linkType === LinkType.Ethernet ? be16(c.packet.data, 12) : undefined),
    label: (_c, v) => `Type: ${etherTypeName(v as number)} (${hex(v as number, 4)})`,
    offset: () => 12,
    length: 2,
  },
  {
    name: "vlan.id",
    layer: "vlan",
    value: (c) => (vlanAt(c) < 0 ? undefined : be16(c.packet.data, vlanAt(c)) & 0x0fff),
    label: (_c, v) => `ID: ${String(v)}`,
    offset: (c) => vlanAt(c),
    length: 2,
  },
  {
    name: "vlan.etype",
    layer: "vlan",
    value: (c) => (vlanAt(c) < 0 ? undefined : be16(c.packet.data, vlanAt(c) + 2)),
    label: (_c, v) => `Type: ${etherTypeName(v as number)} (${hex(v as number, 4)})`,
    offset: (c) => vlanAt(c) + 2,
    length: 2,
  },
  {
    name: "sll.pkttype",
    layer: "sll",
    value: (c) =>
      c.packet.linkType === LinkType.LinuxSll
        ? be16(c.packet.data, 0)
        : c.packet.linkType === LinkType.LinuxSll2
          ? (c.packet.data[10] as number)
          : undefined,
    label: (_c, v) => `Packet type: ${sllPacketType(v as number)} (${String(v)})`,
    offset: (c) => (c.packet.linkType === LinkType.LinuxSll ? 0 : 10),
    length: 1,
  },
  {
    name: "sll.etype",
    layer: "sll",
    value: (c) =>
      c.packet.linkType === LinkType.LinuxSll
        ? be16(c.packet.data, 14)
        : c.packet.linkType === LinkType.LinuxSll2
          ? be16(c.packet.data, 0)
          : undefined,
    label: (_c, v) => `Protocol: ${etherTypeName(v as number)} (${hex(v as number, 4)})`,
    offset: (c) => (c.packet.linkType === LinkType.LinuxSll ? 14 : 0),
    length: 2,
  },
  {
    name: "null.family",
    layer: "null",
    value: (c) => {
      const t = c.packet.linkType;
      if (t !== LinkType.Null && t !== LinkType.Loop) return undefined;
      const d = c.packet.data;
      const be =
        (((d[0] as number) << 24) | ((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number)) >>> 0;
      // BSD loopback is in the capturing host's byte order: show the readable one.
      return be > 0xffff
        ? (((d[3] as number) << 24) | ((d[2] as number) << 16) | ((d[1] as number) << 8) | (d[0] as number)) >>> 0
        : be;
    },
    label: (_c, v) => `Family: IPv6 (${String(v)})`,
    offset: () => 0,
    length: 4,
  },
  {
    name: "ipv6.version",
    layer: "ipv6",
    value: (c) => (c.packet.data[c.ipAt] as number) >> 4,
    label: (_c, v) => `0110 .... = Version: ${String(v)}`,
    offset: (c) => c.ipAt,
    length: 1,
  },
  {
    name: "ipv6.tclass",
    layer: "ipv6",
    value: (c) => ((be16(c.packet.data, c.ipAt) >> 4) & 0xff) >>> 0,
    label: (_c, v) => `Traffic Class: ${hex(v as number, 2)} (DSCP: ${(v as number) >> 2}, ECN: ${(v as number) & 3})`,
    offset: (c) => c.ipAt,
    length: 2,
  },
  {
    name: "ipv6.flow",
    layer: "ipv6",
    value: (c) => {
      const d = c.packet.data;
      return (((d[c.ipAt + 1] as number) & 0x0f) << 16) | be16(d, c.ipAt + 2);
    },
    label: (_c, v) => `Flow Label: ${hex(v as number, 5)}`,
    offset: (c) => c.ipAt + 1,
    length: 3,
  },
  {
    name: "ipv6.plen",
    layer: "ipv6",
    value: (c) => be16(c.packet.data, c.ipAt + 4),
    label: (_c, v) => `Payload Length: ${String(v)}`,
    offset: (c) => c.ipAt + 4,
    length: 2,
  },
  {
    name: "ipv6.nxt",
    layer: "ipv6",
    value: (c) => c.packet.data[c.ipAt + 6] as number,
    label: (_c, v) => `Next Header: ${NEXT_HEADER_NAMES[v as number] ?? "Unknown"} (${String(v)})`,
    offset: (c) => c.ipAt + 6,
    length: 1,
  },
  {
    name: "ipv6.hlim",
    layer: "ipv6",
    value: (c) => c.packet.data[c.ipAt + 7] as number,
    label: (_c, v) => `Hop Limit: ${String(v)}`,
    offset: (c) => c.ipAt + 7,
    length: 1,
  },
  {
    name: "ipv6.src",
    layer: "ipv6",
    value: (c) => ipv6Text(c.packet.data, c.ipAt + 8),
    label: (_c, v) => `Source Address: ${String(v)}`,
    offset: (c) => c.ipAt + 8,
    length: 16,
  },
  {
    name: "ipv6.dst",
    layer: "ipv6",
    value: (c) => ipv6Text(c.packet.data, c.ipAt + 24),
    label: (_c, v) => `Destination Address: ${String(v)}`,
    offset: (c) => c.ipAt + 24,
    length: 16,
  },
  {
    name: "udp.srcport",
    layer: "udp",
    value: (c) => c.udp[0] as number,
    label: (_c, v) => `Source Port: ${String(v)}`,
    offset: (c) => c.payloadStart - 8,
    length: 2,
  },
  {
    name: "udp.dstport",
    layer: "udp",
    value: (c) => c.udp[1] as number,
    label: (_c, v) => `Destination Port: ${String(v)}`,
    offset: (c) => c.payloadStart - 6,
    length: 2,
  },
  {
    name: "udp.length",
    layer: "udp",
    value: (c) => be16(c.packet.data, c.payloadStart - 4),
    label: (_c, v) => `Length: ${String(v)}`,
    offset: (c) => c.payloadStart - 4,
    length: 2,
  },
  {
    name: "udp.checksum",
    layer: "udp",
    value: (c) => be16(c.packet.data, c.payloadStart - 2),
    label: (_c, v) => `Checksum: ${hex(v as number, 4)} [unverified]`,
    offset: (c) => c.payloadStart - 2,
    length: 2,
  },
  {
    name: "udp.payload",
    layer: "udp",
    value: (c) => {
      const d = c.packet.data;
      let s = "";
      for (let i = c.payloadStart; i < c.payloadEnd; i++) s += PAYLOAD_HEX[d[i] as number];
      return s;
    },
    label: (c) => `UDP payload (${c.payloadEnd - c.payloadStart} bytes)`,
    offset: (c) => c.payloadStart,
    length: 0,
  },
  {
    name: "bvlc.type",
    layer: "bvlc",
    value: (c) => (c.payloadEnd > c.payloadStart ? (c.packet.data[c.payloadStart] as number) : undefined),
    label: (_c, v) =>
      `Type: ${v === 0x82 ? "BACnet/IPv6 (Annex U)" : v === 0x81 ? "BACnet/IP (Annex J)" : "Unknown"} (${hex(v as number, 2)})`,
    offset: (c) => c.payloadStart,
    length: 1,
  },
  {
    name: "bvlc.function_ipv6",
    layer: "bvlc",
    value: (c) => (c.functionCode < 0 ? undefined : c.functionCode),
    label: (_c, v) => `Function: ${functionTitle(v as number)} (${hex(v as number, 2)})`,
    offset: (c) => c.payloadStart + 1,
    length: 1,
  },
  {
    name: "bvlc.length",
    layer: "bvlc",
    value: (c) => (c.payloadEnd - c.payloadStart >= 4 ? be16(c.packet.data, c.payloadStart + 2) : undefined),
    label: (c, v) => `BVLC-Length: ${String(v)} octets (datagram ${c.payloadEnd - c.payloadStart})`,
    offset: (c) => c.payloadStart + 2,
    length: 2,
  },
  {
    name: "bvlc.virtual_source",
    layer: "bvlc",
    value: (c) =>
      WITH_SOURCE[fn(c) & 0xff] === 1 && fn(c) >= 0 ? readVmac(c.packet.data, c.payloadStart + 4) : undefined,
    label: (_c, v) => vmacLabel("BVLC-Virtual-Source", v as number),
    offset: (c) => c.payloadStart + 4,
    length: 3,
  },
  {
    name: "bvlc.virtual_dest",
    layer: "bvlc",
    // As in tshark, the target of an (Forwarded-)Address-Resolution is shown here too.
    value: (c) =>
      WITH_DEST[fn(c) & 0xff] === 1 && fn(c) >= 0 ? readVmac(c.packet.data, c.payloadStart + 7) : undefined,
    label: (c, v) =>
      vmacLabel(
        c.functionCode === 3 || c.functionCode === 4 ? "BVLC-Target-Virtual-Address" : "BVLC-Virtual-Destination",
        v as number,
      ),
    offset: (c) => c.payloadStart + 7,
    length: 3,
  },
  {
    name: "bvlc.result",
    layer: "bvlc",
    value: (c) => (fn(c) === 0 ? be16(c.packet.data, c.payloadStart + 7) : undefined),
    label: (_c, v) => `Result: ${resultCodeTitle(v as number)} (${hex(v as number, 4)})`,
    offset: (c) => c.payloadStart + 7,
    length: 2,
  },
  {
    name: "bvlc.orig_source_addr",
    layer: "bvlc",
    value: (c) => {
      const f = fn(c);
      return f === 4 || f === 8 ? ipv6Text(c.packet.data, c.payloadStart + addressAt(f)) : undefined;
    },
    label: (_c, v) => `Original-Source-Address: ${String(v)}`,
    offset: (c) => c.payloadStart + addressAt(c.functionCode),
    length: 16,
  },
  {
    name: "bvlc.orig_source_port",
    layer: "bvlc",
    value: (c) => {
      const f = fn(c);
      return f === 4 || f === 8 ? be16(c.packet.data, c.payloadStart + addressAt(f) + 16) : undefined;
    },
    label: (_c, v) => `Original-Source-Port: ${String(v)}`,
    offset: (c) => c.payloadStart + addressAt(c.functionCode) + 16,
    length: 2,
  },
  {
    name: "bvlc.reg_ttl",
    layer: "bvlc",
    value: (c) => (fn(c) === 9 ? be16(c.packet.data, c.payloadStart + 7) : undefined),
    label: (_c, v) => `Time-To-Live: ${String(v)} s`,
    offset: (c) => c.payloadStart + 7,
    length: 2,
  },
  {
    name: "bvlc.fdt_ipv6",
    layer: "bvlc",
    value: (c) => (fn(c) === 10 ? ipv6Text(c.packet.data, c.payloadStart + 7) : undefined),
    label: (_c, v) => `FDT-Entry-Address: ${String(v)}`,
    offset: (c) => c.payloadStart + 7,
    length: 16,
  },
  {
    name: "bvlc.fdt_port",
    layer: "bvlc",
    value: (c) => (fn(c) === 10 ? be16(c.packet.data, c.payloadStart + 23) : undefined),
    label: (_c, v) => `FDT-Entry-Port: ${String(v)}`,
    offset: (c) => c.payloadStart + 23,
    length: 2,
  },
];

/** Own fields by name. */
export const OWN_FIELD_BY_NAME: ReadonlyMap<string, OwnField> = new Map(OWN_FIELDS.map((f) => [f.name, f]));

/** Signed nanoseconds as seconds with 9 decimals, exact. */
function nanosText(ns: number): string {
  const sign = ns < 0 ? "-" : "";
  const abs = Math.abs(ns);
  const whole = Math.floor(abs / 1e9);
  return `${sign}${whole}.${String(Math.round(abs - whole * 1e9)).padStart(9, "0")}`;
}

function etherTypeName(t: number): string {
  return t === 0x86dd ? "IPv6" : t === 0x8100 ? "802.1Q Virtual LAN" : t === 0x88a8 ? "802.1ad" : "Unknown";
}

function sllPacketType(t: number): string {
  return ["Unicast to us", "Broadcast", "Multicast", "Unicast to another host", "Sent by us"][t] ?? "Unknown";
}

/** The link layer protocols of a frame, as tshark names them in frame.protocols. */
export function linkProtocols(linkType: number, data: Uint8Array): string[] {
  switch (linkType) {
    case LinkType.Ethernet: {
      const out = ["eth", "ethertype"];
      for (
        let at = 14, t = be16(data, 12);
        (t === 0x8100 || t === 0x88a8 || t === 0x9100) && at + 4 <= data.length;
        at += 4
      ) {
        out.push("vlan", "ethertype");
        t = be16(data, at + 2);
      }
      return out;
    }
    case LinkType.LinuxSll:
    case LinkType.LinuxSll2:
      return ["sll", "ethertype"];
    case LinkType.Null:
    case LinkType.Loop:
      return ["null"];
    default:
      return [];
  }
}

/** tshark's protocol names of the IPv6 extension headers. */
const EXTENSION_NAMES: Readonly<Record<number, string>> = {
  0: "ipv6.hopopts",
  43: "ipv6.routing",
  44: "ipv6.fraghdr",
  51: "ah",
  60: "ipv6.dstopts",
};

/** The extension headers between the IPv6 header and UDP, by tshark's names. */
function extensionProtocols(c: FrameContext, out: string[]): void {
  const d = c.packet.data;
  let next = d[c.ipAt + 6] as number;
  let p = c.ipAt + 40;
  const end = c.payloadStart - 8;
  while (p < end) {
    const name = EXTENSION_NAMES[next];
    if (name === undefined) return;
    out.push(name);
    const len = next === 44 ? 8 : next === 51 ? ((d[p + 1] as number) + 2) * 4 : ((d[p + 1] as number) + 1) * 8;
    next = d[p] as number;
    p += len;
  }
}

/** `eth:ethertype:ipv6:udp:bvlc:bacnet:bacapp` for this frame. */
function protocolsText(c: FrameContext): string {
  const parts = linkProtocols(c.packet.linkType, c.packet.data);
  parts.push("ipv6");
  extensionProtocols(c, parts);
  parts.push("udp", "bvlc");
  for (const layer of c.npduLayers()) parts.push(layer);
  return parts.join(":");
}

/** True when the link layer `layer` is present in this frame (the IP layers always are). */
export function hasLinkLayer(c: FrameContext, layer: OwnLayer): boolean {
  switch (layer) {
    case "eth":
      return c.packet.linkType === LinkType.Ethernet;
    case "vlan":
      return vlanAt(c) >= 0;
    case "sll":
      return c.packet.linkType === LinkType.LinuxSll || c.packet.linkType === LinkType.LinuxSll2;
    case "null":
      return c.packet.linkType === LinkType.Null || c.packet.linkType === LinkType.Loop;
    default:
      return true;
  }
}
