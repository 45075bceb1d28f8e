import { defineConfig } from "tsup";

export default defineConfig({
  // The `bip6` command only: ESM (top-level await), its shebang kept. The @bip6 packages stay
  // external and come from the installed dependencies, as for any published command.
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20",
});
