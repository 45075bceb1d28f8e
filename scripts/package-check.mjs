#!/usr/bin/env node
// What a consumer of the published packages gets, checked on the real tarballs (after a build):
//
//   node scripts/package-check.mjs            # every published package
//   node scripts/package-check.mjs --keep     # keep the scratch folder (printed) to look around
//
// 1. `pnpm pack` of every published package: dist/, README.md, LICENSE, CHANGELOG.md present,
//    no src/, and a manifest without the "@bip6/source" condition, devDependencies, scripts or
//    workspace: ranges.
// 2. publint (strict) and attw (@arethetypeswrong/cli) on each tarball.
// 3. A pack-install test: npm installs every tarball, offline, into a scratch project, which
//    then require()s and import()s every entry (root and subpaths) and checks that each class
//    is one and the same object whichever way it was loaded; and `tsc` type-checks a consumer
//    file per TypeScript resolution mode (node10, node16 from CJS and ESM, nodenext, bundler).
// 4. Size budgets (scripts/size-budgets.json): every entry bundled by esbuild from the
//    installed tarballs, minified, gzipped; and each tarball's packed size.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { SOURCE_CONDITION, publishedPackages, readJson, root } from "./workspace.mjs";

const bin = join(root, "node_modules", ".bin");
const keep = process.argv.includes("--keep");
const budgetsFile = join(root, "scripts", "size-budgets.json");
const budgets = readJson(budgetsFile);
const problems = [];
const scratch = mkdtempSync(join(tmpdir(), "bip6-package-check-"));
const tarballDir = join(scratch, "tarballs");
const consumer = join(scratch, "consumer");
mkdirSync(tarballDir);
mkdirSync(consumer);

function sh(cmd, args, cwd, extra = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...extra });
  if (r.error) throw r.error;
  return {
    status: r.status ?? 1,
    out: `${r.stdout ?? ""}${r.stderr ?? ""}`,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
  };
}

/** `sh` without blocking, so independent runs can overlap. */
function shAsync(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? 1, out }));
  });
}

function must(label, cmd, args, cwd, extra) {
  const r = sh(cmd, args, cwd, extra);
  if (r.status !== 0) {
    console.error(`${label} failed (exit ${r.status}):\n${r.out}`);
    cleanup();
    process.exit(1);
  }
  return r;
}

function cleanup() {
  if (keep) console.log(`scratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

/** Entry specifiers of a published manifest: "@bip6/x" and "@bip6/x/sub" for every exports key. */
function specifiers(manifest) {
  return Object.keys(manifest.exports ?? {})
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`));
}

const kib = (n) => `${(n / 1024).toFixed(1)} kB`;
const started = Date.now();
const phases = [];
/** Notes how long the phase that just ended took (printed with the report). */
function phase(name) {
  const now = Date.now();
  phases.push(`${name} ${((now - (phases.last ?? started)) / 1000).toFixed(1)} s`);
  phases.last = now;
}

/** The tarball's `dist/chunk-*.js` files that no other shipped `.js` file of the package names. */
function unimportedChunks(dir, list) {
  const js = list.filter((f) => /^package\/dist\/.*\.[cm]?js$/.test(f)).map((f) => f.slice("package/".length));
  const texts = new Map(js.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  return js.filter(
    (f) => /\/chunk-[^/]*\.js$/.test(f) && ![...texts].some(([g, text]) => g !== f && text.includes(basename(f))),
  );
}

// 1. Pack.
const packages = publishedPackages();
const packed = [];
for (const p of packages) {
  if (!existsSync(join(p.dir, "dist"))) {
    problems.push(`${p.pkg.name}: no dist/ (build first: node_modules/.bin/pnpm build)`);
    continue;
  }
  const before = new Set(readdirSync(tarballDir));
  must(`pnpm pack (${p.rel})`, join(bin, "pnpm"), ["pack", "--pack-destination", tarballDir], p.dir);
  const file = readdirSync(tarballDir).find((f) => !before.has(f));
  const tarball = join(tarballDir, file);
  const list = must(`tar (${file})`, "tar", ["-tzf", tarball], scratch).stdout.split("\n").filter(Boolean);
  const manifest = JSON.parse(must("tar", "tar", ["-xzOf", tarball, "package/package.json"], scratch).stdout);
  const unpacked = Number(
    must("tar", "tar", ["-tzvf", tarball], scratch)
      .stdout.split("\n")
      .filter(Boolean)
      .reduce((n, line) => n + Number(line.split(/\s+/)[2] ?? 0), 0),
  );
  packed.push({ p, file, tarball, list, manifest, bytes: readFileSync(tarball).length, unpacked });
}

for (const { p, file, list, manifest } of packed) {
  const name = p.pkg.name;
  const has = (path) => list.includes(`package/${path}`);
  if (!list.some((f) => f.startsWith("package/dist/"))) problems.push(`${file}: no dist/ in the tarball`);
  for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md"])
    if (!has(f)) problems.push(`${file}: ${f} missing from the tarball`);
  if (list.some((f) => f.startsWith("package/src/"))) problems.push(`${file}: ships src/ (source-only files)`);
  // A turbo cache hit restores a build's outputs over dist/ without removing what an older
  // build left there: a chunk no shipped file imports is such a leftover, and would be published.
  for (const stale of unimportedChunks(p.dir, list))
    problems.push(`${file}: ${stale} is imported by no other file (a stale build? rm -rf dist and build again)`);
  const text = JSON.stringify(manifest);
  if (text.includes(SOURCE_CONDITION)) problems.push(`${file}: published package.json still names ${SOURCE_CONDITION}`);
  if (text.includes("workspace:")) problems.push(`${file}: published package.json has a workspace: range`);
  for (const field of ["devDependencies", "scripts", "typedocOptions"])
    if (manifest[field] !== undefined) problems.push(`${file}: published package.json has "${field}"`);
  if (manifest.name !== name) problems.push(`${file}: name ${manifest.name}, expected ${name}`);
  // Every file the manifest points at is in the tarball.
  const targets = [];
  const walk = (v) =>
    typeof v === "string" ? targets.push(v) : v && typeof v === "object" && Object.values(v).forEach(walk);
  walk(manifest.exports);
  walk(manifest.bin);
  for (const f of [manifest.main, manifest.module, manifest.types]) if (f) targets.push(f);
  for (const t of targets)
    if (!has(t.replace(/^\.\//, ""))) problems.push(`${file}: points at ${t}, not in the tarball`);
}

phase("pack");

// 2. publint (strict: warnings count) and attw, on the tarballs themselves.
for (const { file, tarball } of packed) {
  const buffer = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) },
    strict: true,
    level: "suggestion",
  });
  for (const m of messages) problems.push(`${file}: publint ${m.type}: ${formatMessage(m, pkg, { color: false })}`);
  const attw = sh(join(bin, "attw"), [tarball, "--no-definitely-typed", "--format", "ascii", "--no-color"], scratch);
  if (attw.status !== 0) problems.push(`${file}: attw found problems:\n${attw.out.trim()}`);
}

phase("publint+attw");

// Dependencies from outside the workspace (a peer such as @bacnet-js/client, and what it
// needs) come from the copies the workspace installed, packed with npm: the install below
// stays offline, and consumers get the same versions the tests ran against.
function installedDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}
const vendored = new Map(); // name@version → tarball
const vendorDir = join(scratch, "vendor");
mkdirSync(vendorDir);
function vendor(manifest, from) {
  const external = { ...(manifest.dependencies ?? {}), ...(manifest.peerDependencies ?? {}) };
  for (const name of Object.keys(external)) {
    if (packed.some((t) => t.manifest.name === name)) continue;
    const dir = installedDir(name, from);
    if (!dir) {
      problems.push(`${manifest.name}: depends on ${name}, which the workspace has not installed`);
      continue;
    }
    const dep = readJson(join(dir, "package.json"));
    const key = `${dep.name}@${dep.version}`;
    if (vendored.has(key)) continue;
    // An installed package folder holds what its registry tarball held: tar it back up.
    const tarball = join(vendorDir, `${key.replace(/^@/, "").replace(/[/@]/g, "-")}.tgz`);
    must(`tar ${key}`, "tar", [
      "-czf",
      tarball,
      "--exclude=node_modules",
      "-C",
      dirname(dir),
      `--transform=s,^${basename(dir)},package,`,
      basename(dir),
    ]);
    vendored.set(key, tarball);
    vendor(dep, dir);
  }
}
for (const t of packed) vendor(t.manifest, t.p.dir);

// 3. Pack-install test.
writeFileSync(
  join(consumer, "package.json"),
  `${JSON.stringify({ name: "bip6-consumer", version: "1.0.0", private: true, type: "commonjs" }, null, 2)}\n`,
);
if (packed.length > 0) {
  must(
    "npm install (offline, from the tarballs)",
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--no-package-lock",
      "--loglevel=error",
      ...packed.map((t) => t.tarball),
      ...vendored.values(),
    ],
    consumer,
    { env: { ...process.env, npm_config_cache: join(scratch, "npm-cache") } },
  );
}
const specs = packed.flatMap((t) => specifiers(t.manifest));
phase("npm install");

// Runtime: one instance whatever the mix. Each file loads every entry both ways and compares.
const identityCheck = `
const specs = ${JSON.stringify(specs)};
const load = async (how) => {
  const out = {};
  for (const s of specs) out[s] = how === "require" ? require(s) : await import(s);
  return out;
};
(async () => {
  const order = process.argv[2] === "import-first" ? ["import", "require"] : ["require", "import"];
  const loaded = {};
  for (const how of order) loaded[how] = await load(how);
  const seen = new Map(); // package + export name → [value, where]
  const problems = [];
  const specialised = new Set();
  let classes = 0;
  for (const how of order)
    for (const s of specs)
      for (const [name, value] of Object.entries(loaded[how][s])) {
        if (typeof value !== "function" && (typeof value !== "object" || value === null)) continue;
        const pkg = s.split("/").slice(0, 2).join("/");
        const key = pkg + " " + name;
        const where = how + "(" + JSON.stringify(s) + ")." + name;
        const first = seen.get(key + " " + s);
        // The same entry loaded by require and by import: always the very same object.
        if (first && first[0] !== value) problems.push(where + " !== " + first[1]);
        if (!first) seen.set(key + " " + s, [value, where]);
        if (!seen.has(key)) { seen.set(key, [value, where]); if (typeof value === "function") classes++; continue; }
        const [other, otherWhere] = seen.get(key);
        if (other === value) continue;
        // Another entry of the package may export a subclass under the same name on purpose
        // (a Node-only specialisation); a copy of the same class is the bug this check is for.
        const related = typeof value === "function" && typeof other === "function" &&
          (value.prototype instanceof other || other.prototype instanceof value);
        if (related) specialised.add(where + " extends/is extended by " + otherWhere);
        else problems.push(where + " !== " + otherWhere);
      }
  const root = loaded.import["@bip6/bvll6-codec"]?.Bip6Error;
  let errors = 0;
  for (const [key, [value, where]] of seen)
    if (typeof value === "function" && key.split(" ").length === 2 && / [A-Z][A-Za-z0-9_]*Error( |$)/.test(key) && value !== root) {
      errors++;
      if (!(value.prototype instanceof root)) problems.push(where + " does not extend the one Bip6Error");
    }
  // The case that was broken when each entry bundled its own copy of the error classes.
  if (specs.includes("@bip6/bip6-socket/memory") &&
      require("@bip6/bip6-socket").DatagramPortError !== require("@bip6/bip6-socket/memory").DatagramPortError) problems.push("require('@bip6/bip6-socket').DatagramPortError !== require('@bip6/bip6-socket/memory').DatagramPortError");
  console.log(JSON.stringify({ order, entries: specs.length, functions: classes, errorClasses: errors, specialised: [...specialised], problems }));
})().catch((e) => { console.log(JSON.stringify({ problems: [String(e && e.stack || e)] })); });
`;
writeFileSync(join(consumer, "identity.cjs"), identityCheck);
const runtime = [];
for (const order of ["require-first", "import-first"]) {
  const r = sh(process.execPath, ["identity.cjs", order], consumer);
  let result;
  try {
    result = JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    result = { problems: [`identity.cjs ${order} printed no result:\n${r.out}`] };
  }
  if (r.stderr.trim() !== "") result.problems.push(`identity.cjs ${order} wrote to stderr: ${r.stderr.trim()}`);
  for (const m of result.problems) problems.push(`pack-install (${order}): ${m}`);
  runtime.push(result);
}
// Pure ESM consumer too (a type: module project), root and subpath entries.
writeFileSync(
  join(consumer, "esm.mjs"),
  `${specs.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join("\n")}\n` +
    `const mods = [${specs.map((_, i) => `m${i}`).join(", ")}];\n` +
    `if (mods.length !== ${specs.length}) throw new Error("entries missing");\n` +
    `console.log("esm ok");\n`,
);
const esm = sh(process.execPath, ["esm.mjs"], consumer);
if (esm.status !== 0 || !esm.stdout.includes("esm ok")) problems.push(`pack-install (ESM): ${esm.out.trim()}`);
phase("runtime");

// Types: a consumer file per TypeScript resolution mode, strict, our declarations checked too.
const modes = [
  // libCheck: also type-check our declaration files in that mode (the expensive part, as it
  // checks @types/node too): where a .d.cts / .d.ts format mistake would show.
  { name: "node10", file: "node10.ts", module: "commonjs", moduleResolution: "node10" },
  { name: "node16 (CJS)", file: "node16.cts", module: "node16", moduleResolution: "node16", libCheck: true },
  { name: "node16 (ESM)", file: "node16.mts", module: "node16", moduleResolution: "node16" },
  { name: "nodenext (CJS)", file: "nodenext.cts", module: "nodenext", moduleResolution: "nodenext" },
  { name: "nodenext (ESM)", file: "nodenext.mts", module: "nodenext", moduleResolution: "nodenext" },
  { name: "bundler", file: "bundler.ts", module: "esnext", moduleResolution: "bundler", libCheck: true },
];
const typeSource =
  specs.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join("\n") +
  `\nexport const entries: object[] = [${specs.map((_, i) => `m${i}`).join(", ")}];\n`;
const typeResults = [];
const typeRuns = modes.map((mode) => {
  writeFileSync(join(consumer, mode.file), typeSource);
  const tsconfig = `tsconfig.${mode.file.replace(/\W/g, "-")}.json`;
  writeFileSync(
    join(consumer, tsconfig),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: !mode.libCheck,
        target: "es2022",
        module: mode.module,
        moduleResolution: mode.moduleResolution,
        esModuleInterop: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules", "@types")],
        ...(mode.moduleResolution === "node10" ? { ignoreDeprecations: "5.0" } : {}),
      },
      files: [mode.file],
    }),
  );
  return () =>
    shAsync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", tsconfig], consumer);
});
// Two at a time: the machine has two cores.
for (let i = 0; i < typeRuns.length; i += 2) {
  const results = await Promise.all(typeRuns.slice(i, i + 2).map((run) => run()));
  results.forEach((r, j) => {
    const mode = modes[i + j];
    typeResults.push({ mode: mode.name, ok: r.status === 0 });
    if (r.status !== 0) problems.push(`types (${mode.name}): tsc failed:\n${r.out.trim()}`);
  });
}
phase("tsc");

// 4. Sizes: esbuild bundles from the installed tarballs (what a web app would get), gzipped.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// Peer dependencies are the application's own (it installs them); a budget covers our code.
const peers = [...new Set(packed.flatMap((t) => Object.keys(t.manifest.peerDependencies ?? {})))];
async function bundleSize(code) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: consumer, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import"],
    external: [...nodeBuiltins, ...peers, ...peers.map((p) => `${p}/*`)],
    write: false,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
const sizes = [];
const scenarios = [
  ...specs.map((s) => ({ name: s, code: `export * from ${JSON.stringify(s)};` })),
  ...Object.entries(budgets.scenarios ?? {}).map(([name, s]) => ({ name, code: s.code })),
];
for (const s of scenarios) {
  let measured;
  try {
    measured = await bundleSize(s.code);
  } catch (e) {
    problems.push(`size (${s.name}): esbuild failed: ${e.message}`);
    continue;
  }
  const budget = budgets.bundles?.[s.name] ?? budgets.scenarios?.[s.name]?.gzip;
  sizes.push({ name: s.name, ...measured, budget });
  if (budget === undefined)
    problems.push(
      `size (${s.name}): no budget; measured ${measured.gzip} B gzipped: add it to scripts/size-budgets.json`,
    );
  else if (measured.gzip > budget)
    problems.push(`size (${s.name}): ${measured.gzip} B gzipped is over its budget of ${budget} B`);
}
for (const t of packed) {
  const budget = budgets.tarballs?.[t.p.pkg.name];
  if (budget === undefined)
    problems.push(`size (${t.file}): no tarball budget; packed ${t.bytes} B: add it to scripts/size-budgets.json`);
  else if (t.bytes > budget) problems.push(`size (${t.file}): tarball ${t.bytes} B is over its budget of ${budget} B`);
}

phase("sizes");

// Report.
console.log(
  `package check: ${packed.length} tarballs in ${relative(root, scratch) || scratch}` +
    (vendored.size > 0
      ? `; from outside the workspace, packed from its installed copies: ${[...vendored.keys()].join(", ")}`
      : ""),
);
console.log("  tarball                                   packed    unpacked  files  budget");
for (const t of packed)
  console.log(
    `  ${t.file.padEnd(40)} ${kib(t.bytes).padStart(8)} ${kib(t.unpacked).padStart(10)} ${String(t.list.length).padStart(6)}  ${budgets.tarballs?.[t.p.pkg.name] === undefined ? "none" : kib(budgets.tarballs[t.p.pkg.name])}`,
  );
console.log("  bundle (esbuild, minified)                min      gzip    budget");
for (const s of sizes)
  console.log(
    `  ${s.name.padEnd(40)} ${kib(s.min).padStart(8)} ${String(s.gzip).padStart(7)} B ${s.budget === undefined ? "none" : `${s.budget} B`}`,
  );
for (const r of runtime)
  console.log(
    `  runtime (${r.order?.join(" then ") ?? "?"}): ${r.entries ?? "?"} entries, ${r.functions ?? "?"} classes/functions one instance each, ${r.errorClasses ?? "?"} error classes extend the one Bip6Error`,
  );
for (const s of new Set(runtime.flatMap((r) => r.specialised ?? [])))
  console.log(`  runtime: subclass, not a copy: ${s}`);
console.log(`  time: ${phases.join(", ")}`);
console.log(`  types: ${typeResults.map((t) => `${t.mode} ${t.ok ? "ok" : "FAILED"}`).join(", ")}`);
cleanup();
if (problems.length > 0) {
  console.error(`package check: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log("package check: every tarball passed");
