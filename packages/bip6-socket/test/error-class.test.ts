import { Bip6Error } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { DatagramPortError } from "../src/index.js";

describe("DatagramPortError", () => {
  it("is a Bip6Error with its own name, so one catch covers every bip6 package", () => {
    const e = new DatagramPortError("CLOSED", "cut short");
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toMatchObject({ name: "DatagramPortError", code: "CLOSED", message: "cut short" });
    expect(String(e)).toBe("DatagramPortError: cut short");
  });
});
