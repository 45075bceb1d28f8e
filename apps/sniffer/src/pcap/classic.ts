import { CaptureError } from "../errors.js";
import type { ByteSource } from "./byte-source.js";
import { u16, u32 } from "./bytes.js";
import type { CapturedPacket } from "./types.js";

/** The four magic numbers of classic pcap, as the first four octets appear in the file. */
export function classicPcapMagic(m: Uint8Array): { littleEndian: boolean; nanosecond: boolean } | undefined {
  const a = m[0];
  const d = m[3];
  if (a === 0xd4 && m[1] === 0xc3 && m[2] === 0xb2 && d === 0xa1) return { littleEndian: true, nanosecond: false };
  if (a === 0x4d && m[1] === 0x3c && m[2] === 0xb2 && d === 0xa1) return { littleEndian: true, nanosecond: true };
  if (a === 0xa1 && m[1] === 0xb2 && m[2] === 0xc3 && d === 0xd4) return { littleEndian: false, nanosecond: false };
  if (a === 0xa1 && m[1] === 0xb2 && m[2] === 0x3c && d === 0x4d) return { littleEndian: false, nanosecond: true };
  return undefined;
}

/**
 * Packets of a classic pcap file whose 4-octet magic has already been read: the rest of the
 * 24-octet file header, then 16-octet record headers each followed by its packet. Packets come
 * in batches: all the records the current chunk holds, read without awaiting, since one await
 * per packet would cost more than decoding it.
 */
export async function* readClassicPcap(
  src: ByteSource,
  magic: { littleEndian: boolean; nanosecond: boolean },
  maxRecordLength: number,
): AsyncGenerator<CapturedPacket[]> {
  const le = magic.littleEndian;
  const header = await src.must(20, "the pcap file header", 0);
  const major = u16(header, 0, le);
  if (major !== 2) {
    throw new CaptureError("UNSUPPORTED_VERSION", 4, `pcap version ${major}.${u16(header, 2, le)} is not 2.x`);
  }
  // Only the low 16 bits are the link type; the upper ones carry FCS information (pcap spec).
  const linkType = u32(header, 16, le) & 0xffff;
  const subScale = magic.nanosecond ? 1 : 1000;
  let number = 0;
  let batch: CapturedPacket[] = [];

  const packet = (seconds: number, subField: number, originalLength: number, data: Uint8Array): CapturedPacket => {
    const sub = subField * subScale;
    return {
      number,
      linkType,
      interfaceId: 0,
      // A sub-second field past one second is malformed; carry it rather than print 1.2e9 ns.
      seconds: sub < 1e9 ? seconds : seconds + Math.floor(sub / 1e9),
      nanoseconds: sub < 1e9 ? sub : sub % 1e9,
      originalLength,
      data,
    };
  };
  const checkLength = (captured: number, start: number): void => {
    if (captured > maxRecordLength) {
      throw new CaptureError(
        "TOO_LARGE",
        start,
        `record ${number} claims ${captured} captured octets, more than the ${maxRecordLength}-octet cap (corrupt length?)`,
      );
    }
  };

  try {
    for (;;) {
      const start = src.offset;
      const avail = src.available;
      if (avail >= 16) {
        const captured = src.peekU32(8, le);
        if (avail >= 16 + captured) {
          number++;
          checkLength(captured, start);
          const seconds = src.peekU32(0, le);
          const sub = src.peekU32(4, le);
          const originalLength = src.peekU32(12, le);
          src.skipSync(16);
          batch.push(packet(seconds, sub, originalLength, src.takeSync(captured) as Uint8Array));
          continue;
        }
      }
      // The next record crosses a chunk boundary: hand out what is ready before waiting.
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      const h = await src.take(16, `the header of record ${number + 1}`);
      if (h === undefined) return;
      const captured = u32(h, 8, le);
      number++;
      checkLength(captured, start);
      const seconds = u32(h, 0, le);
      const sub = u32(h, 4, le);
      const originalLength = u32(h, 12, le);
      batch.push(
        packet(seconds, sub, originalLength, await src.must(captured, `record ${number} (${captured} octets)`, start)),
      );
    }
  } catch (e) {
    // Every packet before the damage is still delivered.
    if (batch.length > 0) yield batch;
    throw e;
  }
}
