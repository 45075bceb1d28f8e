import { execFileSync } from "node:child_process";
import { threadId } from "node:worker_threads";
import { NetnsError } from "./errors.js";

/** Result of {@link netnsSupport}. */
export type NetnsSupport = { ok: true } | { ok: false; reason: string };

let cached: NetnsSupport | undefined;

function tryRun(command: string, args: readonly string[]): string | undefined {
  try {
    execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
    return stderr || (error as Error).message;
  }
}

function probe(): NetnsSupport {
  if (process.platform !== "linux")
    return { ok: false, reason: `network namespaces need Linux, not ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: "network namespaces need root (run the tests as root)" };
  const noIp = tryRun("ip", ["-V"]);
  if (noIp !== undefined) return { ok: false, reason: `\`ip\` (iproute2) is not usable: ${noIp}` };
  const noSysctl = tryRun("sysctl", ["-n", "kernel.ostype"]);
  if (noSysctl !== undefined) return { ok: false, reason: `\`sysctl\` (procps) is not usable: ${noSysctl}` };
  // Build the same kinds of objects a topology needs, in a throwaway namespace named so that
  // cleanupLeftovers() would find it if this process died half-way.
  const ns = `b6t-${process.pid}-probe${threadId}`;
  const added = tryRun("ip", ["netns", "add", ns]);
  if (added !== undefined) return { ok: false, reason: `\`ip netns add\` fails: ${added}` };
  try {
    const steps: [string, string[]][] = [
      ["ip", ["-n", ns, "link", "add", "b6p0", "type", "veth", "peer", "name", "b6p1"]],
      ["ip", ["-n", ns, "link", "add", "b6pbr", "type", "bridge", "mcast_snooping", "0"]],
      ["ip", ["netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1"]],
    ];
    for (const [command, args] of steps) {
      const failed = tryRun(command, args);
      if (failed !== undefined) return { ok: false, reason: `\`${command} ${args.join(" ")}\` fails: ${failed}` };
    }
    return { ok: true };
  } finally {
    tryRun("ip", ["netns", "del", ns]);
  }
}

/**
 * Whether namespaces can be built here: Linux, root, `ip` and `sysctl` present, and a probe
 * namespace with a veth pair, a bridge and an IPv6 sysctl can be made. Probed once, then cached.
 */
export function netnsSupport(): NetnsSupport {
  cached ??= probe();
  return cached;
}

/**
 * For tests: returns true when namespaces are usable. When they are not and `CI` is `true`
 * or `1`, throws an `UNSUPPORTED` {@link NetnsError} with the reason (a CI run must fail
 * loudly, not skip); otherwise prints the reason and returns false so the caller can
 * `describe.skipIf(!usable)`.
 */
export function requireNetns(): boolean {
  const support = netnsSupport();
  if (support.ok) return true;
  if (process.env.CI === "true" || process.env.CI === "1") {
    throw new NetnsError("UNSUPPORTED", `network namespace tests cannot run under CI: ${support.reason}`);
  }
  console.warn(`[@bip6/netns] skipping namespace tests: ${support.reason}`);
  return false;
}
