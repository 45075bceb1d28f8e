// Lint rules for the whole monorepo. Browser-safe and sans-IO packages may not reach for
// Node built-ins or globals: that keeps them runnable in a browser and free of hidden I/O.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const portableSources = [
  "packages/bvll6-codec/src/**/*.ts",
  "packages/vmac-cache/src/**/*.ts",
  "packages/bbmd6/src/**/*.ts",
  "packages/foreign-device6/src/**/*.ts",
  "packages/bip6-socket/src/memory*.ts",
  "packages/bip6-socket/src/port-core.ts",
  "packages/bip6-socket/src/errors.ts",
  "packages/bip6-socket/src/datagram-port.ts",
  "packages/bip6-socket/src/scopes.ts",
  // The transport's sans-IO core: no timers, no clock, no I/O.
  "packages/bip6-transport/src/core/**/*.ts",
  "apps/sniffer/src/bacnet/**/*.ts",
];

// The transport's shell runs in browsers too (on an injected DatagramPort): no Node built-ins
// and not the socket package's Node entry, but timers are its job. Only its /node subpath
// (src/node.ts, src/node/**) opens sockets.
const browserShellSources = ["packages/bip6-transport/src/**/*.ts"];
const nodeSubpathSources = ["packages/bip6-transport/src/node.ts", "packages/bip6-transport/src/node/**/*.ts"];
// bip6-sniff's library (everything the main entry exports) is browser-safe for the decoder
// page; only the CLI (src/cli.ts) and src/node/** (process, files, capture tools, sockets) use Node.
const snifferPortableSources = ["apps/sniffer/src/**/*.ts"];
const snifferNodeSources = ["apps/sniffer/src/cli.ts", "apps/sniffer/src/node/**/*.ts"];
const nodeOnlyModules = [
  {
    name: "@bip6/bip6-socket",
    message: "Browser-safe code imports @bip6/bip6-socket/memory; the socket opener lives in src/node/.",
  },
];

export default tseslint.config(
  {
    // Git-ignored output (.artifacts: test screenshots and whatever a person leaves beside them).
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "docs/site/**",
      "**/.vitest/**",
      "**/.turbo/**",
      "**/coverage/**",
      "**/.artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        queueMicrotask: "readonly",
        performance: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        crypto: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    files: portableSources,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*"], message: "This package is browser-safe / sans-IO: no Node built-ins." }] },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Buffer", message: "Use Uint8Array: this package runs in browsers." },
        { name: "process", message: "No process access in a browser-safe package." },
        { name: "setTimeout", message: "Sans-IO: take the time as an input instead of scheduling." },
        { name: "setInterval", message: "Sans-IO: take the time as an input instead of scheduling." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Inject a clock; never read wall time inside protocol logic." },
      ],
    },
  },
  {
    files: browserShellSources,
    ignores: [...nodeSubpathSources, "packages/bip6-transport/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeOnlyModules,
          patterns: [{ group: ["node:*"], message: "The transport's main entry is browser-safe: no Node built-ins." }],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Buffer", message: "Use Uint8Array: this entry runs in browsers." },
        { name: "process", message: "No process access in a browser-safe entry." },
      ],
    },
  },
  {
    files: ["packages/bip6-transport/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeOnlyModules,
          patterns: [{ group: ["node:*"], message: "This package is browser-safe / sans-IO: no Node built-ins." }],
        },
      ],
    },
  },
  {
    files: snifferPortableSources,
    ignores: [...snifferNodeSources, "apps/sniffer/src/bacnet/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeOnlyModules,
          patterns: [
            { group: ["node:*"], message: "bip6-sniff's library is browser-safe: Node-only code goes in src/node/." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Buffer", message: "Use Uint8Array: the sniffer's library runs in browsers." },
        { name: "process", message: "No process access in the sniffer's browser-safe library (src/node/ has it)." },
        { name: "setTimeout", message: "The library is driven by its input; timers belong to src/node/." },
        { name: "setInterval", message: "The library is driven by its input; timers belong to src/node/." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Times come from the capture, never the wall clock." },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
