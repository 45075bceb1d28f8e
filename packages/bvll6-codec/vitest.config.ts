import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";
import { chromiumBrowserMode } from "../../test-support/chromium.ts";

/**
 * Two projects: "node" runs every test, "browser" runs the codec tests again in headless
 * Chromium (the codec promises to be browser-safe, so it is tested where it will run).
 */
const browser = chromiumBrowserMode("bvll6-codec", "the browser test project");

/** Tests that need Node (child processes, temp files) and so cannot run in the browser. */
const nodeOnly = ["test/tshark-oracle.test.ts", "test/readme.test.ts"];

const shared = sharedTestConfig(import.meta.dirname);

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: "node", environment: "node", provide: { runtime: "node" } } },
];

if (browser) {
  projects.push({
    extends: true,
    test: {
      name: "browser",
      provide: { runtime: "browser" },
      exclude: [...configDefaults.exclude, ...nodeOnly],
      browser,
    },
  });
}

export default defineConfig({ ...shared, test: { ...shared.test, projects } });
