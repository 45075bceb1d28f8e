import { be16, u32 } from "../pcap/bytes.js";
import { LinkType } from "../pcap/link-types.js";

/** Offset returned by {@link ipv6Offset} for a packet that is not IPv6 (or too short to tell). */
export const NOT_IPV6 = -1;
/** Offset returned by {@link ipv6Offset} for a link type the sniffer does not decode. */
export const UNSUPPORTED_LINK = -2;

const ETHERTYPE_IPV6 = 0x86dd;
/** Address-family values for IPv6 that BSD-style loopback headers use (BSDs 24, FreeBSD 28, Darwin 30, Linux 10). */
const AF_INET6 = new Set([10, 24, 28, 30]);

/**
 * Where the IPv6 header starts in a packet of `linkType`, after the link-layer header, or
 * {@link NOT_IPV6} / {@link UNSUPPORTED_LINK}.
 */
export function ipv6Offset(linkType: number, d: Uint8Array): number {
  switch (linkType) {
    case LinkType.Ethernet: {
      if (d.length < 14) return NOT_IPV6;
      let type = be16(d, 12);
      let o = 14;
      // 802.1Q, 802.1ad and the old QinQ tag: 4 octets each, the real EtherType after them.
      while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
        if (d.length < o + 4) return NOT_IPV6;
        type = be16(d, o + 2);
        o += 4;
      }
      return type === ETHERTYPE_IPV6 ? o : NOT_IPV6;
    }
    case LinkType.Ipv6:
      return 0;
    case LinkType.Raw:
      return d.length > 0 && (d[0] as number) >> 4 === 6 ? 0 : NOT_IPV6;
    case LinkType.Null:
      // The family is in the byte order of the host that captured, which the file does not say.
      return d.length >= 4 && (AF_INET6.has(u32(d, 0, true)) || AF_INET6.has(u32(d, 0, false))) ? 4 : NOT_IPV6;
    case LinkType.Loop:
      return d.length >= 4 && AF_INET6.has(u32(d, 0, false)) ? 4 : NOT_IPV6;
    case LinkType.LinuxSll:
      return d.length >= 16 && be16(d, 14) === ETHERTYPE_IPV6 ? 16 : NOT_IPV6;
    case LinkType.LinuxSll2:
      return d.length >= 20 && be16(d, 0) === ETHERTYPE_IPV6 ? 20 : NOT_IPV6;
    default:
      return UNSUPPORTED_LINK;
  }
}
