import { defineConfig } from "tsup";

export default defineConfig({
  // bacnet/index: the browser-safe NPDU/APDU decoder, its own entry for the `./bacnet` subpath.
  entry: { cli: "src/cli.ts", index: "src/index.ts", "bacnet/index": "src/bacnet/index.ts" },
  format: ["esm"],
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "" },
  // The CLI is private and never installed from a registry: bundling the workspace packages
  // (from their sources) makes dist/cli.js run on its own, whether or not they are built.
  noExternal: [/^@bip6\//],
  esbuildOptions(options) {
    options.conditions = ["@bip6/source"];
  },
});
