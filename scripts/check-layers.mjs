#!/usr/bin/env node
// Enforces the layering rule of the monorepo: a package may import only packages above it
// in LAYERS (strictly downward, never sideways, never a cycle), and only ones it declares
// in its package.json. Source files may use Node built-ins only where the package does I/O.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Published packages in layer order: each may depend only on the ones before it. */
export const LAYERS = [
  "@bip6/bvll6-codec",
  "@bip6/vmac-cache",
  "@bip6/bip6-socket",
  "@bip6/bbmd6",
  "@bip6/foreign-device6",
  "@bip6/bip6-transport",
  "@bip6/bacnet-js",
];
/** Packages whose src/ may import Node built-ins (the rest must stay browser-safe or sans-IO). */
const NODE_ALLOWED = new Set([
  "@bip6/bip6-socket",
  "@bip6/bip6-transport",
  "@bip6/bacnet-js",
  "@bip6/sniffer",
  "@bip6/cli",
  "@bip6/netns",
]);
/**
 * Packages where only some src/ files may: the rest of src/ is browser-safe and may not import
 * Node built-ins nor the Node-only entries below (the transport's and the sniffer's main entries
 * run in browsers; their `/node` subpaths open sockets, files and processes).
 */
const NODE_FILES = new Map([
  ["@bip6/bip6-transport", /^src\/(?:node\.ts$|node\/)/],
  // bip6-sniff's library is browser-safe (the decoder page uses it); the CLI's Node parts are src/cli.ts and src/node/.
  ["@bip6/sniffer", /^src\/(?:cli\.ts$|node\/)/],
]);
/** Entries that pull in Node built-ins: browser-safe sources use their browser-safe subpaths. */
const NODE_ONLY_ENTRIES = new Set(["@bip6/bip6-socket"]);
/** Private test tooling any package may use from its tests (never from src). */
const TEST_TOOLING = new Set(["@bip6/netns"]);

const builtins = new Set(builtinModules);
const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const rootDev = new Set(Object.keys(rootPkg.devDependencies ?? {}));

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(?:ts|mts|cts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) yield p;
  }
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function packageName(spec) {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const problems = [];
const workspaces = ["packages", "apps", "tooling"].flatMap((d) =>
  existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : [],
);

for (const dir of workspaces) {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  const name = pkg.name;
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));
  // A peer dependency is declared too: the user installs it, the package may import it from src.
  const peerDeps = new Set(Object.keys(pkg.peerDependencies ?? {}));
  const layer = LAYERS.indexOf(name);

  for (const dep of [...deps, ...devDeps]) {
    const depLayer = LAYERS.indexOf(dep);
    if (layer !== -1 && depLayer !== -1 && depLayer >= layer) {
      problems.push(`${name} declares ${dep}, which is not below it in the layer order`);
    }
    if (deps.has(dep) && TEST_TOOLING.has(dep))
      problems.push(`${name} lists test tooling ${dep} as a runtime dependency`);
  }

  for (const file of walk(dir)) {
    const rel = relative(dir, file);
    const isSource = rel.startsWith("src/");
    const nodeFiles = NODE_FILES.get(name);
    const mayUseNode = NODE_ALLOWED.has(name) && (nodeFiles === undefined || nodeFiles.test(rel));
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec || spec.startsWith(".") || spec.startsWith("/")) continue;
      const where = `${relative(root, file)}: "${spec}"`;
      if (spec.startsWith("node:") || builtins.has(spec)) {
        if (isSource && !mayUseNode) problems.push(`${where}: Node built-in in a browser-safe / sans-IO source`);
        continue;
      }
      if (isSource && nodeFiles !== undefined && !mayUseNode && NODE_ONLY_ENTRIES.has(spec)) {
        problems.push(`${where}: Node-only entry in a browser-safe source (use its browser-safe subpath)`);
      }
      const dep = packageName(spec);
      if (dep === name) continue;
      const depLayer = LAYERS.indexOf(dep);
      if (layer !== -1 && depLayer !== -1 && depLayer >= layer) {
        problems.push(`${where}: ${name} may not import ${dep} (not below it in the layer order)`);
      }
      if (isSource) {
        if (!deps.has(dep) && !peerDeps.has(dep)) problems.push(`${where}: ${dep} is not in ${name}'s dependencies`);
      } else if (!deps.has(dep) && !devDeps.has(dep) && !rootDev.has(dep)) {
        problems.push(`${where}: ${dep} is not declared by ${name} or the workspace root`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`layer check: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`layer check: ${workspaces.length} workspace packages, imports strictly downward and declared`);
