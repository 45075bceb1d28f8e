/**
 * The manual (bip6-sniff.1.md) documents exactly the parser's flags, commands and findings,
 * and each flag in more than a line; its examples are commands the README's tests run.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS, FINDINGS, FLAGS, flagSynopsis, REPORT_SECTIONS, TIME_FORMATS } from "../src/index.js";

const manual = readFileSync(new URL("../bip6-sniff.1.md", import.meta.url), "utf8");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The body under each `#### \`…\`` heading. */
function flagSections(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of manual.matchAll(/^#### `([^`]+)`\n\n([\s\S]*?)(?=\n#{2,4} )/gm))
    out.set(m[1] as string, m[2] as string);
  return out;
}

describe("the manual", () => {
  it("has one section per flag of the parser's table, with its synopsis as the heading, and no others", () => {
    const sections = flagSections();
    expect([...sections.keys()].sort()).toEqual(FLAGS.map(flagSynopsis).sort());
  });

  it("documents each flag in more than the --help line", () => {
    const help = new Map(FLAGS.map((f) => [flagSynopsis(f), f.help]));
    for (const [flag, body] of flagSections()) {
      expect(body.length, flag).toBeGreaterThan(Math.max(100, 2 * (help.get(flag)?.length ?? 0)));
    }
  });

  it("documents every command, time format, statistics section and finding", () => {
    for (const c of Object.keys(COMMANDS)) expect(manual).toMatch(new RegExp(`^\`${c}\`\\n: `, "m"));
    for (const t of TIME_FORMATS) expect(manual).toContain(`\`${t}\``);
    for (const s of REPORT_SECTIONS) expect(manual).toContain(`\`${s}\``);
    const listed = [...manual.matchAll(/^- `([A-Z_]+)` \(([^)]+)\)/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(Object.entries(FINDINGS).map(([code, k]) => [code, k.clause]));
  });

  it("shows as examples only commands the README shows (and its tests run)", () => {
    const examples =
      /## EXAMPLES\n\n```sh\n([\s\S]*?)```/
        .exec(manual)?.[1]
        ?.split("\n")
        .filter((l) => l !== "") ?? [];
    expect(examples.length).toBeGreaterThan(3);
    for (const e of examples) expect(readme).toContain(e);
  });

  it("is shipped with the package", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      files: string[];
    };
    expect(manifest.files).toContain("bip6-sniff.1.md");
  });
});
