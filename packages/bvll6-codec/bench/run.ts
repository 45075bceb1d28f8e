/**
 * Codec throughput: decode and encode ops/s for Original-Unicast-NPDU (50-octet NPDU),
 * Forwarded-NPDU (50-octet NPDU) and Address-Resolution, each beside a baseline measured in
 * the same run. Baselines are what a receiver/sender must do anyway with plain code and no
 * validation: decode = wrap the datagram in a DataView, read the 4-octet header and take the
 * NPDU view (Address-Resolution: read its two VMACs); encode = allocate (or reuse) the buffer
 * and write header, fixed fields and NPDU. Target: codec decode >= 0.5 x baseline.
 * Decode also has a stricter second baseline, "indexed": the same reads straight from the
 * Uint8Array without creating a DataView (whose allocation dominates the first baseline).
 *
 * Run from the repo root after building the package (the bench imports the BUILT codec):
 *   cd packages/bvll6-codec && npx tsup && cd ../.. && npx tsx packages/bvll6-codec/bench/run.ts
 * The last line of stdout is one JSON object.
 */
import { Bip6Address, type Bvll6Frame, decodeFrame, encodeFrame } from "@bip6/bvll6-codec";
import { consume, type Measurement, measure } from "../../../bench/harness.js";

const DECODE_TARGET = 0.5;

const resolved = import.meta.resolve("@bip6/bvll6-codec");
if (!resolved.endsWith("/dist/index.js")) {
  console.warn(`warning: @bip6/bvll6-codec resolved to ${resolved}, not the built dist/index.js`);
}

const npdu50 = new Uint8Array(50).map((_, i) => (i * 7 + 1) & 0xff);
const source = Bip6Address.parse("[2001:db8::10]:47808");

interface Case {
  readonly name: string;
  readonly frame: Bvll6Frame;
  /** Baseline decode of one datagram; returns something to consume. */
  readonly baselineDecode: (bytes: Uint8Array) => number;
  /** The same reads without a DataView. */
  readonly indexedDecode: (bytes: Uint8Array) => number;
  /** Baseline encode into `out` (already the right size). */
  readonly baselineEncode: (out: Uint8Array) => void;
}

function header(out: Uint8Array, fn: number): void {
  out[0] = 0x82;
  out[1] = fn;
  out[2] = out.length >>> 8;
  out[3] = out.length & 0xff;
}

function vmac(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 16;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = v & 0xff;
}

/** Both baseline decodes of a frame that is a header and an NPDU from `offset` on. */
function npduDecodes(offset: number): Pick<Case, "baselineDecode" | "indexedDecode"> {
  return {
    baselineDecode: (b) => {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const npdu = b.subarray(offset);
      return dv.getUint8(0) + dv.getUint8(1) + dv.getUint16(2) + npdu.length;
    },
    indexedDecode: (b) => b[0]! + b[1]! + ((b[2]! << 8) | b[3]!) + b.subarray(offset).length,
  };
}

const sourceOctets = source.octets();

const cases: readonly Case[] = [
  {
    name: "originalUnicastNpdu50",
    frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: npdu50 },
    ...npduDecodes(10),
    baselineEncode: (out) => {
      header(out, 0x01);
      vmac(out, 4, 1234);
      vmac(out, 7, 5678);
      out.set(npdu50, 10);
    },
  },
  {
    name: "forwardedNpdu50",
    frame: { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: source, npdu: npdu50 },
    ...npduDecodes(25),
    baselineEncode: (out) => {
      header(out, 0x08);
      vmac(out, 4, 1234);
      out.set(sourceOctets, 7);
      out.set(npdu50, 25);
    },
  },
  {
    name: "addressResolution",
    frame: { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 },
    baselineDecode: (b) => {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const src = (dv.getUint8(4) << 16) | dv.getUint16(5);
      const target = (dv.getUint8(7) << 16) | dv.getUint16(8);
      return dv.getUint8(0) + dv.getUint8(1) + dv.getUint16(2) + src + target;
    },
    indexedDecode: (b) =>
      b[0]! +
      b[1]! +
      ((b[2]! << 8) | b[3]!) +
      ((b[4]! << 16) | (b[5]! << 8) | b[6]!) +
      ((b[7]! << 16) | (b[8]! << 8) | b[9]!),
    baselineEncode: (out) => {
      header(out, 0x03);
      vmac(out, 4, 1234);
      vmac(out, 7, 5678);
    },
  },
];

interface Pair {
  codecOpsPerSecond: number;
  baselineOpsPerSecond: number;
  /** codec / baseline. */
  ratio: number;
  spread: { codec: number; baseline: number };
}

function pair(codec: Measurement, baseline: Measurement): Pair {
  return {
    codecOpsPerSecond: codec.opsPerSecond,
    baselineOpsPerSecond: baseline.opsPerSecond,
    ratio: Number((codec.opsPerSecond / baseline.opsPerSecond).toFixed(3)),
    spread: { codec: codec.spread, baseline: baseline.spread },
  };
}

const opts = { sampleMs: 150, samples: 7, warmupMs: 250 };
const results: Record<string, { bytes: number; decode: Pair; decodeIndexed: Pair; encode: Pair; encodeInto: Pair }> =
  {};

for (const c of cases) {
  const wire = encodeFrame(c.frame);
  // Several copies at different offsets of one buffer, as datagrams sit in real receive buffers.
  const pool = new Uint8Array(wire.length * 8 + 64);
  const datagrams = Array.from({ length: 8 }, (_, i) => {
    const at = i * (wire.length + 8);
    pool.set(wire, at);
    return pool.subarray(at, at + wire.length);
  });
  const reuse = new Uint8Array(wire.length);

  const decode = measure((n) => {
    for (let i = 0; i < n; i++) {
      const f = decodeFrame(datagrams[i & 7]!);
      consume(f.kind.length);
    }
  }, opts);
  const decodeBase = measure((n) => {
    for (let i = 0; i < n; i++) consume(c.baselineDecode(datagrams[i & 7]!));
  }, opts);
  const decodeIndexed = measure((n) => {
    for (let i = 0; i < n; i++) consume(c.indexedDecode(datagrams[i & 7]!));
  }, opts);
  const encode = measure((n) => {
    for (let i = 0; i < n; i++) consume(encodeFrame(c.frame).length);
  }, opts);
  const encodeBase = measure((n) => {
    for (let i = 0; i < n; i++) {
      const out = new Uint8Array(wire.length);
      c.baselineEncode(out);
      consume(out.length);
    }
  }, opts);
  const encodeInto = measure((n) => {
    for (let i = 0; i < n; i++) consume(encodeFrame(c.frame, reuse, 0).length);
  }, opts);
  const encodeIntoBase = measure((n) => {
    for (let i = 0; i < n; i++) {
      c.baselineEncode(reuse);
      consume(reuse[3]!);
    }
  }, opts);

  results[c.name] = {
    bytes: wire.length,
    decode: pair(decode, decodeBase),
    decodeIndexed: pair(decode, decodeIndexed),
    encode: pair(encode, encodeBase),
    encodeInto: pair(encodeInto, encodeIntoBase),
  };
}

const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
for (const [name, r] of Object.entries(results)) {
  console.error(`${name} (${r.bytes} octets)`);
  for (const op of ["decode", "decodeIndexed", "encode", "encodeInto"] as const) {
    const p = r[op];
    console.error(
      `  ${op.padEnd(13)} codec ${fmt(p.codecOpsPerSecond).padStart(11)}  baseline ${fmt(p.baselineOpsPerSecond).padStart(11)}  ratio ${p.ratio.toFixed(2)}`,
    );
  }
}
const minDecodeRatio = Math.min(...Object.values(results).map((r) => r.decode.ratio));
const minDecodeIndexedRatio = Math.min(...Object.values(results).map((r) => r.decodeIndexed.ratio));
const meetsTarget = minDecodeRatio >= DECODE_TARGET;
console.error(
  `decode target >= ${DECODE_TARGET} x baseline: ${meetsTarget ? "met" : "NOT met"} (worst ${minDecodeRatio}; vs indexed baseline ${minDecodeIndexedRatio})`,
);
console.log(
  JSON.stringify({ ...results, decodeTarget: DECODE_TARGET, minDecodeRatio, minDecodeIndexedRatio, meetsTarget }),
);
