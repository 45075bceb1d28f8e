import { readFileSync } from "node:fs";
import { formatWithOptions } from "node:util";
import { describe, expect, it } from "vitest";
import * as pkg from "../src/index.js";

// The README example is plain JavaScript apart from its imports (and top-level await), so it
// runs here inside an async function, and every `console.log(...); // expected` comment is
// checked against what it printed.
describe("README example", () => {
  it("runs and prints what its comments say", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const code = /## Example\n[^`]*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const modules: Record<string, unknown> = { "@bip6/sniffer": pkg };
    const body = (code as string).replace(
      /^import \{([^}]*)\} from "([^"]+)";$/gm,
      (_m, names: string, from: string) => `const {${names}} = modules[${JSON.stringify(from)}];`,
    );
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(formatWithOptions({ breakLength: Infinity }, ...args));
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction("modules", "console", body)(modules, { log });

    const expectations = (code as string)
      .split("\n")
      .filter((line) => line.includes("console.log(") && line.includes("); // "))
      .map((line) => line.slice(line.indexOf("); // ") + 6));
    expect(printed.length).toBe(expectations.length);
    expectations.forEach((expected, i) => expect(printed[i]).toBe(expected));
  });

  it("shows the demo's real output in the quick start", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const { runCli } = await import("./helpers.js");
    const { lines } = await runCli(["demo"]);
    const block = /memory with one frame[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const shown = block.split("\n").filter((l) => l !== "" && l.trim() !== "…");
    expect(shown.length).toBeGreaterThan(3);
    for (const line of shown) expect(lines).toContain(line);
  });
});
