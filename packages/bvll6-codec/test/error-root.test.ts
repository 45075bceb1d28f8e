/**
 * Bip6Error is the root of every error the packages throw, and `isBip6Error` recognises one
 * by its brand, also when it comes from another copy of the package (an ESM and a CJS copy
 * in one process), where `instanceof` fails.
 */
import { describe, expect, it } from "vitest";
import {
  bacnetMulticastGroup,
  Bip6AddressError,
  Bip6Error,
  Bvll6ArgumentError,
  Bvll6DecodeError,
  Bvll6EncodeError,
  Bvll6Error,
  bytesToHex,
  hexToBytes,
  isBip6Error,
} from "../src/index.js";
import type * as Errors from "../src/errors.js";

/** The same module under another URL: a second instance of it, with its own classes. */
const SECOND_COPY = "../src/errors.ts?second-copy";

/** The error `run` throws; fails the test when it returns. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("isBip6Error", () => {
  it("is true for every codec error class and for subclasses other packages define", () => {
    class OtherPackageError extends Bip6Error<"SOME_CODE"> {
      override readonly name = "OtherPackageError";
    }
    const errors = [
      new Bip6Error("X", "root"),
      new Bvll6Error("X", "codec"),
      new Bvll6DecodeError("TOO_SHORT", 3, "short"),
      new Bvll6EncodeError("NPDU_TOO_LONG", "npdu", "long"),
      new Bip6AddressError("INVALID_IPV6", "x", "bad"),
      new Bvll6ArgumentError("INVALID_HEX", "hex", "bad"),
      new OtherPackageError("SOME_CODE", "other"),
    ];
    for (const e of errors) expect(isBip6Error(e)).toBe(true);
  });

  it("narrows to one code when given one", () => {
    const e: unknown = new Bvll6DecodeError("TOO_SHORT", 3, "short");
    expect(isBip6Error(e, "TOO_SHORT")).toBe(true);
    expect(isBip6Error(e, "TOO_LONG")).toBe(false);
    if (isBip6Error(e, "TOO_SHORT")) {
      const code: "TOO_SHORT" = e.code; // the guard types the code
      expect(code).toBe("TOO_SHORT");
    }
  });

  it.each([
    ["a plain Error", new Error("x")],
    ["a TypeError with a code", Object.assign(new TypeError("x"), { code: "ERR_X" })],
    ["an object that copies the name and code", { name: "Bip6Error", code: "X", message: "x" }],
    ["undefined", undefined],
    ["null", null],
    ["a string", "Bip6Error"],
    ["a number", 5],
  ])("is false for %s", (_name, value) => {
    expect(isBip6Error(value)).toBe(false);
    expect(isBip6Error(value, "X")).toBe(false);
  });

  it("recognises an error from another copy of the package, where instanceof fails", async () => {
    // A second instance of the module, as a process that loads both the ESM and the CJS build has.
    const copy = (await import(/* @vite-ignore */ SECOND_COPY)) as typeof Errors;
    expect(copy.Bip6Error).not.toBe(Bip6Error);
    const foreign = new copy.Bvll6DecodeError("LENGTH_MISMATCH", 2, "mismatch");
    expect(foreign instanceof Bip6Error).toBe(false);
    expect(isBip6Error(foreign)).toBe(true);
    expect(isBip6Error(foreign, "LENGTH_MISMATCH")).toBe(true);
    expect(copy.isBip6Error(new Bvll6DecodeError("TOO_SHORT", 1, "x"), "TOO_SHORT")).toBe(true);
  });

  it("the brand is a shared, non-enumerable symbol on the base class, not an own field", () => {
    const e = new Bvll6EncodeError("NPDU_TOO_LONG", "npdu", "long");
    const brand = Symbol.for("bip6.error");
    expect((e as unknown as Record<symbol, unknown>)[brand]).toBe(true);
    expect(Object.getOwnPropertySymbols(e)).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(Bip6Error.prototype, brand)).toBe(true);
    expect(Object.keys(Bip6Error.prototype)).toEqual([]);
  });
});

describe("the codec throws nothing but Bip6Errors", () => {
  it.each(["8", "820", "zz", "0x82", "82 0"])("hexToBytes(%j): Bvll6ArgumentError INVALID_HEX", (text) => {
    const e = thrownBy(() => hexToBytes(text));
    expect(e).toBeInstanceOf(Bvll6ArgumentError);
    expect(e).toMatchObject({ code: "INVALID_HEX", argument: "hex", name: "Bvll6ArgumentError" });
    expect((e as Error).message).toContain(JSON.stringify(text));
  });

  it.each([0, 15, 16, -1, 1.5, Number.NaN])("bacnetMulticastGroup(%d): Bip6AddressError INVALID_SCOPE", (scope) => {
    const e = thrownBy(() => bacnetMulticastGroup(scope));
    expect(e).toBeInstanceOf(Bip6AddressError);
    expect(e).toMatchObject({ code: "INVALID_SCOPE", input: String(scope) });
  });

  it("bytesToHex refuses what is not a Uint8Array", () => {
    for (const bad of [null, undefined, [1, 2], "0102", new Uint16Array(2), new ArrayBuffer(2)]) {
      const e = thrownBy(() => bytesToHex(bad as unknown as Uint8Array));
      expect(e).toMatchObject({ code: "INVALID_BYTES", argument: "bytes", name: "Bvll6ArgumentError" });
    }
  });
});
