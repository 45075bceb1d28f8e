import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";
import { underCi } from "../../test-support/ci.ts";

/**
 * Two projects: "node" runs every test, "browser" runs the codec tests again in headless
 * Chromium (the codec promises to be browser-safe, so it is tested where it will run).
 * Debian's chromium is used as is: never `playwright install` (no browser download).
 */
const chromium = process.env.BIP6_CHROMIUM ?? "/usr/bin/chromium";

/** Tests that need Node (child processes, temp files) and so cannot run in the browser. */
const nodeOnly = ["test/tshark-oracle.test.ts", "test/readme.test.ts"];

const shared = sharedTestConfig(import.meta.dirname);

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: "node", environment: "node", provide: { runtime: "node" } } },
];

if (existsSync(chromium)) {
  projects.push({
    extends: true,
    test: {
      name: "browser",
      provide: { runtime: "browser" },
      exclude: [...configDefaults.exclude, ...nodeOnly],
      browser: {
        enabled: true,
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
} else if (underCi) {
  // CI promises a browser run: a missing browser is a broken environment, not a reason to skip.
  throw new Error(`bvll6-codec: ${chromium} not found; the browser test project cannot run (CI=${process.env.CI})`);
} else {
  console.warn(
    `bvll6-codec: ${chromium} not found, skipping the browser test project (set BIP6_CHROMIUM to a Chromium binary)`,
  );
}

export default defineConfig({ ...shared, test: { ...shared.test, projects } });
