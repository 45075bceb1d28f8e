import { join } from "node:path";
import { type Plugin, defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";

/**
 * The decoder page's modules (docs/decoder/) import the packages by name, but docs/ has no
 * node_modules of its own: resolve their bare `@bip6/*` imports from this package, whose
 * dependencies they are (the site build does the same with esbuild's nodePaths).
 */
function decoderImports(): Plugin {
  const decoderDir = join(import.meta.dirname, "..", "..", "docs", "decoder");
  const here = join(import.meta.dirname, "vitest.config.ts");
  return {
    name: "decoder-imports",
    enforce: "pre",
    async resolveId(source, importer) {
      if (!source.startsWith("@bip6/") || importer === undefined || !importer.startsWith(decoderDir)) return null;
      return this.resolve(source, here, { skipSelf: true });
    },
  };
}

const shared = sharedTestConfig(import.meta.dirname);
export default defineConfig({ ...shared, plugins: [decoderImports()] });
