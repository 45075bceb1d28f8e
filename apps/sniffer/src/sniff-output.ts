import type { Analyzer } from "./analysis/analyzer.js";
import { dissect } from "./fields/dissect.js";
import type { CompiledFilter, FramePredicate } from "./filter/compile.js";
import { FrameContext } from "./frame-context.js";
import { formatDetail, formatHexDump } from "./output/detail.js";
import { type FieldsOptions, type FieldsWriter, fieldsWriter } from "./output/fields.js";
import { jsonLine, type LineHead, textLine } from "./output/frame-bytes.js";
import { formatJsonLine } from "./output/json.js";
import { LINE_ROOM, LineBuffer } from "./output/line-buffer.js";
import { formatTextLine } from "./output/text.js";
import { type TimeFormat, timeColumn } from "./output/time.js";
import { formatTsharkJsonFields, formatTsharkJsonPacket } from "./output/tshark-json.js";
import { UdpSlot } from "./packet/udp6.js";
import type { CapturedPacket } from "./pcap/types.js";
import { type PacketSource, type SniffOptions, startSniffing } from "./sniff.js";

/**
 * What each shown frame prints: a text line (`text`, with `detail`/`hex` as tshark's `-V`/`-x`),
 * a JSON Lines object (`jsonl`, the CLI's `--json`), a `-T fields` line (`fields`), an element
 * of tshark's `-T json` array (`json`), or nothing (`none`, for `-q`).
 */
export type OutputFormat = "text" | "jsonl" | "fields" | "json" | "none";

/** Options of {@link sniffOutput}. */
export interface SniffOutputOptions extends SniffOptions {
  /** What each shown frame prints (default `text`, or `jsonl` when {@link json} is set). */
  readonly format?: OutputFormat;
  /** Shorthand for `format: "jsonl"`. */
  readonly json?: boolean;
  /** `-V`: the field tree of each frame (instead of its line, unless {@link printSummary}). */
  readonly detail?: boolean;
  /** `-x`: a hex and ASCII dump of each frame (instead of its line, unless {@link printSummary}). */
  readonly hex?: boolean;
  /** `-P`: the text line too, with `detail` or `hex`. */
  readonly printSummary?: boolean;
  /** The time column of text lines (default `r`, relative to the first packet). */
  readonly time?: TimeFormat;
  /** The `-e` fields and `-E` options of the `fields` format (and of `json` when given). */
  readonly fields?: FieldsOptions;
  /** A `-Y` display filter: only frames that pass are shown. */
  readonly filter?: CompiledFilter | FramePredicate;
  /** Analysis fed every BACnet/IPv6 frame before the filter (so `bip6.finding` can be filtered on). */
  readonly analyzer?: Analyzer;
  /** Called with every shown frame, after its output is formatted (for `-w`). */
  readonly onShown?: (frame: FrameContext) => void;
  /**
   * Chunks are handed out once they reach about this many octets (default 64 KiB), and at the
   * end of each input batch (then an empty one too when {@link onShown} is set).
   */
  readonly chunkOctets?: number;
  /**
   * Hand out views of one reused buffer instead of fresh copies: each chunk is valid only
   * until the next one is asked for. For a consumer that writes synchronously (the CLI's
   * `fs.writeSync` to its standard output); a stream that keeps chunks needs the copies.
   * Default false.
   */
  readonly reuseChunks?: boolean;
}

/**
 * The CLI's output for a capture, as UTF-8 chunks of whole lines (each line ends in `\n`).
 * Text and JSON Lines of well-formed frames are formatted from the captured octets into one
 * reused buffer, with no record or string per frame: byte for byte what {@link formatTextLine}
 * and {@link formatJsonLine} give for the records of `sniffBatches`. A chunk is a fresh copy
 * (or, with `reuseChunks`, a view valid until the next one is asked for), handed out when full and at the end of every input batch (so live input shows at once). A
 * damaged capture makes the iteration throw its CaptureError after the output of every frame
 * before it.
 */
export async function* sniffOutput(
  packets: PacketSource,
  options: SniffOutputOptions = {},
): AsyncGenerator<Uint8Array> {
  const { filter, batches } = startSniffing(packets, options);
  const format: OutputFormat = options.format ?? (options.json === true ? "jsonl" : "text");
  const time = options.time ?? "r";
  const chunkOctets = options.chunkOctets ?? 64 * 1024;
  const detail = options.detail === true;
  const hex = options.hex === true;
  const line = format === "text" && ((!detail && !hex) || options.printSummary === true);
  const predicate = typeof options.filter === "function" ? options.filter : options.filter?.test;
  const analyzer = options.analyzer;
  const onShown = options.onShown;
  const fields: FieldsWriter | undefined = options.fields === undefined ? undefined : fieldsWriter(options.fields);
  const tsharkFields = format === "json" && options.fields !== undefined && options.fields.fields.length > 0;
  const out = new LineBuffer(chunkOctets);
  const reuse = options.reuseChunks === true;
  const take = (): Uint8Array => (reuse ? out.takeView() : out.take());
  const udp = filter.udp;
  const frame = new FrameContext(filter);
  // The line head, reused: one object for the whole run rather than one per frame.
  const head = {
    number: 0,
    seconds: 0,
    nanoseconds: 0,
    relativeNanoseconds: 0,
    deltaNanoseconds: 0,
    deltaDisplayedNanoseconds: 0,
    originalLength: 0,
    ipAt: 0,
    sourcePort: 0,
    destinationPort: 0,
  } satisfies LineHead;
  let shown = 0;
  let lastSeconds = 0;
  let lastNanoseconds = 0;
  let batch: readonly CapturedPacket[] = [];
  let next = 0;

  if (format === "fields" && fields !== undefined && fields.header !== "") out.text(fields.header);
  if (format === "json") out.byte(0x5b);

  /** Counts the rest of the batch as the record path would have before its consumer stopped. */
  const countRest = (): void => {
    for (; next < batch.length; next++) filter.accept(batch[next] as CapturedPacket);
  };

  /** Fills {@link head} for `packet`, the frame just loaded. */
  const loadHead = (packet: CapturedPacket): void => {
    head.number = packet.number;
    head.seconds = packet.seconds;
    head.nanoseconds = packet.nanoseconds;
    head.relativeNanoseconds = frame.relativeNanoseconds;
    head.deltaNanoseconds = frame.deltaNanoseconds;
    head.deltaDisplayedNanoseconds = frame.deltaDisplayedNanoseconds;
    head.originalLength = packet.originalLength;
    head.ipAt = frame.ipAt;
    head.sourcePort = udp[UdpSlot.SourcePort] as number;
    head.destinationPort = udp[UdpSlot.DestinationPort] as number;
  };

  const textOf = (packet: CapturedPacket): void => {
    loadHead(packet);
    if (frame.decodable) {
      textLine(
        out,
        head,
        packet.data,
        udp[UdpSlot.PayloadStart] as number,
        udp[UdpSlot.PayloadEnd] as number,
        time,
        frame,
      );
    } else {
      out.text(formatTextLine(frame.record(), time === "r" ? undefined : timeColumn(time, head)));
    }
    out.byte(0x0a);
  };

  const emit = (packet: CapturedPacket): void => {
    out.reserve(LINE_ROOM);
    switch (format) {
      case "text":
        if (line) textOf(packet);
        if (detail) out.text(`${formatDetail(dissect(frame))}\n`);
        if (hex) out.text(`${formatHexDump(packet.data)}\n`);
        return;
      case "jsonl":
        if (frame.decodable) {
          loadHead(packet);
          jsonLine(out, head, packet.data, udp[UdpSlot.PayloadStart] as number, frame);
        } else {
          out.text(formatJsonLine(frame.record()));
        }
        out.byte(0x0a);
        return;
      case "fields":
        (fields as FieldsWriter).write(frame, out);
        out.byte(0x0a);
        return;
      case "json":
        out.text(shown === 1 ? "\n" : ",\n");
        out.text(
          tsharkFields
            ? formatTsharkJsonFields(frame, (options.fields as FieldsOptions).fields, packet.seconds)
            : formatTsharkJsonPacket(dissect(frame), packet.seconds),
        );
        return;
      case "none":
        return;
    }
  };

  const footer = (): void => {
    if (format === "json") out.text(shown > 0 ? "\n]\n" : "]\n");
  };

  let finished = false;
  try {
    for await (batch of batches) {
      for (next = 0; next < batch.length;) {
        const packet = batch[next++] as CapturedPacket;
        if (!filter.accept(packet)) continue;
        frame.load(packet, lastSeconds, lastNanoseconds, shown > 0);
        if (analyzer !== undefined) frame.findings = analyzer.observe(frame);
        if (predicate !== undefined && !predicate(frame)) continue;
        shown++;
        lastSeconds = packet.seconds;
        lastNanoseconds = packet.nanoseconds;
        emit(packet);
        onShown?.(frame);
        if (out.size >= chunkOctets) yield take();
      }
      // With onShown, every batch ends in a chunk, even an empty one (-q -w): the consumer
      // writes what onShown collected then, so it never holds more than one batch's frames.
      if (out.size > 0 || onShown !== undefined) yield take();
    }
    finished = true;
    footer();
    if (out.size > 0) yield take();
  } catch (e) {
    // Every frame before the damage is still delivered.
    footer();
    if (out.size > 0) yield take();
    throw e;
  } finally {
    if (!finished) countRest();
  }
}
