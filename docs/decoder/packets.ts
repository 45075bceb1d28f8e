/**
 * Where the decoder page's packets come from: pasted datagrams put into packets the sniffer
 * reads as if captured, and capture files handed to its reader in slices (so the page stays
 * responsive while a large capture is read). No DOM here.
 *
 * @module
 */
import { Bip6Address } from "@bip6/bvll6-codec";
import { type CapturedPacket, LinkType, ipv6UdpPacket } from "@bip6/sniffer";
import type { PastedDatagram } from "./paste.ts";

/**
 * Stand-in addresses of a BVLL6 datagram pasted without any: documentation addresses
 * (RFC 3849), and the BACnet multicast group for the functions that are multicast.
 */
export const PLACEHOLDER = {
  source: Bip6Address.parse("[2001:db8::1]:47808"),
  destination: Bip6Address.parse("[2001:db8::2]:47808"),
  group: Bip6Address.parse("[ff02::bac0]:47808"),
} as const;

/** BVLL6 functions sent to the multicast group (Original-Broadcast-NPDU, Address-Resolution). */
const MULTICAST_FUNCTIONS = new Set([0x02, 0x03]);

/** Where a pasted datagram's packet came from, for the page to say so. */
export interface PastedOrigin {
  readonly line: number;
  /** The page made up the IPv6 and UDP headers (a BVLL6 datagram pasted alone). */
  readonly wrapped: boolean;
  /** …and the addresses too (none were given). */
  readonly placeholder: boolean;
}

/** The packets of pasted datagrams, numbered from 1, all at time 0 (pasted text has no times). */
export function pastedPackets(datagrams: readonly PastedDatagram[]): {
  packets: CapturedPacket[];
  origins: Map<number, PastedOrigin>;
} {
  const origins = new Map<number, PastedOrigin>();
  const packets = datagrams.map((d, i): CapturedPacket => {
    const number = i + 1;
    let data = d.octets;
    let linkType: number = d.kind === "ethernet" ? LinkType.Ethernet : LinkType.Ipv6;
    if (d.kind === "bvll") {
      const source = d.source ?? PLACEHOLDER.source;
      const destination =
        d.destination ?? (MULTICAST_FUNCTIONS.has(d.octets[1] ?? -1) ? PLACEHOLDER.group : PLACEHOLDER.destination);
      data = ipv6UdpPacket({
        sourceIp: source.ipOctets(),
        sourcePort: source.port,
        destinationIp: destination.ipOctets(),
        destinationPort: destination.port,
        payload: d.octets,
      });
      linkType = LinkType.Ipv6;
    }
    origins.set(number, { line: d.line, wrapped: d.kind === "bvll", placeholder: d.kind === "bvll" && !d.source });
    return { number, linkType, interfaceId: 0, seconds: 0, nanoseconds: 0, originalLength: data.length, data };
  });
  return { packets, origins };
}

/** `packets` as the packet source the sniffer's pipeline takes. */
export async function* packetSource(packets: readonly CapturedPacket[]): AsyncGenerator<CapturedPacket> {
  yield* packets;
}

/** Octets handed to the capture reader at a time. */
const SLICE = 1 << 20;

/**
 * A capture file's octets in 1 MiB slices, giving the page a turn (a macrotask) between
 * slices so it can paint progress; `onProgress` gets the octets handed over so far. Ends early
 * once `stale()` says a newer run replaced this one.
 */
export async function* fileSlices(
  bytes: Uint8Array,
  onProgress?: (done: number) => void,
  stale?: () => boolean,
): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += SLICE) {
    if (at > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    if (stale?.() === true) return;
    yield bytes.subarray(at, Math.min(bytes.length, at + SLICE));
    onProgress?.(Math.min(bytes.length, at + SLICE));
  }
}
