/**
 * What the decoder page shows for each frame, computed without touching the DOM: the sniffer's
 * own record, one-line summary and Wireshark-named fields (what `bip6-sniff` and its `--json`
 * print), the BVLL6 layout of every octet (annex-u.md §2), the BACnet NPDU/APDU decode of the
 * sniffer's `./bacnet` module, and any decode error with the octet it points at.
 */
import { Bvll6DecodeError, type Bvll6Frame, functionTitle, tryDecodeFrame } from "@bip6/bvll6-codec";
import {
  type FrameRecord,
  type SniffStats,
  emptyStats,
  formatTextLine,
  frameDetail,
  readCapture,
  recordFields,
  sniff,
} from "@bip6/sniffer";
import { type BacnetDecode, decodeNpdu } from "@bip6/sniffer/bacnet";

/** A run of octets of the datagram with the field it belongs to. */
export interface Span {
  readonly start: number;
  readonly length: number;
  readonly label: string;
}

/** One decoded (or undecodable) datagram, ready to render. */
export interface FrameView {
  /** Frame number: the packet's number in the capture, or the line's number when pasted. */
  readonly number: number;
  /** The one-line summary, as `bip6-sniff` prints it (without the address part when pasted). */
  readonly line: string;
  /** The BVLL6 function's name (`Address-Resolution`), or undefined when not even that decodes. */
  readonly functionName: string | undefined;
  readonly kind: Bvll6Frame["kind"] | undefined;
  /** The UDP payload: the BVLL6 datagram. */
  readonly octets: Uint8Array;
  /** Wireshark-named fields, as `bip6-sniff --json` prints them (capture fields only for captures). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Which octets are which field (header, VMACs, addresses, NPDU). */
  readonly layout: readonly Span[];
  /** The BACnet decode of the NPDU, when the function carries one. */
  readonly bacnet: (BacnetDecode & { readonly at: number }) | undefined;
  /** Why the datagram does not decode, with the offending octet. */
  readonly error: { readonly code: string; readonly message: string; readonly offset: number } | undefined;
}

/** A line of pasted text that is not hex, with the column of the first wrong character. */
export interface InputProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The result of one paste or one dropped capture. */
export interface DecodeRun {
  readonly frames: readonly FrameView[];
  readonly problems: readonly InputProblem[];
  /** The sniffer's counters, for a capture. */
  readonly stats: SniffStats | undefined;
  /** `pcap` / `pcapng`, for a capture. */
  readonly format: string | undefined;
  /** A damaged capture: every frame before the damage is still shown. */
  readonly captureError: string | undefined;
}

const HEADER: readonly Span[] = [
  { start: 0, length: 1, label: "BVLC type" },
  { start: 1, length: 1, label: "function" },
  { start: 2, length: 2, label: "length" },
];

/** The octets after the header, per function (annex-u.md §2, "layout after the 4-octet header"). */
function bodyLayout(kind: Bvll6Frame["kind"], total: number): Span[] {
  const vmac = (start: number, label: string): Span => ({ start, length: 3, label });
  const address = (start: number, label: string): Span => ({ start, length: 18, label });
  const rest = (start: number, label: string): Span[] =>
    total > start ? [{ start, length: total - start, label }] : [];
  switch (kind) {
    case "BvlcResult":
      return [vmac(4, "source VMAC"), { start: 7, length: 2, label: "result code" }];
    case "OriginalUnicastNpdu":
      return [vmac(4, "source VMAC"), vmac(7, "destination VMAC"), ...rest(10, "NPDU")];
    case "OriginalBroadcastNpdu":
      return [vmac(4, "source VMAC"), ...rest(7, "NPDU")];
    case "AddressResolution":
      return [vmac(4, "source VMAC"), vmac(7, "target VMAC")];
    case "ForwardedAddressResolution":
      return [vmac(4, "original-source VMAC"), vmac(7, "target VMAC"), address(10, "original-source address")];
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      return [vmac(4, "source VMAC"), vmac(7, "destination VMAC")];
    case "VirtualAddressResolution":
      return [vmac(4, "source VMAC")];
    case "ForwardedNpdu":
      return [vmac(4, "original-source VMAC"), address(7, "original-source address"), ...rest(25, "NPDU")];
    case "RegisterForeignDevice":
      return [vmac(4, "source VMAC"), { start: 7, length: 2, label: "time-to-live (s)" }];
    case "DeleteForeignDeviceTableEntry":
      return [vmac(4, "source VMAC"), address(7, "entry to delete")];
    case "DistributeBroadcastToNetwork":
      return [vmac(4, "original-source VMAC"), ...rest(7, "NPDU")];
    case "SecureBvll":
      return rest(4, "security wrapper");
    case "Unknown":
      return rest(4, "payload");
  }
}

/** The NPDU of a frame that carries one, with its offset in the datagram. */
function npduOf(frame: Bvll6Frame, octets: Uint8Array): { npdu: Uint8Array; at: number } | undefined {
  if (!("npdu" in frame)) return undefined;
  return { npdu: frame.npdu, at: frame.npdu.byteOffset - octets.byteOffset };
}

/** The view of one record (the sniffer's, from a capture, or built for a pasted datagram). */
export function frameView(record: FrameRecord, pasted: boolean): FrameView {
  const octets = record.bvll.slice(); // the record's view is only valid until the next one
  // The sniffer's own errors (snap length, fragment) concern the end of what was captured;
  // otherwise the codec decides, and its error carries the offending octet.
  const capture = record.error?.code === "SNAPLEN_TRUNCATED" || record.error?.code === "IPV6_FRAGMENT";
  const decoded = tryDecodeFrame(octets);
  const frame = capture || decoded instanceof Bvll6DecodeError ? undefined : decoded;
  const error =
    capture && record.error
      ? { code: record.error.code, message: record.error.message, offset: octets.length }
      : decoded instanceof Bvll6DecodeError
        ? { code: decoded.code, message: decoded.message, offset: decoded.offset }
        : undefined;
  const functionName = octets.length >= 2 && octets[0] === 0x82 ? functionTitle(octets[1] as number) : undefined;
  // A pasted datagram has no capture record: its decode error goes where --json puts it.
  const recordError = record.error ?? (error ? { code: error.code, message: error.message } : undefined);
  const fields: Record<string, unknown> = {
    ...recordFields({ ...record, bvll: octets, frame, error: recordError as FrameRecord["error"] }),
  };
  if (pasted) for (const k of Object.keys(fields)) if (/^(frame|ipv6|udp)\./.test(k)) delete fields[k];
  const inner = frame ? npduOf(frame, octets) : undefined;
  const bacnet = inner && inner.npdu.length > 0 ? { ...decodeNpdu(inner.npdu), at: inner.at } : undefined;
  let line: string;
  if (!pasted) line = formatTextLine({ ...record, bvll: octets, frame, error: record.error });
  else if (frame) line = `${functionName ?? "?"} ${frameDetail(frame)}`;
  else line = `${functionName ? `${functionName} ` : ""}[malformed ${error?.code ?? "?"}] ${error?.message ?? ""}`;
  // The sniffer's line carries the BACnet summary once its decoder is wired in; else add it.
  if (bacnet?.summary && !line.includes(bacnet.summary)) line += ` — ${bacnet.summary}`;
  return {
    number: record.number,
    line,
    functionName,
    kind: frame?.kind,
    octets,
    fields,
    layout: frame
      ? [...HEADER, ...bodyLayout(frame.kind, octets.length)]
      : HEADER.filter((s) => s.start < octets.length),
    bacnet,
    error,
  };
}

/** Parses pasted text: one datagram per line, hex digits with optional spaces, colons or 0x. */
export function parsePasted(text: string): {
  datagrams: { line: number; octets: Uint8Array }[];
  problems: InputProblem[];
} {
  const datagrams: { line: number; octets: Uint8Array }[] = [];
  const problems: InputProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    if (line.trim() === "") return;
    const cleaned = line.replace(/0x/gi, "  ");
    const bad = /[^0-9a-fA-F\s:.-]/.exec(cleaned);
    if (bad) {
      problems.push({ line: i + 1, column: bad.index + 1, message: `"${bad[0]}" is not a hex digit` });
      return;
    }
    const digits = cleaned.replace(/[\s:.-]/g, "");
    if (digits.length % 2 !== 0) {
      problems.push({ line: i + 1, column: line.length, message: "an odd number of hex digits" });
      return;
    }
    const octets = new Uint8Array(digits.length / 2);
    for (let j = 0; j < octets.length; j++) octets[j] = parseInt(digits.slice(2 * j, 2 * j + 2), 16);
    datagrams.push({ line: i + 1, octets });
  });
  return { datagrams, problems };
}

/** Decodes pasted text. */
export function decodePasted(text: string): DecodeRun {
  const { datagrams, problems } = parsePasted(text);
  const frames = datagrams.map((d, i) =>
    frameView(
      {
        number: i + 1,
        seconds: 0,
        nanoseconds: 0,
        relativeNanoseconds: 0,
        originalLength: d.octets.length,
        source: "",
        destination: "",
        sourcePort: 0,
        destinationPort: 0,
        bvll: d.octets,
        frame: undefined,
        error: undefined,
      },
      true,
    ),
  );
  return { frames, problems, stats: undefined, format: undefined, captureError: undefined };
}

/** Decodes a pcap or pcapng capture with the sniffer's reader and packet walk. */
export async function decodeCapture(bytes: Uint8Array, ports: readonly number[] = [47808]): Promise<DecodeRun> {
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const reader = readCapture(once());
  const stats = emptyStats();
  const frames: FrameView[] = [];
  let captureError: string | undefined;
  try {
    for await (const record of sniff(reader, { ports, stats })) frames.push(frameView(record, false));
  } catch (e) {
    captureError = e instanceof Error ? e.message : String(e);
  }
  return { frames, problems: [], stats, format: reader.format, captureError };
}
