import { isMainThread, threadId } from "node:worker_threads";
import { NetnsError } from "./errors.js";
import { HostImpl, type HostOwner } from "./host.js";
import { parseIPv6 } from "./ipv6.js";
import { cleanupLeftovers } from "./leftovers.js";
import { killPid, listNamespaces, listNamespacesSync, namespacePids, namespacePidsSync } from "./namespaces.js";
import type { NodeChildImpl } from "./node-child.js";
import { type Plan, type PlanNode, planTopology } from "./plan.js";
import { ip, ipBatch, ipSync } from "./run.js";
import { track, untrack } from "./registry.js";
import { netnsSupport } from "./support.js";
import type { Host, HostInterface, Topology, TopologyLink, TopologyOptions, TopologySpec } from "./types.js";

let counter = 0;
let leftoversChecked = false;

/** How long destroy() waits for killed children before deleting namespaces under them. */
const CHILD_EXIT_WAIT_MS = 2_000;
const POLL_MS = 20;

/** A fresh "b6t-<pid>-<n>-" not used by any existing namespace (a reused pid may have left some). */
async function nextPrefix(): Promise<string> {
  const existing = await listNamespaces();
  for (;;) {
    counter++;
    const n = isMainThread ? `${counter}` : `w${threadId}.${counter}`;
    const prefix = `b6t-${process.pid}-${n}-`;
    if (!existing.some((name) => name.startsWith(prefix))) return prefix;
  }
}

/** Subset of `ip -j addr` output this package reads. */
interface IpAddrEntry {
  ifname?: string;
  ifindex?: number;
  operstate?: string;
  addr_info?: { local?: string; prefixlen?: number; scope?: string; tentative?: boolean; dadfailed?: boolean }[];
}

function sameAddress(a: string, b: string): boolean {
  const x = parseIPv6(a);
  const y = parseIPv6(b);
  return x !== undefined && y !== undefined && x.every((g, i) => g === y[i]);
}

/** What is still missing on one namespace's interfaces, or the built interfaces when nothing is. */
function inspect(node: PlanNode, entries: IpAddrEntry[]): { missing: string[]; built: HostInterface[] } {
  const missing: string[] = [];
  const built: HostInterface[] = [];
  for (const f of node.interfaces) {
    const entry = entries.find((e) => e.ifname === f.name);
    if (!entry) {
      missing.push(`${f.name} does not exist`);
      continue;
    }
    const addrs = entry.addr_info ?? [];
    const usable = (a: (typeof addrs)[number]): boolean => !a.tentative && !a.dadfailed;
    const ula = addrs.find((a) => a.local !== undefined && sameAddress(a.local, f.address));
    const ll = addrs.find((a) => a.scope === "link" && a.local?.startsWith("fe80:"));
    if (entry.operstate !== "UP") missing.push(`${f.name} is ${entry.operstate ?? "not up"}`);
    if (!ula || !usable(ula)) missing.push(`${f.name} has no usable ${f.address}`);
    if (!ll || !usable(ll) || ll.local === undefined) missing.push(`${f.name} has no usable link-local address`);
    else
      built.push({
        name: f.name,
        link: f.link.name,
        address: f.address,
        linkLocal: ll.local,
        index: entry.ifindex ?? 0,
      });
  }
  return { missing, built };
}

/** A delay; `unref` ones never keep the process alive on their own (used for races). */
function sleep(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}

/** Polls until every interface of the node is up with non-tentative ULA and link-local addresses. */
async function waitReady(node: PlanNode, deadline: number, timeoutMs: number): Promise<HostInterface[]> {
  for (;;) {
    const out = await ip(["-n", node.netns, "-6", "-j", "addr", "show"]);
    const { missing, built } = inspect(node, JSON.parse(out || "[]") as IpAddrEntry[]);
    if (missing.length === 0) return built;
    if (Date.now() > deadline) {
      throw new NetnsError(
        "TIMEOUT",
        `${node.kind} "${node.name}" (${node.netns}) not ready after ${timeoutMs} ms: ${missing.join("; ")}`,
      );
    }
    await sleep(POLL_MS);
  }
}

function sysctls(node: PlanNode): string[] {
  const conf = (k: string, v: number): string[] => [`net.ipv6.conf.all.${k}=${v}`, `net.ipv6.conf.default.${k}=${v}`];
  return [
    ...conf("disable_ipv6", 0),
    // Addresses are usable at once and nothing solicits or accepts RAs: quiet, deterministic links.
    ...conf("accept_dad", 0),
    ...conf("dad_transmits", 0),
    ...conf("router_solicitations", 0),
    ...conf("accept_ra", 0),
    ...conf("forwarding", node.kind === "router" ? 1 : 0),
  ];
}

async function build(plan: Plan, readyTimeoutMs: number): Promise<Map<string, HostInterface[]>> {
  const sw = plan.switchNetns;
  await ipBatch(
    undefined,
    [sw, ...plan.nodes.map((n) => n.netns)].map((ns) => `netns add ${ns}`),
  );
  // The switch namespace only bridges frames: no IPv6 of its own (no MLD, no RS, no DAD noise).
  await Promise.all([
    ip([
      "netns",
      "exec",
      sw,
      "sysctl",
      "-q",
      "-w",
      "net.ipv6.conf.all.disable_ipv6=1",
      "net.ipv6.conf.default.disable_ipv6=1",
    ]),
    ...plan.nodes.map((n) => ip(["netns", "exec", n.netns, "sysctl", "-q", "-w", ...sysctls(n)])),
  ]);
  // Snooping off so every IPv6 multicast frame floods to all ports, joined or not.
  await ipBatch(sw, [
    "link set lo up",
    ...plan.links.flatMap((l) => [`link add ${l.bridge} type bridge mcast_snooping 0`, `link set ${l.bridge} up`]),
    ...plan.nodes.flatMap((n) =>
      n.interfaces.flatMap((f) => [
        `link add ${f.port} type veth peer name ${f.name} netns ${n.netns}`,
        `link set ${f.port} master ${f.link.bridge}`,
        `link set ${f.port} up`,
      ]),
    ),
  ]);
  await Promise.all(
    plan.nodes.map((n) =>
      ipBatch(n.netns, [
        "link set lo up",
        ...n.interfaces.flatMap((f) => [
          `addr add ${f.address}/${f.length} dev ${f.name} nodad`,
          `link set ${f.name} up`,
        ]),
      ]),
    ),
  );
  const deadline = Date.now() + readyTimeoutMs;
  const built = new Map<string, HostInterface[]>();
  await Promise.all(plan.nodes.map(async (n) => built.set(n.name, await waitReady(n, deadline, readyTimeoutMs))));
  // IPv6 routes need no `-6`: the family comes from the gateway address.
  await Promise.all(
    plan.nodes.map((n) =>
      ipBatch(
        n.netns,
        n.routes.map((r) => `route add ${r.to} via ${r.via} dev ${r.dev}`),
      ),
    ),
  );
  return built;
}

class TopologyImpl implements Topology, HostOwner {
  readonly prefix: string;
  readonly namespaces: readonly string[];
  hosts: readonly Host[] = [];
  routers: readonly Host[] = [];
  readonly #plan: Plan;
  readonly #children = new Set<NodeChildImpl>();
  #destroying: Promise<void> | undefined;

  constructor(plan: Plan) {
    this.#plan = plan;
    this.prefix = plan.prefix;
    this.namespaces = [...plan.nodes.map((n) => n.netns), plan.switchNetns];
  }

  get destroyed(): boolean {
    return this.#destroying !== undefined;
  }

  populate(built: Map<string, HostInterface[]>): void {
    const make = (n: PlanNode): Host => new HostImpl(n.name, n.netns, n.kind, built.get(n.name) ?? [], this);
    this.hosts = this.#plan.nodes.filter((n) => n.kind === "host").map(make);
    this.routers = this.#plan.nodes.filter((n) => n.kind === "router").map(make);
  }

  assertAlive(): void {
    if (this.destroyed) throw new NetnsError("DESTROYED", `topology ${this.prefix} was destroyed`);
  }

  adopt(child: NodeChildImpl): void {
    this.#children.add(child);
    void child.closed.then(() => this.#children.delete(child));
  }

  host(name: string): Host {
    return this.#find(this.hosts, name, "host");
  }

  router(name: string): Host {
    return this.#find(this.routers, name, "router");
  }

  #find(list: readonly Host[], name: string, kind: string): Host {
    const found = list.find((h) => h.name === name);
    if (!found) throw new NetnsError("NOT_FOUND", `no ${kind} "${name}" in topology ${this.prefix}`);
    return found;
  }

  link(name: string): TopologyLink {
    const found = this.#plan.links.find((l) => l.name === name);
    if (!found) throw new NetnsError("NOT_FOUND", `no link "${name}" in topology ${this.prefix}`);
    return { name: found.name, prefix: found.prefix };
  }

  destroy(): Promise<void> {
    this.#destroying ??= this.#destroy();
    return this.#destroying;
  }

  async #destroy(): Promise<void> {
    const problems: string[] = [];
    const children = [...this.#children];
    for (const c of children) c.kill();
    await Promise.race([Promise.all(children.map((c) => c.closed)), sleep(CHILD_EXIT_WAIT_MS, true)]);
    try {
      const existing = new Set(await listNamespaces());
      const mine = this.namespaces.filter((ns) => existing.has(ns));
      // Anything else still running inside (a Host.exec command, a child's own children).
      for (const ns of mine) for (const pid of await namespacePids(ns)) killPid(pid);
      await ipBatch(
        undefined,
        mine.map((ns) => `netns del ${ns}`),
        true,
      ).catch((e: unknown) => problems.push(String(e)));
      const left = (await listNamespaces()).filter((ns) => this.namespaces.includes(ns));
      if (left.length > 0) problems.push(`still present: ${left.join(", ")}`);
    } catch (error) {
      problems.push(String(error));
    }
    untrack(this);
    if (problems.length > 0) console.warn(`[@bip6/netns] destroy of ${this.prefix} incomplete: ${problems.join("; ")}`);
  }

  destroySync(): void {
    if (this.#destroying === undefined) this.#destroying = Promise.resolve();
    for (const c of this.#children) c.kill();
    const existing = new Set(listNamespacesSync() ?? this.namespaces);
    const mine = this.namespaces.filter((ns) => existing.has(ns));
    for (const ns of mine) for (const pid of namespacePidsSync(ns)) killPid(pid);
    ipSync(["-force", "-batch", "-"], mine.map((ns) => `netns del ${ns}`).join("\n") + "\n");
  }
}

/**
 * Builds the topology: one namespace per host and router, a hidden switch namespace with one
 * bridge per link, veth pairs between them, addresses (no DAD) and routes; resolves once every
 * interface is up with usable ULA and link-local addresses. On failure everything built so far
 * is removed and the error (`BAD_SPEC`, `UNSUPPORTED`, `COMMAND_FAILED`, `TIMEOUT`) rethrown.
 * The first call in a process also runs cleanupLeftovers().
 */
export async function createTopology(spec: TopologySpec, options: TopologyOptions = {}): Promise<Topology> {
  const support = netnsSupport();
  if (!support.ok) throw new NetnsError("UNSUPPORTED", `cannot build network namespaces: ${support.reason}`);
  planTopology(spec, "b6t-0-0-"); // validate before touching anything
  if (!leftoversChecked) {
    leftoversChecked = true;
    await cleanupLeftovers().catch(() => 0);
  }
  const plan = planTopology(spec, await nextPrefix());
  const topology = new TopologyImpl(plan);
  track(topology);
  try {
    topology.populate(await build(plan, options.readyTimeoutMs ?? 15_000));
  } catch (error) {
    await topology.destroy();
    throw error;
  }
  return topology;
}

/**
 * Builds a topology, runs `body` with it and destroys it afterwards — also when `body` throws
 * (the error is rethrown after cleanup).
 */
export async function withTopology<T>(spec: TopologySpec, body: (t: Topology) => Promise<T> | T): Promise<T> {
  const topology = await createTopology(spec);
  try {
    return await body(topology);
  } finally {
    await topology.destroy();
  }
}
