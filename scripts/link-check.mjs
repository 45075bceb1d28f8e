#!/usr/bin/env node
// Offline link checker for the built site (docs/site/, or the folder given):
//
//   node scripts/link-check.mjs [folder]
//
// Every href/src of every page: a local target must exist (a file, or a folder with an
// index.html), a #fragment must be an id (or name) on the target page, and nothing may point at
// raw markdown (a page TypeDoc copied instead of rendering). External links are only checked for
// syntax — and for the classic slip of a file name read as a domain (http://annex-u.md).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** File extensions that are file names, never top-level domains of a real link target. */
const FILE_LIKE_HOST = /\.(md|ts|js|mjs|cjs|json|html?|txt|pcap|pcapng)$/i;

/** Every .html file under `dir`. */
export function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) out.push(...htmlFiles(p));
    else if (name.name.endsWith(".html")) out.push(p);
  }
  return out;
}

function decodeEntities(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Ids (and a names) a page defines, for fragment checks. */
function anchorsOf(html) {
  const ids = new Set();
  for (const m of html.matchAll(/\s(?:id|name)="([^"]*)"/g)) ids.add(decodeEntities(m[1]));
  return ids;
}

/** Checks every page under `dir`; returns `{ pages, links, problems, summary }`. */
export function checkLinks(dir) {
  const site = resolve(dir);
  const pages = htmlFiles(site);
  const anchorCache = new Map();
  const anchors = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, "utf8")));
    return anchorCache.get(file);
  };
  const problems = [];
  let links = 0;
  let external = 0;
  for (const page of pages) {
    const html = readFileSync(page, "utf8");
    const where = relative(site, page);
    for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const raw = decodeEntities(m[2]);
      links++;
      if (raw === "" && m[1] === "href") continue; // the page itself (TypeDoc's breadcrumb)
      if (/^(?:javascript:|data:)/i.test(raw)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
        external++;
        let url;
        try {
          url = new URL(raw);
        } catch {
          problems.push(`${where}: malformed URL ${raw}`);
          continue;
        }
        if (/^https?:$/.test(url.protocol) && (!url.hostname || FILE_LIKE_HOST.test(url.hostname)))
          problems.push(`${where}: ${raw} — a file name read as a web address`);
        else if (!/^(https?|mailto):$/.test(url.protocol)) problems.push(`${where}: unexpected scheme in ${raw}`);
        continue;
      }
      if (raw.startsWith("//")) {
        problems.push(`${where}: protocol-relative link ${raw}`);
        continue;
      }
      const [pathAndQuery, fragment] = raw.split("#", 2);
      const path = pathAndQuery.split("?")[0];
      let target = path === "" ? page : resolve(dirname(page), decodeURIComponent(path));
      if (!target.startsWith(site)) {
        problems.push(`${where}: ${raw} leaves the site`);
        continue;
      }
      if (existsSync(target) && statSync(target).isDirectory()) target = join(target, "index.html");
      if (!existsSync(target)) {
        problems.push(`${where}: ${raw} → ${relative(site, target)} does not exist`);
        continue;
      }
      if (/\.md$/i.test(target)) problems.push(`${where}: ${raw} points at raw markdown (not rendered)`);
      if (fragment && target.endsWith(".html") && !anchors(target).has(decodeURIComponent(fragment)))
        problems.push(`${where}: ${raw} — no id "${fragment}" on ${relative(site, target)}`);
    }
  }
  const summary = `link check: ${pages.length} pages, ${links} links (${external} external, syntax only), ${problems.length} broken`;
  return { pages: pages.length, links, problems, summary };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? join(fileURLToPath(new URL("..", import.meta.url)), "docs", "site");
  const report = checkLinks(dir);
  console.log(report.summary);
  for (const p of report.problems) console.error(`  ${p}`);
  process.exit(report.problems.length > 0 ? 1 : 0);
}
