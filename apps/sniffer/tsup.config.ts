import { defineConfig, type Options } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";

export default defineConfig([
  // The library as every published package builds it (ESM, CommonJS stubs that require it, and
  // declarations): the browser-safe main entry, the BACnet decoder (`./bacnet`) and the
  // Node-only parts (`./node`), the entries of the exports map.
  libraryBuild() as Options,
  {
    // The `bip6-sniff` command: ESM (top-level await), its shebang kept; the @bip6 packages it
    // uses stay external and come from the installed dependencies.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
  },
]);
