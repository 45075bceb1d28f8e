import { Bip6Error } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { CaptureError } from "../src/index.js";

describe("CaptureError", () => {
  it("is a Bip6Error with its own name, so one catch covers every bip6 package", () => {
    const e = new CaptureError("TRUNCATED", 12, "cut short");
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toMatchObject({ name: "CaptureError", code: "TRUNCATED", message: "cut short (at file offset 12)" });
    expect(String(e)).toBe("CaptureError: cut short (at file offset 12)");
  });
});
