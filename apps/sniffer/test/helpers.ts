/**
 * Test helpers: hand-built capture files (classic pcap in both byte orders and resolutions,
 * pcapng blocks), link-layer wrappers, IPv6 packets with extension headers, and a harness that
 * runs the CLI's `run()` with in-memory streams.
 */
import { Writable } from "node:stream";
import { Bip6Address, type Bvll6Frame, encodeFrame } from "@bip6/bvll6-codec";
import { CaptureError, type CapturedPacket, ipv6UdpPacket, readCapture } from "../src/index.js";
import { run, type RunIo } from "../src/node/index.js";
import { concat } from "../src/pcap/bytes.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

/** Concatenates octet arrays (the writer's own helper). */
export { concat };

/** Octets from numbers. */
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

function u16(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return b;
}
function u32(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, le);
  return b;
}

/** One record of a hand-built classic pcap. */
export interface Rec {
  readonly seconds: number;
  /** Microseconds, or nanoseconds in a nanosecond file. */
  readonly fraction: number;
  readonly data: Uint8Array;
  readonly originalLength?: number;
}

/** A classic pcap file: byte order, resolution and link type chosen by the test. */
export function classicPcap(
  records: readonly Rec[],
  o: { le?: boolean; nano?: boolean; linkType?: number; major?: number } = {},
): Uint8Array {
  const le = o.le ?? true;
  const magic = o.nano === true ? 0xa1b23c4d : 0xa1b2c3d4;
  const header = concat(
    u32(magic, le),
    u16(o.major ?? 2, le),
    u16(4, le),
    u32(0, le),
    u32(0, le),
    u32(65535, le),
    u32(o.linkType ?? 229, le),
  );
  return concat(
    header,
    ...records.flatMap((r) => [
      u32(r.seconds, le),
      u32(r.fraction, le),
      u32(r.data.length, le),
      u32(r.originalLength ?? r.data.length, le),
      r.data,
    ]),
  );
}

const pad4 = (b: Uint8Array): Uint8Array => concat(b, new Uint8Array((4 - (b.length % 4)) % 4));

/** A pcapng block: type, total length, body (padded), total length. */
export function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = pad4(body);
  const total = padded.length + 12;
  return concat(u32(type, le), u32(total, le), padded, u32(total, le));
}

/** A Section Header Block (version 1.0, unknown section length). */
export function shb(le: boolean): Uint8Array {
  return block(0x0a0d0d0a, concat(u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), new Uint8Array(8).fill(0xff)), le);
}

/** An Interface Description Block, optionally with if_tsresol (raw option octet) and if_tsoffset. */
export function idb(linkType: number, le: boolean, tsresol?: number, tsoffset?: number): Uint8Array {
  const options: Uint8Array[] = [];
  if (tsresol !== undefined) options.push(u16(9, le), u16(1, le), bytes(tsresol, 0, 0, 0));
  if (tsoffset !== undefined) {
    const v = new Uint8Array(8);
    new DataView(v.buffer).setBigInt64(0, BigInt(tsoffset), le);
    options.push(u16(14, le), u16(8, le), v);
  }
  if (options.length > 0) options.push(u16(0, le), u16(0, le));
  return block(1, concat(u16(linkType, le), u16(0, le), u32(0, le), ...options), le);
}

/** An Enhanced Packet Block with a 64-bit timestamp in interface units. */
export function epb(
  interfaceId: number,
  units: bigint,
  data: Uint8Array,
  le: boolean,
  originalLength?: number,
): Uint8Array {
  return block(
    6,
    concat(
      u32(interfaceId, le),
      u32(Number(units >> 32n), le),
      u32(Number(units & 0xffffffffn), le),
      u32(data.length, le),
      u32(originalLength ?? data.length, le),
      data,
    ),
    le,
  );
}

/** A Simple Packet Block (interface 0, no timestamp). */
export function spb(data: Uint8Array, le: boolean): Uint8Array {
  return block(3, concat(u32(data.length, le), data), le);
}

/** An obsolete Packet Block (type 2). */
export function opb(interfaceId: number, units: bigint, data: Uint8Array, le: boolean): Uint8Array {
  return block(
    2,
    concat(
      u16(interfaceId, le),
      u16(0, le),
      u32(Number(units >> 32n), le),
      u32(Number(units & 0xffffffffn), le),
      u32(data.length, le),
      u32(data.length, le),
      data,
    ),
    le,
  );
}

/** A raw IPv6/UDP packet carrying a BVLL6 frame between two B/IPv6 addresses. */
export function bacnetPacket(
  frame: Bvll6Frame | Uint8Array,
  from = "[fd00::1]:47808",
  to = "[fd00::2]:47808",
): Uint8Array {
  const f = Bip6Address.parse(from);
  const t = Bip6Address.parse(to);
  return ipv6UdpPacket({
    sourceIp: f.ipOctets(),
    sourcePort: f.port,
    destinationIp: t.ipOctets(),
    destinationPort: t.port,
    payload: frame instanceof Uint8Array ? frame : encodeFrame(frame),
  });
}

/** Ethernet II header (dst, src, optional VLAN tags, EtherType 0x86DD) + packet. */
export function ethernet(ip: Uint8Array, vlans: readonly number[] = []): Uint8Array {
  const tags = vlans.flatMap((id) => [0x81, 0x00, id >> 8, id & 0xff]);
  return concat(bytes(0x33, 0x33, 0, 0, 0xba, 0xc0, 2, 0, 0, 0, 0, 1), bytes(...tags), bytes(0x86, 0xdd), ip);
}

/** Linux cooked v1 header (16 octets, protocol 0x86DD) + packet. */
export function sll(ip: Uint8Array): Uint8Array {
  return concat(bytes(0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x86, 0xdd), ip);
}

/** Linux cooked v2 header (20 octets) + packet. */
export function sll2(ip: Uint8Array): Uint8Array {
  return concat(bytes(0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0), ip);
}

/** BSD loopback header: address family in the given byte order + packet. */
export function nullHeader(ip: Uint8Array, family: number, le: boolean): Uint8Array {
  return concat(u32(family, le), ip);
}

/**
 * Inserts IPv6 extension headers between the fixed header and the UDP header of `packet`
 * (each given as [next-header code, body octets after the 2-octet next/length prefix]).
 * The fragment header is 8 octets with its own layout, so its body is given whole.
 */
export function withExtensionHeaders(packet: Uint8Array, headers: readonly [number, Uint8Array][]): Uint8Array {
  const fixed = packet.slice(0, 40);
  const rest = packet.subarray(40);
  const exts: Uint8Array[] = [];
  let firstNext = fixed[6] as number;
  // Build back to front so each header's next-header field names the one after it.
  let next = firstNext;
  for (let i = headers.length - 1; i >= 0; i--) {
    const [code, body] = headers[i] as [number, Uint8Array];
    if (code === 44) exts.unshift(concat(bytes(next, 0), body));
    else exts.unshift(concat(bytes(next, (body.length + 2) / 8 - 1), body));
    next = code;
  }
  firstNext = next;
  fixed[6] = firstNext;
  const ext = concat(...exts);
  new DataView(fixed.buffer).setUint16(4, ext.length + rest.length);
  return concat(fixed, ext, rest);
}

/** An async iterable that yields `data` in chunks of `size` octets (copies, as a stream would). */
export async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < data.length; o += size) yield data.slice(o, o + size);
}

/** Every packet of `file` read in `chunk`-octet pieces, each copied (the reader hands out views). */
export async function collectPackets(file: Uint8Array, chunk: number): Promise<CapturedPacket[]> {
  const out: CapturedPacket[] = [];
  for await (const p of readCapture(chunked(file, chunk))) out.push({ ...p, data: p.data.slice() });
  return out;
}

/** The CaptureError reading `file` in `chunk`-octet pieces ends with, and the packets before it. */
export async function readFailure(file: Uint8Array, chunk: number): Promise<{ packets: number; error: CaptureError }> {
  let packets = 0;
  try {
    for await (const _ of readCapture(chunked(file, chunk))) packets++;
  } catch (e) {
    if (e instanceof CaptureError) return { packets, error: e };
    throw e;
  }
  throw new Error("expected a CaptureError");
}

/** A Writable that keeps what is written as text. */
export class MemoryWritable extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** A Writable that keeps what is written as octets. */
export class OctetWritable extends Writable {
  readonly chunks: Uint8Array[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.chunks.push(Uint8Array.from(chunk));
    cb();
  }
  get bytes(): Uint8Array {
    return concat(...this.chunks);
  }
}

/** What a run of the CLI produced. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: string[];
  /** Files the run wrote (-w), by path. */
  readonly written: Record<string, Uint8Array>;
}

/**
 * Runs the CLI's `run()` with `files` as the file system and `stdin` as standard input; files
 * it writes are returned in `written`. `extra` overrides parts of the io (PATH, signal …).
 */
export async function runCli(
  argv: readonly string[],
  files: Record<string, Uint8Array> = {},
  stdin: Uint8Array = new Uint8Array(0),
  extra: Partial<RunIo> = {},
): Promise<CliResult> {
  const stdout = new MemoryWritable();
  const stderr = new MemoryWritable();
  const outputs: Record<string, OctetWritable> = {};
  const io: RunIo = {
    stdin: chunked(stdin, 1000),
    stdout,
    stderr,
    createFile: (path) => (outputs[path] = new OctetWritable()),
    ...extra,
    openFile: (path) => {
      const data = files[path];
      if (data === undefined) {
        // Like fs.createReadStream: the open error surfaces on the first read.
        return {
          [Symbol.asyncIterator]: () => ({
            next: () =>
              Promise.reject(
                Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" }),
              ),
          }),
        };
      }
      return chunked(data, 4096);
    },
  };
  const code = await run(argv, io);
  const written = Object.fromEntries(Object.entries(outputs).map(([p, w]) => [p, w.bytes]));
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    lines: stdout.text.split("\n").filter((l) => l !== ""),
    written,
  };
}

/** Runs the CLI on the synthetic capture (every BVLL6 function, fixtures/synthetic.ts): `-r synthetic.pcap ARGS`. */
export function runSynthetic(
  argv: readonly string[],
  files: Record<string, Uint8Array> = {},
  stdin?: Uint8Array,
  extra: Partial<RunIo> = {},
): Promise<CliResult> {
  return runCli(["-r", "synthetic.pcap", ...argv], { "synthetic.pcap": syntheticCapture(), ...files }, stdin, extra);
}
