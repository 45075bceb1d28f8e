import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: the browser-safe main entry, the BACnet decoder (`./bacnet`) and the
    // Node-only parts (`./node`), as ESM and CJS, each with its declaration file.
    entry: { index: "src/index.ts", "bacnet/index": "src/bacnet/index.ts", "node/index": "src/node/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    treeshake: true,
  },
  {
    // The `bip6-sniff` command: ESM (top-level await), its shebang kept; dependencies stay
    // external and come from the installed @bip6 packages.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
  },
]);
