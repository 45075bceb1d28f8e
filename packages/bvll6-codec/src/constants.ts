/** BVLC type octet of BACnet/IPv6 (Annex U). 0x81 is BACnet/IPv4 and is rejected. */
export const BVLC_TYPE_IPV6 = 0x82;

/** Default UDP port of BACnet/IPv6: 47808 (0xBAC0). */
export const DEFAULT_BACNET_PORT = 47808;

/** Largest NPDU a BVLL6 frame may carry (octets). */
export const MAX_NPDU_LENGTH = 1497;

/** Largest APDU BACnet/IPv6 carries (octets). */
export const MAX_APDU_LENGTH = 1476;

/** Largest BVLL6 datagram: a Forwarded-NPDU with a full NPDU (25 + 1497). Size receive buffers for it. */
export const MAX_BVLL6_LENGTH = 1522;

/** Length of the fixed BVLL header: type, function, 2-octet length. */
export const BVLL6_HEADER_LENGTH = 4;

/** Largest value of a Register-Foreign-Device time-to-live (seconds). */
export const MAX_TIME_TO_LIVE = 0xffff;

/** Grace period added to a foreign device's TTL before the BBMD drops it (U.4.5.5), in seconds. */
export const FDT_GRACE_SECONDS = 30;

/** Multicast scopes in common use for the BACnet group FF0X::BAC0. */
export const MulticastScope = {
  /** ff02::bac0 — link-local; needs no multicast routing. */
  LinkLocal: 0x2,
  /** ff05::bac0 — site-local. */
  SiteLocal: 0x5,
  /** ff08::bac0 — organization-local. */
  OrganizationLocal: 0x8,
} as const;

/**
 * The BACnet/IPv6 multicast group address FF0X::BAC0 for a scope (1–15).
 * Broadcasts go to `[group]:port` where port is the node's own BACnet port.
 */
export function bacnetMulticastGroup(scope: number = MulticastScope.LinkLocal): string {
  if (!Number.isInteger(scope) || scope < 1 || scope > 15) {
    throw new RangeError(`multicast scope must be an integer 1-15, got ${String(scope)}`);
  }
  return `ff0${scope.toString(16)}::bac0`;
}
