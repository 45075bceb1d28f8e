import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { underCi } from "../../test-support/ci.ts";
import { sharedTestConfig } from "../../vitest.shared.ts";

/**
 * Two projects: "node" runs every test; "browser" runs test/library.test.ts again in headless
 * Chromium, because the library (the main entry) promises the decoder page that it runs there.
 * Debian's chromium is used as is: never `playwright install` (no browser download).
 */
const chromium = process.env.BIP6_CHROMIUM ?? "/usr/bin/chromium";
const shared = sharedTestConfig(import.meta.dirname);
const projects: TestProjectInlineConfiguration[] = [{ extends: true, test: { name: "node", environment: "node" } }];

if (existsSync(chromium)) {
  // Not `extends: true`: that would add the shared include (every test) to this one file.
  projects.push({
    ...shared,
    test: {
      ...shared.test,
      name: "browser",
      include: ["test/library.test.ts"],
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
  throw new Error(`sniffer: ${chromium} not found; the browser test project cannot run (CI=${process.env.CI})`);
} else {
  console.warn(
    `sniffer: ${chromium} not found, skipping the browser test project (set BIP6_CHROMIUM to a Chromium binary)`,
  );
}

export default defineConfig({ ...shared, test: { ...shared.test, projects } });
