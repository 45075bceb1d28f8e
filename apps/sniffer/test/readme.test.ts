import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as pkg from "../src/index.js";
import { runCli } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README example", () => {
  it("runs and prints what its comments say", async () => {
    const code = readmeCode(readme);
    const printed = await runReadmeExample(code, { "@bip6/sniffer": pkg });
    expect(printed).toEqual(commentExpectations(code));
  });

  it("shows the demo's real output in the quick start", async () => {
    const { lines } = await runCli(["demo"]);
    const block = /memory with one frame[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const shown = block.split("\n").filter((l) => l !== "" && l.trim() !== "…");
    expect(shown.length).toBeGreaterThan(3);
    for (const line of shown) expect(lines).toContain(line);
  });
});
