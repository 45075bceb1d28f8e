import * as codec from "@bip6/bvll6-codec";
import { readFileSync } from "node:fs";
import { formatWithOptions } from "node:util";
import { describe, expect, it } from "vitest";
import * as pkg from "../src/index.js";

// Each README example is plain JavaScript apart from its imports, so it runs here as is, and
// what it prints must equal the "It prints:" block that follows it.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const AsyncFunction = async function () {}.constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

async function runExample(heading: string): Promise<{ printed: string[]; expected: string[] }> {
  const section = readme.slice(readme.indexOf(`${heading}\n`));
  const match = /```ts\n([\s\S]*?)```\s*It prints:\s*```text\n([\s\S]*?)```/.exec(section);
  expect(match).not.toBeNull();
  const [, code, output] = match as RegExpExecArray;
  const modules: Record<string, unknown> = { "@bip6/bvll6-codec": codec, "@bip6/bip6-socket": pkg };
  const body = (code as string).replace(
    /^import \{([^}]*)\} from "([^"]+)";$/gm,
    (_m, names: string, from: string) => `const {${names}} = modules[${JSON.stringify(from)}];`,
  );
  const printed: string[] = [];
  const log = (...args: unknown[]): void => {
    printed.push(formatWithOptions({ breakLength: Infinity }, ...args));
  };
  await new AsyncFunction("modules", "console", body)(modules, { log });
  return { printed, expected: (output as string).trimEnd().split("\n") };
}

describe("README examples", () => {
  it("the memory example prints what the README says", async () => {
    const { printed, expected } = await runExample("## Example");
    expect(printed).toEqual(expected);
  });

  it("the Node example (on ::1) prints what the README says", async () => {
    const { printed, expected } = await runExample("## Example: Node");
    expect(printed).toEqual(expected);
  });
});
