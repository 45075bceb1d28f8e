import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeCode, readmePrintedBlock, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";

// Each example must print exactly the "It prints:" block that follows it.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const modules = { "@bip6/bvll6-codec": codec, "@bip6/bip6-socket": pkg };

describe("README examples", () => {
  it("the memory example prints what the README says", async () => {
    const printed = await runReadmeExample(readmeCode(readme, "## Example"), modules);
    expect(printed).toEqual(readmePrintedBlock(readme, "## Example"));
  });

  it("the Node example (on ::1) prints what the README says", async () => {
    const printed = await runReadmeExample(readmeCode(readme, "## Example: Node"), modules);
    expect(printed).toEqual(readmePrintedBlock(readme, "## Example: Node"));
  });
});
