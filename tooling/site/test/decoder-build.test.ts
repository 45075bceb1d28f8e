// The decoder page's bundle (scripts/site.mjs): built from the packages' browser builds (dist/,
// as an app installing them gets), within its size budget, and refusing any Node built-in
// with the name of the module that imports it, instead of stubbing it out.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { afterAll, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module of the repository's scripts, without declarations
import { buildDecoder, refuseNodeBuiltins } from "../../../scripts/site.mjs";

const scratch = mkdtempSync(join(tmpdir(), "bip6-decoder-build-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("bundles the page from the sniffer's and the codec's browser builds, within its budget", async () => {
  const r = (await buildDecoder(join(scratch, "site"))) as {
    bytes: number;
    gzipBytes: number;
    budget: number;
    inputs: string[];
  };
  expect(r.inputs).toContain("apps/sniffer/dist/index.js");
  expect(r.inputs).toContain("packages/bvll6-codec/dist/index.js");
  expect(r.inputs.filter((i) => !/^(docs\/decoder\/[\w-]+\.ts|(apps|packages)\/[\w-]+\/dist\/)/.test(i))).toEqual([]);
  expect(r.gzipBytes).toBeGreaterThan(0);
  expect(r.gzipBytes).toBeLessThan(r.bytes);
  expect(r.gzipBytes).toBeLessThanOrEqual(r.budget);
});

it("fails a bundle importing a Node built-in, naming the module that imports it", async () => {
  const entry = join(scratch, "entry.ts");
  const uses = join(scratch, "uses-fs.ts");
  writeFileSync(entry, 'import { size } from "./uses-fs.ts";\nconsole.log(size);\n');
  writeFileSync(uses, 'import { statSync } from "node:fs";\nexport const size = statSync(".").size;\n');
  const build = esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "browser",
    logLevel: "silent",
    plugins: [refuseNodeBuiltins()],
  });
  const failure = (await build.then(
    () => undefined,
    (e: unknown) => e,
  )) as esbuild.BuildFailure | undefined;
  expect(failure?.errors.map((e) => e.text)).toEqual([
    expect.stringMatching(
      /^the decoder page must not import the Node built-in "node:fs" \(imported by .*uses-fs\.ts\)$/,
    ),
  ]);
});
