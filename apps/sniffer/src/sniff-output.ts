import { jsonLine, type LineHead, textLine } from "./output/frame-bytes.js";
import { formatJsonLine } from "./output/json.js";
import { LINE_ROOM, LineBuffer } from "./output/line-buffer.js";
import { formatTextLine } from "./output/text.js";
import { UdpSlot } from "./packet/udp6.js";
import type { CaptureReader } from "./pcap/reader.js";
import type { CapturedPacket } from "./pcap/types.js";
import { type SniffOptions, startSniffing } from "./sniff.js";

/** Options of {@link sniffOutput}. */
export interface SniffOutputOptions extends SniffOptions {
  /** JSON Lines (as {@link formatJsonLine}) instead of text lines (as {@link formatTextLine}). */
  readonly json?: boolean;
  /** Stop after this many frames. */
  readonly count?: number;
  /** Chunks are handed out once they reach about this many octets (default 64 KiB). */
  readonly chunkOctets?: number;
}

/**
 * The CLI's output for a capture, as UTF-8 chunks of whole lines (each line ends in `\n`):
 * byte for byte the lines of {@link sniffBatches} formatted with {@link formatTextLine} or
 * {@link formatJsonLine}, with the same counters, but formatted from the captured octets into
 * one reused buffer, with no record, frame or string per frame. Malformed frames take the
 * record path. A chunk is a fresh copy; at most one chunk plus one line is held. A damaged
 * capture makes the iteration throw its CaptureError after the output of every frame before it.
 */
export async function* sniffOutput(
  packets: CaptureReader | AsyncIterable<CapturedPacket>,
  options: SniffOutputOptions = {},
): AsyncGenerator<Uint8Array> {
  const { filter, batches } = startSniffing(packets, options);
  const json = options.json === true;
  const count = options.count ?? Infinity;
  const chunkOctets = options.chunkOctets ?? 64 * 1024;
  const out = new LineBuffer(chunkOctets);
  const udp = filter.udp;
  // The line head, reused: one object for the whole run rather than one per frame.
  const head = {
    number: 0,
    seconds: 0,
    nanoseconds: 0,
    relativeNanoseconds: 0,
    originalLength: 0,
    ipAt: 0,
    sourcePort: 0,
    destinationPort: 0,
  } satisfies LineHead;
  let printed = 0;
  let batch: readonly CapturedPacket[] = [];
  let next = 0;

  /** Counts the rest of the batch as the record path would have before its consumer stopped. */
  const countRest = (): void => {
    for (; next < batch.length; next++) {
      const packet = batch[next] as CapturedPacket;
      if (filter.accept(packet) && !filter.decodable(packet)) filter.stats.malformed++;
    }
  };

  let finished = false;
  try {
    for await (batch of batches) {
      for (next = 0; next < batch.length;) {
        const packet = batch[next++] as CapturedPacket;
        if (!filter.accept(packet)) continue;
        out.reserve(LINE_ROOM);
        if (filter.decodable(packet)) {
          const d = packet.data;
          const s = udp[UdpSlot.PayloadStart] as number;
          head.number = packet.number;
          head.seconds = packet.seconds;
          head.nanoseconds = packet.nanoseconds;
          head.relativeNanoseconds = filter.relativeNanoseconds;
          head.originalLength = packet.originalLength;
          head.ipAt = filter.ipAt;
          head.sourcePort = udp[UdpSlot.SourcePort] as number;
          head.destinationPort = udp[UdpSlot.DestinationPort] as number;
          if (json) jsonLine(out, head, d, s);
          else textLine(out, head, d, s, udp[UdpSlot.PayloadEnd] as number);
        } else {
          const record = filter.record(packet);
          out.text(json ? formatJsonLine(record) : formatTextLine(record));
        }
        out.byte(0x0a);
        if (++printed >= count) {
          countRest();
          if (out.size > 0) yield out.take();
          finished = true;
          return;
        }
        if (out.size >= chunkOctets) yield out.take();
      }
    }
    finished = true;
    if (out.size > 0) yield out.take();
  } catch (e) {
    // Every frame before the damage is still delivered.
    if (out.size > 0) yield out.take();
    throw e;
  } finally {
    if (!finished) countRest();
  }
}
