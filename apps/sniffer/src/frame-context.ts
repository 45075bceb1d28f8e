import type { FrameRecord } from "./decode/record.js";
import type { DecodedField, FieldValue } from "./fields/field.js";
import { BACNET_LIMITS } from "./bacnet/index.js";
import { decodeNpdu, type NpduDecode, NpduFacts, visitNpduFields, writeNpduSummary } from "./npdu.js";
import type { PacketFilter } from "./packet-filter.js";
import { UdpSlot } from "./packet/udp6.js";
import type { CapturedPacket } from "./pcap/types.js";

/** Offset of the NPDU in a BVLL6 frame of each function 0x00–0x0C, or -1 when it carries none. */
const NPDU_AT = [-1, 10, 7, -1, -1, -1, -1, -1, 25, -1, -1, -1, 7] as const;

/** The findings of a frame without any: one shared, frozen empty array. */
export const NO_FINDINGS: readonly FrameFinding[] = Object.freeze([]);

const NO_PACKET: CapturedPacket = {
  number: 0,
  linkType: 0,
  interfaceId: 0,
  seconds: 0,
  nanoseconds: 0,
  originalLength: 0,
  data: new Uint8Array(0),
};

/** One finding attached to the frame that shows it (`bip6.finding`). */
export interface FrameFinding {
  /** Machine-readable code, e.g. `NONSTANDARD_RESULT_CODE`. */
  readonly code: string;
  /** One sentence with the clause. */
  readonly text: string;
}

/**
 * The frame being shown: the packet and the walk's facts about it, plus what is decoded from it
 * on demand (the NPDU, the record), each at most once. One object for the whole run, reloaded
 * per frame: everything it hands out is valid until the next {@link load}.
 */
export class FrameContext {
  packet: CapturedPacket = NO_PACKET;
  /** Offset of the IPv6 header in `packet.data`. */
  ipAt = 0;
  /** The UDP facts (see `UdpSlot`), shared with the walk. */
  readonly udp: Int32Array;
  /** The datagram decodes as BVLL6 without error. */
  decodable = false;
  /** Nanoseconds since the capture's first packet. */
  relativeNanoseconds = 0;
  /** Nanoseconds since the packet read before this one. */
  deltaNanoseconds = 0;
  /** Nanoseconds since the frame shown before this one (0 for the first). */
  deltaDisplayedNanoseconds = 0;
  /** Findings the analysis attached to this frame (empty when no analysis runs). */
  findings: readonly FrameFinding[] = NO_FINDINGS;
  readonly #filter: PacketFilter;
  #npdu: NpduDecode | null | undefined;
  #record: FrameRecord | undefined;
  /** The NPDU's field values by name, reused from frame to frame (arrays emptied, not dropped). */
  readonly #values = new Map<string, FieldValue[]>();
  /** Names of the NPDU's layers (bacnet, bacapp), and of its fields in first-seen order. */
  readonly #layers: string[] = [];
  readonly #names: string[] = [];
  #valuesLoaded = false;
  readonly #facts = new NpduFacts();
  #factsLoaded = false;
  /** The summary the facts' walk wrote (`#summaryEnd` octets), or -1 when it was written elsewhere. */
  readonly #summary = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);
  #summaryEnd = -1;

  constructor(filter: PacketFilter) {
    this.#filter = filter;
    this.udp = filter.udp;
  }

  /** Takes over the walk's facts about the packet it just accepted. */
  load(packet: CapturedPacket, lastShownSeconds: number, lastShownNanoseconds: number, anyShown: boolean): void {
    const f = this.#filter;
    this.packet = packet;
    this.ipAt = f.ipAt;
    this.decodable = f.decodable;
    this.relativeNanoseconds = f.relativeNanoseconds;
    this.deltaNanoseconds = f.deltaNanoseconds;
    this.deltaDisplayedNanoseconds = anyShown
      ? (packet.seconds - lastShownSeconds) * 1e9 + (packet.nanoseconds - lastShownNanoseconds)
      : 0;
    this.findings = NO_FINDINGS;
    this.#npdu = undefined;
    this.#record = undefined;
    this.#valuesLoaded = false;
    this.#factsLoaded = false;
  }

  /** Offset of the UDP payload (the BVLL6 datagram) in `packet.data`. */
  get payloadStart(): number {
    return this.udp[UdpSlot.PayloadStart] as number;
  }

  /** End of the captured UDP payload. */
  get payloadEnd(): number {
    return this.udp[UdpSlot.PayloadEnd] as number;
  }

  /** The BVLL6 function code (−1 when the datagram is shorter than 2 octets). */
  get functionCode(): number {
    const s = this.payloadStart;
    return this.payloadEnd - s >= 2 ? (this.packet.data[s + 1] as number) : -1;
  }

  /** Offset of the NPDU in `packet.data` for a decodable NPDU-carrying frame, else −1. */
  get npduStart(): number {
    if (!this.decodable) return -1;
    const at = NPDU_AT[this.functionCode] ?? -1;
    return at < 0 ? -1 : this.payloadStart + at;
  }

  /** The decoded NPDU (offsets in `packet.data`), or `undefined` for frames without one. */
  npdu(): NpduDecode | undefined {
    if (this.#npdu === undefined) {
      const start = this.npduStart;
      this.#npdu = start < 0 ? null : decodeNpdu(this.packet.data, start, this.payloadEnd);
    }
    return this.#npdu ?? undefined;
  }

  /** The NPDU's layers (bacnet, bacapp), or none. */
  npduFields(): readonly DecodedField[] {
    return this.npdu()?.fields ?? [];
  }

  /** Collects one field of the NPDU (the visitor of {@link #loadValues}, made once). */
  readonly #collect = (name: string, value: FieldValue, _offset: number, _length: number, depth: number): void => {
    if (depth === 0) {
      this.#layers.push(name);
      return;
    }
    let list = this.#values.get(name);
    if (list === undefined) {
      // Names are the decoder's (a fixed vocabulary), so the map stays small.
      list = [];
      this.#values.set(name, list);
    }
    if (list.length === 0) this.#names.push(name);
    list.push(value);
  };

  #collectTree(fields: readonly DecodedField[], depth: number): void {
    for (const f of fields) {
      this.#collect(f.name, f.value, f.offset, f.length, depth);
      if (f.children !== undefined) this.#collectTree(f.children, depth + 1);
    }
  }

  #loadValues(): void {
    if (this.#valuesLoaded) return;
    this.#valuesLoaded = true;
    const names = this.#names;
    // Pops, not `length = 0`: inlined, where setting the length is a runtime call per array.
    for (let i = 0; i < names.length; i++) {
      const list = this.#values.get(names[i] as string) as FieldValue[];
      while (list.length > 0) list.pop();
    }
    while (names.length > 0) names.pop();
    while (this.#layers.length > 0) this.#layers.pop();
    const start = this.npduStart;
    if (start < 0) return;
    const npdu = this.#npdu;
    // A tree already built is walked; otherwise the field-visit path builds none.
    if (npdu !== undefined && npdu !== null) this.#collectTree(npdu.fields, 0);
    else visitNpduFields(this.packet.data, start, this.payloadEnd, this.#collect);
  }

  /** The values of the NPDU's field `name`, in tree order (empty when it has none). */
  npduValues(name: string): readonly FieldValue[] {
    this.#loadValues();
    return this.#values.get(name) ?? [];
  }

  /** The NPDU's field names in first-seen order (with {@link npduValues}: what `--json` prints). */
  npduNames(): readonly string[] {
    this.#loadValues();
    return this.#names;
  }

  /**
   * The decoder's numbers about the NPDU (PDU type, service, invoke id …) from its summary
   * path, which builds nothing: what the filter reads for the common bacapp fields. `undefined`
   * for frames without an NPDU. Valid until the next {@link load}.
   */
  npduFacts(): NpduFacts | undefined {
    const start = this.npduStart;
    if (start < 0) return undefined;
    if (!this.#factsLoaded) {
      this.#factsLoaded = true;
      this.#summaryEnd = writeNpduSummary(this.packet.data, start, this.payloadEnd, this.#summary, 0, this.#facts);
    }
    return this.#facts;
  }

  /**
   * Writes the NPDU's one-line summary (`I-Am device,1234`) as UTF-8 into `out` at `at` (with
   * `BACNET_LIMITS.maxSummaryOctets` free) and returns its end: the walk that fills
   * {@link npduFacts}, done once per frame for the analysis, the filter and the text line
   * together. Writes nothing for frames without an NPDU. For the sniffer's own outputs.
   *
   * @internal
   */
  writeNpduSummary(out: Uint8Array, at: number): number {
    const start = this.npduStart;
    if (start < 0) return at;
    if (!this.#factsLoaded) {
      // Straight into `out`; the facts come with it.
      this.#factsLoaded = true;
      this.#summaryEnd = -1;
      return writeNpduSummary(this.packet.data, start, this.payloadEnd, out, at, this.#facts);
    }
    if (this.#summaryEnd < 0)
      this.#summaryEnd = writeNpduSummary(this.packet.data, start, this.payloadEnd, this.#summary, 0, this.#facts);
    const summary = this.#summary;
    const n = this.#summaryEnd;
    for (let i = 0; i < n; i++) out[at + i] = summary[i] as number;
    return at + n;
  }

  /** The NPDU's layer names (`bacnet`, `bacapp`), without building a tree. */
  npduLayers(): readonly string[] {
    this.#loadValues();
    return this.#layers;
  }

  /** The frame as a {@link FrameRecord} (the library's record view). */
  record(): FrameRecord {
    this.#record ??= this.#filter.record(this.packet);
    return this.#record;
  }
}
