// The workspace as the release scripts see it: every package with its manifest, which of them
// are published, and the one root setting (package.json `repository.url`) every public URL of
// the project is derived from.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root (this file lives in scripts/). */
export const root = fileURLToPath(new URL("..", import.meta.url));

/** Folders that hold workspace packages (pnpm-workspace.yaml lists the same three globs). */
export const WORKSPACE_FOLDERS = ["packages", "apps", "tooling"];

/** The export condition that points workspace tests and type checks at `src/`; never published. */
export const SOURCE_CONDITION = "@bip6/source";

/** Reads a JSON file. */
export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The root package.json. */
export function rootManifest() {
  return readJson(join(root, "package.json"));
}

/**
 * Every workspace package under `top` (this checkout by default): `{ dir, rel, file, pkg,
 * published }` (rel is the path from `top`, e.g. `packages/bvll6-codec`), by folder then name.
 */
export function workspacePackages(top = root) {
  const found = [];
  for (const folder of WORKSPACE_FOLDERS) {
    const base = join(top, folder);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, "package.json");
      if (!existsSync(file)) continue;
      const pkg = readJson(file);
      const dir = join(base, name);
      found.push({ dir, rel: relative(top, dir), file, pkg, published: pkg.private !== true });
    }
  }
  return found;
}

/** The published packages only. */
export function publishedPackages() {
  return workspacePackages().filter((p) => p.published);
}

/**
 * The public home, from the root's `repository.url` (the one place it is set):
 * `{ git, web, issues }`, e.g. git+https://github.com/bip6/bip6.git → https://github.com/bip6/bip6.
 */
export function publicHome(rootPkg = rootManifest()) {
  const url = typeof rootPkg.repository === "string" ? rootPkg.repository : rootPkg.repository?.url;
  if (typeof url !== "string" || !/^git\+https:\/\/[^/]+\/[^/]+\/[^/]+\.git$/.test(url)) {
    throw new Error(
      `package.json: repository.url must be set once, as git+https://host/owner/name.git (found ${JSON.stringify(url)})`,
    );
  }
  const web = url.replace(/^git\+/, "").replace(/\.git$/, "");
  return { git: url, web, issues: `${web}/issues` };
}

/** Removes the workspace-only source condition from an exports map, at every depth. */
export function withoutSourceCondition(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === SOURCE_CONDITION) continue;
    out[key] = withoutSourceCondition(inner);
  }
  return out;
}
