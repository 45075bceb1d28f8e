#!/usr/bin/env node
// Every shell command the documentation shows, so that a test can hold each one to account
// (tooling/site/test/commands.test.ts: run it, or find it in scripts/documented-commands.json).
//
//   node scripts/documented-commands.mjs     # list them, with file and line
//
// Sources: README.md, CONTRIBUTING.md, every workspace package's README.md and docs/guides/*.md.
// Commands are the lines of ```sh / bash / shell / zsh blocks (and the `$ ` lines of ```console
// blocks), with `\` continuations joined and trailing `# comments` removed.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { root, workspacePackages } from "./workspace.mjs";

const SHELL = new Set(["sh", "bash", "shell", "zsh", "console"]);

/** The documents whose commands count. */
export function documents(top = root) {
  const files = ["README.md", "CONTRIBUTING.md"].map((f) => join(top, f));
  for (const p of workspacePackages(top)) files.push(join(p.dir, "README.md"));
  const guides = join(top, "docs", "guides");
  if (existsSync(guides))
    for (const f of readdirSync(guides).sort()) if (f.endsWith(".md")) files.push(join(guides, f));
  return files.filter((f) => existsSync(f));
}

/** A line without its trailing comment (a `#` after whitespace, outside quotes). */
function stripComment(line) {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/** The commands of one markdown text: `{ line, command }`, line numbers from 1. */
export function commandsIn(text) {
  const out = [];
  const lines = text.split("\n");
  let fence; // { marker, console }
  let pending; // a command continued with a trailing backslash
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const opening = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(raw);
    if (!fence) {
      if (opening && SHELL.has(opening[3].toLowerCase()))
        fence = { marker: opening[2], console: opening[3] === "console" };
      else if (opening) fence = { marker: opening[2], skip: true };
      continue;
    }
    if (raw.trim().startsWith(fence.marker)) {
      fence = undefined;
      pending = undefined;
      continue;
    }
    if (fence.skip) continue;
    let line = raw;
    if (fence.console && !pending) {
      if (!/^\s*\$ /.test(line)) continue;
      line = line.replace(/^\s*\$ /, "");
    }
    line = stripComment(line).trimEnd();
    const continued = line.endsWith("\\");
    if (continued) line = line.slice(0, -1).trimEnd();
    if (pending) {
      pending.command = `${pending.command} ${line.trim()}`.trim();
    } else if (line.trim() !== "") {
      pending = { line: i + 1, command: line.trim() };
      out.push(pending);
    }
    if (!continued) pending = undefined;
  }
  return out.filter((c) => c.command !== "");
}

/** Every documented command: `{ file, line, command }` (file relative to the root). */
export function documentedCommands(top = root) {
  return documents(top).flatMap((file) =>
    commandsIn(readFileSync(file, "utf8")).map((c) => ({ file: relative(top, file), ...c })),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const c of documentedCommands()) console.log(`${c.file}:${c.line}: ${c.command}`);
}
