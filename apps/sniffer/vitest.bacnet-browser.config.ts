import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";
import { underCi } from "../../test-support/ci.ts";

/**
 * The BACnet decoder (src/bacnet) promises to run in browsers, so its tests that need no Node
 * (byte vectors, robustness) run again in headless Chromium. Debian's chromium is used as is:
 * never `playwright install`. `npm test` in this package runs this after the Node tests.
 */
const chromium = process.env.BIP6_CHROMIUM ?? "/usr/bin/chromium";
const shared = sharedTestConfig(import.meta.dirname);

if (!existsSync(chromium)) {
  if (underCi)
    throw new Error(`sniffer bacnet: ${chromium} not found; the browser tests cannot run (CI=${process.env.CI})`);
  console.warn(
    `sniffer bacnet: ${chromium} not found, skipping the browser tests (set BIP6_CHROMIUM to a Chromium binary)`,
  );
}

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: existsSync(chromium) ? ["test/bacnet/vectors.test.ts", "test/bacnet/robustness.test.ts"] : [],
    passWithNoTests: !existsSync(chromium),
    reporters: ["default", ["json", { outputFile: ".vitest/results-bacnet-browser.json" }]],
    browser: {
      enabled: existsSync(chromium),
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
