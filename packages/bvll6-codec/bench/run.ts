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
 * The zero-allocation routes: "view" is a reused Bvll6FrameView (reset = full validation,
 * then the VMACs read in place and the NPDU copied into a scratch buffer, the work the C
 * BACnet Stack's bvlc6_decode_* functions do) against the indexed reads plus the same copy;
 * "encodeInto" writes into a reused buffer and returns the length ("encodeTarget" is
 * encodeFrame with a target, which returns a view). "invalid" times rejected datagrams
 * (a length mismatch, a BACnet/IPv4 frame) in tryDecodeFrame, decodeProblem and the view,
 * each against the same function on a valid Original-Unicast-NPDU: a flood of garbage must
 * not cost more than traffic (target: invalid >= 0.5 x valid).
 *
 * Run from the repo root after building the package (the bench imports the BUILT codec):
 *   cd packages/bvll6-codec && npx tsup && cd ../.. && npx tsx packages/bvll6-codec/bench/run.ts
 * The last line of stdout is one JSON object.
 */
import {
  Bip6Address,
  type Bvll6Frame,
  Bvll6FrameView,
  decodeFrame,
  decodeProblem,
  encodeFrame,
  encodeInto,
  hexToBytes,
  tryDecodeFrame,
} from "@bip6/bvll6-codec";
import { consume, type Measurement, measure } from "../../../bench/harness.js";

const DECODE_TARGET = 0.5;
const INVALID_TARGET = 0.5;

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
  /** The view's work on a valid datagram: the VMACs in place and the NPDU copied into `scratch`. */
  readonly viewDecode: (view: Bvll6FrameView, bytes: Uint8Array, scratch: Uint8Array) => number;
  /** The same reads and copy in plain code, no validation. */
  readonly indexedCopy: (bytes: Uint8Array, scratch: Uint8Array) => number;
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

const vmacOf = (b: Uint8Array, at: number): number => (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;

/** Both baseline decodes of a frame that is a header and an NPDU from `offset` on. */
function npduDecodes(offset: number): Pick<Case, "baselineDecode" | "indexedDecode" | "indexedCopy"> {
  return {
    baselineDecode: (b) => {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const npdu = b.subarray(offset);
      return dv.getUint8(0) + dv.getUint8(1) + dv.getUint16(2) + npdu.length;
    },
    indexedDecode: (b) => b[0]! + b[1]! + ((b[2]! << 8) | b[3]!) + b.subarray(offset).length,
    indexedCopy: (b, scratch) => {
      scratch.set(b.subarray(offset), 0);
      // The VMACs at 4 and (for a unicast) 7, as the view reads them.
      return b[0]! + b[1]! + ((b[2]! << 8) | b[3]!) + vmacOf(b, 4) + (offset === 10 ? vmacOf(b, 7) : 0);
    },
  };
}

const sourceOctets = source.octets();

const cases: readonly Case[] = [
  {
    name: "originalUnicastNpdu50",
    frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: npdu50 },
    ...npduDecodes(10),
    viewDecode: (view, b, scratch) =>
      view.reset(b) ? view.sourceVmac! + view.destinationVmac! + view.copyNpdu(scratch) : -1,
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
    // The address stays in place (addressStart): reading it into a Bip6Address allocates.
    viewDecode: (view, b, scratch) =>
      view.reset(b) ? view.originalSourceVmac! + view.addressStart! + view.copyNpdu(scratch) : -1,
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
    viewDecode: (view, b) => (view.reset(b) ? view.sourceVmac! + view.targetVmac! : -1),
    indexedCopy: (b) => b[0]! + b[1]! + ((b[2]! << 8) | b[3]!) + vmacOf(b, 4) + vmacOf(b, 7),
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
type Op = "decode" | "decodeIndexed" | "view" | "encode" | "encodeTarget" | "encodeInto";
const OPS: readonly Op[] = ["decode", "decodeIndexed", "view", "encode", "encodeTarget", "encodeInto"];
const results: Record<string, { bytes: number } & Record<Op, Pair>> = {};

/** Eight copies of `bytes` at different offsets of one buffer, as datagrams sit in real receive buffers. */
const flood = (bytes: Uint8Array): Uint8Array[] => {
  const pool = new Uint8Array(8 * (bytes.length + 8));
  return Array.from({ length: 8 }, (_, i) => {
    const at = i * (bytes.length + 8);
    pool.set(bytes, at);
    return pool.subarray(at, at + bytes.length);
  });
};

for (const c of cases) {
  const wire = encodeFrame(c.frame);
  const datagrams = flood(wire);
  const reuse = new Uint8Array(wire.length);
  const scratch = new Uint8Array(1600);
  const view = new Bvll6FrameView();

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
  const viewDecode = measure((n) => {
    for (let i = 0; i < n; i++) consume(c.viewDecode(view, datagrams[i & 7]!, scratch));
  }, opts);
  const indexedCopy = measure((n) => {
    for (let i = 0; i < n; i++) consume(c.indexedCopy(datagrams[i & 7]!, scratch));
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
  const encodeTarget = measure((n) => {
    for (let i = 0; i < n; i++) consume(encodeFrame(c.frame, reuse, 0).length);
  }, opts);
  const encodeIntoOps = measure((n) => {
    for (let i = 0; i < n; i++) consume(encodeInto(c.frame, reuse, 0));
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
    view: pair(viewDecode, indexedCopy),
    encode: pair(encode, encodeBase),
    encodeTarget: pair(encodeTarget, encodeIntoBase),
    encodeInto: pair(encodeIntoOps, encodeIntoBase),
  };
}

// Rejected datagrams against the same function on a valid one (the first case's unicast).
const validUnicast = encodeFrame(cases[0]!.frame);
const invalidDatagrams = {
  /** The unicast with its length field one too large: the decoder's most common rejection. */
  lengthMismatch: (() => {
    const b = validUnicast.slice();
    b[3] = b[3]! + 1;
    return b;
  })(),
  /** A BACnet/IPv4 Original-Unicast-NPDU, as a port shared with Annex J sees them. */
  wrongType: hexToBytes("810a0010 0120ffff00ff10080a0b0c0d"),
};
const validFlood = flood(validUnicast);
const invalidView = new Bvll6FrameView();
const invalidRoutes = {
  tryDecodeFrame: (b: Uint8Array): number => (tryDecodeFrame(b) instanceof Error ? 1 : 0),
  decodeProblem: (b: Uint8Array): number => (decodeProblem(b) === undefined ? 0 : 1),
  view: (b: Uint8Array): number => (invalidView.reset(b) ? 0 : 1),
  /** decodeFrame's thrown error, with its stack trace: what every rejection cost before. */
  decodeFrameThrow: (b: Uint8Array): number => {
    try {
      return decodeFrame(b).kind.length;
    } catch {
      return 1;
    }
  },
};
const invalid: Record<string, Record<string, Pair>> = {};
for (const [name, bytes] of Object.entries(invalidDatagrams)) {
  const datagrams = flood(bytes);
  invalid[name] = {};
  for (const [route, run] of Object.entries(invalidRoutes)) {
    const bad = measure((n) => {
      for (let i = 0; i < n; i++) consume(run(datagrams[i & 7]!));
    }, opts);
    const good = measure((n) => {
      for (let i = 0; i < n; i++) consume(run(validFlood[i & 7]!));
    }, opts);
    invalid[name]![route] = pair(bad, good);
  }
}

const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
for (const [name, r] of Object.entries(results)) {
  console.error(`${name} (${r.bytes} octets)`);
  for (const op of OPS) {
    const p = r[op];
    console.error(
      `  ${op.padEnd(13)} codec ${fmt(p.codecOpsPerSecond).padStart(11)}  baseline ${fmt(p.baselineOpsPerSecond).padStart(11)}  ratio ${p.ratio.toFixed(2)}`,
    );
  }
}
for (const [name, routes] of Object.entries(invalid)) {
  console.error(`invalid datagram: ${name} (ratio = invalid / valid in the same function)`);
  for (const [route, p] of Object.entries(routes)) {
    console.error(
      `  ${route.padEnd(16)} invalid ${fmt(p.codecOpsPerSecond).padStart(11)}  valid ${fmt(p.baselineOpsPerSecond).padStart(11)}  ratio ${p.ratio.toFixed(2)}`,
    );
  }
}
const minInvalidRatio = Math.min(
  ...Object.values(invalid).flatMap((routes) =>
    Object.entries(routes)
      .filter(([route]) => route !== "decodeFrameThrow")
      .map(([, p]) => p.ratio),
  ),
);
const minDecodeRatio = Math.min(...Object.values(results).map((r) => r.decode.ratio));
const minDecodeIndexedRatio = Math.min(...Object.values(results).map((r) => r.decodeIndexed.ratio));
const meetsTarget = minDecodeRatio >= DECODE_TARGET;
const meetsInvalidTarget = minInvalidRatio >= INVALID_TARGET;
console.error(
  `decode target >= ${DECODE_TARGET} x baseline: ${meetsTarget ? "met" : "NOT met"} (worst ${minDecodeRatio}; vs indexed baseline ${minDecodeIndexedRatio})`,
);
console.error(
  `invalid target >= ${INVALID_TARGET} x valid: ${meetsInvalidTarget ? "met" : "NOT met"} (worst ${minInvalidRatio}, decodeFrameThrow excluded)`,
);
console.log(
  JSON.stringify({
    ...results,
    invalid,
    decodeTarget: DECODE_TARGET,
    minDecodeRatio,
    minDecodeIndexedRatio,
    meetsTarget,
    invalidTarget: INVALID_TARGET,
    minInvalidRatio,
    meetsInvalidTarget,
  }),
);
