import { be16 } from "../pcap/bytes.js";

/** A UDP datagram found in an IPv6 packet. Octet arrays are views into the captured packet. */
export interface Udp6Datagram {
  /** The packet the offsets refer to. */
  readonly packet: Uint8Array;
  /** Offset of the 16-octet IPv6 source address in `packet`. */
  readonly sourceAt: number;
  /** Offset of the 16-octet IPv6 destination address in `packet`. */
  readonly destinationAt: number;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** The UDP payload as captured (shorter than the UDP length says when `truncated`). */
  readonly payload: Uint8Array;
  /** The capture's snap length cut the datagram short. */
  readonly truncated: boolean;
  /** The first fragment of a fragmented datagram: the rest is in later packets (not reassembled). */
  readonly fragmented: boolean;
}

/** Why a packet yielded no UDP datagram. */
export type NoUdpReason = "NOT_IPV6" | "NOT_UDP" | "FRAGMENT" | "TRUNCATED";

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const DESTINATION_OPTIONS = 60;
const AUTHENTICATION = 51;
const UDP = 17;

/** Slots of the array {@link locateUdp6} fills. */
export const UdpSlot = {
  SourcePort: 0,
  DestinationPort: 1,
  /** Offset of the UDP payload in the packet. */
  PayloadStart: 2,
  /** End of the captured UDP payload (exclusive). */
  PayloadEnd: 3,
  /** 1 when the snap length cut the datagram short. */
  Truncated: 4,
  /** 1 for the first fragment of a fragmented datagram. */
  Fragmented: 5,
} as const;

/**
 * {@link parseUdp6} without allocating: fills `out` (6 slots, see {@link UdpSlot}) and returns
 * `undefined`, or returns why there is no UDP datagram. The source address is at `o + 8`, the
 * destination at `o + 24`. For the per-packet hot path, where a result object per packet shows
 * up as garbage-collector time.
 */
export function locateUdp6(d: Uint8Array, o: number, out: Int32Array): NoUdpReason | undefined {
  if (d.length < o + 40) return d.length > o && (d[o] as number) >> 4 === 6 ? "TRUNCATED" : "NOT_IPV6";
  if ((d[o] as number) >> 4 !== 6) return "NOT_IPV6";
  const payloadLength = be16(d, o + 4);
  let next = d[o + 6] as number;
  let p = o + 40;
  // Payload length 0 is a jumbogram (or a capture oddity): trust the captured octets then.
  const end = payloadLength === 0 ? d.length : p + payloadLength;
  let fragmented = false;
  for (;;) {
    if (next === HOP_BY_HOP || next === ROUTING || next === DESTINATION_OPTIONS) {
      if (p + 2 > d.length) return "TRUNCATED";
      next = d[p] as number;
      p += ((d[p + 1] as number) + 1) * 8;
    } else if (next === AUTHENTICATION) {
      if (p + 2 > d.length) return "TRUNCATED";
      next = d[p] as number;
      p += ((d[p + 1] as number) + 2) * 4;
    } else if (next === FRAGMENT) {
      if (p + 8 > d.length) return "TRUNCATED";
      if (be16(d, p + 2) >> 3 !== 0) return "FRAGMENT";
      fragmented = ((d[p + 3] as number) & 1) === 1;
      next = d[p] as number;
      p += 8;
    } else {
      break;
    }
  }
  if (next !== UDP) return "NOT_UDP";
  if (p + 8 > d.length) return "TRUNCATED";
  const udpLength = be16(d, p + 4);
  // A fragment's UDP length describes the whole datagram; otherwise it must fit the IPv6 payload.
  const udpEnd = fragmented ? end : Math.min(p + Math.max(udpLength, 8), end);
  const stop = Math.min(udpEnd, d.length);
  out[UdpSlot.SourcePort] = be16(d, p);
  out[UdpSlot.DestinationPort] = be16(d, p + 2);
  out[UdpSlot.PayloadStart] = p + 8;
  out[UdpSlot.PayloadEnd] = stop;
  out[UdpSlot.Truncated] = stop < udpEnd ? 1 : 0;
  out[UdpSlot.Fragmented] = fragmented ? 1 : 0;
  return undefined;
}

/** The {@link Udp6Datagram} described by the slots {@link locateUdp6} filled for the IPv6 header at `o`. */
export function udp6FromSlots(d: Uint8Array, o: number, slots: Int32Array): Udp6Datagram {
  return {
    packet: d,
    sourceAt: o + 8,
    destinationAt: o + 24,
    sourcePort: slots[UdpSlot.SourcePort] as number,
    destinationPort: slots[UdpSlot.DestinationPort] as number,
    payload: d.subarray(slots[UdpSlot.PayloadStart], slots[UdpSlot.PayloadEnd]),
    truncated: slots[UdpSlot.Truncated] === 1,
    fragmented: slots[UdpSlot.Fragmented] === 1,
  };
}

const scratch = new Int32Array(6);

/**
 * Walks the IPv6 header at `o` and its extension headers (hop-by-hop, routing, destination
 * options, fragment, authentication) to a UDP header. Non-first fragments carry no UDP
 * header and return "FRAGMENT".
 */
export function parseUdp6(d: Uint8Array, o: number): Udp6Datagram | NoUdpReason {
  const why = locateUdp6(d, o, scratch);
  return why ?? udp6FromSlots(d, o, scratch);
}
