/** One broadcast domain (a bridge in the topology's hidden switch namespace). */
export interface LinkSpec {
  /** Logical name, referenced by interfaces and routers. */
  name: string;
  /** IPv6 prefix of the link, e.g. "fd00:1::/64" (length 1–112). Default `fd00:<n>::/64`, n = 1, 2, … in order. */
  prefix?: string;
}

/** One interface of a host, attached to a link. */
export interface InterfaceSpec {
  /** Name of the link it plugs into. */
  link: string;
  /**
   * Its ULA: "addr" (the link's prefix length) or "addr/len". Default `prefix::<host index>`,
   * the host index being 1, 2, … in `hosts` order.
   */
  address?: string;
  /** Interface name inside the host (≤ 15 chars). Default eth0, eth1, … in order. */
  name?: string;
}

/** A host: its own network namespace with one interface per entry. */
export interface HostSpec {
  /** Logical name (letters, digits, `-`; ≤ 40 chars), unique among hosts and routers. */
  name: string;
  /** Its interfaces, at most one per link. */
  interfaces: InterfaceSpec[];
}

/**
 * A router: a namespace with one interface per link (eth0, eth1, …, address
 * `prefix::ff01` for the first router, `prefix::ff02` for the second, …) and IPv6 forwarding on. Hosts on those links get
 * a default route via it, and every namespace gets routes to links it reaches through routers.
 */
export interface RouterSpec {
  /** Logical name, unique among hosts and routers. */
  name: string;
  /** Links it forwards between (at least one, no repeats). */
  links: string[];
}

/** A whole test network. */
export interface TopologySpec {
  /** Broadcast domains. */
  links: LinkSpec[];
  /** Hosts. */
  hosts: HostSpec[];
  /** Routers between links. */
  routers?: RouterSpec[];
}

/** An interface as built: names, addresses and index inside its namespace. */
export interface HostInterface {
  /** Interface name inside the namespace (eth0 …). */
  name: string;
  /** Logical link name. */
  link: string;
  /** Its ULA (canonical text, no prefix length). */
  address: string;
  /** Its fe80:: link-local address (no `%zone`; append `%${name}` to use it). */
  linkLocal: string;
  /** Interface index inside the namespace (the numeric scope id). */
  index: number;
}

/** A host (or router) namespace of a built topology. */
export interface Host {
  /** Logical name from the spec. */
  readonly name: string;
  /** Real namespace name (unique prefix + name). */
  readonly netns: string;
  /** Whether the spec listed it under hosts or routers. */
  readonly kind: "host" | "router";
  /** Its interfaces, in spec order. */
  readonly interfaces: readonly HostInterface[];
  /** The interface of that name; throws `NOT_FOUND`. */
  iface(name: string): HostInterface;
  /** First ULA, or the ULA on that link; throws `NOT_FOUND`. */
  address(link?: string): string;
  /** Runs a command inside the namespace, resolves stdout, rejects with stderr on non-zero exit. */
  exec(command: string, args: string[], options?: { timeoutMs?: number }): Promise<string>;
  /**
   * Spawns `node` inside the namespace running `script` (a .ts or .mjs file; .ts runs via tsx,
   * with --conditions=@bip6/source so workspace packages resolve to their sources),
   * passing `input` as JSON; the script talks over IPC (process.send / process.on("message")).
   */
  spawnNode(script: string, input?: unknown): NodeChild;
}

/** A node process running inside a namespace, spoken to over IPC. */
export interface NodeChild {
  /** Process id (the same inside and outside the namespace: `ip netns exec` execs). */
  readonly pid: number;
  /** What the child wrote to stderr so far (the last 64 KiB). */
  readonly stderr: string;
  /** What the child wrote to stdout so far (the last 64 KiB). */
  readonly stdout: string;
  /** Next IPC message matching the predicate (or any), rejecting on timeout or child exit. */
  message<T = unknown>(predicate?: (m: unknown) => boolean, timeoutMs?: number): Promise<T>;
  /** Sends a message to the child; throws `CHILD_EXITED` when its channel is closed. */
  send(message: unknown): void;
  /** Resolves with the exit code; kills with SIGKILL after timeoutMs. */
  exit(timeoutMs?: number): Promise<number | null>;
  /** Kills the child (SIGKILL); safe to call after it exited. */
  kill(): void;
}

/** A built link. */
export interface TopologyLink {
  /** Logical name. */
  readonly name: string;
  /** Its prefix in canonical text with length, e.g. "fd00:1::/64". */
  readonly prefix: string;
}

/** A built topology; destroy it when done (also happens on process exit as a last resort). */
export interface Topology {
  /** Unique per topology, e.g. "b6t-<pid>-<n>-"; every namespace name starts with it. */
  readonly prefix: string;
  /** All hosts, in spec order. */
  readonly hosts: readonly Host[];
  /** All routers, in spec order. */
  readonly routers: readonly Host[];
  /** Every namespace it created (hosts, routers and the hidden switch). */
  readonly namespaces: readonly string[];
  /** Whether destroy() was called. */
  readonly destroyed: boolean;
  /** The host of that logical name; throws `NOT_FOUND`. */
  host(name: string): Host;
  /** The router of that logical name; throws `NOT_FOUND`. */
  router(name: string): Host;
  /** The link of that logical name; throws `NOT_FOUND`. */
  link(name: string): TopologyLink;
  /** Kills spawned children, deletes namespaces, bridges and veths. Idempotent, never throws. */
  destroy(): Promise<void>;
}

/** Options of createTopology(). */
export interface TopologyOptions {
  /** How long to wait for interfaces and addresses to become usable. Default 15 000 ms. */
  readyTimeoutMs?: number;
}
