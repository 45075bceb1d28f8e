import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";

describe("README example", () => {
  it("runs and prints what its comments say", async () => {
    const code = readmeCode(readFileSync(new URL("../README.md", import.meta.url), "utf8"));
    const printed = await runReadmeExample(code, { "@bip6/bvll6-codec": codec, "@bip6/vmac-cache": pkg });
    const expectations = commentExpectations(code);
    expect(printed.length).toBe(expectations.length);
    expectations.forEach((expected, i) => {
      const got = printed[i] as string;
      if (expected.startsWith("e.g.")) {
        // A random VMAC: only its range can be promised.
        expect(codec.isRandomVmac(Number.parseInt(got, 16))).toBe(true);
      } else if (expected.includes(", ... }")) {
        expect(got.startsWith(expected.slice(0, expected.indexOf(", ... }")))).toBe(true);
      } else {
        expect(got.replace(/ \(.*\)$/, "")).toBe(expected.replace(/ \(.*\)$/, ""));
      }
    });
  });
});
