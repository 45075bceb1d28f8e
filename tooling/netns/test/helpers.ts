import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { requireNetns } from "../src/index.js";

/** True when namespaces can be built; under CI=true an unsupported machine throws here (fails the file). */
export const usable = requireNetns();

/** Absolute path of a script in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Node arguments that run a .ts fixture in the current (root) namespace. */
export function tsNodeArgs(script: string): string[] {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return ["--conditions=@bip6/source", "--import", tsx, script];
}

/** Names of all named network namespaces right now. */
export function namespaceNames(): string[] {
  const out = execFileSync("ip", ["-j", "netns", "list"], { encoding: "utf8" }).trim();
  return out === "" ? [] : (JSON.parse(out) as { name: string }[]).map((n) => n.name);
}

/** Names of the namespaces this test process owns (other test files run in other processes). */
export function ownNamespaces(): string[] {
  return namespaceNames().filter((n) => n.startsWith(`b6t-${process.pid}-`));
}

/** Interface names of the root namespace. */
export function rootLinks(): string[] {
  const out = execFileSync("ip", ["-j", "link", "show"], { encoding: "utf8" });
  return (JSON.parse(out) as { ifname: string }[]).map((l) => l.ifname).sort();
}

/** Answer of the udp-send fixture. */
export type SendResult =
  { type: "answer"; data: string; from: string } | { type: "timeout" } | { type: "error"; code: string };
/** Message of the udp-echo fixture. */
export type EchoMessage =
  { type: "ready"; port: number } | { type: "received"; data: string; from: string; port: number };
