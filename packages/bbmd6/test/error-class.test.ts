import { Bip6Error } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { BbmdError } from "../src/index.js";

describe("BbmdError", () => {
  it("is a Bip6Error with its own name, so one catch covers every bip6 package", () => {
    const e = new BbmdError("INVALID_VMAC", "cut short");
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toMatchObject({ name: "BbmdError", code: "INVALID_VMAC", message: "cut short" });
    expect(String(e)).toBe("BbmdError: cut short");
  });
});
