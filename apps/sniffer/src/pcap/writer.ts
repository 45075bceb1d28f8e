import { concat } from "./bytes.js";
import { LinkType } from "./link-types.js";

/** One packet to write with {@link pcapRecord} / {@link pcapFile}. */
export interface PacketToWrite {
  readonly seconds: number;
  /** 0–999 999. */
  readonly microseconds: number;
  readonly data: Uint8Array;
}

/** The 24-octet header of a little-endian, microsecond classic pcap file. */
export function pcapHeader(linkType: number = LinkType.Ipv6, snapLength = 262_144): Uint8Array {
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, snapLength, true);
  view.setUint32(20, linkType, true);
  return out;
}

/** One record (16-octet header + packet) of a little-endian, microsecond classic pcap file. */
export function pcapRecord(p: PacketToWrite): Uint8Array {
  const out = new Uint8Array(16 + p.data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, p.seconds, true);
  view.setUint32(4, p.microseconds, true);
  view.setUint32(8, p.data.length, true);
  view.setUint32(12, p.data.length, true);
  out.set(p.data, 16);
  return out;
}

/** A whole classic pcap file in memory (for the demo and tests; large captures use the pieces). */
export function pcapFile(packets: readonly PacketToWrite[], linkType: number = LinkType.Ipv6): Uint8Array {
  return concat(pcapHeader(linkType), ...packets.map(pcapRecord));
}
