import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";
import { usable } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows the fixture scripts exactly as they are in test/fixtures", () => {
    for (const name of ["readme-echo.ts", "readme-send.ts"]) {
      const block = new RegExp("```ts\\n// " + name.replace(".", "\\.") + "\\n([\\s\\S]*?)```").exec(readme)?.[1];
      expect(block).toBe(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
    }
  });

  it.skipIf(!usable)("example runs and prints what its comments say", async () => {
    const fixtures = new URL("./fixtures/", import.meta.url).pathname;
    const code = readmeCode(readme).replaceAll('"test/fixtures/', `"${fixtures}`);
    const printed = await runReadmeExample(code, { "@bip6/netns": pkg });
    expect(printed).toEqual(commentExpectations(code));
  });
});
