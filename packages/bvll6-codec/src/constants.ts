import { describeValue } from "./describe.js";
import { Bip6AddressError } from "./errors.js";

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

/** Multicast scopes in common use for the BACnet group FF0X::BAC0 ({@link bacnetMulticastGroup} takes any of 1–14). */
export const MulticastScope = {
  /** ff02::bac0 — link-local; needs no multicast routing. */
  LinkLocal: 0x2,
  /** ff05::bac0 — site-local. */
  SiteLocal: 0x5,
  /** ff08::bac0 — organization-local. */
  OrganizationLocal: 0x8,
} as const;

/** Smallest multicast scope a node may send to: 1, interface-local (RFC 4291 §2.7). */
export const MIN_MULTICAST_SCOPE = 0x1;

/** Largest multicast scope a node may send to: 14 (0xE), global (RFC 4291 §2.7). */
export const MAX_MULTICAST_SCOPE = 0xe;

/**
 * True for a multicast scope a node may send to: an integer 1–14. RFC 4291 §2.7 (as updated
 * by RFC 7346) reserves 0, which a node must not originate and must drop, and 15 (0xF),
 * which a node should not originate. Every other value is a scope: 1 interface-, 2 link-,
 * 3 realm- (RFC 7346), 4 admin-, 5 site-, 8 organization-local, 14 global, and the
 * unassigned 6, 7, 9–13 that administrators may define.
 */
export function isMulticastScope(scope: unknown): scope is number {
  return (
    Number.isInteger(scope) && (scope as number) >= MIN_MULTICAST_SCOPE && (scope as number) <= MAX_MULTICAST_SCOPE
  );
}

/**
 * The BACnet/IPv6 multicast group address FF0X::BAC0 for a scope 1–14 (see
 * {@link isMulticastScope}; 0 and 15 are reserved): throws `Bip6AddressError` `INVALID_SCOPE`
 * otherwise. Broadcasts go to `[group]:port` where port is the node's own BACnet port.
 *
 * @example
 * ```ts
 * bacnetMulticastGroup(MulticastScope.SiteLocal); // "ff05::bac0"
 * ```
 */
export function bacnetMulticastGroup(scope: number = MulticastScope.LinkLocal): string {
  if (!isMulticastScope(scope)) {
    throw new Bip6AddressError(
      "INVALID_SCOPE",
      describeValue(scope),
      `multicast scope must be an integer 1-14 (0 and 15 are reserved by RFC 4291), got ${describeValue(scope)}`,
    );
  }
  return `ff0${scope.toString(16)}::bac0`;
}
