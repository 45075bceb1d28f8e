/**
 * Just enough of the NPDU header (ASHRAE 135 clause 6.2) to find the APDU type: version,
 * control, DNET/DLEN/DADR, SNET/SLEN/SADR, hop count. Used for one rule: a confirmed-request
 * APDU that arrived by broadcast is discarded (annex-u.md §3).
 */

/** Control bit 7: the NPDU carries a network-layer message, not an APDU. */
const NETWORK_LAYER_MESSAGE = 0x80;
/** Control bit 5: DNET, DLEN, DADR (and later the hop count) are present. */
const DESTINATION_PRESENT = 0x20;
/** Control bit 3: SNET, SLEN, SADR are present. */
const SOURCE_PRESENT = 0x08;
/** APDU type 0 (the high nibble of its first octet): BACnet-Confirmed-Request-PDU. */
const CONFIRMED_REQUEST = 0;

/**
 * True when `npdu` is a BACnet NPDU (version 1) whose APDU is a confirmed request. Anything
 * it cannot read (another version, a network-layer message, a truncated header) is not one:
 * judging those is the network layer's business, not the datalink's.
 */
export function isConfirmedRequest(npdu: Uint8Array): boolean {
  const length = npdu.length;
  if (length < 3 || npdu[0] !== 0x01) return false;
  const control = npdu[1] as number;
  if ((control & NETWORK_LAYER_MESSAGE) !== 0) return false;
  let i = 2;
  const routed = (control & DESTINATION_PRESENT) !== 0;
  if (routed) {
    if (i + 3 > length) return false;
    i += 3 + (npdu[i + 2] as number);
  }
  if ((control & SOURCE_PRESENT) !== 0) {
    if (i + 3 > length) return false;
    i += 3 + (npdu[i + 2] as number);
  }
  if (routed) i += 1;
  return i < length && (npdu[i] as number) >> 4 === CONFIRMED_REQUEST;
}
