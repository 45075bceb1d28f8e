/**
 * A tiny classic-pcap writer for the tshark oracle: each record is a raw IPv6 packet
 * (link type 229, LINKTYPE_IPV6) holding one UDP datagram. Test-only code, kept out of src/
 * so the codec stays free of capture formats. Pure bytes, no Node APIs.
 */

/** LINKTYPE_IPV6: the record starts directly with the IPv6 header. */
export const LINKTYPE_IPV6 = 229;

/** One UDP datagram to put in the capture. */
export interface UdpDatagram {
  /** 16 octets. */
  readonly sourceIp: Uint8Array;
  readonly sourcePort: number;
  /** 16 octets. */
  readonly destinationIp: Uint8Array;
  readonly destinationPort: number;
  readonly payload: Uint8Array;
}

/**
 * The UDP checksum over the IPv6 pseudo-header (RFC 8200 §8.1): source, destination,
 * upper-layer length, three zero octets and next header 17, then the UDP header (with a
 * zero checksum field) and the payload. A computed 0 is sent as 0xFFFF, since 0 means
 * "no checksum", which IPv6 forbids for UDP.
 */
export function udp6Checksum(sourceIp: Uint8Array, destinationIp: Uint8Array, udp: Uint8Array): number {
  let sum = 0;
  const add16 = (bytes: Uint8Array): void => {
    for (let i = 0; i < bytes.length; i += 2) {
      sum += ((bytes[i] as number) << 8) | (bytes[i + 1] ?? 0);
    }
  };
  add16(sourceIp);
  add16(destinationIp);
  sum += udp.length >>> 16;
  sum += udp.length & 0xffff;
  sum += 17;
  add16(udp);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const result = ~sum & 0xffff;
  return result === 0 ? 0xffff : result;
}

/** IPv6 header (40 octets) + UDP header (8 octets, correct length and checksum) + payload. */
export function ipv6UdpPacket(d: UdpDatagram): Uint8Array {
  if (d.sourceIp.length !== 16 || d.destinationIp.length !== 16) throw new RangeError("IPv6 addresses need 16 octets");
  const udpLength = 8 + d.payload.length;
  const packet = new Uint8Array(40 + udpLength);
  const view = new DataView(packet.buffer);
  view.setUint32(0, 0x60000000); // version 6, traffic class 0, flow label 0
  view.setUint16(4, udpLength); // payload length
  packet[6] = 17; // next header: UDP
  packet[7] = 64; // hop limit
  packet.set(d.sourceIp, 8);
  packet.set(d.destinationIp, 24);
  const udp = packet.subarray(40);
  view.setUint16(40, d.sourcePort);
  view.setUint16(42, d.destinationPort);
  view.setUint16(44, udpLength);
  udp.set(d.payload, 8);
  view.setUint16(46, udp6Checksum(d.sourceIp, d.destinationIp, udp));
  return packet;
}

/** A classic pcap file (microsecond timestamps, little-endian) with one record per packet. */
export function pcapFile(packets: readonly Uint8Array[], linkType = LINKTYPE_IPV6): Uint8Array {
  const size = 24 + packets.reduce((n, p) => n + 16 + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true); // thiszone
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, 65535, true); // snaplen
  view.setUint32(20, linkType, true);
  let offset = 24;
  packets.forEach((p, i) => {
    // Fixed timestamps one second apart: the oracle must not depend on the clock.
    view.setUint32(offset, 1_700_000_000 + i, true);
    view.setUint32(offset + 4, 0, true);
    view.setUint32(offset + 8, p.length, true);
    view.setUint32(offset + 12, p.length, true);
    out.set(p, offset + 16);
    offset += 16 + p.length;
  });
  return out;
}
