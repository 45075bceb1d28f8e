/**
 * The installed command: package.json's bin is a committed launcher (bin/bip6-sniff.js) that
 * imports the built CLI, so a workspace install can link it before the first build. Runs the
 * launcher as npm would install it (executable, through its shebang) against dist/, which the
 * test command builds first.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
  bin: Record<string, string>;
  files: string[];
};

describe("the bip6-sniff launcher", () => {
  const launcher = fileURLToPath(new URL(`../${manifest.bin["bip6-sniff"] ?? ""}`, import.meta.url));

  it("is the shipped, executable bin/bip6-sniff.js with a node shebang", () => {
    expect(manifest.bin).toEqual({ "bip6-sniff": "./bin/bip6-sniff.js" });
    expect(manifest.files).toContain("bin");
    expect(readFileSync(launcher, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(() => accessSync(launcher, constants.X_OK)).not.toThrow();
  });

  it("runs the built CLI: --version prints the package's version, status 0", () => {
    const r = spawnSync(launcher, ["--version"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(manifest.version);
  });

  it("passes its arguments through: a bad flag is the CLI's usage error, status 2", () => {
    const r = spawnSync(launcher, ["--no-such-flag"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--no-such-flag");
    expect(r.stdout).toBe("");
  });
});
