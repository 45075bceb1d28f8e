import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { netnsSupport, requireNetns } from "../src/index.js";
import { fixture, tsNodeArgs } from "./helpers.js";

/** Runs requireNetns() in a fresh process with the given environment. */
function probe(env: Record<string, string>): Record<string, unknown> {
  const out = execFileSync(process.execPath, tsNodeArgs(fixture("support-probe.ts")), {
    encoding: "utf8",
    env: { ...env, HOME: process.env.HOME ?? "/" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
}

describe("support detection", () => {
  it("requireNetns() agrees with netnsSupport()", () => {
    const support = netnsSupport();
    if (support.ok || process.env.CI !== "true") expect(requireNetns()).toBe(support.ok);
    else expect(() => requireNetns()).toThrow(support.reason);
  });

  it("without `ip`, under CI=true requireNetns() throws UNSUPPORTED with the reason", () => {
    const result = probe({ PATH: "/nonexistent", CI: "true" });
    expect(result.threw).toBe("UNSUPPORTED");
    expect(String(result.message)).toMatch(/cannot run under CI: .*(ip|root|Linux)/);
  });

  it("without `ip` and without CI, requireNetns() returns false (the caller skips)", () => {
    const result = probe({ PATH: "/nonexistent" });
    expect(result.usable).toBe(false);
    expect(result.support).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
