#!/usr/bin/env node
// `pnpm bench`: runs every package's bench/run.ts (against the built packages, as users get
// them) and writes the machine-readable results to bench/results.json. Each bench prints one
// JSON object as the last line of its standard output; baselines are measured in the same run.
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

for (const dir of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, dir)).sort()) {
    const script = join(root, dir, name, "bench", "run.ts");
    if (!existsSync(script) || (only.length > 0 && !only.includes(name))) continue;
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
console.error(`bench: wrote bench/results.json (${Object.keys(results).length} packages, ${failed} failed)`);
process.exit(failed > 0 ? 1 : 0);
