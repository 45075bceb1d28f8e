/**
 * The README is held to the program: `--help` verbatim, every record type and command
 * documented, the "On a real network" commands the namespace test runs, and the example run
 * as a shell script with its output compared to what the README shows.
 */
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../src/commands.ts";
import { FLAGS } from "../src/flags.ts";
import { RECORD_TYPES } from "../src/records.ts";
import { usage } from "../src/usage.ts";
import { APP_DIR, NODE_ARGS } from "./cli-process.ts";
import { README_NETWORK_COMMANDS } from "./readme-commands.ts";

const readme = readFileSync(join(APP_DIR, "README.md"), "utf8");

/** The first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string, nth = 0): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no ${heading}`);
  const blocks = [...readme.slice(at).matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))];
  const b = blocks[nth]?.[1];
  if (b === undefined) throw new Error(`README has no \`\`\`${lang} block #${nth} under ${heading}`);
  return b;
}

/** A free UDP port on ::1 (closed again right away). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: "udp6", ipv6Only: true });
    s.once("error", reject);
    s.bind(0, "::1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A line without what differs from run to run: times, and the foreign device's port. */
function normalize(line: string, fdPort: string): string {
  return line
    .replace(/"(time|renewAt|expiresAt|lostAt)":"[^"]+"/g, '"$1":"T"')
    .replaceAll(`[::1]:${fdPort}`, "[::1]:FD");
}

describe("README", () => {
  it("shows `bip6 --help` verbatim under Usage", () => {
    expect(block("## Usage", "text")).toBe(usage());
  });

  it("documents every flag, record type and standard-input command", () => {
    for (const f of FLAGS) expect(readme, f.long).toContain(`--${f.long}`);
    for (const t of RECORD_TYPES) expect(readme, t).toMatch(new RegExp(`^\\| \`${t}\` +\\|`, "m"));
    for (const c of COMMAND_NAMES) expect(readme, c).toContain(`{"cmd":"${c}"`);
  });

  it('shows exactly the "On a real network" commands the namespace test runs', () => {
    const shown = block("## On a real network", "sh")
      .trim()
      .split("\n")
      .map((l) => l.replace(/\s+#.*$/, ""));
    expect(shown).toEqual(Object.values(README_NETWORK_COMMANDS));
  });

  it("its example runs as shown: a BBMD and a foreign device on ::1", async () => {
    const script = block("## Example", "sh");
    const shown = block("## Example", "text").trimEnd().split("\n");
    const port = String(await freePort());
    const dir = mkdtempSync(join(tmpdir(), "bip6-readme-"));
    try {
      // `bip6` is the CLI from its sources; the BBMD's port one that is free now.
      const tsx = pathToFileURL(createRequire(join(APP_DIR, "package.json")).resolve("tsx")).href;
      const bip6 = [
        process.execPath,
        ...NODE_ARGS.map((a) => (a === "src/cli.ts" ? join(APP_DIR, a) : a === "tsx" ? tsx : a)),
      ];
      const body = script.replaceAll("47900", port);
      writeFileSync(join(dir, "example.sh"), `bip6() { ${bip6.join(" ")} "$@"; }\n${body}`);
      const out = await new Promise<string>((resolve, reject) =>
        execFile("bash", ["example.sh"], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      const lines = out.trimEnd().split("\n");
      expect(lines.length, out).toBe(shown.length);
      const fdPort = /"role":"foreign-device".*?"address":"\[::1\]:(\d+)"/.exec(out)?.[1] ?? "?";
      const shownFdPort = /"role":"foreign-device".*?"address":"\[::1\]:(\d+)"/.exec(shown.join("\n"))?.[1] ?? "?";
      const got = lines.map((l) => normalize(l.replaceAll(`[::1]:${port}`, "[::1]:47900"), fdPort));
      const want = shown.map((l) => normalize(l, shownFdPort));
      expect(got.length).toBe(want.length);
      for (const [i, w] of want.entries()) {
        if (w.endsWith("…")) expect(got[i]?.startsWith(w.slice(0, -1)), `line ${i + 1}: ${got[i]}`).toBe(true);
        else expect(got[i], `line ${i + 1}`).toBe(w);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
