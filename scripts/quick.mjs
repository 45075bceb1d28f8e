#!/usr/bin/env node
// The README's two quick-start commands end up here (`npm run demo`, `npm test`), so that a
// fresh clone with only Node.js 20 and npm works: pnpm comes from the registry through
// `npm exec` (not corepack, whose signature check fails on some machines).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { printSummary } from "./test-summary.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM = "pnpm@10.34.8";
const bin = join(root, "node_modules", ".bin");
const env = {
  ...process.env,
  PATH: `${bin}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};

function run(cmd, args) {
  console.log(`\n> ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n${cmd} ${args.join(" ")} failed with exit code ${status}`);
    process.exit(status);
  }
}

function install() {
  const frozen = process.env.CI ? ["--frozen-lockfile"] : ["--frozen-lockfile", "--prefer-offline"];
  must("npm", ["exec", "--yes", `--package=${PNPM}`, "--", "pnpm", "install", ...frozen, "--reporter=append-only"]);
}

const task = process.argv[2];
if (task === "demo") {
  install();
  must("turbo", ["run", "build", "--filter=@bip6/sniffer...", "--output-logs=errors-only"]);
  must("node", [join(root, "apps/sniffer/dist/cli.js"), "demo"]);
} else if (task === "test") {
  install();
  // Stale reports from an earlier run must not be counted.
  for (const dir of ["packages", "apps", "tooling"]) {
    for (const name of existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : []) {
      rmSync(join(root, dir, name, ".vitest"), { recursive: true, force: true });
    }
  }
  const failed = [];
  const step = (label, cmd, args) => {
    if (run(cmd, args) !== 0) failed.push(label);
  };
  step("build", "turbo", ["run", "build", "--output-logs=errors-only"]);
  step("typecheck", "turbo", ["run", "typecheck", "--output-logs=errors-only"]);
  step("lint", "turbo", ["run", "lint", "--output-logs=errors-only"]);
  step("lint-root", "eslint", [
    "--max-warnings=0",
    "scripts",
    "bench",
    "vitest.shared.ts",
    "tsup.shared.ts",
    "test-support",
    "eslint.config.js",
    ".pnpmfile.cjs",
  ]);
  step("format", "prettier", ["--check", "--log-level=warn", "."]);
  step("layers", "node", ["scripts/check-layers.mjs"]);
  // Release fields of every manifest (derived from the root's repository.url), then what the
  // published tarballs give a consumer: publint, attw, pack-install (ESM, CJS, types), sizes.
  step("manifests", "node", ["scripts/manifests.mjs", "--check"]);
  step("packages", "node", ["scripts/package-check.mjs"]);
  // The release machinery end to end in a temporary copy; the registry is never contacted.
  step("release", "node", ["scripts/release.mjs", "--dry-run"]);
  // The site: the reference (a doc comment on every export, or validation fails), guides, the
  // Annex U page and the decoder page, then the offline link check over all of it.
  step("site", "node", ["scripts/site.mjs"]);
  step("test", "turbo", ["run", "test", "--concurrency=1", "--continue"]);
  const counts = printSummary(root);
  if (counts.total === 0) failed.push("no tests ran");
  if (failed.length > 0) {
    console.error(`failed steps: ${failed.join(", ")}`);
    process.exit(1);
  }
} else {
  console.error("usage: node scripts/quick.mjs demo|test");
  process.exit(2);
}
