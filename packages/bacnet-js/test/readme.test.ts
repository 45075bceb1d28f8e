import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as socket from "@bip6/bip6-socket";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.ts";

// The in-memory example runs here; the first one (on a real interface) runs in a network
// namespace in netns.test.ts.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** What an ES module gets from `import bacnet from "@bacnet-js/client"`: the CommonJS `exports`. */
export const clientModuleAsEsm = { default: createRequire(import.meta.url)("@bacnet-js/client") as unknown };

describe("README", () => {
  it("the in-memory example prints what its comments say", async () => {
    const code = readmeCode(readme, "## Example: in memory");
    const printed = await runReadmeExample(code, {
      "@bip6/bip6-socket": socket,
      "@bacnet-js/client": clientModuleAsEsm,
      "@bip6/bacnet-js": pkg,
    });
    expect(printed).toEqual(commentExpectations(code));
  });
});
