import type { ViteUserConfig } from "vitest/config";

/**
 * Test settings every package shares: sources resolved through the `@bip6/source`
 * export condition (so tests never need a build), and a JSON report per package that
 * scripts/test-summary.mjs adds up into the closing `N passed, N failed` line.
 */
export function sharedTestConfig(dir: string): ViteUserConfig {
  return {
    resolve: { conditions: ["@bip6/source", "module", "node", "import", "default"] },
    ssr: { resolve: { conditions: ["@bip6/source", "module", "node", "import", "default"] } },
    test: {
      root: dir,
      include: ["test/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      restoreMocks: true,
    },
  };
}
