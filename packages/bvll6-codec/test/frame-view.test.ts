/**
 * Bvll6FrameView: a reusable, allocation-free reading of one datagram in place. Its verdict,
 * error codes, offsets and every field equal what decodeFrame makes of the same octets.
 */
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  Bvll6ArgumentError,
  Bvll6DecodeError,
  Bvll6FrameView,
  bytesToHex,
  decodeFrame,
  hexToBytes,
  isBip6Error,
} from "../src/index.js";

const FORWARDED = "82 08 001b 0004d2 fd00000000000000000000000000000a bac0 abcd";

/** `hex` at octet 3 of a larger buffer, as in a reused receive buffer. */
function framed(hex: string): { bytes: Uint8Array; start: number; end: number } {
  const wire = hexToBytes(hex);
  const bytes = new Uint8Array(wire.length + 8).fill(0xee);
  bytes.set(wire, 3);
  return { bytes, start: 3, end: 3 + wire.length };
}

describe("Bvll6FrameView", () => {
  it("reads a Forwarded-NPDU in place", () => {
    const { bytes, start, end } = framed(FORWARDED);
    const view = new Bvll6FrameView();
    expect(view.reset(bytes, start, end)).toBe(true);
    expect(view.valid).toBe(true);
    expect(view.problem).toBeUndefined();
    expect([view.bytes, view.start, view.end, view.length]).toEqual([bytes, 3, 30, 27]);
    expect(view.functionCode).toBe(0x08);
    expect(view.kind).toBe("ForwardedNpdu");
    expect(view.originalSourceVmac).toBe(1234);
    expect(view.originatorVmac).toBe(1234);
    expect(view.sourceVmac).toBeUndefined();
    expect(view.destinationVmac).toBeUndefined();
    expect(view.originalSource!.toString()).toBe("[fd00::a]:47808");
    expect(view.originalSource).toBe(view.originalSource); // built once per reset
    expect(view.addressStart).toBe(start + 7);
    expect([view.npduStart, view.npduEnd]).toEqual([start + 25, end]);
    expect(bytesToHex(view.npdu!)).toBe("abcd");
    expect(view.npdu!.buffer).toBe(bytes.buffer); // a view, no copy
    expect(view.npdu!.byteOffset).toBe(start + 25);
  });

  it("copies the NPDU into a caller's buffer and returns its length", () => {
    const { bytes, start, end } = framed(FORWARDED);
    const view = new Bvll6FrameView();
    view.reset(bytes, start, end);
    const out = new Uint8Array(6).fill(0);
    expect(view.copyNpdu(out, 3)).toBe(2);
    expect(bytesToHex(out)).toBe("000000abcd00");
    expect(() => view.copyNpdu(new Uint8Array(1))).toThrow(
      expect.objectContaining({ name: "Bvll6ArgumentError", code: "OUT_OF_RANGE", argument: "target" }),
    );
    expect(() => view.copyNpdu([] as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: "INVALID_BYTES" }),
    );
    view.reset(hexToBytes("82 03 000a 0004d2 00162e"));
    expect(() => view.copyNpdu(out)).toThrow(expect.objectContaining({ code: "INVALID_FRAME" }));
  });

  it("is reused: each reset forgets the previous frame, its cached address and NPDU", () => {
    const view = new Bvll6FrameView();
    view.reset(hexToBytes(FORWARDED));
    const first = view.originalSource!;
    view.reset(hexToBytes("82 08 001b 0004d2 fd00000000000000000000000000000b bac1 abcd"));
    expect(view.originalSource!.toString()).toBe("[fd00::b]:47809");
    expect(first.toString()).toBe("[fd00::a]:47808");
    view.reset(hexToBytes("82 03 000a 0004d2 00162e"));
    expect([view.kind, view.sourceVmac, view.targetVmac, view.originalSource, view.npdu, view.npduStart]).toEqual([
      "AddressResolution",
      1234,
      5678,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("an invalid datagram: the code and offset decodeFrame would report, and fields refuse to be read", () => {
    const view = new Bvll6FrameView();
    const bytes = hexToBytes("82 03 000b 0004d2 00162e");
    expect(view.reset(bytes)).toBe(false);
    expect(view.valid).toBe(false);
    expect(view.problem).toBe("LENGTH_MISMATCH");
    expect(view.problemOffset).toBe(2);
    const error = view.toError()!;
    expect(error).toBeInstanceOf(Bvll6DecodeError);
    expect(error.message).toBe("length field says 11 octets but the datagram has 10 (at octet 2)");
    expect(() => view.toFrame()).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH", offset: 2 }));
    for (const read of [() => view.kind, () => view.functionCode, () => view.sourceVmac, () => view.npdu]) {
      let thrown: unknown;
      try {
        read();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Bvll6ArgumentError);
      expect(isBip6Error(thrown, "NO_FRAME")).toBe(true);
      expect((thrown as Error).message).toContain("LENGTH_MISMATCH");
    }
  });

  it("a fresh view holds no frame", () => {
    const view = new Bvll6FrameView();
    expect([view.valid, view.problem, view.problemOffset, view.length]).toEqual([false, "INVALID_INPUT", 0, 0]);
    expect(() => view.kind).toThrow(expect.objectContaining({ code: "NO_FRAME" }));
  });

  it.each([
    ["null", null, undefined, undefined],
    ["a plain array", [0x82, 0x06, 0, 7, 0, 4, 0xd2], undefined, undefined],
    ["a window past the end", hexToBytes("82 06 0007 0004d2"), 0, 8],
    ["a fractional start", hexToBytes("82 06 0007 0004d2"), 0.5, 7],
  ])("refuses %s as INVALID_INPUT, never a TypeError", (_name, bytes, start, end) => {
    const view = new Bvll6FrameView();
    view.reset(hexToBytes("82 06 0007 0004d2")); // a valid frame first: a failed reset must forget it
    expect(view.reset(bytes as Uint8Array, start, end)).toBe(false);
    expect(view.problem).toBe("INVALID_INPUT");
    expect(view.toError()).toMatchObject({ code: "INVALID_INPUT", offset: 0 });
  });

  it.each([
    ["82 00 0009 0004d2 0090", { sourceVmac: 1234, resultCode: 0x90 }],
    ["82 01 000c 0004d2 00162e abcd", { sourceVmac: 1234, destinationVmac: 5678, npduStart: 10 }],
    ["82 04 001c 0004d2 00162e fd00000000000000000000000000000a bac0", { targetVmac: 5678, addressStart: 10 }],
    ["82 09 0009 0003e7 003c", { sourceVmac: 999, timeToLive: 60 }],
    ["82 0a 0019 0004d2 fd00000100000000000000000000000f bac1", { sourceVmac: 1234, addressStart: 7 }],
    ["82 0b 0006 abcd", { sourceVmac: undefined, originatorVmac: undefined }],
    ["82 42 0006 abcd", { functionCode: 0x42, kind: "Unknown", originatorVmac: undefined }],
  ] as const)("%s: fields in place", (hex, expected) => {
    const view = new Bvll6FrameView();
    expect(view.reset(hexToBytes(hex))).toBe(true);
    for (const [field, value] of Object.entries(expected)) {
      expect([field, view[field as keyof Bvll6FrameView]]).toEqual([field, value]);
    }
    expect(view.toFrame()).toEqual(decodeFrame(hexToBytes(hex)));
  });

  it("entry and payload are views or addresses like decodeFrame's", () => {
    const view = new Bvll6FrameView();
    view.reset(hexToBytes("82 0a 0019 0004d2 fd00000100000000000000000000000f bac1"));
    expect(view.entry!.equals(Bip6Address.parse("[fd00:1::f]:47809"))).toBe(true);
    view.reset(hexToBytes("82 42 0006 abcd"));
    expect(bytesToHex(view.payload!)).toBe("abcd");
  });
});
