import { readFileSync } from "node:fs";
import * as codec from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../../test-support/readme-example.ts";
import * as bacnet from "../../src/bacnet/index.js";
import { FRAMES } from "./frames.js";

const readme = readFileSync(new URL("../../src/bacnet/README.md", import.meta.url), "utf8");

describe("src/bacnet/README.md", () => {
  it("runs its example and prints what its comments say", async () => {
    const code = readmeCode(readme);
    const printed = await runReadmeExample(code, { "@bip6/bvll6-codec": codec, "@bip6/sniffer/bacnet": bacnet });
    expect(printed).toEqual(commentExpectations(code));
  });

  it("shows in its summary table only summaries the decoder writes", () => {
    const table = readme.slice(readme.indexOf("## Summary grammar"), readme.indexOf("## What is decoded"));
    const shown = [...table.matchAll(/`([A-Z][^`]*)`/g)]
      .map((m) => m[1] as string)
      .filter((s) => s.includes(" ") || s.includes("-"));
    const written = new Set(FRAMES.map((f) => f.summary));
    const examples = shown.filter((s) => /^[A-Z][A-Za-z-]+ /.test(s) && !s.startsWith("Reject, Abort"));
    expect(examples.length).toBeGreaterThan(15);
    for (const s of examples)
      expect(
        [...written].some((w) => w.startsWith(s)),
        s,
      ).toBe(true);
  });
});
