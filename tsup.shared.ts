import { defineConfig } from "tsup";

/**
 * Build settings every published package shares: ESM and CJS side by side, each with its own
 * declaration file (`.d.ts` / `.d.cts`), which is what the typed `exports` maps point at.
 */
export function libraryBuild(entry: string[] = ["src/index.ts"]): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    treeshake: true,
  });
}
