/**
 * Property tests: every frame round-trips through encode/decode, the decoder never fails
 * with anything but its own error type, its accept/reject decision matches an independent
 * statement of the annex-u.md §2 rules, and NPDUs are zero-copy views.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Bvll6Frame,
  Bvll6DecodeError,
  type Bvll6FrameKind,
  Bvll6FrameView,
  bytesToHex,
  decodeFrame,
  decodeProblem,
  Bvll6EncodeError,
  encodedLength,
  encodeFrame,
  encodeInto,
  frameSourceVmac,
  functionKind,
  hexToBytes,
  MAX_NPDU_LENGTH,
  isDecodable,
  tryDecodeFrame,
} from "../src/index.js";
import { ANNEX_U_MIN_LENGTH, ANNEX_U_VARIABLE_SIZE, frameArb, frameArbs, normalize } from "./helpers/frames.js";

describe("round trip", () => {
  it.each(Object.keys(frameArbs) as Bvll6FrameKind[])("%s: decode(encode(frame)) equals frame", (kind) => {
    fc.assert(
      fc.property(frameArbs[kind] as fc.Arbitrary<Bvll6Frame>, (frame) => {
        const bytes = encodeFrame(frame);
        expect(bytes.length).toBe(encodedLength(frame));
        expect((bytes[2]! << 8) | bytes[3]!).toBe(bytes.length);
        const decoded = decodeFrame(bytes);
        expect(normalize(decoded)).toEqual(normalize(frame));
        expect(frameSourceVmac(decoded)).toBe(frameSourceVmac(frame));
      }),
      { numRuns: 200 },
    );
  });

  it("encoding into a buffer at any offset writes the same octets and only those", () => {
    fc.assert(
      fc.property(frameArb, fc.nat(64), fc.nat(64), (frame, offset, slack) => {
        const expected = encodeFrame(frame);
        const target = new Uint8Array(offset + expected.length + slack).fill(0xa5);
        const view = encodeFrame(frame, target, offset);
        expect(view.buffer).toBe(target.buffer);
        expect(view.byteOffset).toBe(offset);
        expect(bytesToHex(view)).toBe(bytesToHex(expected));
        expect(target.subarray(0, offset).every((b) => b === 0xa5)).toBe(true);
        expect(target.subarray(offset + expected.length).every((b) => b === 0xa5)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** Values of every type, including typed arrays of other element types and buffers. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    new Uint16Array(3),
    new Int8Array(2),
    new Uint8ClampedArray(2),
    new DataView(new ArrayBuffer(2)),
    new ArrayBuffer(2),
    "hello",
    [1, 2, 3],
  ),
);

/** A valid frame with one field (or the kind, or the whole frame) replaced by any value. */
const hostileFrame: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.record({ frame: frameArb, field: fc.nat(), value: anyValue }).map(({ frame, field, value }) => {
    const keys = Object.keys(frame);
    return { ...frame, [keys[field % keys.length]!]: value };
  }),
  fc.record({ frame: frameArb, field: fc.nat() }).map(({ frame, field }) => {
    const copy: Record<string, unknown> = { ...frame };
    const keys = Object.keys(copy).filter((k) => k !== "kind");
    if (keys.length > 0) delete copy[keys[field % keys.length]!];
    return copy;
  }),
);

describe("encoder robustness", () => {
  it("any value: a frame that decodes back, or a Bvll6EncodeError that wrote nothing", () => {
    fc.assert(
      fc.property(hostileFrame, fc.nat(8), (frame, offset) => {
        const target = new Uint8Array(1600).fill(0x5a);
        let length: number | undefined;
        let thrown: unknown;
        try {
          length = encodeInto(frame as Bvll6Frame, target, offset);
        } catch (e) {
          thrown = e;
        }
        if (thrown !== undefined) {
          expect(thrown).toBeInstanceOf(Bvll6EncodeError);
          expect(target.every((b) => b === 0x5a)).toBe(true);
          expect(() => encodeFrame(frame as Bvll6Frame)).toThrow(Bvll6EncodeError);
          expect(() => encodedLength(frame as Bvll6Frame)).toThrow(Bvll6EncodeError);
          return;
        }
        const written = target.subarray(offset, offset + length!);
        expect(bytesToHex(encodeFrame(frame as Bvll6Frame))).toBe(bytesToHex(written));
        expect(normalize(decodeFrame(written))).toEqual(normalize(frame as Bvll6Frame));
      }),
      { numRuns: 3000 },
    );
  });

  it("encodeInto writes encodeFrame's octets at any offset, returns their length and touches nothing else", () => {
    fc.assert(
      fc.property(frameArb, fc.nat(64), fc.nat(64), (frame, offset, slack) => {
        const expected = encodeFrame(frame);
        const target = new Uint8Array(offset + expected.length + slack).fill(0xa5);
        expect(encodeInto(frame, target, offset)).toBe(expected.length);
        expect(bytesToHex(target.subarray(offset, offset + expected.length))).toBe(bytesToHex(expected));
        expect(target.subarray(0, offset).every((b) => b === 0xa5)).toBe(true);
        expect(target.subarray(offset + expected.length).every((b) => b === 0xa5)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** The annex-u.md §2 decoding rules restated independently of src/decode.ts. */
function shouldDecode(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x82) return false;
  if (((bytes[2]! << 8) | bytes[3]!) !== bytes.length) return false;
  const fn = bytes[1]!;
  if (fn > 0x0c) return true;
  const min = ANNEX_U_MIN_LENGTH[fn]!;
  if (!ANNEX_U_VARIABLE_SIZE.has(fn)) return bytes.length === min;
  // NPDU carriers: at most 1497 NPDU octets after the fixed part (Secure-BVLL has no such limit).
  return bytes.length >= min && (fn === 0x0b || bytes.length - min <= 1497);
}

/** Datagrams that look like BVLL6: type 0x82, any function, a correct length field, mostly. */
const plausibleDatagram = fc
  .record({
    type: fc.oneof(fc.constant(0x82), fc.constant(0x81), fc.integer({ min: 0, max: 255 })),
    fn: fc.oneof(fc.integer({ min: 0, max: 0x0e }), fc.integer({ min: 0, max: 255 })),
    body: fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 1600 })),
    lengthDelta: fc.oneof(
      fc.constant(0),
      fc.constant(0),
      fc.constant(0),
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: 0, max: 0xffff }),
    ),
  })
  .map(({ type, fn, body, lengthDelta }) => {
    const bytes = new Uint8Array(4 + body.length);
    bytes[0] = type;
    bytes[1] = fn;
    const declared = (bytes.length + lengthDelta) & 0xffff;
    bytes[2] = declared >>> 8;
    bytes[3] = declared & 0xff;
    bytes.set(body, 4);
    return bytes;
  });

/** Valid frames of every kind, then truncated, extended (length field fixed up) or with one octet changed. */
const mutatedFrame = fc
  .record({
    frame: frameArb,
    mutation: fc.constantFrom("none", "truncate", "extend", "flip", "truncate-raw"),
    n: fc.nat(30),
    value: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ frame, mutation, n, value }) => {
    const valid = encodeFrame(frame);
    let bytes = valid;
    if (mutation === "truncate") bytes = valid.slice(0, Math.max(0, valid.length - 1 - (n % valid.length)));
    else if (mutation === "truncate-raw") bytes = valid.slice(0, n % valid.length);
    else if (mutation === "extend") {
      bytes = new Uint8Array(valid.length + 1 + n).fill(value);
      bytes.set(valid);
    } else if (mutation === "flip") {
      bytes = valid.slice();
      bytes[n % bytes.length] = value;
    }
    if (mutation === "truncate" || mutation === "extend") {
      if (bytes.length >= 4) {
        bytes[2] = bytes.length >>> 8;
        bytes[3] = bytes.length & 0xff;
      }
    }
    return bytes;
  });

const anyDatagram = fc.oneof(fc.uint8Array({ maxLength: 64 }), plausibleDatagram, mutatedFrame);

/** Window bounds: mostly small integers (some past the buffer or negative), sometimes fractions, NaN, infinities. */
const windowBound: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ min: -2, max: 100, noNaN: false }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
);

/** Every field name of any frame kind, for comparing a view with a decoded frame. */
const FRAME_FIELDS = [
  "sourceVmac",
  "originalSourceVmac",
  "destinationVmac",
  "targetVmac",
  "resultCode",
  "timeToLive",
  "originalSource",
  "entry",
  "npdu",
  "payload",
] as const;

/** A field value in comparable form: addresses by their wire key, octets by hex and offset. */
function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes@${value.byteOffset}:${bytesToHex(value)}`;
  if (value !== null && typeof value === "object" && "key" in value) return `addr:${String(value.key)}`;
  return value;
}

describe("decoder robustness", () => {
  it("tryDecodeFrame returns a frame or a Bvll6DecodeError, never throws, and agrees with the rules", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(anyDatagram, (bytes) => {
        const result = tryDecodeFrame(bytes);
        seen.add(result instanceof Bvll6DecodeError ? result.code : result.kind);
        if (result instanceof Bvll6DecodeError) {
          expect(shouldDecode(bytes)).toBe(false);
          expect(result.offset).toBeGreaterThanOrEqual(0);
          expect(result.offset).toBeLessThanOrEqual(bytes.length);
        } else {
          expect(shouldDecode(bytes)).toBe(true);
          expect(result.kind).toBe(functionKind(bytes[1]!) ?? "Unknown");
        }
      }),
      { numRuns: 3000 },
    );
    // The generators must reach every outcome, or the property above proves little.
    const outcomes = [
      ...Object.keys(frameArbs),
      "TRUNCATED_HEADER",
      "WRONG_BVLC_TYPE",
      "LENGTH_MISMATCH",
      "TOO_SHORT",
      "TOO_LONG",
    ];
    expect([...seen].sort()).toEqual(outcomes.sort());
  });

  it("decodeFrame returns a frame or throws a Bvll6DecodeError, nothing else", () => {
    fc.assert(
      fc.property(anyDatagram, (bytes) => {
        try {
          decodeFrame(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(Bvll6DecodeError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("every datagram that decodes re-encodes to the same octets", () => {
    fc.assert(
      fc.property(fc.oneof(plausibleDatagram, mutatedFrame), (bytes) => {
        const result = tryDecodeFrame(bytes);
        if (result instanceof Bvll6DecodeError) return;
        if ("npdu" in result) expect(result.npdu.length).toBeLessThanOrEqual(MAX_NPDU_LENGTH);
        expect(bytesToHex(encodeFrame(result))).toBe(bytesToHex(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("isDecodable and decodeProblem give tryDecodeFrame's verdict and code, also for a datagram inside a larger buffer", () => {
    fc.assert(
      fc.property(anyDatagram, fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (bytes, pre, post) => {
        const result = tryDecodeFrame(bytes);
        const code = result instanceof Bvll6DecodeError ? result.code : undefined;
        expect(isDecodable(bytes)).toBe(code === undefined);
        expect(decodeProblem(bytes)).toBe(code);
        const framed = new Uint8Array(pre.length + bytes.length + post.length);
        framed.set(pre, 0);
        framed.set(bytes, pre.length);
        framed.set(post, pre.length + bytes.length);
        expect(isDecodable(framed, pre.length, pre.length + bytes.length)).toBe(code === undefined);
        expect(decodeProblem(framed, pre.length, pre.length + bytes.length)).toBe(code);
      }),
      { numRuns: 3000 },
    );
    expect(isDecodable(hexToBytes("82 03 000a 0004d2 00162e"))).toBe(true);
    expect(isDecodable(hexToBytes("82 03 000b 0004d2 00162e 00"))).toBe(false); // fixed size, one extra octet
    expect(isDecodable(hexToBytes("81 03 000a 0004d2 00162e"))).toBe(false); // BACnet/IPv4 type
    expect(isDecodable(hexToBytes("ff 82 0d 0004 ff"), 1, 5)).toBe(true); // unknown function, framed
  });

  it("a window inside the buffer decodes as its subarray; any other window is INVALID_INPUT", () => {
    fc.assert(
      fc.property(anyDatagram, windowBound, windowBound, (bytes, start, end) => {
        const inside =
          Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes.length;
        const expected = inside ? tryDecodeFrame(bytes.subarray(start, end)) : undefined;
        const code = inside ? (expected instanceof Bvll6DecodeError ? expected.code : undefined) : "INVALID_INPUT";
        expect(decodeProblem(bytes, start, end)).toBe(code);
        expect(isDecodable(bytes, start, end)).toBe(code === undefined);
        const view = new Bvll6FrameView();
        expect(view.reset(bytes, start, end)).toBe(code === undefined);
        expect(view.problem).toBe(code);
      }),
      { numRuns: 3000 },
    );
  });

  it("any value at all: tryDecodeFrame returns a frame or a Bvll6DecodeError, decodeFrame throws nothing else", () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, anyDatagram), (value) => {
        const result = tryDecodeFrame(value as Uint8Array);
        if (!(value instanceof Uint8Array)) expect(result).toMatchObject({ code: "INVALID_INPUT", offset: 0 });
        try {
          decodeFrame(value as Uint8Array);
          expect(result).not.toBeInstanceOf(Bvll6DecodeError);
        } catch (e) {
          expect(e).toBeInstanceOf(Bvll6DecodeError);
          expect(e).toMatchObject({ code: (result as Bvll6DecodeError).code });
        }
        expect(isDecodable(value as Uint8Array)).toBe(!(result instanceof Bvll6DecodeError));
        expect(new Bvll6FrameView().reset(value as Uint8Array)).toBe(!(result instanceof Bvll6DecodeError));
      }),
      { numRuns: 2000 },
    );
  });

  it("does not modify its input", () => {
    fc.assert(
      fc.property(anyDatagram, (bytes) => {
        const before = bytesToHex(bytes);
        tryDecodeFrame(bytes);
        expect(bytesToHex(bytes)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe("Bvll6FrameView equals decodeFrame", () => {
  it("on arbitrary octets, in a reused view, at any offset of a larger buffer", () => {
    const view = new Bvll6FrameView(); // one view for every run: reset must forget the last datagram
    fc.assert(
      fc.property(anyDatagram, fc.nat(8), fc.nat(8), (bytes, pre, post) => {
        const buffer = new Uint8Array(pre + bytes.length + post).fill(0xcc);
        buffer.set(bytes, pre);
        const datagram = buffer.subarray(pre, pre + bytes.length);
        const expected = tryDecodeFrame(datagram);
        const valid = view.reset(buffer, pre, pre + bytes.length);
        expect(valid).toBe(!(expected instanceof Bvll6DecodeError));
        expect(view.valid).toBe(valid);
        expect([view.start, view.end, view.length]).toEqual([pre, pre + bytes.length, bytes.length]);
        if (expected instanceof Bvll6DecodeError) {
          expect(view.problem).toBe(expected.code);
          expect(view.problemOffset).toBe(expected.offset);
          expect(view.toError()!.message).toBe(expected.message);
          expect(() => view.kind).toThrow(expect.objectContaining({ code: "NO_FRAME" }));
          return;
        }
        expect(view.problem).toBeUndefined();
        expect(view.toError()).toBeUndefined();
        expect(normalize(view.toFrame())).toEqual(normalize(expected));
        expect(view.kind).toBe(expected.kind);
        expect(view.functionCode).toBe(bytes[1]);
        for (const field of FRAME_FIELDS) {
          const value = (expected as unknown as Record<string, unknown>)[field];
          expect([field, comparable(view[field])]).toEqual([field, comparable(value)]);
        }
        expect(view.originatorVmac).toBe(frameSourceVmac(expected));
        const npdu = "npdu" in expected ? expected.npdu : undefined;
        expect(view.npduStart).toBe(npdu === undefined ? undefined : npdu.byteOffset);
        expect(view.npduEnd).toBe(npdu === undefined ? undefined : npdu.byteOffset + npdu.length);
        if (npdu !== undefined) {
          const copy = new Uint8Array(npdu.length + 2);
          expect(view.copyNpdu(copy, 1)).toBe(npdu.length);
          expect(bytesToHex(copy.subarray(1, 1 + npdu.length))).toBe(bytesToHex(npdu));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("zero-copy views", () => {
  // Each frame sits at octet 100 of a larger buffer, as in a reused receive buffer.
  const cases = [
    ["OriginalUnicastNpdu", "82 01 000c 0004d2 00162e abcd", 10],
    ["OriginalBroadcastNpdu", "82 02 0009 0004d2 abcd", 7],
    ["ForwardedNpdu", "82 08 001b 0004d2 fd00000000000000000000000000000a bac0 abcd", 25],
    ["DistributeBroadcastToNetwork", "82 0c 0009 0004d2 abcd", 7],
    ["SecureBvll", "82 0b 0006 abcd", 4],
    ["Unknown", "82 42 0006 abcd", 4],
  ] as const;

  it.each(cases)("%s: the NPDU/payload is a view into the datagram at its offset", (kind, hex, at) => {
    const wire = hexToBytes(hex);
    const backing = new Uint8Array(256);
    backing.set(wire, 100);
    const datagram = backing.subarray(100, 100 + wire.length);
    const frame = decodeFrame(datagram);
    expect(frame.kind).toBe(kind);
    const view = "npdu" in frame ? frame.npdu : "payload" in frame ? frame.payload : undefined;
    expect(view).toBeDefined();
    expect(view!.buffer).toBe(backing.buffer);
    expect(view!.byteOffset).toBe(100 + at);
    expect(bytesToHex(view!)).toBe("abcd");
    backing[100 + at] = 0x11; // a write to the buffer shows through the view
    expect(view![0]).toBe(0x11);
  });
});
