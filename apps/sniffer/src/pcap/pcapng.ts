import { CaptureError } from "../errors.js";
import type { ByteSource } from "./byte-source.js";
import { u16, u32 } from "./bytes.js";
import type { CapturedPacket } from "./types.js";

/** Block types of pcapng (draft-ietf-opsawg-pcapng) the reader acts on. */
export const PcapngBlock = {
  SectionHeader: 0x0a0d0d0a,
  InterfaceDescription: 0x00000001,
  ObsoletePacket: 0x00000002,
  SimplePacket: 0x00000003,
  EnhancedPacket: 0x00000006,
} as const;

/** Interfaces a section may declare; more is a corrupt or hostile file. */
export const MAX_INTERFACES = 4096;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const TWO_POW_32 = 4294967296;
const BIG_BILLION = 1_000_000_000n;

/** What the reader keeps of an Interface Description Block. */
interface Interface {
  readonly linkType: number;
  /** Timestamp units per second as 10^pow10, or `undefined` when the resolution is a power of 2. */
  readonly pow10: number | undefined;
  readonly unitsPerSecond: bigint;
  /** if_tsoffset: seconds added to every timestamp. */
  readonly offsetSeconds: number;
}

function parseInterface(body: Uint8Array, le: boolean, offset: number): Interface {
  if (body.length < 8) throw new CaptureError("BAD_BLOCK_LENGTH", offset, "Interface Description Block too short");
  const linkType = u16(body, 0, le);
  let pow10: number | undefined = 6;
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0;
  // Options run to the block's trailing length field; a malformed option list ends them.
  let o = 8;
  const end = body.length - 4;
  while (o + 4 <= end) {
    const code = u16(body, o, le);
    const len = u16(body, o + 2, le);
    if (code === 0 || o + 4 + len > end) break;
    const v = o + 4;
    if (code === 9 && len >= 1) {
      const r = body[v] as number;
      if ((r & 0x80) === 0) {
        pow10 = r;
        unitsPerSecond = 10n ** BigInt(r);
      } else {
        pow10 = undefined;
        unitsPerSecond = 1n << BigInt(r & 0x7f);
      }
    } else if (code === 14 && len >= 8) {
      const hi = u32(body, le ? v + 4 : v, le) | 0;
      const lo = u32(body, le ? v : v + 4, le);
      offsetSeconds = hi * TWO_POW_32 + lo;
    }
    o = v + ((len + 3) & ~3);
  }
  if (unitsPerSecond === 0n) unitsPerSecond = 1n;
  return { linkType, pow10, unitsPerSecond, offsetSeconds };
}

/** Splits a 64-bit timestamp in interface units into whole seconds and nanoseconds. */
function splitTimestamp(hi: number, lo: number, ifc: Interface): [number, number] {
  const p = ifc.pow10;
  if (p !== undefined && p <= 9 && hi < 0x200000) {
    // Below 2^53 every step is exact in doubles; the two corrections absorb division rounding.
    const v = hi * TWO_POW_32 + lo;
    const div = 10 ** p;
    let sec = Math.floor(v / div);
    let rem = v - sec * div;
    if (rem < 0) {
      sec--;
      rem += div;
    } else if (rem >= div) {
      sec++;
      rem -= div;
    }
    return [sec + ifc.offsetSeconds, rem * 10 ** (9 - p)];
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  const sec = v / ifc.unitsPerSecond;
  const ns = ((v % ifc.unitsPerSecond) * BIG_BILLION) / ifc.unitsPerSecond;
  return [Number(sec) + ifc.offsetSeconds, Number(ns)];
}

/** Reads the rest of a Section Header Block after its type; returns its byte order. */
async function readSectionHeader(
  src: ByteSource,
  start: number,
  lengthOctets: Uint8Array,
  maxRecordLength: number,
): Promise<boolean> {
  // The length's byte order is only known once the byte-order magic after it is read.
  const lenLe = u32(lengthOctets, 0, true);
  const lenBe = u32(lengthOctets, 0, false);
  const bom = await src.must(4, "a pcapng Section Header Block", start);
  let le: boolean;
  if (u32(bom, 0, true) === BYTE_ORDER_MAGIC) le = true;
  else if (u32(bom, 0, false) === BYTE_ORDER_MAGIC) le = false;
  else throw new CaptureError("BAD_SECTION", start, "pcapng Section Header Block without a valid byte-order magic");
  const length = le ? lenLe : lenBe;
  if (length < 28 || length % 4 !== 0) {
    throw new CaptureError("BAD_BLOCK_LENGTH", start, `Section Header Block length ${length} is invalid`);
  }
  if (length > maxRecordLength) {
    throw new CaptureError("TOO_LARGE", start, `Section Header Block of ${length} octets exceeds the cap`);
  }
  const rest = await src.must(length - 12, "a pcapng Section Header Block", start);
  const major = u16(rest, 0, le);
  if (major !== 1) {
    throw new CaptureError("UNSUPPORTED_VERSION", start, `pcapng version ${major}.${u16(rest, 2, le)} is not 1.x`);
  }
  if (u32(rest, rest.length - 4, le) !== length) {
    throw new CaptureError(
      "BAD_BLOCK_LENGTH",
      start,
      "Section Header Block's trailing length differs from its leading one",
    );
  }
  return le;
}

/** Per-section state while reading a pcapng file. */
interface Section {
  le: boolean;
  interfaces: Interface[];
  number: number;
}

function isKnown(type: number): boolean {
  return (
    type === PcapngBlock.EnhancedPacket ||
    type === PcapngBlock.SimplePacket ||
    type === PcapngBlock.ObsoletePacket ||
    type === PcapngBlock.InterfaceDescription
  );
}

function checkLength(length: number, start: number, maxRecordLength: number): void {
  if (length < 12 || length % 4 !== 0) {
    throw new CaptureError("BAD_BLOCK_LENGTH", start, `block length ${length} is not a multiple of 4 of at least 12`);
  }
  if (length > maxRecordLength) {
    throw new CaptureError(
      "TOO_LARGE",
      start,
      `block of ${length} octets exceeds the ${maxRecordLength}-octet cap (corrupt length?)`,
    );
  }
}

/**
 * Handles one whole known block (`body` = everything after type and length, trailing length
 * included): records an interface, or returns the packet of a packet block.
 */
function knownBlock(
  type: number,
  body: Uint8Array,
  length: number,
  start: number,
  s: Section,
): CapturedPacket | undefined {
  const le = s.le;
  if (u32(body, body.length - 4, le) !== length) {
    throw new CaptureError("BAD_BLOCK_LENGTH", start, "block's trailing length differs from its leading one");
  }
  if (type === PcapngBlock.InterfaceDescription) {
    if (s.interfaces.length >= MAX_INTERFACES) {
      throw new CaptureError("TOO_LARGE", start, `more than ${MAX_INTERFACES} interfaces in one section`);
    }
    s.interfaces.push(parseInterface(body, le, start));
    return undefined;
  }
  let interfaceId: number;
  let hi = 0;
  let lo = 0;
  let captured: number;
  let originalLength: number;
  let dataAt: number;
  if (type === PcapngBlock.SimplePacket) {
    interfaceId = 0;
    originalLength = u32(body, 0, le);
    captured = Math.min(originalLength, body.length - 8);
    dataAt = 4;
  } else {
    if (body.length < 24) throw new CaptureError("BAD_BLOCK_LENGTH", start, "packet block too short");
    interfaceId = type === PcapngBlock.EnhancedPacket ? u32(body, 0, le) : u16(body, 0, le);
    hi = u32(body, 4, le);
    lo = u32(body, 8, le);
    captured = u32(body, 12, le);
    originalLength = u32(body, 16, le);
    dataAt = 20;
    if (dataAt + captured > body.length - 4) {
      throw new CaptureError("BAD_BLOCK_LENGTH", start, `captured length ${captured} overruns its block`);
    }
  }
  const ifc = s.interfaces[interfaceId];
  if (ifc === undefined) {
    throw new CaptureError("UNKNOWN_INTERFACE", start, `packet on interface ${interfaceId}, which was never described`);
  }
  const [seconds, nanoseconds] = type === PcapngBlock.SimplePacket ? [0, 0] : splitTimestamp(hi, lo, ifc);
  return {
    number: ++s.number,
    linkType: ifc.linkType,
    interfaceId,
    seconds,
    nanoseconds,
    originalLength,
    data: body.subarray(dataAt, dataAt + captured),
  };
}

/**
 * Packets of a pcapng file whose first 4 octets (the Section Header Block type) have been read,
 * in batches (see readClassicPcap). Each section has its own byte order and interfaces; unknown
 * blocks are skipped by length without being buffered.
 */
export async function* readPcapng(src: ByteSource, maxRecordLength: number): AsyncGenerator<CapturedPacket[]> {
  const s: Section = {
    le: await readSectionHeader(src, 0, await src.must(4, "a pcapng Section Header Block", 0), maxRecordLength),
    interfaces: [],
    number: 0,
  };
  let batch: CapturedPacket[] = [];
  try {
    for (;;) {
      const start = src.offset;
      const avail = src.available;
      if (avail >= 8) {
        const head = src.peekSync(8);
        const type = u32(head, 0, s.le);
        const length = u32(head, 4, s.le);
        if (isKnown(type) && avail >= length) {
          checkLength(length, start, maxRecordLength);
          src.takeSync(8);
          const p = knownBlock(type, src.takeSync(length - 8) as Uint8Array, length, start, s);
          if (p !== undefined) batch.push(p);
          continue;
        }
      }
      // A block crossing a chunk boundary, a new section or an unknown block: the slow path.
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      const head = await src.take(8, "a pcapng block header");
      if (head === undefined) return;
      const type = u32(head, 0, s.le);
      if (type === PcapngBlock.SectionHeader) {
        s.le = await readSectionHeader(src, start, head.slice(4, 8), maxRecordLength);
        s.interfaces = [];
        continue;
      }
      const length = u32(head, 4, s.le);
      if (!isKnown(type)) {
        if (length < 12 || length % 4 !== 0) checkLength(length, start, maxRecordLength);
        await src.skip(length - 12, `block 0x${type.toString(16)}`, start);
        const trailer = await src.must(4, `block 0x${type.toString(16)}`, start);
        if (u32(trailer, 0, s.le) !== length) {
          throw new CaptureError("BAD_BLOCK_LENGTH", start, `block 0x${type.toString(16)}: trailing length differs`);
        }
        continue;
      }
      checkLength(length, start, maxRecordLength);
      const p = knownBlock(type, await src.must(length - 8, `a block of ${length} octets`, start), length, start, s);
      if (p !== undefined) batch.push(p);
    }
  } catch (e) {
    // Every packet before the damage is still delivered.
    if (batch.length > 0) yield batch;
    throw e;
  }
}
