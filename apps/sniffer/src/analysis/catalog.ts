/**
 * Every finding the analysis can report: its code, the clause it rests on, and a title. The
 * codes are what `-Y bip6.finding == …` and the JSON summary use.
 *
 * @module
 */

/** What a finding is about, with the clause of ASHRAE 135 (Annex U, H.7) it rests on. */
export interface FindingKind {
  readonly clause: string;
  readonly title: string;
}

/** The finding catalogue. */
export const FINDINGS = {
  NONSTANDARD_RESULT_CODE: {
    clause: "U.2 BVLC-Result",
    title: "BVLC-Result code that Annex U does not define for the function answered",
  },
  FORWARDED_AR_MISORDERED: {
    clause: "U.2 Forwarded-Address-Resolution",
    title: "Forwarded-Address-Resolution with the B/IPv6 address before the target VMAC",
  },
  FORWARDED_NPDU_RELAY_VMAC: {
    clause: "U.2 Forwarded-NPDU",
    title: "Forwarded-NPDU whose original-source VMAC is the relaying BBMD's own",
  },
  FORWARDED_NPDU_SOURCE_REPLACED: {
    clause: "U.4 BBMD",
    title: "Forwarded-NPDU re-emitted with the BBMD's own address as the original source",
  },
  RELAYED_LINK_LOCAL_SOURCE: {
    clause: "U.4 BBMD",
    title: "relayed frame whose original source is a link-local address, unreachable from other links",
  },
  LOOPBACK_ADDRESS: {
    clause: "U.2",
    title: "B/IPv6 address field holding a loopback or unspecified address",
  },
  LENGTH_MISMATCH: {
    clause: "U.2 BVLL header",
    title: "BVLC length field differs from the datagram's length",
  },
  MALFORMED_BVLL: {
    clause: "U.2",
    title: "datagram on a BACnet/IPv6 port that is not a valid BVLL6 frame",
  },
  VMAC_COLLISION: {
    clause: "H.7.2, U.5",
    title: "one VMAC used by two B/IPv6 addresses at the same time",
  },
  VMAC_OUT_OF_RANGE: {
    clause: "H.7.2",
    title: "VMAC outside the device-instance (0x000000-0x3FFFFF) and random (0x400000-0x7FFFFF) ranges",
  },
  ACK_TO_RELAY: {
    clause: "U.5",
    title: "Address-Resolution-ACK for a forwarded request sent to the BBMD instead of the original source",
  },
  FORWARDED_AR_NAK: {
    clause: "U.5",
    title: "Forwarded-Address-Resolution for the node itself answered with a NAK instead of an ACK",
  },
  CONFIRMED_REQUEST_BROADCAST: {
    clause: "U.5",
    title: "confirmed-request APDU sent by broadcast",
  },
  LATE_RENEWAL: {
    clause: "U.4.5",
    title: "foreign-device registration renewed no earlier than its TTL",
  },
  DBTN_BEFORE_REGISTRATION: {
    clause: "U.4.5",
    title: "Distribute-Broadcast-To-Network sent before the BBMD confirmed the registration",
  },
  DBTN_UNREGISTERED: {
    clause: "U.4 BBMD",
    title: "Distribute-Broadcast-To-Network from an unregistered sender not answered with Result 0x00C0",
  },
  UNICAST_TO_WRONG_ADDRESS: {
    clause: "U.5",
    title: "unicast to a VMAC sent to an address the VMAC does not live at",
  },
  MIXED_MULTICAST_SCOPES: {
    clause: "U.1",
    title: "broadcasts on more than one BACnet multicast group: nodes joined to one do not hear the others",
  },
} as const satisfies Record<string, FindingKind>;

/** A finding code. */
export type FindingCode = keyof typeof FINDINGS;
