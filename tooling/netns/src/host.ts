import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NetnsError } from "./errors.js";
import { NodeChildImpl } from "./node-child.js";
import { run } from "./run.js";
import type { Host, HostInterface, NodeChild } from "./types.js";

/** Environment variable carrying spawnNode()'s `input` as JSON (read by childInput()). */
export const INPUT_ENV = "BIP6_NETNS_INPUT";
/** Environment variable carrying the logical host name to a spawned script. */
export const HOST_ENV = "BIP6_NETNS_HOST";

let tsxLoader: string | undefined;

/** File URL of tsx's `--import` entry, resolved from this package so any workspace can spawn. */
function tsxImport(): string {
  if (tsxLoader) return tsxLoader;
  try {
    tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  } catch (error) {
    throw new NetnsError("NOT_FOUND", `cannot resolve tsx to run scripts: ${(error as Error).message}`);
  }
  return tsxLoader;
}

/** What a Host needs from its topology. */
export interface HostOwner {
  /** Throws `DESTROYED` once the topology is gone. */
  assertAlive(): void;
  /** Records a child so destroy() kills it. */
  adopt(child: NodeChildImpl): void;
}

/** A host or router namespace of a built topology. */
export class HostImpl implements Host {
  constructor(
    readonly name: string,
    readonly netns: string,
    readonly kind: "host" | "router",
    readonly interfaces: readonly HostInterface[],
    private readonly owner: HostOwner,
  ) {}

  iface(name: string): HostInterface {
    const found = this.interfaces.find((f) => f.name === name);
    if (!found) {
      const have = this.interfaces.map((f) => f.name).join(", ");
      throw new NetnsError("NOT_FOUND", `${this.kind} "${this.name}" has no interface "${name}" (it has ${have})`);
    }
    return found;
  }

  address(link?: string): string {
    const found = link === undefined ? this.interfaces[0] : this.interfaces.find((f) => f.link === link);
    if (!found) {
      const where = link === undefined ? "any link" : `link "${link}"`;
      throw new NetnsError("NOT_FOUND", `${this.kind} "${this.name}" has no address on ${where}`);
    }
    return found.address;
  }

  exec(command: string, args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
    try {
      this.owner.assertAlive();
    } catch (error) {
      return Promise.reject(error);
    }
    return run("ip", ["netns", "exec", this.netns, command, ...args], options);
  }

  spawnNode(script: string, input?: unknown): NodeChild {
    this.owner.assertAlive();
    const path = script.startsWith("file:") ? fileURLToPath(script) : resolvePath(script);
    if (!existsSync(path)) throw new NetnsError("NOT_FOUND", `script ${path} does not exist`);
    const args = [
      "netns",
      "exec",
      this.netns,
      process.execPath,
      "--conditions=@bip6/source",
      "--import",
      tsxImport(),
      path,
    ];
    // `ip netns exec` execs node in place, so fd 3 (the IPC channel) and the pid carry over.
    const child = spawn("ip", args, {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, [INPUT_ENV]: JSON.stringify(input ?? null), [HOST_ENV]: this.name },
    });
    const wrapped = new NodeChildImpl(child, `node ${path} in ${this.kind} "${this.name}"`);
    this.owner.adopt(wrapped);
    return wrapped;
  }
}
