#!/usr/bin/env node
// `pnpm bench`: runs every package's bench/run.ts, then its other bench/*.ts files (against the
// built packages, as users get them), and writes the machine-readable results to
// bench/results.json under the package name (`sniffer`) or package and file (`sniffer/bacnet`).
// Each bench prints one JSON object as the last line of its standard output; baselines are
// measured in the same run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const only = process.argv.slice(2);
const resultsFile = join(root, "bench", "results.json");
// `node bench/run.mjs bip6-transport` re-measures one package: the others' entries are kept.
const results =
  only.length > 0 && existsSync(resultsFile) ? { ...JSON.parse(readFileSync(resultsFile, "utf8")).results } : {};
let failed = 0;

/** The bench scripts of a package: run.ts first, then the other .ts files of bench/ (helpers go in subfolders). */
function benchScripts(benchDir) {
  if (!existsSync(benchDir)) return [];
  const others = readdirSync(benchDir)
    .filter((f) => f.endsWith(".ts") && f !== "run.ts")
    .sort();
  return [...(existsSync(join(benchDir, "run.ts")) ? ["run.ts"] : []), ...others];
}

for (const dir of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, dir)).sort()) {
    if (only.length > 0 && !only.includes(name)) continue;
    for (const file of benchScripts(join(root, dir, name, "bench"))) {
      runBench(dir, name, file);
    }
  }
}

function runBench(dir, pkg, file) {
  const script = join(root, dir, pkg, "bench", file);
  const name = file === "run.ts" ? pkg : `${pkg}/${file.slice(0, -3)}`;
  console.error(`bench: ${dir}/${name}`);
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [script], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (r.stdout ?? "").trim().split("\n");
  try {
    if (r.status !== 0) throw new Error(`exit code ${r.status}`);
    results[name] = JSON.parse(lines[lines.length - 1] ?? "");
    console.error(JSON.stringify(results[name], null, 2));
  } catch (error) {
    failed++;
    results[name] = { error: String(error) };
    console.error(`bench ${name} failed: ${String(error)}\n${r.stdout ?? ""}`);
  }
}

const out = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  results,
};
writeFileSync(resultsFile, `${JSON.stringify(out, null, 2)}\n`);
console.error(`bench: wrote bench/results.json (${Object.keys(results).length} benches, ${failed} failed)`);
process.exit(failed > 0 ? 1 : 0);
