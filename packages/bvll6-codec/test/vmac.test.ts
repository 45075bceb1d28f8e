/** VMAC helpers: text round trip, rejected inputs, range predicates at their edges, wire I/O. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bytesToHex,
  formatVmac,
  isInstanceVmac,
  isRandomVmac,
  isVmac,
  MAX_DEVICE_INSTANCE,
  MAX_VMAC,
  parseVmac,
  RANDOM_VMAC_MAX,
  RANDOM_VMAC_MIN,
  readVmac,
  writeVmac,
} from "../src/index.js";

describe("text", () => {
  it.each([
    [1234, "0004d2"],
    [5678, "00162e"],
    [0, "000000"],
    [0xffffff, "ffffff"],
    [0x400000, "400000"],
  ])("formatVmac(%i) = %s", (vmac, text) => {
    expect(formatVmac(vmac)).toBe(text);
    expect(parseVmac(text)).toBe(vmac);
  });

  it.each(["0004d2", "0004D2", "0x0004d2", "0X0004D2", "00:04:d2", "00-04-D2", " 0004d2\n"])(
    "parseVmac(%j) = 1234",
    (text) => {
      expect(parseVmac(text)).toBe(1234);
    },
  );

  it.each([
    "",
    "4d2",
    "04d2",
    "0004d",
    "0004d20",
    "0x",
    "0x4d2",
    "zzzzzz",
    "00:04:d2:00",
    "0:04:d2",
    "00 04 d2",
    "-00004d2",
    "1234",
  ])("parseVmac(%j) throws INVALID_VMAC", (text) => {
    expect(() => parseVmac(text)).toThrow(
      expect.objectContaining({ code: "INVALID_VMAC", name: "Bip6AddressError", input: text }),
    );
  });

  it.each([-1, 0x1000000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("formatVmac(%d) throws INVALID_VMAC", (v) => {
    expect(() => formatVmac(v)).toThrow(expect.objectContaining({ code: "INVALID_VMAC" }));
  });

  it("parse(format(v)) = v for every VMAC", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_VMAC }), (v) => {
        const text = formatVmac(v);
        expect(text).toMatch(/^[0-9a-f]{6}$/);
        expect(parseVmac(text)).toBe(v);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("ranges (H.7.2)", () => {
  it("constants", () => {
    expect([MAX_VMAC, MAX_DEVICE_INSTANCE, RANDOM_VMAC_MIN, RANDOM_VMAC_MAX]).toEqual([
      0xffffff, 0x3fffff, 0x400000, 0x7fffff,
    ]);
  });

  it.each([
    // value, isVmac, instance, random
    [-1, false, false, false],
    [0, true, true, false],
    [1234, true, true, false],
    [0x3fffff, true, true, false],
    [0x400000, true, false, true],
    [0x5a5a5a, true, false, true],
    [0x7fffff, true, false, true],
    [0x800000, true, false, false],
    [0xffffff, true, false, false],
    [0x1000000, false, false, false],
    [0x3fffff + 0.5, false, false, false],
    [0x400000 + 0.5, false, false, false],
    [Number.NaN, false, false, false],
  ])("%d", (value, vmac, instance, random) => {
    expect([isVmac(value), isInstanceVmac(value), isRandomVmac(value)]).toEqual([vmac, instance, random]);
  });

  it("isVmac rejects non-numbers", () => {
    for (const v of ["1", 1n, null, undefined, {}, [1]]) expect(isVmac(v)).toBe(false);
  });
});

describe("wire", () => {
  it("reads and writes 3 octets big-endian at an offset", () => {
    const b = new Uint8Array(6).fill(0xee);
    writeVmac(b, 2, 0x0004d2);
    expect(bytesToHex(b)).toBe("eeee0004d2ee");
    expect(readVmac(b, 2)).toBe(1234);
    writeVmac(b, 0, 0xffffff);
    expect(readVmac(b, 0)).toBe(0xffffff);
    expect(bytesToHex(b)).toBe("ffffff04d2ee");
  });
});
