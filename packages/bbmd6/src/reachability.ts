import type { Bip6Address } from "@bip6/bvll6-codec";

/**
 * Why no socket of a BBMD can send to `address`, or `undefined` when one can. A datagram
 * from such a sender (or a relayed frame naming one as original source) must never make it
 * a destination: a multicast "sender" would turn a reply into a group send, the unspecified
 * address loops back to the host itself, port 0 is refused by the kernel, and an
 * IPv4-mapped address (`::ffff:192.0.2.7`) is unreachable from the IPv6-only sockets bip6
 * uses (so that BACnet/IPv4 can share the port).
 */
export function unreachableReason(address: Bip6Address): string | undefined {
  if (address.isMulticast) return "multicast";
  if (address.isUnspecified) return "unspecified";
  if (address.port === 0) return "port 0";
  if (address.isIpv4Mapped) return "IPv4-mapped";
  return undefined;
}
