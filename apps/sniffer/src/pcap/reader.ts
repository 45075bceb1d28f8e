import { CaptureError } from "../errors.js";
import { ByteSource } from "./byte-source.js";
import { classicPcapMagic, readClassicPcap } from "./classic.js";
import { PcapngBlock, readPcapng } from "./pcapng.js";
import {
  type CaptureFormat,
  type CapturedPacket,
  DEFAULT_MAX_RECORD_LENGTH,
  type ReadCaptureOptions,
} from "./types.js";

/**
 * A streaming pcap / pcapng reader over any source of octet chunks (a `fs.ReadStream`,
 * `process.stdin`, an array of `Uint8Array`s). Iterate it once to get the packets in file
 * order; memory stays bounded by the record cap whatever the file size. A damaged file makes
 * the iteration throw a {@link CaptureError} after every packet before the damage.
 */
export class CaptureReader implements AsyncIterable<CapturedPacket> {
  readonly #src: ByteSource;
  readonly #maxRecordLength: number;
  #format: CaptureFormat | undefined;
  #started = false;

  constructor(source: AsyncIterable<Uint8Array>, options: ReadCaptureOptions = {}) {
    this.#maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
    // Headers of up to 16 octets plus one record or block: the most the reader ever assembles.
    this.#src = new ByteSource(source, this.#maxRecordLength + 64);
  }

  /** "pcap" or "pcapng" once the first octets are read. */
  get format(): CaptureFormat | undefined {
    return this.#format;
  }

  /** File offset of the next unread octet. */
  get offset(): number {
    return this.#src.offset;
  }

  /** Largest buffer the reader allocated of its own (it never exceeds the record cap + 64). */
  get bufferHighWater(): number {
    return this.#src.bufferHighWater;
  }

  /** Stops reading and releases the underlying stream. */
  async close(): Promise<void> {
    await this.#src.close();
  }

  /** The packets, in file order. A reader can be iterated once (this or {@link batches}). */
  async *[Symbol.asyncIterator](): AsyncGenerator<CapturedPacket> {
    for await (const batch of this.batches()) yield* batch;
  }

  /**
   * The packets in batches: every packet the current input chunk holds, parsed without an
   * await between them (the fast way to consume a large capture). A batch's packets stay valid
   * until the next batch is requested.
   */
  batches(): AsyncGenerator<CapturedPacket[]> {
    if (this.#started) throw new Error("a CaptureReader can be iterated only once");
    this.#started = true;
    return this.#batches();
  }

  async *#batches(): AsyncGenerator<CapturedPacket[]> {
    const magic = await this.#src.take(4, "the file's magic number", 0);
    if (magic === undefined) throw new CaptureError("TRUNCATED", 0, "empty input: no pcap or pcapng header");
    const classic = classicPcapMagic(magic);
    if (classic !== undefined) {
      this.#format = "pcap";
      yield* readClassicPcap(this.#src, classic, this.#maxRecordLength);
      return;
    }
    if (
      ((magic[0] as number) << 24) +
        ((magic[1] as number) << 16) +
        ((magic[2] as number) << 8) +
        (magic[3] as number) ===
      PcapngBlock.SectionHeader
    ) {
      this.#format = "pcapng";
      yield* readPcapng(this.#src, this.#maxRecordLength);
      return;
    }
    const hex = Array.from(magic, (b) => b.toString(16).padStart(2, "0")).join("");
    throw new CaptureError("BAD_MAGIC", 0, `not a pcap or pcapng file (starts with 0x${hex})`);
  }
}

/** A {@link CaptureReader} over `source`: `for await (const p of readCapture(stream)) …`. */
export function readCapture(source: AsyncIterable<Uint8Array>, options: ReadCaptureOptions = {}): CaptureReader {
  return new CaptureReader(source, options);
}
