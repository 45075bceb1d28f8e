import { type Bvll6Frame, Bvll6DecodeError, tryDecodeFrame } from "@bip6/bvll6-codec";
import { ipv6Text } from "./ipv6-text.js";
import type { CapturedPacket } from "../pcap/types.js";
import type { Udp6Datagram } from "../packet/udp6.js";

/** Machine-readable reasons a BACnet/IPv6 datagram could not be decoded. */
export type FrameErrorCode =
  | Bvll6DecodeError["code"]
  /** The capture's snap length cut the datagram short. */
  | "SNAPLEN_TRUNCATED"
  /** First fragment of a fragmented IPv6 datagram; the sniffer does not reassemble. */
  | "IPV6_FRAGMENT";

/** Why a frame is malformed; shown beside the frame, never stopping the run. */
export interface FrameError {
  readonly code: FrameErrorCode;
  readonly message: string;
}

/** One BACnet/IPv6 datagram from a capture, decoded (or with the reason it could not be). */
export interface FrameRecord {
  /** Wireshark's `frame.number`: position among all packets of the capture, from 1. */
  readonly number: number;
  readonly seconds: number;
  readonly nanoseconds: number;
  /** Time since the capture's first packet, in nanoseconds. */
  readonly relativeNanoseconds: number;
  /** Length of the packet on the wire. */
  readonly originalLength: number;
  /** IPv6 source address, RFC 5952 text. */
  readonly source: string;
  /** IPv6 destination address, RFC 5952 text. */
  readonly destination: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** The UDP payload (a view valid only until the next record: copy it to keep it). */
  readonly bvll: Uint8Array;
  /** The decoded frame, or `undefined` when {@link error} is set. */
  readonly frame: Bvll6Frame | undefined;
  readonly error: FrameError | undefined;
}

/** Decodes the BVLL6 frame in a UDP datagram into a {@link FrameRecord}. */
export function decodeRecord(packet: CapturedPacket, udp: Udp6Datagram, relativeNanoseconds: number): FrameRecord {
  let frame: Bvll6Frame | undefined;
  let error: FrameError | undefined;
  if (udp.fragmented) {
    error = { code: "IPV6_FRAGMENT", message: "first fragment of a fragmented IPv6 datagram (not reassembled)" };
  } else if (udp.truncated) {
    error = {
      code: "SNAPLEN_TRUNCATED",
      message: `the capture kept only ${udp.payload.length} octets of the UDP payload (snap length)`,
    };
  } else {
    const decoded = tryDecodeFrame(udp.payload);
    if (decoded instanceof Bvll6DecodeError) error = { code: decoded.code, message: decoded.message };
    else frame = decoded;
  }
  return {
    number: packet.number,
    seconds: packet.seconds,
    nanoseconds: packet.nanoseconds,
    relativeNanoseconds,
    originalLength: packet.originalLength,
    source: ipv6Text(udp.packet, udp.sourceAt),
    destination: ipv6Text(udp.packet, udp.destinationAt),
    sourcePort: udp.sourcePort,
    destinationPort: udp.destinationPort,
    bvll: udp.payload,
    frame,
    error,
  };
}
