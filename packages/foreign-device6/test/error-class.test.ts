import { Bip6Error } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { ForeignDeviceError } from "../src/index.js";

describe("ForeignDeviceError", () => {
  it("is a Bip6Error with its own name, so one catch covers every bip6 package", () => {
    const e = new ForeignDeviceError("INVALID_VMAC", "cut short");
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toMatchObject({ name: "ForeignDeviceError", code: "INVALID_VMAC", message: "cut short" });
    expect(String(e)).toBe("ForeignDeviceError: cut short");
  });
});
