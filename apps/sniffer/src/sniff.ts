import { DEFAULT_BACNET_PORT } from "@bip6/bvll6-codec";
import type { FrameRecord } from "./decode/record.js";
import { PacketFilter } from "./packet-filter.js";
import { CaptureReader } from "./pcap/reader.js";
import type { CapturedPacket } from "./pcap/types.js";

/** Counters of one sniffing run. */
export interface SniffStats {
  /** Packets read from the capture. */
  packets: number;
  /** BACnet/IPv6 datagrams found (decoded or malformed). */
  frames: number;
  /** Of those, the ones with a decode error. */
  malformed: number;
  /** Non-first IPv6 fragments, skipped: they carry no UDP header and are not reassembled. */
  fragmentsSkipped: number;
  /** Packets of a link type the sniffer does not decode. */
  unsupportedLinkType: number;
  /** Packets that are not IPv6, not UDP, too short, or UDP on other ports. */
  otherTraffic: number;
}

/** Fresh zeroed {@link SniffStats}. */
export function emptyStats(): SniffStats {
  return { packets: 0, frames: 0, malformed: 0, fragmentsSkipped: 0, unsupportedLinkType: 0, otherTraffic: 0 };
}

/** Options of {@link sniff}. */
export interface SniffOptions {
  /** UDP ports that carry BACnet/IPv6 (either end matching is enough). Default [47808]. */
  readonly ports?: readonly number[];
  /** Counters to update; pass your own to read them during and after the run. */
  readonly stats?: SniffStats;
  /**
   * Stop after reading this many packets, as tshark's `-c` counts: every packet read,
   * whether or not it is BACnet/IPv6 or passes a display filter.
   */
  readonly count?: number;
}

/** Where packets come from: a {@link CaptureReader} (batched, the fast way) or any packet iterable. */
export type PacketSource = CaptureReader | AsyncIterable<CapturedPacket>;

/** One-packet batches from a plain packet iterable. */
async function* singles(packets: AsyncIterable<CapturedPacket>): AsyncGenerator<CapturedPacket[]> {
  for await (const p of packets) yield [p];
}

/** `batches` cut off after `count` packets in all. */
async function* limited(
  batches: AsyncIterable<readonly CapturedPacket[]>,
  count: number,
): AsyncGenerator<readonly CapturedPacket[]> {
  let left = count;
  for await (const batch of batches) {
    if (batch.length >= left) {
      yield batch.length === left ? batch : batch.slice(0, left);
      return;
    }
    left -= batch.length;
    yield batch;
  }
}

/**
 * Where every output path starts: the packet walk with the run's counters, and the packets in
 * batches (a {@link CaptureReader}'s own, else one each), at most `count` packets in all.
 */
export function startSniffing(
  packets: PacketSource,
  options: SniffOptions,
): { readonly filter: PacketFilter; readonly batches: AsyncIterable<readonly CapturedPacket[]> } {
  const batches = packets instanceof CaptureReader ? packets.batches() : singles(packets);
  return {
    filter: new PacketFilter(options.ports ?? [DEFAULT_BACNET_PORT], options.stats ?? emptyStats()),
    batches: options.count === undefined ? batches : limited(batches, options.count),
  };
}

/**
 * The BACnet/IPv6 datagrams of a capture, decoded, in capture order, in batches (one per
 * input chunk when given a {@link CaptureReader}: the fast way). A batch's records stay valid
 * until the next batch is requested. Malformed frames come out with their error; a damaged
 * capture makes the iteration throw its CaptureError after every frame before the damage.
 */
export async function* sniffBatches(packets: PacketSource, options: SniffOptions = {}): AsyncGenerator<FrameRecord[]> {
  const { filter, batches } = startSniffing(packets, options);
  for await (const batch of batches) {
    const out: FrameRecord[] = [];
    for (const packet of batch) if (filter.accept(packet)) out.push(filter.record(packet));
    if (out.length > 0) yield out;
  }
}

/** {@link sniffBatches}, one record at a time. */
export async function* sniff(packets: PacketSource, options: SniffOptions = {}): AsyncGenerator<FrameRecord> {
  for await (const batch of sniffBatches(packets, options)) yield* batch;
}
