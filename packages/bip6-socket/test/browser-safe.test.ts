import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The lint rule covers src/memory-*.ts; this follows every relative import of the
// "./memory" entry point, so the shared files it pulls in stay browser-safe too.
describe("@bip6/bip6-socket/memory", () => {
  it("reaches no Node built-in, Buffer, process or timer from its entry point", () => {
    const seen = new Set<string>();
    const queue = ["memory.ts"];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/from\s+"node:|\bBuffer\b|\bprocess\.|\bsetTimeout\(|\bsetInterval\(|Date\.now/);
      for (const m of code.matchAll(/from\s+"\.\/([^"]+)\.js"/g)) queue.push(`${m[1]}.ts`);
    }
    expect([...seen].sort()).toEqual([
      "copy-slab.ts",
      "datagram-port.ts",
      "errors.ts",
      "memory-network.ts",
      "memory-port.ts",
      "memory-random.ts",
      "memory-types.ts",
      "memory.ts",
      "port-core.ts",
      "scopes.ts",
    ]);
  });
});
