/**
 * The decoder page's pipeline, without touching the DOM: `bip6-sniff`'s own (`sniffOutput`)
 * over the packets, with the findings' `Analyzer` fed every frame and the `-Y` filter, giving
 * the summary lines exactly as the CLI prints them, the findings and the `--summary` report;
 * and, for the frame a user opens, its `-V` field tree.
 *
 * @module
 */
import { Bvll6DecodeError, tryDecodeFrame } from "@bip6/bvll6-codec";
import {
  Analyzer,
  type AnalysisReport,
  type CaptureFormat,
  type CapturedPacket,
  CaptureError,
  type CompiledFilter,
  type DecodedField,
  type FrameContext,
  type FrameFinding,
  type SniffStats,
  type PacketSource,
  dissect,
  emptyStats,
  formatDetail,
  formatReport,
  sniffOutput,
} from "@bip6/sniffer";

/** Frames whose packets the page keeps for their details (more are counted, listed no further). */
export const MAX_KEPT_FRAMES = 200_000;
/** Octets of packets the page keeps at most (about what a 100 MB capture's BACnet frames hold). */
export const MAX_KEPT_OCTETS = 128 * 1024 * 1024;

/** One BACnet/IPv6 frame of the run: what the list shows and what its details are built from. */
export interface FrameEntry {
  /** `frame.number`: the packet's position in the capture. */
  readonly number: number;
  /** The summary line as `bip6-sniff` prints it (shown frames only). */
  line: string | undefined;
  /** Passes the display filter. */
  readonly shown: boolean;
  /** The datagram does not decode (bip6.error). */
  readonly malformed: boolean;
  /** What the analysis attached to this frame (bip6.finding). */
  readonly findings: readonly FrameFinding[];
  /** The BACnet decoder's problems with the NPDU (bip6.problem). */
  readonly problems: number;
  /** The packet (a copy) and the times the details need, to rebuild its context later. */
  readonly packet: CapturedPacket;
  readonly relativeNanoseconds: number;
  readonly deltaNanoseconds: number;
  readonly deltaDisplayedNanoseconds: number;
  readonly anyShownBefore: boolean;
}

/** The result of one run over a capture or pasted text. */
export interface DecodeRun {
  /** Every BACnet/IPv6 frame kept, in capture order (shown or not). */
  readonly frames: readonly FrameEntry[];
  /** The frames that pass the filter, in order. */
  readonly shown: readonly FrameEntry[];
  /** Shown frames beyond what the page keeps (counted, not listed). */
  readonly shownLeftOut: number;
  /** Frames (shown or not) beyond what the page keeps. */
  readonly framesLeftOut: number;
  readonly stats: SniffStats;
  readonly report: AnalysisReport;
  /** The report as `bip6-sniff --summary` prints it. */
  readonly summaryText: string;
  readonly format: CaptureFormat | undefined;
  /** The capture is damaged: every frame before the damage is in {@link frames}. */
  readonly captureError: { readonly code: string; readonly message: string } | undefined;
}

/** Options of {@link decodeRun}. */
export interface RunOptions {
  readonly ports: readonly number[];
  readonly filter?: CompiledFilter;
  /** The reader, when the packets come from a capture file (for its format). */
  readonly reader?: { readonly format: CaptureFormat | undefined };
}

const copyPacket = (p: CapturedPacket): CapturedPacket => ({ ...p, data: p.data.slice() });

/** Runs the sniffer's pipeline over `source`, keeping what the page shows. */
export async function decodeRun(source: PacketSource, options: RunOptions): Promise<DecodeRun> {
  const stats = emptyStats();
  const analyzer = new Analyzer();
  const frames: FrameEntry[] = [];
  const shown: FrameEntry[] = [];
  let shownLeftOut = 0;
  let framesLeftOut = 0;
  let keptOctets = 0;
  let shownCount = 0;
  let nextLine = 0;
  const test = options.filter?.test;
  // Called for every frame after the analysis (as the CLI does), so `bip6.finding` filters work.
  const predicate = (f: FrameContext): boolean => {
    const pass = test === undefined || test(f);
    const anyShownBefore = shownCount > 0;
    if (pass) shownCount++;
    if (frames.length >= MAX_KEPT_FRAMES || keptOctets + f.packet.data.length > MAX_KEPT_OCTETS) {
      framesLeftOut++;
      if (pass) shownLeftOut++;
      return pass;
    }
    keptOctets += f.packet.data.length;
    const entry: FrameEntry = {
      number: f.packet.number,
      line: undefined,
      shown: pass,
      malformed: !f.decodable,
      findings: f.findings,
      problems: f.npduFacts()?.problems ?? 0,
      packet: copyPacket(f.packet),
      relativeNanoseconds: f.relativeNanoseconds,
      deltaNanoseconds: f.deltaNanoseconds,
      deltaDisplayedNanoseconds: f.deltaDisplayedNanoseconds,
      anyShownBefore,
    };
    frames.push(entry);
    if (pass) shown.push(entry);
    return pass;
  };
  const decoder = new TextDecoder();
  let captureError: DecodeRun["captureError"];
  try {
    // One text line per shown frame, in order: line i belongs to the i-th shown frame.
    for await (const chunk of sniffOutput(source, { ports: options.ports, stats, analyzer, filter: predicate })) {
      const lines = decoder.decode(chunk).split("\n");
      lines.pop();
      for (const line of lines) {
        const entry = shown[nextLine++];
        if (entry !== undefined) entry.line = line;
      }
    }
  } catch (e) {
    captureError =
      e instanceof CaptureError
        ? { code: e.code, message: e.message }
        : { code: "UNREADABLE", message: e instanceof Error ? e.message : String(e) };
  }
  const report = analyzer.report();
  return {
    frames,
    shown,
    shownLeftOut,
    framesLeftOut,
    stats,
    report,
    summaryText: formatReport(report, ["summary"], stats.packets),
    format: options.reader?.format,
    captureError,
  };
}

/** Where a frame's datagram does not decode: the code, the message and the offending octet. */
export interface FrameErrorAt {
  readonly code: string;
  readonly message: string;
  /** Offset in the packet of the offending octet (the end of the datagram when it is cut short). */
  readonly offset: number;
  /** The same octet counted from the datagram's first octet (the codec's offset). */
  readonly datagramOffset: number;
}

/** Everything the details of one frame show. */
export interface FrameDetail {
  readonly number: number;
  /** The `-V` tree: frame, link, IPv6, UDP, BVLC, NPDU, APDU and the bip6 analysis layer. */
  readonly tree: readonly DecodedField[];
  /** The tree as `bip6-sniff -V` prints it. */
  readonly text: string;
  /** The captured octets (what `-x` dumps); tree offsets index these. */
  readonly data: Uint8Array;
  /** Where the BVLL6 datagram (the UDP payload) starts and ends in {@link data}. */
  readonly payloadStart: number;
  readonly payloadEnd: number;
  readonly error: FrameErrorAt | undefined;
  /** The BACnet decoder's problems, with offsets in {@link data}. */
  readonly problems: readonly { readonly code: string; readonly message: string; readonly offset: number }[];
  readonly findings: readonly FrameFinding[];
}

/** A deep copy of a field tree (the decoder builds some children on first read, from octets that move on). */
function plain(fields: readonly DecodedField[]): DecodedField[] {
  return fields.map((f) => {
    const children = f.children;
    const copy = { name: f.name, label: f.label, value: f.value, offset: f.offset, length: f.length };
    return children === undefined ? copy : { ...copy, children: plain(children) };
  });
}

/** A packet of no octets at time `nanoseconds` before `p` (it only sets the walk's clocks). */
function timeMark(p: CapturedPacket, nanosecondsBefore: number, data: Uint8Array = new Uint8Array(0)): CapturedPacket {
  const ns = p.nanoseconds - nanosecondsBefore;
  const carry = Math.floor(ns / 1e9);
  return { ...p, number: 0, seconds: p.seconds + carry, nanoseconds: ns - carry * 1e9, data };
}

/**
 * The details of one frame, as `bip6-sniff -V` shows them. The frame's context is rebuilt
 * from what the run kept (its packet, its times relative to the first, previous and
 * previously shown packets, and its findings), so opening a frame costs the same whatever its
 * place in the capture.
 */
export async function frameDetail(entry: FrameEntry, ports: readonly number[]): Promise<FrameDetail> {
  const target = entry.packet;
  const packets: CapturedPacket[] = [timeMark(target, entry.relativeNanoseconds)];
  // The previously shown frame: a copy of this one, at that time, shown.
  const previousShown = entry.anyShownBefore
    ? timeMark(target, entry.deltaDisplayedNanoseconds, target.data)
    : undefined;
  if (previousShown !== undefined) packets.push(previousShown);
  packets.push(timeMark(target, entry.deltaNanoseconds), target);
  let detail: FrameDetail | undefined;
  const onShown = (f: FrameContext): void => {
    if (f.packet !== target) return;
    f.findings = entry.findings;
    const tree = plain(dissect(f));
    const start = f.payloadStart;
    const end = f.payloadEnd;
    let error: FrameErrorAt | undefined;
    if (!f.decodable) {
      const e = f.record().error;
      const decoded = tryDecodeFrame(f.packet.data.subarray(start, end));
      // The codec knows the offending octet; the sniffer's own errors (snap length, fragment) are about the end.
      const at = decoded instanceof Bvll6DecodeError && e?.code === decoded.code ? decoded.offset : end - start;
      error = { code: e?.code ?? "?", message: e?.message ?? "", offset: start + at, datagramOffset: at };
    }
    detail = {
      number: entry.number,
      tree,
      text: formatDetail(tree),
      data: f.packet.data,
      payloadStart: start,
      payloadEnd: end,
      error,
      problems: (f.npdu()?.problems ?? []).map((p) => ({ code: p.code, message: p.message, offset: p.offset })),
      findings: entry.findings,
    };
  };
  async function* source(): AsyncGenerator<CapturedPacket> {
    yield* packets;
  }
  const show = (f: FrameContext): boolean => f.packet === target || f.packet === previousShown;
  for await (const _ of sniffOutput(source(), { ports, format: "none", filter: show, onShown })) {
    // format "none": the details are taken in onShown
  }
  if (detail === undefined) throw new Error(`frame ${entry.number} did not decode again`);
  return detail;
}
