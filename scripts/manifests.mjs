#!/usr/bin/env node
// The release fields of every workspace manifest, derived from one root setting and checked in
// CI (`npm test` runs `--check`). A package that appears later gets them with `--write`:
//
//   node scripts/manifests.mjs --check   # list what is missing or wrong, exit 1 if anything is
//   node scripts/manifests.mjs --write   # fix everything that can be derived, then check
//
// Derived (written by --write): license, repository (with directory), homepage and bugs from the
// root's repository.url; engines; publishConfig (access public, exports without the
// workspace-only "@bip6/source" condition); the exports entry shape the shared library build
// writes; main/module/types and typesVersions (subpaths under TypeScript's node10 resolution);
// files; a LICENSE copy and a CHANGELOG.md; version 0.0.0 until the first release; the package
// list of typedoc.json. Checked only (a person decides): description, README, dependency ranges,
// changeset settings. See CONTRIBUTING.md, "Package manifests".
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  SOURCE_CONDITION,
  publicHome,
  readJson,
  root,
  rootManifest,
  withoutSourceCondition,
  workspacePackages,
} from "./workspace.mjs";

/** The line a CHANGELOG.md holds until `changeset version` writes its first entry. */
export const UNRELEASED_NOTE =
  "No release yet: the first entry is written by `changeset version` from the changesets in `.changeset/`.";

/** Files every tarball must carry besides package.json, README.md and LICENSE (packed always). */
const REQUIRED_FILES = ["dist", "CHANGELOG.md"];

/** A version heading as changesets writes it (`## 0.1.0`). */
const RELEASE_HEADING = /^## \d+\.\d+\.\d+/m;

const write = process.argv.includes("--write");
if (!write && !process.argv.includes("--check")) {
  console.error("usage: node scripts/manifests.mjs --check | --write");
  process.exit(2);
}

const problems = [];
const changed = [];
const rootPkg = rootManifest();
const home = publicHome(rootPkg);
const license = rootPkg.license;
const engines = rootPkg.engines;
const packages = workspacePackages();

/** `dist` paths of the entry whose source is `./src/<name>.ts`. */
function entryShape(source) {
  const name = source.replace(/^\.\/src\//, "").replace(/\.[cm]?tsx?$/, "");
  return {
    [SOURCE_CONDITION]: source,
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  };
}

/** Same JSON value, key order included (key order is what a reader sees in the file). */
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets `pkg[key]` to `value` (after `anchor` when the key is new), recording a difference. */
function expect(entry, pkg, key, value, anchor) {
  if (same(pkg[key], value)) return pkg;
  problems.push(`${entry.rel}/package.json: "${key}" should be ${JSON.stringify(value)}`);
  return insertAfter(pkg, key, value, anchor);
}

/** A copy of `obj` with `key` set; a new key goes right after `anchor` (else at the end). */
function insertAfter(obj, key, value, anchor) {
  if (key in obj || anchor === undefined || !(anchor in obj)) {
    const out = { ...obj };
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === anchor && value !== undefined) out[key] = value;
  }
  return out;
}

function checkPublished(entry) {
  let pkg = entry.pkg;
  const at = `${entry.rel}/package.json`;
  const { rel, dir } = entry;

  if (typeof pkg.description !== "string" || pkg.description.length < 10)
    problems.push(`${at}: needs a one-sentence "description" (npm shows it in search results)`);
  if (!existsSync(join(dir, "README.md"))) problems.push(`${rel}: needs a README.md (it is the package's npm page)`);

  pkg = expect(entry, pkg, "license", license, "description");
  pkg = expect(entry, pkg, "repository", { type: "git", url: home.git, directory: rel }, "license");
  pkg = expect(entry, pkg, "homepage", `${home.web}/tree/main/${rel}#readme`, "repository");
  pkg = expect(entry, pkg, "bugs", { url: home.issues }, "homepage");
  pkg = expect(entry, pkg, "type", "module", "bugs");
  pkg = expect(entry, pkg, "sideEffects", false, "type");
  pkg = expect(entry, pkg, "engines", engines, "sideEffects");

  // exports: every entry has the source condition and the shape libraryBuild() writes.
  const exportsMap = pkg.exports;
  // A command without a library (apps/bip6): its bin is its whole interface, so there is no
  // entry to shape, type or document; exports holds only the manifest.
  const commandOnly =
    pkg.bin !== undefined &&
    typeof exportsMap === "object" &&
    exportsMap !== null &&
    Object.keys(exportsMap).every((k) => k === "./package.json");
  if (commandOnly) {
    for (const key of ["main", "module", "types", "typesVersions", "typedocOptions"])
      if (pkg[key] !== undefined) problems.push(`${at}: a command without a library has no "${key}"`);
    pkg = expect(entry, pkg, "exports", { "./package.json": "./package.json" }, "bin");
    pkg = expect(entry, pkg, "publishConfig", { ...(pkg.publishConfig ?? {}), access: "public" }, "exports");
  } else if (typeof exportsMap !== "object" || exportsMap === null || !exportsMap["."]) {
    problems.push(
      `${at}: needs an "exports" map with a "." entry (or, for a command without a library, a "bin" and exports of ./package.json only)`,
    );
  } else {
    const normalized = {};
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (subpath === "./package.json") continue;
      const source = typeof target === "object" && target !== null ? target[SOURCE_CONDITION] : undefined;
      if (typeof source !== "string" || !/^\.\/src\/.+\.ts$/.test(source)) {
        problems.push(
          `${at}: exports["${subpath}"] needs "${SOURCE_CONDITION}": "./src/<file>.ts" (the rest of the entry is derived)`,
        );
        normalized[subpath] = target;
        continue;
      }
      if (!existsSync(join(dir, source)))
        problems.push(`${at}: exports["${subpath}"] names ${source}, which does not exist`);
      normalized[subpath] = entryShape(source);
    }
    normalized["./package.json"] = "./package.json";
    pkg = expect(entry, pkg, "exports", normalized, "types");

    const main = normalized["."];
    if (main?.import) {
      pkg = expect(entry, pkg, "main", main.require.default, "engines");
      pkg = expect(entry, pkg, "module", main.import.default, "main");
      pkg = expect(entry, pkg, "types", main.import.types, "module");
    }
    // TypeScript's node10 resolution ignores exports: typesVersions maps each subpath's types.
    const subpaths = Object.entries(normalized).filter(([k, v]) => k !== "." && k !== "./package.json" && v?.import);
    const typesVersions =
      subpaths.length === 0
        ? undefined
        : { "*": Object.fromEntries(subpaths.map(([k, v]) => [k.slice(2), [v.import.types]])) };
    pkg = expect(entry, pkg, "typesVersions", typesVersions, "types");

    // The reference documents every entry (TypeDoc reads typedocOptions from the package.json;
    // .pnpmfile.cjs keeps it out of the tarball). One src/index.ts is TypeDoc's default here.
    const sources = Object.values(normalized)
      .map((v) => v?.[SOURCE_CONDITION])
      .filter((v) => typeof v === "string")
      .map((v) => v.replace(/^\.\//, ""));
    const typedocOptions = same(sources, ["src/index.ts"]) ? undefined : { entryPoints: sources };
    pkg = expect(entry, pkg, "typedocOptions", typedocOptions, "files");

    const publishConfig = {
      ...(pkg.publishConfig ?? {}),
      access: "public",
      exports: withoutSourceCondition(normalized),
    };
    pkg = expect(entry, pkg, "publishConfig", publishConfig, "exports");
    if (JSON.stringify(publishConfig).includes(SOURCE_CONDITION))
      problems.push(`${at}: publishConfig still names ${SOURCE_CONDITION}`);
  }

  // files: dist and the changelog; never src (the published entries point at dist only).
  const files = Array.isArray(pkg.files) ? pkg.files.filter((f) => !/^(\.\/)?src(\/|$)/.test(f)) : [];
  for (const f of REQUIRED_FILES) if (!files.includes(f)) files.push(f);
  pkg = expect(entry, pkg, "files", files, "publishConfig");

  for (const [name, target] of Object.entries(typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {})))
    // Into ./dist, or a committed launcher in ./bin that imports it (shipped: "bin" in files),
    // for a command other workspace packages depend on: see apps/sniffer/bin/bip6-sniff.js.
    if (/^\.\/bin\/[^/]+\.js$/.test(target)) {
      if (!files.includes("bin")) problems.push(`${at}: bin "${name}" is in ./bin, which "files" must list`);
    } else if (!/^\.\/dist\//.test(target))
      problems.push(`${at}: bin "${name}" must point into ./dist or be a launcher in ./bin (found ${target})`);

  // Ranges on other workspace packages: workspace:^ publishes as ^<version>; nothing private.
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      const target = packages.find((p) => p.pkg.name === dep);
      if (!target) continue;
      if (!target.published) problems.push(`${at}: ${field} names ${dep}, which is private and never published`);
      else if (field === "dependencies" && range !== "workspace:^")
        problems.push(`${at}: dependencies["${dep}"] should be "workspace:^" (published as ^<its version>)`);
    }
  }

  // LICENSE: the root's text in every package folder, so every tarball carries it.
  const licenseFile = join(dir, "LICENSE");
  const rootLicense = readFileSync(join(root, "LICENSE"), "utf8");
  if (!existsSync(licenseFile) || readFileSync(licenseFile, "utf8") !== rootLicense) {
    problems.push(`${rel}/LICENSE: must be a copy of the root LICENSE`);
    if (write) copyFileSync(join(root, "LICENSE"), licenseFile);
  }

  // CHANGELOG.md, and version 0.0.0 until it holds a release: the first changeset decides the
  // first published version (a minor changeset on 0.0.0 gives 0.1.0).
  const changelogFile = join(dir, "CHANGELOG.md");
  let changelog = existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : undefined;
  const fresh = `# ${pkg.name}\n\n${UNRELEASED_NOTE}\n`;
  if (changelog === undefined || !changelog.startsWith(`# ${pkg.name}\n`)) {
    problems.push(`${rel}/CHANGELOG.md: must exist and start with "# ${pkg.name}"`);
    changelog = changelog === undefined ? fresh : `# ${pkg.name}\n\n${changelog}`;
    if (write) writeFileSync(changelogFile, changelog);
  }
  const released = RELEASE_HEADING.test(changelog);
  if (released && changelog.includes(UNRELEASED_NOTE)) {
    problems.push(`${rel}/CHANGELOG.md: has a release and still says "No release yet"`);
    if (write) writeFileSync(changelogFile, changelog.replace(`\n${UNRELEASED_NOTE}\n`, "").replace(/\n{3,}/g, "\n\n"));
  }
  if (!released) pkg = expect(entry, pkg, "version", "0.0.0", "name");

  return pkg;
}

function checkPrivate(entry) {
  for (const field of ["publishConfig", "repository"])
    if (entry.pkg[field] !== undefined) problems.push(`${entry.rel}/package.json: private, so no "${field}"`);
  return entry.pkg;
}

for (const entry of packages) {
  const pkg = entry.published ? checkPublished(entry) : checkPrivate(entry);
  if (!same(pkg, entry.pkg)) changed.push([entry.file, pkg]);
}

// The root itself: its homepage and bugs follow from repository.url as well.
let rootNext = rootPkg;
rootNext = expect({ rel: "." }, rootNext, "homepage", `${home.web}#readme`, "repository");
rootNext = expect({ rel: "." }, rootNext, "bugs", { url: home.issues }, "homepage");
if (!same(rootNext, rootPkg)) changed.push([join(root, "package.json"), rootNext]);

// Changesets: private packages are never versioned; a published one must not be ignored.
const changesetFile = join(root, ".changeset", "config.json");
const changesetConfig = readJson(changesetFile);
const keptIgnored = [];
for (const name of changesetConfig.ignore ?? []) {
  const p = packages.find((e) => e.pkg.name === name);
  if (!p) problems.push(`.changeset/config.json: ignore names ${name}, which is not a workspace package`);
  else if (p.published)
    problems.push(`.changeset/config.json: ${name} is published now; remove it from "ignore" so it gets versions`);
  else keptIgnored.push(name);
}
if (!same(keptIgnored, changesetConfig.ignore ?? []))
  changed.push([changesetFile, { ...changesetConfig, ignore: keptIgnored }]);
if (changesetConfig.privatePackages?.version !== false || changesetConfig.privatePackages?.tag !== false)
  problems.push(`.changeset/config.json: privatePackages must be { "version": false, "tag": false }`);
if (changesetConfig.access !== "public") problems.push(`.changeset/config.json: "access" must be "public"`);

// The layer order lives in the layer check (one list); read it without running that script.
const layers = [
  ...(
    /export const LAYERS = \[([^\]]*)\]/.exec(readFileSync(join(root, "scripts/check-layers.mjs"), "utf8"))?.[1] ?? ""
  ).matchAll(/"([^"]+)"/g),
].map((m) => m[1]);

// typedoc.json: the reference covers every published package that exports code.
const typedocFile = join(root, "typedoc.json");
const typedoc = readJson(typedocFile);
const documented = packages
  .filter((p) => p.published && p.pkg.exports?.["."])
  .sort((a, b) => docOrder(a) - docOrder(b))
  .map((p) => p.rel);
if (!same(typedoc.entryPoints, documented)) {
  problems.push(`typedoc.json: "entryPoints" should list every published package: ${JSON.stringify(documented)}`);
  typedoc.entryPoints = documented;
  changed.push([typedocFile, typedoc]);
}

/** Layer order for the reference (LAYERS of scripts/check-layers.mjs), then the apps by name. */
function docOrder(p) {
  const at = layers.indexOf(p.pkg.name);
  return at === -1 ? 1000 + packages.indexOf(p) : at;
}

/** Runs a command in the root, output shown; returns its exit status. */
function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, stdio: "inherit" }).status ?? 1;
}

if (write) {
  for (const [file, pkg] of changed) writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  for (const [file] of changed) console.log(`wrote ${relative(root, file)}`);
  // package.json files are already in prettier's shape (json-stringify); the others may not be.
  const others = changed.map(([file]) => file).filter((f) => !f.endsWith("package.json"));
  if (others.length > 0)
    run(join(root, "node_modules", ".bin", "prettier"), ["--write", "--log-level=warn", ...others]);
  process.exit(run(process.execPath, [process.argv[1], "--check"]));
}

if (problems.length > 0) {
  console.error(
    `manifests: ${problems.length} problem(s) — \`node scripts/manifests.mjs --write\` fixes the derivable ones`,
  );
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
const published = packages.filter((p) => p.published).map((p) => p.pkg.name);
console.log(
  `manifests: ${published.length} published (${published.join(", ")}), ${packages.length - published.length} private; all release fields in place`,
);
