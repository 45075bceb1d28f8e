import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { defineConfig } from "tsup";

/**
 * Build settings every published library shares. The code ships once, as ESM; each entry also
 * gets a CommonJS file that only `require()`s the ESM one (Node >= 20.19 loads ESM through
 * `require`), so a consumer that mixes `import` and `require`, root and subpath entries, still
 * gets one module instance: one class per error and per type. The `.d.cts` declarations that
 * tsup writes for the cjs format keep TypeScript's CommonJS resolution (node16 from a .cts file)
 * on CommonJS-typed files. See CONTRIBUTING.md, "Package format".
 *
 * `entry` defaults to the `@bip6/source` targets of the package's `exports` map, so adding an
 * export is enough to add a build entry.
 */
export function libraryBuild(entry: string[] = sourceEntries(process.cwd())): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    treeshake: true,
    // Runs once both esbuild formats are written (the .d.ts/.d.cts worker never touches .cjs).
    onSuccess: async () => writeCommonJsStubs(process.cwd(), entry),
  });
}

/** The `@bip6/source` targets of every entry in the package's exports map (`./src/x.ts` → `src/x.ts`). */
export function sourceEntries(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports?: Record<string, unknown> };
  const found: string[] = [];
  for (const target of Object.values(pkg.exports ?? {})) {
    if (typeof target === "object" && target !== null) {
      const source = (target as Record<string, unknown>)["@bip6/source"];
      if (typeof source === "string") found.push(source.replace(/^\.\//, ""));
    }
  }
  return found.length > 0 ? found : ["src/index.ts"];
}

/** Replaces each entry's bundled `.cjs` with a one-line `require()` of its ESM sibling. */
function writeCommonJsStubs(dir: string, entry: string[]): void {
  for (const file of entry) {
    const name = file.replace(/^src\//, "").replace(/\.[cm]?tsx?$/, "");
    const stub = join(dir, "dist", `${name}.cjs`);
    writeFileSync(
      stub,
      [
        '"use strict";',
        "// The package is ESM; Node >= 20.19 require()s it, so require and import share one instance.",
        `module.exports = require("./${basename(name)}.js");`,
        "",
      ].join("\n"),
    );
    rmSync(`${stub}.map`, { force: true });
  }
}
