/**
 * The module is browser-safe and small: bundled for the browser platform (where no Node
 * built-in resolves) it builds, it runs in a bare JavaScript context that has no `process`,
 * `Buffer`, `require` or module loader (only what browsers have: TextDecoder/TextEncoder), and
 * its gzipped size stays within budget. The sizes are printed for the report and the README.
 * (The same tests also run in headless Chromium: vitest.bacnet-browser.config.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as BacnetModule from "../../src/bacnet/index.js";
import { FRAMES, octets } from "./frames.js";

/** Gzipped bytes the decoder (without vendor names) may take in a browser bundle. */
const DECODER_BUDGET = 32 * 1024;
/** And the optional vendor-name list on top. */
const VENDORS_BUDGET = 16 * 1024;

const source = (file: string): string => join(import.meta.dirname, "..", "..", "src", "bacnet", file);

async function bundle(dir: string, name: string, entry: string, format: "esm" | "iife"): Promise<string> {
  await build({
    entry: { [name]: entry },
    format: [format],
    globalName: "bacnet",
    platform: "browser",
    target: "es2022",
    minify: true,
    treeshake: true,
    outDir: dir,
    silent: true,
    dts: false,
    sourcemap: false,
    config: false,
    esbuildOptions(options) {
      options.conditions = ["@bip6/source"];
    },
  });
  return readFileSync(join(dir, `${name}.${format === "iife" ? "global.js" : "js"}`), "utf8");
}

describe("browser bundle", () => {
  let dir = "";
  let iife = "";
  let decoderOnly = "";
  let withVendors = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bip6-bacnet-bundle-"));
    iife = await bundle(dir, "all", source("index.ts"), "iife");
    decoderOnly = await bundle(dir, "decoder", source("decode.ts"), "esm");
    withVendors = await bundle(dir, "vendors", source("vendors.ts"), "esm");
  }, 120_000);
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("bundles for the browser platform without Node built-ins", () => {
    for (const js of [iife, decoderOnly, withVendors]) {
      expect(js).not.toMatch(/\bnode:/);
      expect(js).not.toMatch(/\brequire\(/);
    }
  });

  it("decodes in a context with no process, Buffer, require or module loader", () => {
    const context: Record<string, unknown> = { TextDecoder, TextEncoder };
    runInNewContext(`${iife}; globalThis.result = bacnet;`, context);
    const api = context.result as typeof BacnetModule;
    expect(context.process).toBeUndefined();
    for (const f of FRAMES) {
      const bytes = Uint8Array.from(octets(f)); // (an array of this realm; the decoder only indexes it)
      expect(api.decodeNpdu(bytes).summary, f.name).toBe(f.summary);
      expect(api.summarizeNpdu(bytes), f.name).toBe(f.summary);
    }
    expect(api.vendorName(260)).toBe("BACnet Stack at SourceForge");
  });

  it("stays within its size budget (gzipped)", () => {
    const decoder = gzipSync(decoderOnly, { level: 9 }).length;
    const vendors = gzipSync(withVendors, { level: 9 }).length;
    console.log(
      `bacnet decoder bundle: ${decoderOnly.length} octets minified, ${decoder} gzipped; vendor names: ${withVendors.length} minified, ${vendors} gzipped`,
    );
    expect(decoder).toBeLessThanOrEqual(DECODER_BUDGET);
    expect(vendors).toBeLessThanOrEqual(VENDORS_BUDGET);
  });
});
