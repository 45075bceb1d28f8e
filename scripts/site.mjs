#!/usr/bin/env node
// Builds the documentation site into docs/site/ (after the packages are built):
//
//   node_modules/.bin/pnpm site    # = node scripts/site.mjs
//
// 1. TypeDoc (typedoc.json): the reference of every published package, each subpath entry
//    (`@bip6/bip6-socket/memory`, `@bip6/bip6-transport/node` …) named by its import specifier;
//    the guides in docs/guides/, the Annex U reference (docs/annex-u.md) and the READMEs of the
//    apps that have no reference yet, rendered as pages. A doc comment missing on an export, or
//    a link TypeDoc cannot resolve, fails the build.
// 2. Mentions of "annex-u.md §N" anywhere become links to that section of the rendered page.
// 3. The decoder page (docs/decoder/) bundled by esbuild from the packages' browser builds.
// 4. The link checker (scripts/link-check.mjs) over everything written.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { dirname, join, relative, sep } from "node:path";
import * as esbuild from "esbuild";
import { Application, PackageJsonReader, ReflectionKind, TSConfigReader, TypeDocReader } from "typedoc";
import { checkLinks, htmlFiles } from "./link-check.mjs";
import { SOURCE_CONDITION, root, workspacePackages } from "./workspace.mjs";

export const siteDir = join(root, "docs", "site");
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const annexPage = "documents/Annex_U_reference.html";

async function buildReference() {
  const packages = workspacePackages();
  const documented = new Set(JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")).entryPoints);
  // Apps without a reference of their own (private ones) still get their README as a page, so
  // links to it from the other pages resolve.
  const appReadmes = packages
    .filter((p) => p.rel.startsWith("apps/") && !documented.has(p.rel) && existsSync(join(p.dir, "README.md")))
    .map((p) => ({ file: join(p.rel, "README.md"), title: Object.keys(p.pkg.bin ?? {})[0] ?? p.pkg.name }));

  // Other markdown beside a package's README (a man page such as bip6-sniff.1.md) is rendered
  // too, so a README's link to it reaches a page instead of a raw copy.
  const extraPages = packages.flatMap((p) =>
    readdirSync(p.dir)
      .filter((f) => f.endsWith(".md") && f !== "README.md" && f !== "CHANGELOG.md")
      .map((f) => ({ file: join(p.rel, f), title: f.replace(/\.md$/, "") })),
  );
  const app = await Application.bootstrapWithPlugins(
    {
      options: join(root, "typedoc.json"),
      out: siteDir,
      projectDocuments: [
        "docs/guides/*.md",
        "docs/annex-u.md",
        // The root README (the site's front page) links the maintainers' guide.
        "CONTRIBUTING.md",
        ...appReadmes.map((r) => r.file),
        ...extraPages.map((r) => r.file),
      ],
      // "annex-u.md" is not a web address (.md is a country domain): only real URLs become links.
      markdownItLoader: (parser) => parser.linkify.set({ fuzzyLink: false }),
    },
    [new TypeDocReader(), new PackageJsonReader(), new TSConfigReader()],
  );
  const project = await app.convert();
  if (!project || app.logger.hasErrors()) throw new Error("TypeDoc: conversion failed (see above)");
  // As the typedoc CLI does: validation warnings (an undocumented or unexported symbol, a
  // broken {@link}) fail the build; other warnings (a language it cannot highlight …) do not.
  const before = app.logger.warningCount;
  app.validate(project);
  const validationWarnings = app.logger.warningCount !== before || app.logger.validationWarningCount !== 0;
  if (
    app.logger.hasErrors() ||
    (validationWarnings && app.options.getValue("treatValidationWarningsAsErrors")) ||
    (app.logger.hasWarnings() && app.options.getValue("treatWarningsAsErrors"))
  )
    throw new Error(
      "TypeDoc: validation failed (an undocumented or unexported symbol, a broken {@link} …) — see above",
    );

  // Subpath entries: TypeDoc names them after their file ("memory"); users import them by
  // specifier ("@bip6/bip6-socket/memory").
  for (const pkgModule of project.children ?? []) {
    const entry = packages.find((p) => p.pkg.name === pkgModule.name);
    if (!entry) continue;
    const bySource = new Map();
    for (const [subpath, target] of Object.entries(entry.pkg.exports ?? {})) {
      const source = target?.[SOURCE_CONDITION];
      if (typeof source !== "string") continue;
      const key = source
        .replace(/^\.\/src\//, "")
        .replace(/\.[cm]?tsx?$/, "")
        .replace(/\/index$/, "");
      bySource.set(key, subpath === "." ? entry.pkg.name : `${entry.pkg.name}/${subpath.slice(2)}`);
    }
    for (const child of pkgModule.children ?? []) {
      if (!child.kindOf(ReflectionKind.Module)) continue;
      const specifier = bySource.get(child.name.replace(/\/index$/, ""));
      if (specifier) child.name = specifier;
    }
  }
  // Pages named after their file ("docs/annex-u", "apps/sniffer/README") get a title.
  for (const doc of project.documents ?? []) {
    // docs/annex-u.md is kept identical to the shared protocol notes: its title is set here.
    if (/(^|\/)annex-u$/.test(doc.name)) doc.name = "Annex U reference";
    const page = [...appReadmes, ...extraPages].find(
      (r) => r.file.replace(/\.md$/, "") === doc.name || r.file === `${doc.name}.md`,
    );
    if (page) doc.name = page.title;
  }
  await app.generateDocs(project, siteDir);
  if (app.logger.hasErrors() || (app.logger.hasWarnings() && app.options.getValue("treatWarningsAsErrors")))
    throw new Error("TypeDoc: rendering failed (see above)");
}

/** Mentions of annex-u.md (§N) in page text become links to the rendered reference. */
function linkAnnexMentions() {
  const annex = join(siteDir, annexPage);
  if (!existsSync(annex)) throw new Error(`${annexPage} was not rendered`);
  const sections = new Map();
  for (const m of readFileSync(annex, "utf8").matchAll(/<h2 id="((\d+)-[^"]*)"/g)) sections.set(m[2], m[1]);
  let linked = 0;
  for (const file of htmlFiles(siteDir)) {
    const html = readFileSync(file, "utf8");
    const href = relative(dirname(file), annex).split(sep).join("/");
    let inLink = 0;
    let inBody = false;
    const out = html.replace(/(<[^>]*>)|([^<]+)/g, (all, tag, text) => {
      if (tag) {
        if (/^<body\b/i.test(tag)) inBody = true;
        if (/^<a\b/i.test(tag)) inLink++;
        else if (/^<\/a>/i.test(tag)) inLink = Math.max(0, inLink - 1);
        if (/^<(script|style)\b/i.test(tag))
          inLink += 1000; // never inside scripts
        else if (/^<\/(script|style)>/i.test(tag)) inLink -= 1000;
        return all;
      }
      if (!inBody || inLink > 0) return all;
      return text.replace(/(^|[\s(])annex-u\.md(?: §(\d+))?/g, (m, before, n) => {
        const anchor = n && sections.get(n) ? `#${sections.get(n)}` : "";
        linked++;
        return `${before}<a href="${href}${anchor}">${m.slice(before.length)}</a>`;
      });
    });
    if (out !== html) writeFileSync(file, out);
  }
  return linked;
}

/** Site-root links (`@site/…`, as navigationLinks are written) made relative to each page. */
function resolveSiteLinks() {
  for (const file of htmlFiles(siteDir)) {
    const html = readFileSync(file, "utf8");
    const up = relative(dirname(file), siteDir).split(sep).join("/");
    const out = html.replaceAll('href="@site/', `href="${up === "" ? "" : `${up}/`}`);
    if (out !== html) writeFileSync(file, out);
  }
}

/**
 * An esbuild plugin failing the build on an import of a Node built-in, naming the module that
 * imports it: the page's packages are browser-safe, and a stub would only hide a regression.
 */
export function refuseNodeBuiltins() {
  const names = new RegExp(`^(${nodeBuiltins.map((m) => m.replace(/[/]/g, "\\/")).join("|")})$`);
  return {
    name: "refuse-node-builtins",
    setup(build) {
      build.onResolve({ filter: names }, (args) => ({
        errors: [
          {
            text: `the decoder page must not import the Node built-in "${args.path}" (imported by ${relative(root, args.importer)})`,
          },
        ],
      }));
    },
  };
}

/**
 * The decoder page: docs/decoder/*.html and *.css copied, decoder.ts bundled for browsers.
 * Returns the script's size (minified, and gzipped at level 9; over the `pages` budget of
 * scripts/size-budgets.json fails the build) and the modules it took.
 */
export async function buildDecoder(outDir = join(siteDir, "decoder")) {
  const src = join(root, "docs", "decoder");
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(src)) if (/\.(html|css)$/.test(f)) copyFileSync(join(src, f), join(outDir, f));
  const result = await esbuild.build({
    entryPoints: [join(src, "decoder.ts")],
    outfile: join(outDir, "decoder.js"),
    bundle: true,
    format: "iife", // a classic script: the page also works opened from disk (file://)
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    // The published packages' browser builds (dist/, default conditions), as an app gets them;
    // not the `paths` of docs/decoder/tsconfig.json (that one type-checks against the sources).
    nodePaths: [join(root, "tooling", "site", "node_modules")],
    tsconfig: join(root, "tsconfig.base.json"),
    absWorkingDir: root,
    // No stubs for Node built-ins: the entries are browser-safe, and an import of one fails
    // the build, naming its importer, instead of shipping a module that cannot run.
    plugins: [refuseNodeBuiltins()],
    metafile: true,
    logLevel: "warning",
    // tsup leaves bare imports of its own chunks in side-effect-free packages: harmless.
    logOverride: { "ignored-bare-import": "silent" },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const fromSource = inputs.filter((i) => /packages\/[^/]+\/src\/|apps\/[^/]+\/src\//.test(i));
  if (fromSource.length > 0) throw new Error(`decoder bundle took package sources: ${fromSource.join(", ")}`);
  const script = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith("decoder.js"));
  const bytes = script?.[1].bytes ?? 0;
  const gzipBytes = script ? gzipSync(readFileSync(join(root, script[0])), { level: 9 }).length : 0;
  const budget = JSON.parse(readFileSync(join(root, "scripts", "size-budgets.json"), "utf8")).pages?.["docs/decoder"];
  if (budget === undefined)
    throw new Error("decoder page: no size budget (pages.docs/decoder in scripts/size-budgets.json)");
  if (gzipBytes > budget)
    throw new Error(
      `decoder page: its script is ${gzipBytes} B gzipped, over its budget of ${budget} B (scripts/size-budgets.json)`,
    );
  return { bytes, gzipBytes, budget, inputs };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  rmSync(siteDir, { recursive: true, force: true });
  try {
    await buildReference();
    const linked = linkAnnexMentions();
    resolveSiteLinks();
    const decoder = await buildDecoder();
    const pages = htmlFiles(siteDir).length;
    console.log(`site: ${pages} pages in ${relative(root, siteDir)}; ${linked} annex-u.md mentions linked`);
    console.log(
      `site: decoder page ${decoder.bytes} B of script minified, ${decoder.gzipBytes} B gzipped (budget ${decoder.budget} B)`,
    );
  } catch (e) {
    console.error(`site: ${e.message}`);
    process.exit(1);
  }
  const report = checkLinks(siteDir);
  console.log(report.summary);
  if (report.problems.length > 0) {
    for (const p of report.problems) console.error(`  ${p}`);
    process.exit(1);
  }
}
