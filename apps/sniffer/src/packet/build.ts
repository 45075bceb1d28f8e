/**
 * The UDP checksum over the IPv6 pseudo-header (RFC 8200 §8.1). A computed 0 is sent as
 * 0xFFFF: 0 means "no checksum", which IPv6 forbids for UDP.
 */
export function udp6Checksum(sourceIp: Uint8Array, destinationIp: Uint8Array, udp: Uint8Array): number {
  let sum = 0;
  const add16 = (bytes: Uint8Array): void => {
    for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] ?? 0);
  };
  add16(sourceIp);
  add16(destinationIp);
  sum += (udp.length >>> 16) + (udp.length & 0xffff) + 17;
  add16(udp);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const result = ~sum & 0xffff;
  return result === 0 ? 0xffff : result;
}

/** Endpoints and payload of a UDP-over-IPv6 packet to build. */
export interface Udp6PacketSpec {
  /** 16 octets. */
  readonly sourceIp: Uint8Array;
  readonly sourcePort: number;
  /** 16 octets. */
  readonly destinationIp: Uint8Array;
  readonly destinationPort: number;
  readonly payload: Uint8Array;
  /** Hop limit (default 64; 1 is what link-local multicast uses, 255 is fine too). */
  readonly hopLimit?: number;
}

/** IPv6 header (40 octets) + UDP header (8 octets, correct length and checksum) + payload. */
export function ipv6UdpPacket(s: Udp6PacketSpec): Uint8Array {
  if (s.sourceIp.length !== 16 || s.destinationIp.length !== 16) throw new RangeError("IPv6 addresses need 16 octets");
  const udpLength = 8 + s.payload.length;
  const packet = new Uint8Array(40 + udpLength);
  const view = new DataView(packet.buffer);
  view.setUint32(0, 0x60000000);
  view.setUint16(4, udpLength);
  packet[6] = 17;
  packet[7] = s.hopLimit ?? 64;
  packet.set(s.sourceIp, 8);
  packet.set(s.destinationIp, 24);
  view.setUint16(40, s.sourcePort);
  view.setUint16(42, s.destinationPort);
  view.setUint16(44, udpLength);
  packet.set(s.payload, 48);
  view.setUint16(46, udp6Checksum(s.sourceIp, s.destinationIp, packet.subarray(40)));
  return packet;
}
