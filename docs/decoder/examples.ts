/**
 * The text the Examples button pastes (and the page starts with).
 *
 * @module
 */

/** What the Examples button pastes: one frame of each kind of problem the page shows. */
export const EXAMPLES = [
  "# BVLL6 datagrams, one per line (annex-u.md §2); the addresses before the hex are optional.",
  "# An I-Am, broadcast:",
  "82 02 001c 0004d2 0120ffff00ff1000c4020004d22205c49103220104",
  "# A Register-Foreign-Device (TTL 60) answered by the Python stack's Result 0x0050 (peers.md):",
  "[fd00:2::9]:47809 → [fd00:1::1]:47808 82 09 0009 0003e7 003c",
  "[fd00:1::1]:47808 → [fd00:2::9]:47809 82 00 0009 000064 0050",
  "# A length field that disagrees with the datagram:",
  "82 03 000b 0004d2 00162e",
  "# An I-Am cut short inside its APDU:",
  "82 02 0012 0004d2 01001000c4020004d22205",
].join("\n");
