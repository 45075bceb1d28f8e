import { concat } from "./bytes.js";
import { LinkType } from "./link-types.js";
import type { CapturedPacket } from "./types.js";

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

/** Container format of a capture {@link CaptureWriter} writes. */
export type WriteFormat = "pcap" | "pcapng";

/**
 * Writes packets into a capture file as a stream of octet chunks, keeping their link types and
 * nanosecond timestamps: classic pcap (nanosecond magic, the first packet's link type; a packet
 * of another link type cannot be stored there and is counted in {@link skipped}) or pcapng (one
 * Interface Description Block per input interface and link type, `if_tsresol` 9).
 */
export class CaptureWriter {
  readonly format: WriteFormat;
  /** Packets not written: their link type differs from the classic pcap file's. */
  skipped = 0;
  /** Packets written. */
  written = 0;
  #linkType: number | undefined;
  readonly #interfaces = new Map<string, number>();

  constructor(format: WriteFormat) {
    this.format = format;
  }

  /** The octets to append for `p` (the file header before the first), or `undefined` when skipped. */
  packet(p: CapturedPacket): Uint8Array | undefined {
    return this.format === "pcap" ? this.#classic(p) : this.#pcapng(p);
  }

  /** The octets of an empty file (only the header), for a run that writes no packet. */
  empty(linkType: number = LinkType.Ipv6): Uint8Array {
    if (this.format === "pcap") return nanosecondHeader(linkType);
    return sectionHeader();
  }

  #classic(p: CapturedPacket): Uint8Array | undefined {
    let head: Uint8Array | undefined;
    if (this.#linkType === undefined) {
      this.#linkType = p.linkType;
      head = nanosecondHeader(p.linkType);
    } else if (p.linkType !== this.#linkType) {
      this.skipped++;
      return undefined;
    }
    const out = new Uint8Array((head?.length ?? 0) + 16 + p.data.length);
    if (head !== undefined) out.set(head);
    const at = head?.length ?? 0;
    const view = new DataView(out.buffer);
    view.setUint32(at, p.seconds, true);
    view.setUint32(at + 4, p.nanoseconds, true);
    view.setUint32(at + 8, p.data.length, true);
    view.setUint32(at + 12, p.originalLength, true);
    out.set(p.data, at + 16);
    this.written++;
    return out;
  }

  #pcapng(p: CapturedPacket): Uint8Array {
    const parts: Uint8Array[] = [];
    if (this.#interfaces.size === 0 && this.written === 0) parts.push(sectionHeader());
    const key = `${p.interfaceId}/${p.linkType}`;
    let id = this.#interfaces.get(key);
    if (id === undefined) {
      id = this.#interfaces.size;
      this.#interfaces.set(key, id);
      parts.push(interfaceBlock(p.linkType));
    }
    const padded = (p.data.length + 3) & ~3;
    const block = new Uint8Array(32 + padded);
    const view = new DataView(block.buffer);
    const ts = BigInt(p.seconds) * 1_000_000_000n + BigInt(p.nanoseconds);
    view.setUint32(0, 6, true);
    view.setUint32(4, block.length, true);
    view.setUint32(8, id, true);
    view.setUint32(12, Number(ts >> 32n), true);
    view.setUint32(16, Number(ts & 0xffffffffn), true);
    view.setUint32(20, p.data.length, true);
    view.setUint32(24, p.originalLength, true);
    block.set(p.data, 28);
    view.setUint32(block.length - 4, block.length, true);
    parts.push(block);
    this.written++;
    return concat(...parts);
  }
}

/** A little-endian classic pcap header with the nanosecond magic. */
function nanosecondHeader(linkType: number): Uint8Array {
  const out = pcapHeader(linkType);
  new DataView(out.buffer).setUint32(0, 0xa1b23c4d, true);
  return out;
}

/** A pcapng Section Header Block (little-endian, version 1.0, unknown section length). */
function sectionHeader(): Uint8Array {
  const out = new Uint8Array(28);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0a0d0d0a, true);
  view.setUint32(4, 28, true);
  view.setUint32(8, 0x1a2b3c4d, true);
  view.setUint16(12, 1, true);
  view.setUint16(14, 0, true);
  view.setInt32(16, -1, true);
  view.setInt32(20, -1, true);
  view.setUint32(24, 28, true);
  return out;
}

/** An Interface Description Block for `linkType` with if_tsresol = 9 (nanoseconds). */
function interfaceBlock(linkType: number): Uint8Array {
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1, true);
  view.setUint32(4, 32, true);
  view.setUint16(8, linkType, true);
  view.setUint32(12, 262_144, true);
  view.setUint16(16, 9, true); // if_tsresol
  view.setUint16(18, 1, true);
  out[20] = 9;
  view.setUint16(24, 0, true); // opt_endofopt
  view.setUint16(26, 0, true);
  view.setUint32(28, 32, true);
  return out;
}
