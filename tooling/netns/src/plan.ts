import { NetnsError } from "./errors.js";
import { formatIPv6, type Groups, network, parseIPv6, withInterfaceId } from "./ipv6.js";
import type { TopologySpec } from "./types.js";

/** Caps that keep a typo from building hundreds of namespaces. */
export const LIMITS = { links: 64, nodes: 128, interfacesPerNode: 16 } as const;

/** First router's default interface id (`prefix::ff01`); far from the host ids 1, 2, …. */
const ROUTER_ID_BASE = 0xff00;

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const IFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/** A link as it will be built. */
export interface PlanLink {
  readonly name: string;
  readonly net: Groups;
  readonly length: number;
  /** Canonical "prefix/len". */
  readonly prefix: string;
  /** Bridge name inside the switch namespace. */
  readonly bridge: string;
}

/** An interface as it will be built. */
export interface PlanInterface {
  readonly name: string;
  readonly link: PlanLink;
  readonly address: string;
  readonly length: number;
  /** The veth end left in the switch namespace, enslaved to the link's bridge. */
  readonly port: string;
}

/** A route to add inside a namespace. */
export interface PlanRoute {
  /** "default" or a "prefix/len". */
  readonly to: string;
  readonly via: string;
  readonly dev: string;
}

/** A host or router namespace as it will be built. */
export interface PlanNode {
  readonly name: string;
  readonly kind: "host" | "router";
  readonly netns: string;
  readonly interfaces: readonly PlanInterface[];
  readonly routes: PlanRoute[];
}

/** Everything createTopology() will build, decided before any command runs. */
export interface Plan {
  readonly prefix: string;
  readonly switchNetns: string;
  readonly links: readonly PlanLink[];
  readonly nodes: readonly PlanNode[];
}

function bad(message: string): NetnsError {
  return new NetnsError("BAD_SPEC", message);
}

function parsePrefix(text: string, what: string): { net: Groups; length: number } {
  const [addr = "", len, ...rest] = text.split("/");
  const groups = parseIPv6(addr);
  const length = len === undefined ? NaN : Number(len);
  if (
    !groups ||
    rest.length > 0 ||
    !Number.isInteger(length) ||
    length < 1 ||
    length > 112 ||
    !/^\d+$/.test(len ?? "")
  ) {
    throw bad(`${what}: "${text}" is not an IPv6 prefix like "fd00:1::/64" (length 1–112)`);
  }
  return { net: network(groups, length), length };
}

function parseAddress(text: string, defaultLength: number, what: string): { address: string; length: number } {
  const [addr = "", len, ...rest] = text.split("/");
  const groups = parseIPv6(addr);
  const length = len === undefined ? defaultLength : Number(len);
  if (!groups || rest.length > 0 || !Number.isInteger(length) || length < 1 || length > 128) {
    throw bad(`${what}: "${text}" is not an IPv6 address (optionally with "/len")`);
  }
  if (groups[0] !== undefined && groups[0] >= 0xff00) throw bad(`${what}: "${text}" is a multicast address`);
  if (groups[0] !== undefined && (groups[0] & 0xffc0) === 0xfe80) {
    throw bad(`${what}: "${text}" is link-local; link-local addresses are made by the kernel`);
  }
  return { address: formatIPv6(groups), length };
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || !NODE_NAME.test(name)) {
    throw bad(
      `${what}: name ${JSON.stringify(name)} must be 1–40 letters, digits or "-", starting with a letter or digit`,
    );
  }
  return name;
}

/** Validates a spec and decides every name, address and route. Throws `BAD_SPEC`. */
export function planTopology(spec: TopologySpec, prefix: string): Plan {
  if (typeof spec !== "object" || spec === null) throw bad("the topology spec must be an object");
  const linkSpecs = spec.links;
  const hostSpecs = spec.hosts;
  const routerSpecs = spec.routers ?? [];
  if (!Array.isArray(linkSpecs) || !Array.isArray(hostSpecs) || !Array.isArray(routerSpecs)) {
    throw bad("links, hosts and routers must be arrays");
  }
  if (linkSpecs.length > LIMITS.links) throw bad(`${linkSpecs.length} links: at most ${LIMITS.links}`);
  if (hostSpecs.length + routerSpecs.length > LIMITS.nodes) {
    throw bad(`${hostSpecs.length + routerSpecs.length} hosts and routers: at most ${LIMITS.nodes}`);
  }

  const links = new Map<string, PlanLink>();
  linkSpecs.forEach((l, i) => {
    const name = checkName(l?.name, `link #${i}`);
    if (links.has(name)) throw bad(`link "${name}" is declared twice`);
    const { net, length } = parsePrefix(l.prefix ?? `fd00:${(i + 1).toString(16)}::/64`, `link "${name}"`);
    for (const other of links.values()) {
      if (other.prefix === `${formatIPv6(net)}/${length}`)
        throw bad(`links "${other.name}" and "${name}" share a prefix`);
    }
    links.set(name, { name, net, length, prefix: `${formatIPv6(net)}/${length}`, bridge: `br${i}` });
  });
  const linkIndex = new Map([...links.keys()].map((n, i) => [n, i]));
  const findLink = (name: unknown, what: string): PlanLink => {
    const link = typeof name === "string" ? links.get(name) : undefined;
    if (!link) throw bad(`${what}: unknown link ${JSON.stringify(name)}`);
    return link;
  };

  const nodes: PlanNode[] = [];
  const nodeNames = new Set<string>();
  const used = new Map<string, string>(); // address → who
  const addNode = (
    name: string,
    kind: "host" | "router",
    wanted: readonly { link: PlanLink; address: string; length: number; name?: string | undefined }[],
  ): void => {
    if (nodeNames.has(name)) throw bad(`"${name}" is declared twice (hosts and routers share one name space)`);
    nodeNames.add(name);
    if (wanted.length > LIMITS.interfacesPerNode) {
      throw bad(`${kind} "${name}" has ${wanted.length} interfaces: at most ${LIMITS.interfacesPerNode}`);
    }
    const names = new Set<string>();
    const onLinks = new Set<string>();
    const nodeIndex = nodes.length;
    const interfaces = wanted.map((w, i): PlanInterface => {
      const ifname = w.name ?? `eth${i}`;
      if (typeof ifname !== "string" || !IFACE_NAME.test(ifname) || ifname === "lo") {
        throw bad(
          `${kind} "${name}": interface name ${JSON.stringify(ifname)} must be 1–15 characters [A-Za-z0-9_.-], not "lo"`,
        );
      }
      if (names.has(ifname)) throw bad(`${kind} "${name}" has two interfaces named "${ifname}"`);
      names.add(ifname);
      if (onLinks.has(w.link.name)) throw bad(`${kind} "${name}" is attached to link "${w.link.name}" twice`);
      onLinks.add(w.link.name);
      const owner = used.get(w.address);
      if (owner) throw bad(`address ${w.address} of ${kind} "${name}" is already used by ${owner}`);
      used.set(w.address, `${kind} "${name}"`);
      const port = `l${linkIndex.get(w.link.name) ?? 0}n${nodeIndex}`;
      return { name: ifname, link: w.link, address: w.address, length: w.length, port };
    });
    nodes.push({ name, kind, netns: `${prefix}${name}`, interfaces, routes: [] });
  };

  routerSpecs.forEach((r, j) => {
    const name = checkName(r?.name, `router #${j}`);
    if (!Array.isArray(r.links) || r.links.length === 0) throw bad(`router "${name}" needs at least one link`);
    addNode(
      name,
      "router",
      r.links.map((l) => {
        const link = findLink(l, `router "${name}"`);
        return { link, address: formatIPv6(withInterfaceId(link.net, ROUTER_ID_BASE + j + 1)), length: link.length };
      }),
    );
  });
  hostSpecs.forEach((h, i) => {
    const name = checkName(h?.name, `host #${i}`);
    if (!Array.isArray(h.interfaces)) throw bad(`host "${name}": interfaces must be an array`);
    addNode(
      name,
      "host",
      h.interfaces.map((f, k) => {
        const link = findLink(f?.link, `host "${name}" interface #${k}`);
        const { address, length } =
          f.address === undefined
            ? { address: formatIPv6(withInterfaceId(link.net, i + 1)), length: link.length }
            : parseAddress(f.address, link.length, `host "${name}" interface #${k}`);
        return { link, address, length, name: f.name };
      }),
    );
  });
  // Routers first kept their default ids stable; hand the caller hosts first, as in the spec.
  const ordered = [...nodes.filter((n) => n.kind === "host"), ...nodes.filter((n) => n.kind === "router")];
  addRoutes(ordered);
  return { prefix, switchNetns: `${prefix}_switch`, links: [...links.values()], nodes: ordered };
}

/**
 * Shortest-path routes (in router hops) from every namespace to every link it is not on, plus a
 * default route for hosts via the first router on their first routed link.
 */
function addRoutes(nodes: readonly PlanNode[]): void {
  const routers = nodes.filter((n) => n.kind === "router");
  for (const node of nodes) {
    type Hop = { via: string; dev: string };
    const firstHop = new Map<string, Hop | undefined>();
    const queue: string[] = [];
    for (const f of node.interfaces) {
      firstHop.set(f.link.name, undefined);
      queue.push(f.link.name);
    }
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head] as string;
      for (const r of routers) {
        if (r === node) continue;
        const entry = r.interfaces.find((f) => f.link.name === at);
        if (!entry) continue;
        for (const f of r.interfaces) {
          if (firstHop.has(f.link.name)) continue;
          const mine = node.interfaces.find((g) => g.link.name === at);
          const hop = mine ? { via: entry.address, dev: mine.name } : firstHop.get(at);
          firstHop.set(f.link.name, hop);
          queue.push(f.link.name);
          if (hop) node.routes.push({ to: f.link.prefix, via: hop.via, dev: hop.dev });
        }
      }
    }
    if (node.kind !== "host") continue;
    for (const f of node.interfaces) {
      const router = routers.find((r) => r.interfaces.some((g) => g.link.name === f.link.name));
      const gateway = router?.interfaces.find((g) => g.link.name === f.link.name);
      if (gateway) {
        node.routes.push({ to: "default", via: gateway.address, dev: f.name });
        break;
      }
    }
  }
}
