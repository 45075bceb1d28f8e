import * as memory from "@bip6/bip6-socket/memory";
import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeCode, readmePrintedBlock, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";
import * as node from "../src/node.js";

// Each example must print exactly the "It prints:" block that follows it.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const modules = {
  "@bip6/bip6-socket/memory": memory,
  "@bip6/bvll6-codec": codec,
  "@bip6/bip6-transport": pkg,
  "@bip6/bip6-transport/node": node,
};

describe("README examples", () => {
  for (const heading of [
    "## Example: a node",
    "## Example: a BBMD",
    "## Example: a foreign device",
    "## Example: Node.js sockets",
  ]) {
    it(`${heading.slice(3)} prints what the README says`, async () => {
      const printed = await runReadmeExample(readmeCode(readme, heading), modules);
      expect(printed).toEqual(readmePrintedBlock(readme, heading));
    });
  }
});
