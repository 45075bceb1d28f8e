/**
 * Guards the test setup itself: the "browser" project must really run in a browser (and the
 * "node" project in Node), so that a green browser run means the codec works there.
 */
import { expect, inject, it } from "vitest";
import { decodeFrame, hexToBytes } from "../src/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set per project in vitest.config.ts. */
    runtime: "node" | "browser";
  }
}

it("runs in the runtime its project promises, and the codec works there", () => {
  const g = globalThis as { window?: unknown; document?: unknown; process?: { versions?: { node?: string } } };
  const inBrowser =
    typeof g.window === "object" && typeof g.document === "object" && g.process?.versions?.node === undefined;
  expect(inBrowser ? "browser" : "node").toBe(inject("runtime"));
  expect(decodeFrame(hexToBytes("82 03 000a 0004d2 00162e"))).toEqual({
    kind: "AddressResolution",
    sourceVmac: 1234,
    targetVmac: 5678,
  });
});
