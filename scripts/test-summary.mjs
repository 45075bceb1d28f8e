#!/usr/bin/env node
// Adds up the JSON reports vitest writes per package (.vitest/results.json) into the one
// closing line CI reads: `N passed, N failed`.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Reads every package's report; returns the totals and prints per-package lines plus the closing line. */
export function printSummary(root) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let reports = 0;
  for (const dir of ["packages", "apps", "tooling"]) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, ".vitest", "results.json");
      if (!existsSync(file)) continue;
      const r = JSON.parse(readFileSync(file, "utf8"));
      reports++;
      passed += r.numPassedTests ?? 0;
      failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(r);
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      console.log(
        `  ${dir}/${name}: ${r.numPassedTests ?? 0} passed, ${r.numFailedTests ?? 0} failed${r.success ? "" : " (run failed)"}`,
      );
    }
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return { passed, failed, skipped, total: passed + failed, reports };
}

// A test file that crashes before running tests counts as a failed suite with no failed
// test; count those as failures too, without double-counting files whose tests failed.
function countSuitesWithFailedTests(r) {
  let n = 0;
  for (const suite of r.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).some((a) => a.status === "failed")) n++;
  }
  return n;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { total } = printSummary(root);
  process.exit(total === 0 ? 1 : 0);
}
