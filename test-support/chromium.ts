import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import type { BrowserConfigOptions } from "vitest/node";
import { underCi } from "./ci.ts";

/** The Chromium the browser tests run: `BIP6_CHROMIUM`, else Debian's, used as is (never `playwright install`). */
export const chromiumPath = process.env.BIP6_CHROMIUM ?? "/usr/bin/chromium";

/**
 * How every browser test launches Chromium: headless as root in a container (no sandbox, no
 * GPU), and with nothing of its own going out to the network (no QUIC, updates or sync).
 */
export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/**
 * Vitest's browser mode in {@link chromiumPath}, for a config's `test.browser`; `undefined`
 * (with a warning) when that Chromium is missing. Under CI a missing browser throws instead:
 * CI promises the browser run, so its absence is a broken environment, not a reason to skip.
 *
 * @param who - the package the message names, e.g. `"bvll6-codec"`
 * @param what - what cannot run without the browser, e.g. `"the browser test project"`
 */
export function chromiumBrowserMode(who: string, what: string): BrowserConfigOptions | undefined {
  if (!existsSync(chromiumPath)) {
    if (underCi) throw new Error(`${who}: ${chromiumPath} not found; ${what} cannot run (CI=${process.env.CI})`);
    console.warn(`${who}: ${chromiumPath} not found, skipping ${what} (set BIP6_CHROMIUM to a Chromium binary)`);
    return undefined;
  }
  const { executablePath, args } = chromiumLaunchOptions;
  return {
    enabled: true,
    headless: true,
    provider: playwright({ launchOptions: { executablePath, args } }),
    instances: [{ browser: "chromium" }],
  };
}
