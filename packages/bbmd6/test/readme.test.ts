import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { formatWithOptions } from "node:util";
import { describe, expect, it } from "vitest";
import * as pkg from "../src/index.js";

// The README example is plain JavaScript apart from its imports, so it runs here as is,
// and every `console.log(...); // expected` comment is checked against what it printed.
describe("README example", () => {
  it("runs and prints what its comments say", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const code = /## Example\n[^`]*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const modules: Record<string, unknown> = { "@bip6/bvll6-codec": codec, "@bip6/bbmd6": pkg };
    const body = (code as string).replace(
      /^import \{([^}]*)\} from "([^"]+)";$/gm,
      (_m, names: string, from: string) => `const {${names}} = modules[${JSON.stringify(from)}];`,
    );
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(formatWithOptions({ breakLength: Infinity }, ...args));
    };
    new Function("modules", "console", body)(modules, { log });

    const expectations = (code as string)
      .split("\n")
      .filter((line) => line.includes("console.log(") && line.includes("); // "))
      .map((line) => line.slice(line.indexOf("); // ") + 6));
    expect(printed.length).toBe(expectations.length);
    expectations.forEach((expected, i) => expect(printed[i]).toBe(expected));
  });
});
