// Every shell command in the docs (README.md, CONTRIBUTING.md, each package's README,
// docs/guides) is run here or listed in scripts/documented-commands.json with where CI runs it
// or why it cannot run; drift either way fails.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module of the repository's scripts, without declarations
import { commandsIn, documentedCommands } from "../../../scripts/documented-commands.mjs";

const root = join(import.meta.dirname, "..", "..", "..");

interface Entry {
  readonly command: string;
  readonly cwd?: string;
  readonly where?: string;
  readonly why?: string;
}
interface Listed {
  readonly run: readonly Entry[];
  readonly elsewhere: readonly Entry[];
  readonly manual: readonly Entry[];
  /** Documents a test of their own runs every command of (e.g. a package's README test). */
  readonly files?: readonly { readonly file: string; readonly where: string }[];
}
interface Found {
  readonly file: string;
  readonly line: number;
  readonly command: string;
}

const listed = JSON.parse(readFileSync(join(root, "scripts", "documented-commands.json"), "utf8")) as Listed;
const found = documentedCommands(root) as Found[];
const all = [...listed.run, ...listed.elsewhere, ...listed.manual];
const coveredFiles = listed.files ?? [];

describe("documented commands", () => {
  it("reads commands the way a shell user would (continuations, comments, $ prompts)", () => {
    const md = [
      "```sh",
      "npm test    # a comment",
      "echo '# not a comment' \\",
      "  --flag",
      "```",
      "```console",
      "$ node x.js",
      "output line",
      "```",
      "```ts",
      "const notAShellCommand = 1;",
      "```",
    ].join("\n");
    expect(commandsIn(md)).toEqual([
      { line: 2, command: "npm test" },
      { line: 3, command: "echo '# not a comment' --flag" },
      { line: 7, command: "node x.js" },
    ]);
  });

  it("finds the README's quick start among them", () => {
    expect(found.filter((c) => c.file === "README.md").map((c) => c.command)).toContain("npm test");
  });

  it("has every documented command in exactly one list", () => {
    const missing = found.filter(
      (c) => !all.some((e) => e.command === c.command) && !coveredFiles.some((f) => f.file === c.file),
    );
    expect(
      missing.map((c) => `${c.file}:${c.line}: ${c.command}`),
      "list these in scripts/documented-commands.json: run (this test runs it), elsewhere (where CI runs it), " +
        "manual (why it cannot run), or the whole document under files when a test of its own runs every command in it",
    ).toEqual([]);
    const twice = all.filter((e, i) => all.findIndex((o) => o.command === e.command) !== i);
    expect(twice.map((e) => e.command)).toEqual([]);
  });

  it("lists no command that no document shows any more", () => {
    const stale = all.filter((e) => !found.some((c) => c.command === e.command));
    expect(
      stale.map((e) => e.command),
      "remove these from scripts/documented-commands.json",
    ).toEqual([]);
  });

  it("gives every entry a reason (where CI runs it, or why it cannot run)", () => {
    expect(listed.elsewhere.filter((e) => !e.where?.trim()).map((e) => e.command)).toEqual([]);
    expect(listed.manual.filter((e) => !e.why?.trim()).map((e) => e.command)).toEqual([]);
    expect(coveredFiles.filter((f) => !f.where?.trim()).map((f) => f.file)).toEqual([]);
  });

  // As a user types them: from the given folder, in a plain shell, with no node_modules/.bin
  // on the path (the docs spell out node_modules/.bin/pnpm where it is needed).
  const path = (process.env.PATH ?? "")
    .split(":")
    .filter((p) => !p.includes("node_modules"))
    .join(":");
  for (const entry of listed.run) {
    it(`runs: ${entry.command}`, () => {
      const r = spawnSync("sh", ["-c", entry.command], {
        cwd: join(root, entry.cwd ?? "."),
        env: { ...process.env, PATH: path, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" },
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(r.status, `${entry.command} exited ${r.status}:\n${r.stdout}\n${r.stderr}`).toBe(0);
    }, 320_000);
  }
});
