import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";

describe("README example", () => {
  it("runs and prints what its comments say", async () => {
    const code = readmeCode(readFileSync(new URL("../README.md", import.meta.url), "utf8"));
    const printed = await runReadmeExample(code, { "@bip6/bvll6-codec": codec, "@bip6/foreign-device6": pkg });
    expect(printed).toEqual(commentExpectations(code));
  });
});
