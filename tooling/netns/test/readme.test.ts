import { readFileSync } from "node:fs";
import { formatWithOptions } from "node:util";
import { describe, expect, it } from "vitest";
import * as pkg from "../src/index.js";
import { usable } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

describe("README", () => {
  it("shows the fixture scripts exactly as they are in test/fixtures", () => {
    for (const name of ["readme-echo.ts", "readme-send.ts"]) {
      const block = new RegExp("```ts\\n// " + name.replace(".", "\\.") + "\\n([\\s\\S]*?)```").exec(readme)?.[1];
      expect(block).toBe(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
    }
  });

  // The example is plain JavaScript apart from its imports, so it runs here as is, and every
  // `console.log(...); // expected` comment is checked against what it printed.
  it.skipIf(!usable)("example runs and prints what its comments say", async () => {
    const code = /## Example\n[^`]*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const fixtures = new URL("./fixtures/", import.meta.url).pathname;
    const body = (code as string)
      .replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_m, names: string, from: string) => {
        expect(from).toBe("@bip6/netns");
        return `const {${names}} = pkg;`;
      })
      .replaceAll('"test/fixtures/', `"${fixtures}`);
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(formatWithOptions({ breakLength: Infinity }, ...args));
    };
    await new AsyncFunction("pkg", "console", body)(pkg, { log });

    const expectations = (code as string)
      .split("\n")
      .filter((line) => line.includes("console.log(") && line.includes("); // "))
      .map((line) => line.slice(line.indexOf("); // ") + 6));
    expect(printed).toEqual(expectations);
  });
});
