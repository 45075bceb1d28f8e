import * as memory from "@bip6/bip6-socket/memory";
import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeCode, readmePrintedBlock, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";

const guide = readFileSync(new URL("../../../docs/guides/from-python-bip6transport.md", import.meta.url), "utf8");

describe("guide: coming from bac-py's BIP6Transport", () => {
  it("its example prints what the guide says", async () => {
    const modules = { "@bip6/bip6-socket/memory": memory, "@bip6/bvll6-codec": codec, "@bip6/bip6-transport": pkg };
    const printed = await runReadmeExample(readmeCode(guide, "## Example"), modules);
    expect(printed).toEqual(readmePrintedBlock(guide, "## Example"));
  });
});
