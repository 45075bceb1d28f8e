import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { chromiumBrowserMode } from "../../test-support/chromium.ts";
import { sharedTestConfig } from "../../vitest.shared.ts";

/**
 * Two projects: "node" runs every test; "browser" runs test/library.test.ts again in headless
 * Chromium, because the library (the main entry) promises the decoder page that it runs there.
 */
const browser = chromiumBrowserMode("sniffer", "the browser test project");
const shared = sharedTestConfig(import.meta.dirname);
const projects: TestProjectInlineConfiguration[] = [{ extends: true, test: { name: "node", environment: "node" } }];

if (browser) {
  // Not `extends: true`: that would add the shared include (every test) to this one file.
  projects.push({
    ...shared,
    test: { ...shared.test, name: "browser", include: ["test/library.test.ts"], browser },
  });
}

export default defineConfig({ ...shared, test: { ...shared.test, projects } });
