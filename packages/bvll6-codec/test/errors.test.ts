/**
 * Every decode and encode error code, with its offset or field, and the guarantee that a
 * failed encode writes nothing into the caller's buffer.
 */
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  type Bvll6DecodeErrorCode,
  Bvll6DecodeError,
  Bvll6EncodeError,
  type Bvll6EncodeErrorCode,
  Bip6Error,
  Bvll6Error,
  type Bvll6Frame,
  bytesToHex,
  decodeFrame,
  encodedLength,
  encodeFrame,
  encodeInto,
  hexToBytes,
  isDecodable,
  npduProblem,
  MAX_BVLL6_LENGTH,
  MAX_NPDU_LENGTH,
  tryDecodeFrame,
} from "../src/index.js";
import { ANNEX_U_MIN_LENGTH, ANNEX_U_VARIABLE_SIZE } from "./helpers/frames.js";

function decodeError(hex: string): Bvll6DecodeError {
  const bytes = hexToBytes(hex);
  const result = tryDecodeFrame(bytes);
  if (!(result instanceof Bvll6DecodeError)) throw new Error(`expected a decode error for ${hex}, got ${result.kind}`);
  // decodeFrame must throw the same error (same code, offset and message).
  let thrown: unknown;
  try {
    decodeFrame(bytes);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Bvll6DecodeError);
  expect(thrown).toMatchObject({ code: result.code, offset: result.offset, message: result.message });
  return result;
}

function expectDecodeError(hex: string, code: Bvll6DecodeErrorCode, offset: number): Bvll6DecodeError {
  const e = decodeError(hex);
  expect({ code: e.code, offset: e.offset }).toEqual({ code, offset });
  expect(e.message).toContain(`(at octet ${offset})`);
  return e;
}

const MIN = ANNEX_U_MIN_LENGTH;
const FIXED = MIN.map((_, fn) => fn).filter((fn) => !ANNEX_U_VARIABLE_SIZE.has(fn));

/** A frame of `length` octets for function `fn` with a correct length field and zero body. */
function frameOfLength(fn: number, length: number): string {
  const bytes = new Uint8Array(length);
  bytes[0] = 0x82;
  bytes[1] = fn;
  bytes[2] = length >>> 8;
  bytes[3] = length & 0xff;
  return bytesToHex(bytes);
}

describe("decode errors", () => {
  it("TRUNCATED_HEADER for fewer than 4 octets, offset = octets available", () => {
    expectDecodeError("", "TRUNCATED_HEADER", 0);
    expectDecodeError("82", "TRUNCATED_HEADER", 1);
    expectDecodeError("8206", "TRUNCATED_HEADER", 2);
    expectDecodeError("820600", "TRUNCATED_HEADER", 3);
  });

  it("WRONG_BVLC_TYPE for a BACnet/IPv4 (0x81) frame, saying so, at offset 0", () => {
    // A valid Annex J Original-Unicast-NPDU: 81 0a 000c + NPDU.
    const e = expectDecodeError("81 0a 000c 0120ffff00ff1008", "WRONG_BVLC_TYPE", 0);
    expect(e.message).toContain("0x81");
    expect(e.message).toContain("BACnet/IPv4");
  });

  it.each(["00", "80", "83", "ff"])("WRONG_BVLC_TYPE for type 0x%s", (type) => {
    const e = expectDecodeError(`${type} 06 0007 0004d2`, "WRONG_BVLC_TYPE", 0);
    expect(e.message).toContain(`0x${type}`);
  });

  it("checks the type before the length", () => {
    expectDecodeError("81 06 0099 0004d2", "WRONG_BVLC_TYPE", 0);
  });

  it("LENGTH_MISMATCH at offset 2 when the length field is larger or smaller than the datagram", () => {
    expectDecodeError("82 03 000b 0004d2 00162e", "LENGTH_MISMATCH", 2);
    expectDecodeError("82 03 0009 0004d2 00162e", "LENGTH_MISMATCH", 2);
    expectDecodeError("82 03 0000 0004d2 00162e", "LENGTH_MISMATCH", 2);
    expectDecodeError("82 0d 0005 0102", "LENGTH_MISMATCH", 2); // also for unknown functions
    const e = expectDecodeError("82 06 0107 0004d2", "LENGTH_MISMATCH", 2);
    expect(e.message).toContain("263");
    expect(e.message).toContain("7");
  });

  const hex2 = (fn: number): string => `0x${fn.toString(16).padStart(2, "0")}`;

  it.each(MIN.map((min, fn) => [hex2(fn), fn, min] as const))(
    "TOO_SHORT for function %s one octet below its minimum, offset = end of data",
    (_name, fn, min) => {
      expectDecodeError(frameOfLength(fn, min - 1), fn === 0x0b ? "TRUNCATED_HEADER" : "TOO_SHORT", min - 1);
    },
  );

  it("TOO_SHORT for a header-only frame of a function with a VMAC", () => {
    expectDecodeError("82 00 0004", "TOO_SHORT", 4);
    expectDecodeError("82 08 0018 0004d2 fd000000000000000000000000000000 ba", "TOO_SHORT", 24);
  });

  it.each(FIXED.map((fn) => [hex2(fn), fn, MIN[fn]!] as const))(
    "TOO_LONG for fixed-size function %s with one extra octet, offset = first extra octet",
    (_name, fn, min) => {
      expectDecodeError(frameOfLength(fn, min + 1), "TOO_LONG", min);
    },
  );

  it("TOO_LONG for the Address-Resolution example with a trailing octet", () => {
    expectDecodeError("82 03 000b 0004d2 00162e 00", "TOO_LONG", 10);
  });

  it("decodes variable-size functions at exactly their minimum", () => {
    for (const fn of ANNEX_U_VARIABLE_SIZE) {
      expect(tryDecodeFrame(hexToBytes(frameOfLength(fn, MIN[fn]!)))).not.toBeInstanceOf(Bvll6DecodeError);
    }
  });

  it("errors are Bvll6DecodeError < Bvll6Error < Bip6Error < Error with a name", () => {
    const e = decodeError("82");
    expect(e).toBeInstanceOf(Bvll6Error);
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("Bvll6DecodeError");
    expect(String(e)).toMatch(/^Bvll6DecodeError: /);
  });

  it("Bip6Error, the root every bip6 package extends, keeps its code and an optional cause", () => {
    const cause = new Error("EADDRINUSE");
    const e = new Bip6Error("SOME_CODE", "something failed", { cause });
    expect(e).toMatchObject({ code: "SOME_CODE", message: "something failed", cause });
    expect("cause" in new Bip6Error("X", "no cause")).toBe(false);
  });
});

describe("encode errors", () => {
  const addr = Bip6Address.parse("[fd00::1]:47808");
  const npdu = hexToBytes("0120ffff00ff1008");

  function expectEncodeError(frame: Bvll6Frame, code: Bvll6EncodeErrorCode, field: string): void {
    // Nothing may be written into the caller's buffer when validation fails.
    const target = new Uint8Array(2048).fill(0xee);
    for (const run of [
      () => encodeFrame(frame),
      () => encodedLength(frame),
      () => encodeFrame(frame, target, 3),
      () => encodeInto(frame, target, 3),
      () => encodeInto(frame, target),
    ]) {
      let thrown: unknown;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Bvll6EncodeError);
      expect(thrown).toBeInstanceOf(Bvll6Error);
      expect(thrown).toMatchObject({ code, field, name: "Bvll6EncodeError" });
    }
    expect(target.every((b) => b === 0xee)).toBe(true);
  }

  // Every VMAC field of every kind that has one.
  const vmacFields: readonly [string, (v: number) => Bvll6Frame][] = [
    ["sourceVmac", (v) => ({ kind: "BvlcResult", sourceVmac: v, resultCode: 0 })],
    ["sourceVmac", (v) => ({ kind: "OriginalUnicastNpdu", sourceVmac: v, destinationVmac: 1, npdu })],
    ["destinationVmac", (v) => ({ kind: "OriginalUnicastNpdu", sourceVmac: 1, destinationVmac: v, npdu })],
    ["sourceVmac", (v) => ({ kind: "OriginalBroadcastNpdu", sourceVmac: v, npdu })],
    ["sourceVmac", (v) => ({ kind: "AddressResolution", sourceVmac: v, targetVmac: 1 })],
    ["targetVmac", (v) => ({ kind: "AddressResolution", sourceVmac: 1, targetVmac: v })],
    [
      "originalSourceVmac",
      (v) => ({ kind: "ForwardedAddressResolution", originalSourceVmac: v, targetVmac: 1, originalSource: addr }),
    ],
    [
      "targetVmac",
      (v) => ({ kind: "ForwardedAddressResolution", originalSourceVmac: 1, targetVmac: v, originalSource: addr }),
    ],
    ["sourceVmac", (v) => ({ kind: "AddressResolutionAck", sourceVmac: v, destinationVmac: 1 })],
    ["destinationVmac", (v) => ({ kind: "AddressResolutionAck", sourceVmac: 1, destinationVmac: v })],
    ["sourceVmac", (v) => ({ kind: "VirtualAddressResolution", sourceVmac: v })],
    ["sourceVmac", (v) => ({ kind: "VirtualAddressResolutionAck", sourceVmac: v, destinationVmac: 1 })],
    ["destinationVmac", (v) => ({ kind: "VirtualAddressResolutionAck", sourceVmac: 1, destinationVmac: v })],
    ["originalSourceVmac", (v) => ({ kind: "ForwardedNpdu", originalSourceVmac: v, originalSource: addr, npdu })],
    ["sourceVmac", (v) => ({ kind: "RegisterForeignDevice", sourceVmac: v, timeToLive: 60 })],
    ["sourceVmac", (v) => ({ kind: "DeleteForeignDeviceTableEntry", sourceVmac: v, entry: addr })],
    ["sourceVmac", (v) => ({ kind: "DistributeBroadcastToNetwork", sourceVmac: v, npdu })],
  ];

  describe.each(vmacFields.map(([field, make]) => [`${make(0).kind}.${field}`, field, make] as const))(
    "VMAC_OUT_OF_RANGE for %s",
    (_name, field, make) => {
      it.each([-1, 0x1000000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d", (v) => {
        expectEncodeError(make(v), "VMAC_OUT_OF_RANGE", field);
      });
      it("accepts 0 and 0xFFFFFF", () => {
        expect(() => encodeFrame(make(0))).not.toThrow();
        expect(() => encodeFrame(make(0xffffff))).not.toThrow();
      });
    },
  );

  it("VMAC_OUT_OF_RANGE names the range and the value", () => {
    expect(() => encodeFrame({ kind: "VirtualAddressResolution", sourceVmac: 0x1000000 })).toThrow(
      /0-0xFFFFFF, got 16777216/,
    );
  });

  it.each([65536, -1, 1.5, Number.NaN])("TTL_OUT_OF_RANGE for %d", (ttl) => {
    expectEncodeError(
      { kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: ttl },
      "TTL_OUT_OF_RANGE",
      "timeToLive",
    );
  });

  it("TTL 0 and 65535 encode", () => {
    expect(bytesToHex(encodeFrame({ kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: 0 }))).toBe(
      "820900090000010000",
    );
    expect(bytesToHex(encodeFrame({ kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: 65535 }))).toBe(
      "82090009000001ffff",
    );
  });

  it.each([0x10000, -1, 0.5])("RESULT_CODE_OUT_OF_RANGE for %d", (code) => {
    expectEncodeError(
      { kind: "BvlcResult", sourceVmac: 1, resultCode: code },
      "RESULT_CODE_OUT_OF_RANGE",
      "resultCode",
    );
  });

  describe("NPDU size", () => {
    const big = new Uint8Array(MAX_NPDU_LENGTH + 1);
    const max = new Uint8Array(MAX_NPDU_LENGTH).map((_, i) => i & 0xff);
    const npduFrames = (n: Uint8Array): Bvll6Frame[] => [
      { kind: "OriginalUnicastNpdu", sourceVmac: 1, destinationVmac: 2, npdu: n },
      { kind: "OriginalBroadcastNpdu", sourceVmac: 1, npdu: n },
      { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: addr, npdu: n },
      { kind: "DistributeBroadcastToNetwork", sourceVmac: 1, npdu: n },
    ];

    it.each(npduFrames(big).map((f) => [f.kind, f] as const))(
      "NPDU_TOO_LONG for a 1498-octet NPDU in %s",
      (_k, frame) => {
        expectEncodeError(frame, "NPDU_TOO_LONG", "npdu");
      },
    );

    it("npduProblem names what every NPDU-taking API refuses, and nothing else", () => {
      expect(npduProblem(max)).toBeUndefined();
      expect(npduProblem(new Uint8Array(0))).toBeUndefined();
      expect(npduProblem(big)).toBe("NPDU of 1498 octets exceeds the BACnet/IPv6 maximum of 1497");
      expect(npduProblem([1, 2])).toBe("the NPDU must be a Uint8Array, got an array of 2");
    });

    it("1497 octets is the maximum: a full Forwarded-NPDU is 1522 octets and decodes back", () => {
      expect(MAX_NPDU_LENGTH).toBe(1497);
      const [unicast, broadcast, forwarded, dbtn] = npduFrames(max).map((f) => encodeFrame(f));
      expect(unicast!.length).toBe(1507);
      expect(broadcast!.length).toBe(1504);
      expect(dbtn!.length).toBe(1504);
      expect(forwarded!.length).toBe(1522);
      expect(forwarded!.length).toBe(MAX_BVLL6_LENGTH);
      expect(bytesToHex(forwarded!.subarray(0, 4))).toBe("820805f2");
      const decoded = decodeFrame(forwarded!);
      expect(decoded.kind === "ForwardedNpdu" && bytesToHex(decoded.npdu)).toBe(bytesToHex(max));
    });

    it.each([
      ["Original-Unicast-NPDU", "82 01 05e4 0004d2 00162e", 1507],
      ["Original-Broadcast-NPDU", "82 02 05e1 0004d2", 1504],
      ["Forwarded-NPDU", "82 08 05f3 0004d2 fd00000000000000000000000000000a bac0", 1522],
      ["Distribute-Broadcast-To-Network", "82 0c 05e1 0004d2", 1504],
    ])("the decoder refuses a 1498-octet NPDU in %s: TOO_LONG at the first octet past 1497", (_name, head, max) => {
      const wire = new Uint8Array(max + 1);
      wire.set(hexToBytes(head));
      expect(isDecodable(wire)).toBe(false);
      expectDecodeError(bytesToHex(wire), "TOO_LONG", max);
      const fits = wire.slice(0, max);
      fits[2] = max >>> 8;
      fits[3] = max & 0xff;
      expect(decodeFrame(fits).kind).not.toBe("Unknown");
    });

    it("Secure-BVLL and unknown payloads are limited by the 16-bit length field only", () => {
      const fits = new Uint8Array(0xffff - 4);
      expect(encodeFrame({ kind: "SecureBvll", payload: fits }).length).toBe(0xffff);
      expect(encodeFrame({ kind: "Unknown", functionCode: 0x0d, payload: fits }).length).toBe(0xffff);
      const over = new Uint8Array(0xffff - 3);
      expectEncodeError({ kind: "SecureBvll", payload: over }, "NPDU_TOO_LONG", "payload");
      expectEncodeError({ kind: "Unknown", functionCode: 0x0d, payload: over }, "NPDU_TOO_LONG", "payload");
    });
  });

  it.each([0x00, 0x0b, 0x0c, 0x100, -1, 13.5, Number.NaN])(
    "FUNCTION_OUT_OF_RANGE for an Unknown frame with code %d",
    (fn) => {
      expectEncodeError(
        { kind: "Unknown", functionCode: fn, payload: new Uint8Array(0) },
        "FUNCTION_OUT_OF_RANGE",
        "functionCode",
      );
    },
  );

  it("UNKNOWN_KIND for a kind that is not a frame", () => {
    expectEncodeError({ kind: "OriginalUnicast" } as unknown as Bvll6Frame, "UNKNOWN_KIND", "kind");
    expectEncodeError({ kind: "constructor" } as unknown as Bvll6Frame, "UNKNOWN_KIND", "kind");
    expectEncodeError({ sourceVmac: 1 } as unknown as Bvll6Frame, "UNKNOWN_KIND", "kind");
    expectEncodeError({ kind: 1 } as unknown as Bvll6Frame, "UNKNOWN_KIND", "kind");
  });

  it.each([null, undefined, 5, "OriginalUnicastNpdu", [1]])("INVALID_FIELD 'frame' for %o", (bad) => {
    expectEncodeError(bad as unknown as Bvll6Frame, "INVALID_FIELD", "frame");
  });

  describe("wrong types: INVALID_FIELD naming the field, and nothing written", () => {
    /** NPDUs that are not a Uint8Array: once truncated, zero-filled or written half. */
    const notOctets: readonly [string, unknown][] = [
      ["a Uint16Array", new Uint16Array([0x0120, 0xffff])],
      ["a string", "hello"],
      ["a number[]", [1, 2, 3]],
      ["a Uint8ClampedArray", new Uint8ClampedArray(3)],
      ["a DataView", new DataView(new ArrayBuffer(3))],
      ["an ArrayBuffer", new ArrayBuffer(3)],
      ["null", null],
      ["a missing field", undefined],
      ["an object", { length: 3 }],
    ];
    const npduKinds = ["OriginalUnicastNpdu", "OriginalBroadcastNpdu", "ForwardedNpdu", "DistributeBroadcastToNetwork"];
    const withNpdu = (kind: string, value: unknown): Bvll6Frame =>
      ({
        kind,
        sourceVmac: 1,
        destinationVmac: 2,
        originalSourceVmac: 1,
        originalSource: addr,
        npdu: value,
      }) as unknown as Bvll6Frame;

    describe.each(npduKinds)("%s.npdu", (kind) => {
      it.each(notOctets)("%s", (_name, value) => {
        expectEncodeError(withNpdu(kind, value), "INVALID_FIELD", "npdu");
      });
    });

    it.each(notOctets)("SecureBvll and Unknown payload: %s", (_name, value) => {
      expectEncodeError({ kind: "SecureBvll", payload: value } as unknown as Bvll6Frame, "INVALID_FIELD", "payload");
      expectEncodeError(
        { kind: "Unknown", functionCode: 0x0d, payload: value } as unknown as Bvll6Frame,
        "INVALID_FIELD",
        "payload",
      );
    });

    it("the message says what the NPDU was", () => {
      expect(() => encodeFrame(withNpdu("OriginalBroadcastNpdu", "hello"))).toThrow(
        'the NPDU must be a Uint8Array, got "hello"',
      );
    });

    const notAddresses: readonly [string, unknown][] = [
      ["missing", undefined],
      ["null", null],
      ["text", "[fd00::1]:47808"],
      ["18 octets", new Uint8Array(18)],
      ["an object", { port: 47808 }],
    ];

    it.each(notAddresses)("an address field that is %s", (_name, value) => {
      const frames: [Bvll6Frame, string][] = [
        [
          { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: value, npdu } as unknown as Bvll6Frame,
          "originalSource",
        ],
        [
          {
            kind: "ForwardedAddressResolution",
            originalSourceVmac: 1,
            targetVmac: 2,
            originalSource: value,
          } as unknown as Bvll6Frame,
          "originalSource",
        ],
        [{ kind: "DeleteForeignDeviceTableEntry", sourceVmac: 1, entry: value } as unknown as Bvll6Frame, "entry"],
      ];
      for (const [frame, field] of frames) expectEncodeError(frame, "INVALID_FIELD", field);
    });

    it.each([
      ["a string VMAC", { kind: "VirtualAddressResolution", sourceVmac: "1234" }, "sourceVmac"],
      ["a missing VMAC", { kind: "AddressResolution", sourceVmac: 1 }, "targetVmac"],
      ["a string TTL", { kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: "60" }, "timeToLive"],
      ["a missing result code", { kind: "BvlcResult", sourceVmac: 1 }, "resultCode"],
      ["a bigint result code", { kind: "BvlcResult", sourceVmac: 1, resultCode: 0n }, "resultCode"],
      ["a string function code", { kind: "Unknown", functionCode: "13", payload: npdu }, "functionCode"],
    ])("%s", (_name, frame, field) => {
      expectEncodeError(frame as unknown as Bvll6Frame, "INVALID_FIELD", field);
    });

    it("a number out of range is still *_OUT_OF_RANGE (the type is right, the value is not)", () => {
      expectEncodeError({ kind: "VirtualAddressResolution", sourceVmac: -1 }, "VMAC_OUT_OF_RANGE", "sourceVmac");
      expectEncodeError(
        { kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: -1 },
        "TTL_OUT_OF_RANGE",
        "timeToLive",
      );
    });

    it("checks the fields in wire order, so the first bad one is named", () => {
      expectEncodeError(
        { kind: "OriginalUnicastNpdu", sourceVmac: -1, destinationVmac: "x", npdu: "y" } as unknown as Bvll6Frame,
        "VMAC_OUT_OF_RANGE",
        "sourceVmac",
      );
      expectEncodeError(
        { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: null, npdu: "y" } as unknown as Bvll6Frame,
        "INVALID_FIELD",
        "originalSource",
      );
    });

    it.each([
      ["a plain array", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      ["a Uint16Array", new Uint16Array(64)],
      ["a DataView", new DataView(new ArrayBuffer(64))],
      ["an ArrayBuffer", new ArrayBuffer(64)],
      ["null", null],
    ])("a target that is %s: INVALID_FIELD 'target'", (_name, target) => {
      const frame: Bvll6Frame = { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 };
      for (const run of [
        () => encodeFrame(frame, target as unknown as Uint8Array),
        () => encodeInto(frame, target as unknown as Uint8Array),
      ]) {
        expect(run).toThrow(
          expect.objectContaining({ name: "Bvll6EncodeError", code: "INVALID_FIELD", field: "target" }),
        );
      }
    });

    it("an offset that is not a number: INVALID_FIELD 'offset'", () => {
      const frame: Bvll6Frame = { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 };
      const target = new Uint8Array(32).fill(0xee);
      for (const bad of ["1", null, {}]) {
        for (const run of [
          () => encodeFrame(frame, target, bad as number),
          () => encodeInto(frame, target, bad as number),
        ]) {
          expect(run).toThrow(expect.objectContaining({ code: "INVALID_FIELD", field: "offset" }));
        }
      }
      expect(target.every((b) => b === 0xee)).toBe(true);
    });
  });

  describe("BUFFER_TOO_SMALL and writing into a caller's buffer", () => {
    const frame: Bvll6Frame = { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 };
    const wire = "8203000a0004d200162e";

    it.each([
      ["a buffer one octet short", 9, 0],
      ["an offset that leaves one octet short", 20, 11],
      ["an offset past the end", 20, 21],
      ["a negative offset", 20, -1],
      ["a fractional offset", 20, 0.5],
    ] as const)("rejects %s", (_name, size, offset) => {
      const target = new Uint8Array(size).fill(0xee);
      expect(() => encodeFrame(frame, target, offset)).toThrow(
        expect.objectContaining({ code: "BUFFER_TOO_SMALL", field: "target" }),
      );
      expect(() => encodeInto(frame, target, offset)).toThrow(
        expect.objectContaining({ code: "BUFFER_TOO_SMALL", field: "target" }),
      );
      expect(target.every((b) => b === 0xee)).toBe(true);
    });

    it("writes exactly at the offset and returns a view of the written octets", () => {
      const target = new Uint8Array(32).fill(0xee);
      const view = encodeFrame(frame, target, 7);
      expect(view.buffer).toBe(target.buffer);
      expect(view.byteOffset).toBe(7);
      expect(view.length).toBe(10);
      expect(bytesToHex(view)).toBe(wire);
      expect(bytesToHex(target)).toBe(`${"ee".repeat(7)}${wire}${"ee".repeat(15)}`);
    });

    it("fills a buffer exactly, and honours a target that is itself a view", () => {
      const backing = new Uint8Array(40).fill(0xee);
      const target = backing.subarray(10, 30);
      const view = encodeFrame(frame, target, 10);
      expect(view.byteOffset).toBe(20);
      expect(bytesToHex(backing)).toBe(`${"ee".repeat(20)}${wire}${"ee".repeat(10)}`);
    });

    it("defaults to offset 0", () => {
      const target = new Uint8Array(12).fill(0xee);
      expect(bytesToHex(encodeFrame(frame, target))).toBe(wire);
      expect(bytesToHex(target)).toBe(`${wire}eeee`);
    });
  });
});
