/**
 * What the decoder accepts as a datagram (any Uint8Array, a Buffer included; nothing else),
 * windows [start, end) that must lie inside the buffer, the allocation-free verdict
 * (decodeProblem / isDecodable), and the stackless error tryDecodeFrame returns.
 */
import { describe, expect, it } from "vitest";
import {
  Bvll6DecodeError,
  bytesToHex,
  decodeFrame,
  decodeProblem,
  hexToBytes,
  isBip6Error,
  isDecodable,
  tryDecodeFrame,
} from "../src/index.js";
import { otherRealmUint8Array } from "./helpers/realm.js";

const ADDRESS_RESOLUTION = "82 03 000a 0004d2 00162e";

const NOT_DATAGRAMS: readonly [string, unknown][] = [
  ["null", null],
  ["undefined", undefined],
  ["an empty object", {}],
  ["a number", 5],
  ["a string", "82 03 000a"],
  ["a plain array of octets", [...hexToBytes(ADDRESS_RESOLUTION)]],
  ["an ArrayBuffer", hexToBytes(ADDRESS_RESOLUTION).buffer],
  ["a DataView", new DataView(hexToBytes(ADDRESS_RESOLUTION).buffer)],
  ["a Uint16Array", new Uint16Array(10)],
  ["a Uint8ClampedArray", new Uint8ClampedArray(hexToBytes(ADDRESS_RESOLUTION))],
  ["an object that looks like octets", { length: 10, 0: 0x82, 1: 0x03 }],
  ["an object without a prototype", Object.create(null)],
  ["a symbol", Symbol("datagram")],
];

describe("accepted input types", () => {
  it.each(NOT_DATAGRAMS)(
    "%s: INVALID_INPUT at offset 0, returned by tryDecodeFrame, thrown by decodeFrame",
    (_n, v) => {
      const result = tryDecodeFrame(v as Uint8Array);
      expect(result).toBeInstanceOf(Bvll6DecodeError);
      expect(result).toMatchObject({ code: "INVALID_INPUT", offset: 0, name: "Bvll6DecodeError" });
      expect((result as Error).message).toMatch(/^expected a datagram as a Uint8Array, got /);
      let thrown: unknown;
      try {
        decodeFrame(v as Uint8Array);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Bvll6DecodeError);
      expect(thrown).toMatchObject({ code: "INVALID_INPUT", offset: 0, message: (result as Error).message });
      expect(isDecodable(v as Uint8Array)).toBe(false);
      expect(decodeProblem(v as Uint8Array)).toBe("INVALID_INPUT");
    },
  );

  it("accepts a Uint8Array subclass (Node's Buffer is one)", () => {
    class Datagram extends Uint8Array {}
    const bytes = Datagram.from(hexToBytes(ADDRESS_RESOLUTION));
    expect(decodeFrame(bytes)).toEqual({ kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 });
    expect(isDecodable(bytes)).toBe(true);
  });

  it("accepts a Uint8Array of another realm (an iframe, a vm context)", async () => {
    const bytes = await otherRealmUint8Array([...hexToBytes(ADDRESS_RESOLUTION)]);
    expect(bytes instanceof Uint8Array).toBe(false);
    expect(decodeFrame(bytes)).toEqual({ kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 });
    expect(isDecodable(bytes)).toBe(true);
    expect(decodeProblem(bytes)).toBeUndefined();
  });
});

describe("windows [start, end)", () => {
  // The example: a 4-octet buffer whose length field says 8, checked as [0, 8).
  const short = Uint8Array.of(0x82, 0x0b, 0, 8);

  it("an end past the buffer is not trusted", () => {
    expect(isDecodable(short, 0, 8)).toBe(false);
    expect(decodeProblem(short, 0, 8)).toBe("INVALID_INPUT");
    expect(tryDecodeFrame(short)).toMatchObject({ code: "LENGTH_MISMATCH" });
  });

  it.each([
    ["end past the buffer", 0, 5],
    ["start past end", 3, 2],
    ["negative start", -1, 4],
    ["fractional start", 0.5, 4],
    ["fractional end", 0, 3.5],
    ["NaN end", 0, Number.NaN],
    ["infinite end", 0, Number.POSITIVE_INFINITY],
    ["text start", "0", 4],
  ])("%s: INVALID_INPUT", (_name, start, end) => {
    expect(isDecodable(short, start as number, end)).toBe(false);
    expect(decodeProblem(short, start as number, end)).toBe("INVALID_INPUT");
  });

  it("a window inside a larger buffer is checked on its own octets", () => {
    const framed = hexToBytes(`ffff ${ADDRESS_RESOLUTION} eeee`);
    expect(decodeProblem(framed, 2, 12)).toBeUndefined();
    expect(decodeProblem(framed, 2, 13)).toBe("LENGTH_MISMATCH");
    expect(decodeProblem(framed, 2, 4)).toBe("TRUNCATED_HEADER");
    expect(decodeProblem(framed, 12, 12)).toBe("TRUNCATED_HEADER");
    expect(decodeProblem(framed)).toBe("WRONG_BVLC_TYPE");
  });
});

describe("decodeProblem", () => {
  it.each([
    ["", "TRUNCATED_HEADER"],
    ["81 0a 0004", "WRONG_BVLC_TYPE"],
    ["82 03 000b 0004d2 00162e", "LENGTH_MISMATCH"],
    ["82 00 0004", "TOO_SHORT"],
    ["82 03 000b 0004d2 00162e 00", "TOO_LONG"],
    [ADDRESS_RESOLUTION, undefined],
    ["82 42 0005 00", undefined],
  ])("%j: %s, the code tryDecodeFrame reports", (hex, code) => {
    const bytes = hexToBytes(hex);
    expect(decodeProblem(bytes)).toBe(code);
    const result = tryDecodeFrame(bytes);
    expect(result instanceof Bvll6DecodeError ? result.code : undefined).toBe(code);
  });
});

describe("the error tryDecodeFrame returns", () => {
  it("is a full Bvll6DecodeError without a captured stack; decodeFrame's thrown one has a stack", () => {
    const bytes = hexToBytes("82 03 000b 0004d2 00162e");
    const returned = tryDecodeFrame(bytes) as Bvll6DecodeError;
    expect(returned).toBeInstanceOf(Bvll6DecodeError);
    expect(returned).toBeInstanceOf(Error);
    expect(isBip6Error(returned, "LENGTH_MISMATCH")).toBe(true);
    expect(returned).toMatchObject({ name: "Bvll6DecodeError", code: "LENGTH_MISMATCH", offset: 2 });
    expect(returned.message).toBe("length field says 11 octets but the datagram has 10 (at octet 2)");
    expect(String(returned)).toBe(`Bvll6DecodeError: ${returned.message}`);
    expect(returned.stack).toBeUndefined();
    // The message is an own enumerable property here (a hidden one would cost 4x the rest).
    expect(Object.keys(returned)).toEqual(["code", "name", "offset", "message"]);
    expect(JSON.parse(JSON.stringify(returned))).toEqual({
      code: "LENGTH_MISMATCH",
      name: "Bvll6DecodeError",
      offset: 2,
      message: returned.message,
    });

    let thrown: Bvll6DecodeError | undefined;
    try {
      decodeFrame(bytes);
    } catch (e) {
      thrown = e as Bvll6DecodeError;
    }
    expect(thrown!.stack).toContain("Bvll6DecodeError");
    expect(Object.keys(thrown!)).toEqual(["code", "name", "offset"]);
    expect({ ...thrown!, message: thrown!.message }).toEqual({ ...returned });
  });

  it("each call returns its own error object", () => {
    const bytes = hexToBytes("82");
    expect(tryDecodeFrame(bytes)).not.toBe(tryDecodeFrame(bytes));
    expect(bytesToHex(bytes)).toBe("82");
  });
});
