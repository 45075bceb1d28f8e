/**
 * The README as a user reads it: the library example runs and prints what it says, the quick
 * start shows the demo's real output (normalised: its ports and times change from run to run), the usage block is `--help`, every sample is the real
 * output of its command, and every command it shows is run (here, or — live capture and
 * listen — on a network in namespaces by live.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentExpectations, readmeCode, runReadmeExample } from "../../../test-support/readme-example.ts";
import * as codec from "@bip6/bvll6-codec";
import * as pkg from "../src/index.js";
import { USAGE } from "../src/index.js";
import { normaliseDemo } from "./demo-sample.js";
import { runCli } from "./helpers.js";
import { README_LIVE_COMMANDS } from "./readme-live.js";
import { PYTHON_BBMD_STEPS, scenario } from "./scenario.js";
import { syntheticDatagrams } from "./fixtures/synthetic.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
/**
 * The README's capture.pcap: the synthetic capture's frames (one of every function), then the
 * Python stack's BBMD (so some frames have findings).
 */
const capture = scenario([
  ...syntheticDatagrams().map((d, i) => ({
    t: i * 0.0015,
    from: d.from.toString(),
    to: d.to.toString(),
    frame: d.frame,
  })),
  ...PYTHON_BBMD_STEPS.map((s) => ({ ...s, t: s.t + 1 })),
]);
const files = (): Record<string, Uint8Array> => ({
  "capture.pcap": capture,
  "python.pcap": scenario(PYTHON_BBMD_STEPS),
});

/** Splits a shell command line: words, single-quoted words, and `< file` for standard input. */
function shellWords(line: string): { argv: string[]; stdin: string | undefined } {
  const argv: string[] = [];
  let stdin: string | undefined;
  const re = /'([^']*)'|"([^"]*)"|(<)|(\S+)/g;
  let m: RegExpExecArray | null;
  let redirect = false;
  while ((m = re.exec(line)) !== null) {
    if (m[3] !== undefined) {
      redirect = true;
      continue;
    }
    const word = m[1] ?? m[2] ?? (m[4] as string);
    if (redirect) {
      stdin = word;
      redirect = false;
    } else argv.push(word);
  }
  return { argv, stdin };
}

/** Every `bip6-sniff …` command in the README's sh blocks, without its comment. */
function commands(): string[] {
  const out: string[] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).split("\n")) {
      const cmd = line.replace(/\s+#.*$/, "").trim();
      if (cmd.startsWith("bip6-sniff ")) out.push(cmd);
    }
  }
  return out;
}

describe("README", () => {
  it("runs its library example, which prints what its comments say", async () => {
    const code = readmeCode(readme);
    const printed = await runReadmeExample(code, { "@bip6/sniffer": pkg, "@bip6/bvll6-codec": codec });
    expect(printed).toEqual(commentExpectations(code));
  });

  it("shows the demo's real output in the quick start (ports and times aside)", async () => {
    const { code, stdout, stderr } = await runCli(["demo"]);
    expect(code).toBe(0);
    const block = /It prints \(ports and times differ[^`]*```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(block.split("\n").length).toBeGreaterThan(60);
    expect(normaliseDemo(stderr + stdout)).toBe(normaliseDemo(block));
  });

  it("shows --help verbatim", () => {
    const block = /`bip6-sniff --help` prints[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(USAGE);
  });

  it("shows the real output of every sample's command", async () => {
    const samples = [...readme.matchAll(/<!-- sample: (.*?) -->\n\n```text\n([\s\S]*?)```/g)];
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const [, cmd, text] of samples) {
      const { argv } = shellWords(cmd as string);
      const r = await runCli(argv, files());
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toBe(text);
    }
  });

  it("shows only commands that work: each runs with status 0 (live ones in namespaces, by live.test.ts)", async () => {
    const shown = commands();
    expect(shown.length).toBeGreaterThan(10);
    const live = Object.values(README_LIVE_COMMANDS).map((argv) => `bip6-sniff ${argv.join(" ")}`);
    for (const cmd of shown) {
      const { argv, stdin } = shellWords(cmd);
      const args = argv.slice(1);
      if (args.includes("-i")) {
        expect(live, `${cmd} is run by live.test.ts`).toContain(cmd);
        continue;
      }
      const input = stdin === undefined ? new Uint8Array(0) : (files()[stdin] as Uint8Array);
      const r = await runCli(args, files(), input);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(0);
      if (!args.includes("-q") && !args.includes("--summary")) expect(r.stdout, cmd).not.toBe("");
    }
    // The ones that install or fetch are what the package manifest provides.
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(readme).toContain(`npm i -g ${manifest.name}`);
    expect(Object.keys(manifest.bin)).toEqual(["bip6-sniff"]);
  });
});
