/**
 * The text the Examples button pastes (and the page starts with), and the example capture.
 *
 * @module
 */
import { pcapFile } from "@bip6/sniffer";
import { pastedPackets } from "./packets.ts";
import { parsePasted } from "./paste.ts";

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

/**
 * The datagrams of the example capture: a device looked for and found, an address resolved,
 * a foreign device registering (answered with the Python stack's 0x0050, peers.md) and a
 * datagram whose length field is wrong.
 */
const CAPTURE_LINES = [
  "[fd00::2]:47808 → [ff02::bac0]:47808 82 02 0015 0004d2 0120ffff00ff 10080a00011a0002",
  "[fd00::3]:47808 → [fd00::2]:47808 82 01 001a 00162e 0004d2 0100 1000c4020016 2e2205c4910021 0f",
  "[fd00::2]:47808 → [ff02::bac0]:47808 82 03 000a 0004d2 00162e",
  "[fd00::3]:47808 → [fd00::2]:47808 82 05 000a 00162e 0004d2",
  "[fd00:2::9]:47809 → [fd00::1]:47808 82 09 0009 0003e7 003c",
  "[fd00::1]:47808 → [fd00:2::9]:47809 82 00 0009 000064 0050",
  "[fd00::9]:47808 → [fd00::1]:47808 82 03 000b 0004d2 00162e",
];

/**
 * The example capture the page opens on request: a classic pcap of {@link CAPTURE_LINES},
 * 10 ms apart, built here (the CLI's `bip6-sniff demo` runs a real network, which a page cannot).
 */
export function exampleCapture(): Uint8Array {
  const { packets } = pastedPackets(parsePasted(CAPTURE_LINES.join("\n")).datagrams);
  return pcapFile(packets.map((p, i) => ({ seconds: 1_764_590_400, microseconds: i * 10_000, data: p.data })));
}
