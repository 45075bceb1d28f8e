import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as codec from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README examples", () => {
  it.each(["## Example", "### Receive and send without allocating", "### Errors"])(
    "%s runs and prints what its comments say",
    async (heading) => {
      const code = readmeCode(readme, heading);
      const printed = await runReadmeExample(code, { "@bip6/bvll6-codec": codec });
      // A trailing "(…)" in a comment explains the value; it is not part of the output.
      expect(printed).toEqual(commentExpectations(code).map((line) => line.replace(/ \(.*\)$/, "")));
    },
  );
});
