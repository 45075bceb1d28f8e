import { isDecodable } from "@bip6/bvll6-codec";
import { decodeRecord, type FrameRecord } from "./decode/record.js";
import { ipv6Offset, UNSUPPORTED_LINK } from "./packet/link.js";
import { locateUdp6, UdpSlot, udp6FromSlots } from "./packet/udp6.js";
import type { CapturedPacket } from "./pcap/types.js";
import type { SniffStats } from "./sniff.js";

/**
 * The per-packet walk every output path shares: link layer → IPv6 → UDP → port check, counting
 * what it skips, and the BVLL6 verdict. Allocates nothing per packet: the accepted packet's
 * facts are left in fields, valid until the next {@link accept}.
 */
export class PacketFilter {
  /** One flag per UDP port: faster than a Set on the per-packet path. */
  readonly #ports = new Uint8Array(65536);
  readonly stats: SniffStats;
  #firstSeconds = 0;
  #firstNanoseconds = 0;
  #previousSeconds = 0;
  #previousNanoseconds = 0;
  /** Of the last accepted packet: offset of its IPv6 header. */
  ipAt = 0;
  /** Of the last accepted packet: nanoseconds since the capture's first packet. */
  relativeNanoseconds = 0;
  /** Of the last packet read (accepted or not): nanoseconds since the packet before it. */
  deltaNanoseconds = 0;
  /** Of the last accepted packet: the datagram decodes without error (complete, not a fragment, valid BVLL6). */
  decodable = false;
  /** Of the last accepted packet: the UDP facts (see `UdpSlot`). */
  readonly udp = new Int32Array(6);

  constructor(ports: readonly number[], stats: SniffStats) {
    for (const p of ports) if (Number.isInteger(p) && p >= 0 && p <= 0xffff) this.#ports[p] = 1;
    this.stats = stats;
  }

  /**
   * Counts `packet`; true (and one more frame, and one more malformed one when it does not
   * decode) when it holds a datagram on a watched port.
   */
  accept(packet: CapturedPacket): boolean {
    const stats = this.stats;
    if (stats.packets++ === 0) {
      this.#firstSeconds = packet.seconds;
      this.#firstNanoseconds = packet.nanoseconds;
      this.#previousSeconds = packet.seconds;
      this.#previousNanoseconds = packet.nanoseconds;
    }
    this.deltaNanoseconds =
      (packet.seconds - this.#previousSeconds) * 1e9 + (packet.nanoseconds - this.#previousNanoseconds);
    this.#previousSeconds = packet.seconds;
    this.#previousNanoseconds = packet.nanoseconds;
    const at = ipv6Offset(packet.linkType, packet.data);
    if (at < 0) {
      if (at === UNSUPPORTED_LINK) stats.unsupportedLinkType++;
      else stats.otherTraffic++;
      return false;
    }
    const udp = this.udp;
    const why = locateUdp6(packet.data, at, udp);
    if (why !== undefined) {
      if (why === "FRAGMENT") stats.fragmentsSkipped++;
      else stats.otherTraffic++;
      return false;
    }
    if (
      this.#ports[udp[UdpSlot.SourcePort] as number] === 0 &&
      this.#ports[udp[UdpSlot.DestinationPort] as number] === 0
    ) {
      stats.otherTraffic++;
      return false;
    }
    this.ipAt = at;
    this.relativeNanoseconds =
      (packet.seconds - this.#firstSeconds) * 1e9 + (packet.nanoseconds - this.#firstNanoseconds);
    stats.frames++;
    this.decodable =
      udp[UdpSlot.Truncated] === 0 &&
      udp[UdpSlot.Fragmented] === 0 &&
      isDecodable(packet.data, udp[UdpSlot.PayloadStart] as number, udp[UdpSlot.PayloadEnd] as number);
    if (!this.decodable) stats.malformed++;
    return true;
  }

  /** The {@link FrameRecord} of the packet just accepted. */
  record(packet: CapturedPacket): FrameRecord {
    return decodeRecord(packet, udp6FromSlots(packet.data, this.ipAt, this.udp), this.relativeNanoseconds);
  }
}
