import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";
import { chromiumBrowserMode } from "../../test-support/chromium.ts";

/**
 * The BACnet decoder (src/bacnet) promises to run in browsers, so its tests that need no Node
 * (byte vectors, robustness) run again in headless Chromium. `npm test` in this package runs
 * this after the Node tests.
 */
const browser = chromiumBrowserMode("sniffer bacnet", "the browser tests");
const shared = sharedTestConfig(import.meta.dirname);

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: browser ? ["test/bacnet/vectors.test.ts", "test/bacnet/robustness.test.ts"] : [],
    passWithNoTests: browser === undefined,
    reporters: ["default", ["json", { outputFile: ".vitest/results-bacnet-browser.json" }]],
    ...(browser && { browser }),
  },
});
