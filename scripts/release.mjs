#!/usr/bin/env node
// `pnpm release`: build, test, `changeset version`, `changeset publish`. Versions are
// independent per package; private packages (apps marked private, tooling) are never versioned
// or published. See CONTRIBUTING.md, "Releasing".
//
//   node_modules/.bin/pnpm release --dry-run   # the plan, versioned in a temporary copy, and a
//                                              # `pnpm publish --dry-run` of every package; the
//                                              # registry is never contacted (CI runs this)
//   node_modules/.bin/pnpm release             # the real thing, from a clean main
//
// A package is refused (a real release stops, a dry run reports it) when its first version would
// come only from a dependency's bump (no changeset of its own): that would publish an empty 0.0.x.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { readJson, root, workspacePackages } from "./workspace.mjs";

const dryRun = process.argv.includes("--dry-run");
const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, TURBO_TELEMETRY_DISABLED: "1" };
/** Where a dry run "publishes": a closed local port, so any attempt to reach a registry fails. */
const NO_REGISTRY = "http://127.0.0.1:9/";

function run(cmd, args, cwd = root, extraEnv = {}, capture = false) {
  if (!capture) console.log(`\n> ${[cmd, ...args].join(" ")}${cwd === root ? "" : `   (in ${cwd})`}`);
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    stdio: capture ? "pipe" : "inherit",
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function must(cmd, args, cwd, extraEnv, capture) {
  const r = run(cmd, args, cwd, extraEnv, capture);
  if (r.status !== 0) {
    if (capture) console.error(r.out);
    console.error(`release: ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status);
  }
  return r;
}

/** The release plan changesets computes from .changeset/*.md (read-only). */
function releasePlan(dir) {
  const file = join(mkdtempSync(join(tmpdir(), "bip6-plan-")), "plan.json");
  must(join(bin, "changeset"), ["status", `--output=${file}`], dir, {}, true);
  const plan = readJson(file);
  rmSync(dirname(file), { recursive: true, force: true });
  return plan;
}

/** Releases that must not happen: a first version with no changeset of the package's own. */
function refusals(plan) {
  const named = new Set(plan.changesets.flatMap((c) => c.releases.map((r) => r.name)));
  return plan.releases
    .filter((r) => r.type !== "none" && r.oldVersion === "0.0.0" && !named.has(r.name))
    .map(
      (r) =>
        `${r.name} would first be published as ${r.newVersion} only because a dependency changed: ` +
        `add a changeset for it (node_modules/.bin/pnpm changeset) or make it private until it is ready`,
    );
}

function printPlan(plan) {
  const rows = plan.releases.filter((r) => r.type !== "none");
  if (rows.length === 0) {
    console.log("release plan: nothing to release (no pending changesets)");
    return;
  }
  console.log(`release plan (${plan.changesets.length} changesets):`);
  for (const r of rows)
    console.log(`  ${r.name.padEnd(26)} ${r.oldVersion.padStart(6)} → ${r.newVersion.padEnd(7)} (${r.type})`);
}

const plan = releasePlan(root);
printPlan(plan);
const refused = refusals(plan);
for (const r of refused) console.log(`  refused: ${r}`);

if (dryRun) {
  // A temporary copy of the tree (tracked and new files, plus the built dist/ folders), where
  // `changeset version` may rewrite manifests and changelogs without touching this checkout.
  const copy = mkdtempSync(join(tmpdir(), "bip6-release-"));
  const files = must("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root, {}, true)
    .out.split("\0")
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) cpSync(join(root, f), join(copy, f));
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  const packages = workspacePackages();
  for (const p of packages) {
    if (existsSync(join(p.dir, "dist"))) cpSync(join(p.dir, "dist"), join(copy, p.rel, "dist"), { recursive: true });
    // pnpm resolves workspace: ranges through each package's node_modules links.
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"])
      for (const [dep, range] of Object.entries(p.pkg[field] ?? {})) {
        const target = packages.find((q) => q.pkg.name === dep);
        if (!target || !String(range).startsWith("workspace:")) continue;
        const link = join(copy, p.rel, "node_modules", dep);
        if (existsSync(link)) continue;
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(relative(dirname(link), join(copy, target.rel)), link);
      }
  }
  must(join(bin, "changeset"), ["version"], copy);
  must(process.execPath, [join(copy, "scripts", "manifests.mjs"), "--write"], copy);

  console.log("\nafter `changeset version` (in the temporary copy):");
  const published = workspacePackages(copy).filter((p) => p.published);
  for (const p of published) {
    const changelog = readFileSync(join(p.dir, "CHANGELOG.md"), "utf8");
    const heading = /^## .+$/m.exec(changelog)?.[0] ?? "(no release entry)";
    console.log(`  ${p.pkg.name.padEnd(26)} ${p.pkg.version.padEnd(7)} CHANGELOG.md: ${heading}`);
  }
  console.log(
    `\npnpm publish --dry-run of each package (registry set to ${NO_REGISTRY}: nothing leaves this machine):`,
  );
  let failed = 0;
  for (const p of published) {
    const r = run(
      join(bin, "pnpm"),
      ["publish", "--dry-run", "--no-git-checks", "--access", "public", "--tag", "latest"],
      p.dir,
      { npm_config_registry: NO_REGISTRY, npm_config_fetch_retries: "0" },
      true,
    );
    const notice = (key) => new RegExp(`npm notice ${key}:\\s*(.+)`).exec(r.out)?.[1]?.trim() ?? "?";
    const shipped = ["LICENSE", "README.md", "CHANGELOG.md"].filter((f) => new RegExp(` ${f}\\n`).test(r.out));
    console.log(
      `  ${r.status === 0 ? "would publish" : "FAILED       "} ${notice("name")}@${notice("version")}: ` +
        `${notice("package size")} packed, ${notice("total files")} files (${shipped.join(", ")})`,
    );
    if (r.status !== 0) {
      failed++;
      console.error(r.out);
    }
  }
  rmSync(copy, { recursive: true, force: true });
  console.log(
    `\nrelease --dry-run: ${published.length} packages versioned and packed in a temporary copy; ` +
      `${refused.length} refused; this checkout and the registry untouched`,
  );
  process.exit(failed > 0 || (refused.length > 0 && process.argv.includes("--strict")) ? 1 : 0);
}

// The real release.
if (refused.length > 0) {
  console.error("release: refused (see above)");
  process.exit(1);
}
if (plan.releases.every((r) => r.type === "none")) process.exit(0);
const dirty = must("git", ["status", "--porcelain"], root, {}, true).out.trim();
if (dirty !== "") {
  console.error(`release: the working tree has uncommitted changes:\n${dirty}`);
  process.exit(1);
}
const branch = must("git", ["rev-parse", "--abbrev-ref", "HEAD"], root, {}, true).out.trim();
const base = readJson(join(root, ".changeset", "config.json")).baseBranch;
if (branch !== base) {
  console.error(`release: releases are made from ${base}, not ${branch}`);
  process.exit(1);
}
must(process.execPath, [join(root, "scripts", "quick.mjs"), "test"]);
must(join(bin, "changeset"), ["version"]);
must(process.execPath, [join(root, "scripts", "manifests.mjs"), "--write"]);
// --force: tsup cleans dist/ when it runs, but a turbo cache hit would only restore its outputs
// over whatever an older build left there, and that would be published.
must(join(bin, "turbo"), ["run", "build", "--force", "--output-logs=errors-only"]);
must(process.execPath, [join(root, "scripts", "package-check.mjs")]);
const versions = workspacePackages()
  .filter((p) => p.published && plan.releases.some((r) => r.name === p.pkg.name && r.type !== "none"))
  .map((p) => `${p.pkg.name}@${p.pkg.version}`);
must("git", ["add", "--all", "--", "packages", "apps", ".changeset", "typedoc.json"]);
must("git", ["commit", "-m", `Release ${versions.join(", ")}`]);
must(join(bin, "changeset"), ["publish"]);
console.log(`\nreleased ${versions.join(", ")}; now push the commit and its tags: git push --follow-tags`);
