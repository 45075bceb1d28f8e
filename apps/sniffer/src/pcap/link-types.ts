/** LINKTYPE_* values (tcpdump.org/linktypes.html) the sniffer understands. */
export const LinkType = {
  /** BSD loopback: 4-octet address family in the capturing host's byte order. */
  Null: 0,
  /** Ethernet II, optionally with 802.1Q / 802.1ad tags. */
  Ethernet: 1,
  /** Raw IP: the packet starts with an IPv4 or IPv6 header. */
  Raw: 101,
  /** OpenBSD loopback: 4-octet address family in network byte order. */
  Loop: 108,
  /** Linux cooked capture v1 (16-octet header). */
  LinuxSll: 113,
  /** Raw IPv6. */
  Ipv6: 229,
  /** Linux cooked capture v2 (20-octet header). */
  LinuxSll2: 276,
} as const;

/** Short name of a link type for messages. */
export function linkTypeName(linkType: number): string {
  for (const [name, value] of Object.entries(LinkType)) if (value === linkType) return name;
  return `LINKTYPE ${linkType}`;
}
