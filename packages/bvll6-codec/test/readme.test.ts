import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as codec from "../src/index.js";

describe("README example", () => {
  it("runs and prints what its comments say", async () => {
    const code = readmeCode(readFileSync(new URL("../README.md", import.meta.url), "utf8"));
    const printed = await runReadmeExample(code, { "@bip6/bvll6-codec": codec });
    // A trailing "(…)" in a comment explains the value; it is not part of the output.
    expect(printed).toEqual(commentExpectations(code).map((line) => line.replace(/ \(.*\)$/, "")));
  });
});
