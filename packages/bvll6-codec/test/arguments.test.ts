/**
 * Every public helper of the codec refuses a bad argument with a typed Bip6Error subclass
 * whose code says why and whose message names what was wrong — never a TypeError from deep
 * inside, never a silently wrong result. Predicates and lookups answer false / undefined.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  Bip6AddressError,
  Bvll6ArgumentError,
  type Bvll6Frame,
  describeValue,
  formatIpv6Groups,
  formatVmac,
  frameSourceVmac,
  functionKind,
  functionTitle,
  isBip6Error,
  isInstanceVmac,
  isKnownResultCode,
  isRandomVmac,
  isVmac,
  npduProblem,
  parseIpv6Groups,
  parseVmac,
  readVmac,
  resultCodeTitle,
  writeVmac,
} from "../src/index.js";

type ErrorClass = typeof Bip6AddressError | typeof Bvll6ArgumentError;

/** Values no helper takes where a string, a number or octets are expected. */
const HOSTILE: readonly unknown[] = [
  undefined,
  null,
  {},
  Object.create(null),
  Symbol("s"),
  () => 1,
  [1, 2],
  10n,
  true,
  { toString: () => "::1" },
  {
    toString: () => {
      throw new Error("toString must not be called");
    },
  },
];

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

function expectTyped(run: () => unknown, cls: ErrorClass, code: string, message?: RegExp): void {
  const e = thrownBy(run);
  expect(e).toBeInstanceOf(cls);
  expect(isBip6Error(e, code)).toBe(true);
  if (message !== undefined) expect((e as Error).message).toMatch(message);
}

const addr = Bip6Address.parse("[fd00::1]:47808");
const u8 = (n: number): Uint8Array => new Uint8Array(n);

describe("Bip6Address", () => {
  it.each([123, ...HOSTILE])("parse(%o): INVALID_IPV6, not a TypeError", (bad) => {
    expectTyped(() => Bip6Address.parse(bad as string), Bip6AddressError, "INVALID_IPV6", /IPv6 address text/);
    expect(Bip6Address.isValid(bad as string)).toBe(false);
  });

  it.each(["47808", 1.5, ...HOSTILE.filter((v) => v !== undefined)])("parse('::1', %o): INVALID_PORT", (bad) => {
    expectTyped(() => Bip6Address.parse("::1", bad as number), Bip6AddressError, "INVALID_PORT");
  });

  it.each([123, new Uint16Array(16), [...u8(16)], ...HOSTILE])("fromIp(%o): INVALID_IPV6", (bad) => {
    expectTyped(() => Bip6Address.fromIp(bad as string), Bip6AddressError, "INVALID_IPV6", /text or 16 octets/);
  });

  it.each([5, null, {}, "", "a b"])("fromIp('::1', 1, %o) and withZone(%o): INVALID_ZONE", (bad) => {
    expectTyped(() => Bip6Address.fromIp("::1", 1, bad as string), Bip6AddressError, "INVALID_ZONE");
    expectTyped(() => Bip6Address.fromIp(u8(16), 1, bad as string), Bip6AddressError, "INVALID_ZONE");
    expectTyped(() => addr.withZone(bad as string), Bip6AddressError, "INVALID_ZONE");
    expectTyped(() => Bip6Address.fromOctets(u8(18), 0, bad as string), Bip6AddressError, "INVALID_ZONE");
  });

  it.each(["1", 1.5, -1, 65536, ...HOSTILE])("withPort(%o) and fromIp(…, %o): INVALID_PORT", (bad) => {
    expectTyped(() => addr.withPort(bad as number), Bip6AddressError, "INVALID_PORT", /0-65535/);
    if (bad !== undefined) {
      expectTyped(() => Bip6Address.fromIp("::1", bad as number), Bip6AddressError, "INVALID_PORT");
      expectTyped(() => Bip6Address.fromIp(u8(16), bad as number), Bip6AddressError, "INVALID_PORT");
    }
  });

  it.each([[...u8(18)], new Uint16Array(18), new DataView(new ArrayBuffer(18)), new ArrayBuffer(18), ...HOSTILE])(
    "fromOctets(%o): INVALID_OCTETS",
    (bad) => {
      expectTyped(() => Bip6Address.fromOctets(bad as Uint8Array), Bip6AddressError, "INVALID_OCTETS", /Uint8Array/);
    },
  );

  it.each(["0", null, Number.NaN, 1.5])("fromOctets(bytes, %o): INVALID_OCTETS", (bad) => {
    expectTyped(() => Bip6Address.fromOctets(u8(20), bad as number), Bip6AddressError, "INVALID_OCTETS");
  });

  it("writeTo checks its target and offset first, and then writes nothing", () => {
    for (const [target, offset] of [
      [u8(17), 0],
      [u8(20), 3],
      [u8(20), -1],
      [u8(20), 0.5],
      [u8(20), "0"],
      [[...u8(20)], 0],
      [null, 0],
    ] as const) {
      if (target instanceof Uint8Array) target.fill(0xee);
      expectTyped(
        () => addr.writeTo(target as Uint8Array, offset as number),
        Bip6AddressError,
        "INVALID_OCTETS",
        /18 octets/,
      );
      if (target instanceof Uint8Array) expect(target.every((b) => b === 0xee)).toBe(true);
    }
    const out = u8(18);
    addr.writeTo(out, 0); // the default-free happy path still works
    expect(Bip6Address.fromOctets(out).equals(addr)).toBe(true);
  });

  it("equals and sameHost answer false for what is not an address", () => {
    for (const bad of [...HOSTILE, "[fd00::1]:47808", { port: 47808 }]) {
      expect(addr.equals(bad as Bip6Address)).toBe(false);
      expect(addr.sameHost(bad as Bip6Address)).toBe(false);
    }
  });
});

describe("IPv6 groups", () => {
  it.each([123, ...HOSTILE])("parseIpv6Groups(%o): INVALID_IPV6", (bad) => {
    expectTyped(() => parseIpv6Groups(bad as string), Bip6AddressError, "INVALID_IPV6");
  });

  it.each([
    ["a group above 0xFFFF", [0x10000, 0, 0, 0, 0, 0, 0, 1]],
    ["two groups", [1, 2]],
    ["nine groups", [0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ["a negative group", [0, 0, 0, 0, 0, 0, 0, -1]],
    ["a fractional group", [0, 0, 0, 0, 0, 0, 0, 0.5]],
    ["a text group", ["1", 0, 0, 0, 0, 0, 0, 0]],
    ["a hole", [1, 2, 3, 4, 5, 6, 7, undefined]],
    ["an Int32Array with -1", new Int32Array([0, 0, 0, 0, 0, 0, 0, -1])],
    ["7 groups in a Uint16Array", new Uint16Array(7)],
    ...HOSTILE.map((v) => ["a non-array", v] as const),
  ] as const)("formatIpv6Groups(%s): INVALID_GROUPS", (_name, bad) => {
    expectTyped(
      () => formatIpv6Groups(bad as ArrayLike<number>),
      Bip6AddressError,
      "INVALID_GROUPS",
      /eight integers 0-0xFFFF/,
    );
  });

  it("formats eight 16-bit groups from a plain array or any typed array", () => {
    expect(formatIpv6Groups([0xffff, 0, 0, 0, 0, 0, 0, 1])).toBe("ffff::1");
    expect(formatIpv6Groups(new Uint16Array([0xfd00, 0, 0, 0, 0, 0, 0, 0xa]))).toBe("fd00::a");
    expect(formatIpv6Groups(new Uint32Array([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]))).toBe("::ffff:192.0.2.1");
  });
});

describe("VMACs", () => {
  it.each([123, 0x4d2, ...HOSTILE])("parseVmac(%o): INVALID_VMAC", (bad) => {
    expectTyped(() => parseVmac(bad as string), Bip6AddressError, "INVALID_VMAC", /not a VMAC/);
  });

  it.each(["0004d2", 1.5, -1, 0x1000000, ...HOSTILE])("formatVmac(%o): INVALID_VMAC", (bad) => {
    expectTyped(() => formatVmac(bad as number), Bip6AddressError, "INVALID_VMAC", /0-0xFFFFFF/);
  });

  it("predicates answer false for anything that is not a VMAC", () => {
    for (const bad of [...HOSTILE, "1", 1.5, -1]) {
      expect(isVmac(bad)).toBe(false);
      expect(isInstanceVmac(bad as number)).toBe(false);
      expect(isRandomVmac(bad as number)).toBe(false);
    }
  });

  it("readVmac needs three octets at an integer offset inside a Uint8Array", () => {
    for (const [bytes, offset] of [
      [u8(3), 1],
      [u8(3), -1],
      [u8(6), 0.5],
      [u8(6), "0"],
      [u8(6), Number.NaN],
      [[1, 2, 3], 0],
      [null, 0],
      [new Uint16Array(3), 0],
    ] as const) {
      expectTyped(
        () => readVmac(bytes as Uint8Array, offset as number),
        Bip6AddressError,
        "INVALID_OCTETS",
        /3 octets/,
      );
    }
    expect(readVmac(Uint8Array.of(0, 0, 4, 0xd2), 1)).toBe(1234);
  });

  it("writeVmac checks the VMAC and the room first, and then writes nothing", () => {
    const target = u8(4).fill(0xee);
    expectTyped(() => writeVmac(target, 2, 1), Bip6AddressError, "INVALID_OCTETS");
    expectTyped(() => writeVmac(target, 0, 0x1000000), Bip6AddressError, "INVALID_VMAC");
    expectTyped(() => writeVmac(target, 0, "1" as unknown as number), Bip6AddressError, "INVALID_VMAC");
    expectTyped(() => writeVmac([0, 0, 0] as unknown as Uint8Array, 0, 1), Bip6AddressError, "INVALID_OCTETS");
    expect(target.every((b) => b === 0xee)).toBe(true);
  });
});

describe("names", () => {
  it.each([-1, 256, 1.5, "1", ...HOSTILE])("functionTitle(%o): OUT_OF_RANGE; functionKind: undefined", (bad) => {
    expectTyped(() => functionTitle(bad as number), Bvll6ArgumentError, "OUT_OF_RANGE", /0-0xFF/);
    expect(functionKind(bad as number)).toBeUndefined();
  });

  it("functionKind ignores array properties that are not function codes", () => {
    for (const key of ["length", "constructor", "at", "13"])
      expect(functionKind(key as unknown as number)).toBeUndefined();
    expect(functionKind(0x0c)).toBe("DistributeBroadcastToNetwork");
    expect(functionKind(0x0d)).toBeUndefined();
  });

  it.each([-1, 0x10000, 0.5, "0", ...HOSTILE])("resultCodeTitle(%o): OUT_OF_RANGE; isKnownResultCode: false", (bad) => {
    expectTyped(() => resultCodeTitle(bad as number), Bvll6ArgumentError, "OUT_OF_RANGE", /0-0xFFFF/);
    expect(isKnownResultCode(bad as number)).toBe(false);
  });

  it.each([...HOSTILE, { kind: "Nope", sourceVmac: 1 }, { kind: 1 }])("frameSourceVmac(%o): INVALID_FRAME", (bad) => {
    expectTyped(() => frameSourceVmac(bad as Bvll6Frame), Bvll6ArgumentError, "INVALID_FRAME", /frame/);
  });
});

describe("describeValue", () => {
  it("describes every value in a few words and never throws", () => {
    expect(
      [
        "hello",
        "x".repeat(100),
        5,
        10n,
        true,
        undefined,
        null,
        Symbol("s"),
        () => 1,
        [1, 2],
        new Uint16Array(2),
        new DataView(new ArrayBuffer(3)),
        new ArrayBuffer(4),
        {},
        Object.create(null),
      ].map(describeValue),
    ).toEqual([
      '"hello"',
      `"${"x".repeat(80)}…"`,
      "5",
      "10n",
      "true",
      "undefined",
      "null",
      "a symbol",
      "a function",
      "an array of 2",
      "a Uint16Array of 4 octets",
      "a DataView of 3 octets",
      "an ArrayBuffer of 4 octets",
      "an object",
      "an object",
    ]);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof describeValue(value)).toBe("string");
      }),
    );
  });
});

describe("npduProblem", () => {
  it("describes every value without throwing (no toString is called)", () => {
    for (const bad of HOSTILE) expect(npduProblem(bad)).toMatch(/^the NPDU must be a Uint8Array, got /);
    expect(npduProblem(new Uint16Array(4))).toBe("the NPDU must be a Uint8Array, got a Uint16Array of 8 octets");
    expect(npduProblem("hello")).toBe('the NPDU must be a Uint8Array, got "hello"');
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof npduProblem(value)).toBe("string");
      }),
    );
  });
});
