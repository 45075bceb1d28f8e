import { ip, ipSyncOutput } from "./run.js";

/** Every name prefix this package uses: `b6t-<owner pid>-…`. */
export const NAME_PATTERN = /^b6t-(\d+)-/;

function parseList(out: string): string[] {
  const text = out.trim();
  if (text === "") return [];
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) return [];
  return parsed
    .map((e: unknown) => (typeof e === "object" && e !== null ? (e as { name?: unknown }).name : undefined))
    .filter((n): n is string => typeof n === "string");
}

/** Names of all named network namespaces (`ip -j netns list`). */
export async function listNamespaces(): Promise<string[]> {
  return parseList(await ip(["-j", "netns", "list"]));
}

/** Synchronous variant for the exit path; undefined when `ip` fails. */
export function listNamespacesSync(): string[] | undefined {
  const out = ipSyncOutput(["-j", "netns", "list"]);
  return out === undefined ? undefined : parseList(out);
}

/** Pids of processes inside a namespace (`ip netns pids`); empty when it cannot be read. */
export async function namespacePids(netns: string): Promise<number[]> {
  try {
    return parsePids(await ip(["netns", "pids", netns]));
  } catch {
    return [];
  }
}

/** Synchronous variant of {@link namespacePids}. */
export function namespacePidsSync(netns: string): number[] {
  return parsePids(ipSyncOutput(["netns", "pids", netns]) ?? "");
}

function parsePids(out: string): number[] {
  return out
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/** SIGKILLs a process, ignoring one that is already gone. */
export function killPid(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already exited.
  }
}

/** Whether a process of that pid exists (EPERM still means it exists). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
