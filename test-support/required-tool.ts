import { existsSync } from "node:fs";
import { describe, it } from "vitest";
import { underCi } from "./ci.ts";

/** The tshark binary the oracle tests run: `BIP6_TSHARK`, else Debian's. */
export const tsharkPath = process.env.BIP6_TSHARK ?? "/usr/bin/tshark";

/**
 * Declares the suite `name` with `body` when the executable at `path` exists. Otherwise the
 * suite holds one test that fails under CI (a missing tool is a broken environment, never a
 * silent skip) and one visible skip with the install hint everywhere else.
 */
export function describeWithTool(name: string, path: string, installHint: string, body: () => void): void {
  if (existsSync(path)) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    if (underCi) {
      it(`finds ${path} (required under CI=true)`, () => {
        throw new Error(`${path} not found: ${name} must run under CI=true (${installHint})`);
      });
    } else {
      it.skip(`skipped: ${path} not found (${installHint}; under CI=true this is a failure)`, () => {});
    }
  });
}
