import { Bip6Address, DEFAULT_BACNET_PORT, describeValue, MulticastScope } from "@bip6/bvll6-codec";
import { CopySlab } from "./copy-slab.js";
import type { Via } from "./datagram-port.js";
import { DatagramPortError } from "./errors.js";
import { type MemoryDeliver, MemoryDatagramPort, type MemoryWire } from "./memory-port.js";
import { mulberry32 } from "./memory-random.js";
import { groupAddress, receiveScopes } from "./scopes.js";
import type {
  Impairments,
  MemoryHostInterface,
  MemoryInterfaceSpec,
  MemoryLinkOptions,
  MemoryNetworkOptions,
  MemoryNetworkStats,
  MemoryPortOptions,
  WireEvent,
  WireListener,
} from "./memory-types.js";

/** Default cap of datagrams in flight. */
export const DEFAULT_MAX_IN_FLIGHT = 10_000;
/** Scope of ff01::bac0: its datagrams never leave the sending interface (RFC 4291 §2.7). */
const INTERFACE_LOCAL = 1;
/** First port handed out for `port: 0`. */
const EPHEMERAL_FIRST = 49152;

/** A host of a {@link MemoryNetwork}: a name and its interfaces. */
export class MemoryHost {
  /** Host name. */
  readonly name: string;
  /** Interfaces in order. */
  readonly interfaces: readonly MemoryHostInterface[];

  /** Built by `MemoryNetwork.addHost`. */
  constructor(name: string, interfaces: readonly MemoryHostInterface[]) {
    this.name = name;
    this.interfaces = Object.freeze([...interfaces]);
  }

  /** The interface of that name; throws `UNKNOWN_INTERFACE` otherwise. */
  iface(name: string): MemoryHostInterface {
    const i = this.interfaces.find((x) => x.name === name);
    if (i === undefined) {
      const known = this.interfaces.map((x) => x.name).join(", ");
      throw new DatagramPortError(
        "UNKNOWN_INTERFACE",
        `host ${this.name} has no interface ${describeValue(name)} (it has ${known})`,
      );
    }
    return i;
  }

  /** The routable address of the first interface on `link` (or of the first interface), port 0. */
  address(link?: string): Bip6Address {
    const i = link === undefined ? this.interfaces[0] : this.interfaces.find((x) => x.link === link);
    if (i?.address === undefined) {
      const where = link === undefined ? "its first interface" : `link ${describeValue(link)}`;
      throw new DatagramPortError("INVALID_TOPOLOGY", `host ${this.name} has no routable address on ${where}`);
    }
    return i.address;
  }
}

interface Link {
  name: string;
  prefix: string;
  impairments: Required<Impairments> | undefined;
  /** Ports that joined a group on this link. */
  members: Set<Attached>;
}

interface Attached {
  port: MemoryDatagramPort;
  deliver: MemoryDeliver;
  bindingKey: string;
  host: MemoryHost;
  iface: MemoryHostInterface;
  /** The link of `iface`, kept here so a send needs no lookup by name. */
  link: Link;
  /** The port's `scope` is 1: its multicasts never leave its interface. */
  interfaceLocalOnly: boolean;
}

interface Entry {
  at: number;
  order: number;
  target: Attached;
  bytes: Uint8Array;
  from: Bip6Address;
  to: Bip6Address;
  via: Via;
}

function checkProbability(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new DatagramPortError("INVALID_OPTION", `\`${name}\` must be a probability 0-1, got ${describeValue(value)}`);
  }
  return value;
}

function checkMs(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new DatagramPortError(
      "INVALID_OPTION",
      `\`${name}\` must be a finite number of ms >= 0, got ${describeValue(value)}`,
    );
  }
  return value;
}

function resolveImpairments(i: Impairments | undefined): Required<Impairments> | undefined {
  if (i === undefined) return undefined;
  if (typeof i !== "object" || i === null)
    throw new DatagramPortError("INVALID_OPTION", "impairments must be an object");
  return {
    loss: checkProbability(i.loss, "loss"),
    duplicate: checkProbability(i.duplicate, "duplicate"),
    reorder: checkProbability(i.reorder, "reorder"),
    delayMs: checkMs(i.delayMs, "delayMs"),
    jitterMs: checkMs(i.jitterMs, "jitterMs"),
  };
}

/** The member's own address of the group `to` (with its interface as zone), if it joined it. */
function joinedGroup(groups: readonly Bip6Address[], to: Bip6Address): Bip6Address | undefined {
  for (const g of groups) if (g.port === to.port && g.sameHost(to)) return g;
  return undefined;
}

/** Options must be an object (or omitted): `null` and primitives are `INVALID_OPTION`, never a TypeError. */
function checkOptions(options: unknown): void {
  if (typeof options !== "object" || options === null) {
    throw new DatagramPortError("INVALID_OPTION", `options must be an object, got ${describeValue(options)}`);
  }
}

function topologyError(message: string): DatagramPortError {
  return new DatagramPortError("INVALID_TOPOLOGY", message);
}

/**
 * A simulated IPv6 network for tests: links with multicast groups, hosts with interfaces on
 * links, ports on hosts ({@link createPort} gives a `DatagramPort`), and loss, duplication,
 * reordering and delay drawn from a seeded PRNG so every failure replays.
 *
 * Routing model: a unicast to a routable address reaches the host holding it on any link
 * (an implicit router); a link-local unicast stays on the sender's link. There is no
 * multicast routing: a multicast reaches the ports on the sender's link that joined that
 * group (ff02, ff05, … alike) on that UDP port, as on a site whose routers do not forward
 * multicast, which is why BACnet has BBMDs; an interface-local one (ff01) reaches only ports
 * on the sending interface. Impairments are those of the sender's link.
 *
 * Time is the network's own clock, moved only by {@link advance}; nothing here reads the wall
 * clock or sets timers. Browser-safe.
 *
 * @example
 * ```ts
 * const net = new MemoryNetwork({ seed: 1, delivery: "manual" });
 * net.addLink("lan", { impairments: { loss: 0.1 } });
 * const a = net.createPort(net.addHost("a", [{ link: "lan" }])); // [fd00:1::1]:47808
 * const b = net.createPort(net.addHost("b", [{ link: "lan" }])); // [fd00:1::2]:47808
 * b.onDatagram((bytes, from, via) => console.log(from.toString(), via));
 * a.multicast(frame);
 * net.flush(); // "[fd00:1::1]:47808 multicast", unless this one was lost
 * ```
 */
export class MemoryNetwork {
  readonly #random: () => number;
  readonly #delivery: "microtask" | "manual";
  readonly #maxInFlight: number;
  readonly #impairments: Required<Impairments> | undefined;
  readonly #links = new Map<string, Link>();
  readonly #hosts = new Map<string, MemoryHost>();
  /** Routable address (ip text) → its host and interface. */
  readonly #routable = new Map<string, { host: MemoryHost; iface: MemoryHostInterface }>();
  /** `link|ip` of link-local addresses → host and interface. */
  readonly #linkLocal = new Map<string, { host: MemoryHost; iface: MemoryHostInterface }>();
  /** `host|ip|port` → bound port. */
  readonly #bindings = new Map<string, Attached>();
  readonly #attached = new Map<MemoryDatagramPort, Attached>();
  readonly #wireTaps = new Set<WireListener>();
  readonly #wire: MemoryWire;
  /** Each receiver's copy of a datagram comes from here. */
  readonly #copies = new CopySlab();
  #queue: Entry[] = [];
  #head = 0;
  #seq = 0;
  #now: number;
  #flushScheduled = false;
  readonly #stats: { -readonly [K in Exclude<keyof MemoryNetworkStats, "inFlight">]: number } = {
    queued: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    overflow: 0,
    unreachable: 0,
  };

  constructor(options: MemoryNetworkOptions = {}) {
    checkOptions(options);
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed)) throw new DatagramPortError("INVALID_OPTION", "`seed` must be an integer");
    if (options.random !== undefined && typeof options.random !== "function") {
      throw new DatagramPortError("INVALID_OPTION", "`random` must be a function returning [0, 1)");
    }
    this.#random = options.random ?? mulberry32(seed);
    this.#now = checkMs(options.startTime, "startTime");
    const delivery = options.delivery ?? "microtask";
    if (delivery !== "microtask" && delivery !== "manual") {
      throw new DatagramPortError("INVALID_OPTION", '`delivery` must be "microtask" or "manual"');
    }
    this.#delivery = delivery;
    const max = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(max) || max < 1) {
      throw new DatagramPortError("INVALID_OPTION", "`maxInFlight` must be a positive integer");
    }
    this.#maxInFlight = max;
    this.#impairments = resolveImpairments(options.impairments);
    this.#wire = {
      transmit: (port, bytes, to, via) => this.#transmit(port, bytes, to, via),
      release: (port) => this.#release(port),
    };
  }

  /** Network time (ms). */
  get now(): number {
    return this.#now;
  }

  /** Deliveries waiting in the queue. */
  get inFlight(): number {
    return this.#queue.length - this.#head;
  }

  /** Adds a link (a broadcast domain, like a switch). Names are unique. */
  addLink(name: string, options: MemoryLinkOptions = {}): void {
    if (typeof name !== "string" || name.length === 0) throw topologyError("a link needs a name");
    if (this.#links.has(name)) throw topologyError(`link ${name} exists already`);
    checkOptions(options);
    if (options.prefix !== undefined && typeof options.prefix !== "string") {
      throw topologyError(`prefix ${describeValue(options.prefix)} must be text like fd00:1:: or fd00:1::/64`);
    }
    let prefix = options.prefix ?? `fd00:${(this.#links.size + 1).toString(16)}::`;
    prefix = prefix.replace(/\/64$/, "");
    if (!prefix.endsWith("::") || !Bip6Address.isValid(`${prefix}1`)) {
      throw topologyError(`prefix ${JSON.stringify(options.prefix)} must look like fd00:1:: or fd00:1::/64`);
    }
    this.#links.set(name, { name, prefix, impairments: resolveImpairments(options.impairments), members: new Set() });
  }

  /** Replaces a link's impairments (`undefined`: back to the network's). */
  setImpairments(link: string, impairments: Impairments | undefined): void {
    this.#link(link).impairments = resolveImpairments(impairments);
  }

  /** Adds a host with interfaces on existing links. Its number (1, 2 …) makes its default addresses. */
  addHost(name: string, interfaces: readonly MemoryInterfaceSpec[]): MemoryHost {
    if (typeof name !== "string" || name.length === 0) throw topologyError("a host needs a name");
    if (this.#hosts.has(name)) throw topologyError(`host ${name} exists already`);
    if (!Array.isArray(interfaces) || interfaces.length === 0) throw topologyError(`host ${name} needs an interface`);
    const n = (this.#hosts.size + 1).toString(16);
    const built: MemoryHostInterface[] = [];
    const routable: string[] = [];
    const linkLocal: string[] = [];
    interfaces.forEach((spec: MemoryInterfaceSpec, i) => {
      if (typeof spec !== "object" || spec === null)
        throw topologyError(`host ${name}: interface ${i} is not an object`);
      const link = this.#link(spec.link);
      if (spec.name !== undefined && (typeof spec.name !== "string" || !/^[^%\s]+$/.test(spec.name))) {
        throw topologyError(
          `host ${name}: interface name ${describeValue(spec.name)} must be text without spaces or %`,
        );
      }
      const ifName = spec.name ?? `eth${i}`;
      if (built.some((b) => b.name === ifName)) throw topologyError(`host ${name}: two interfaces named ${ifName}`);
      const address = spec.address === null ? undefined : this.#parse(spec.address ?? `${link.prefix}${n}`, name);
      if (address !== undefined && (address.isLinkLocal || address.isMulticast || address.isUnspecified)) {
        throw topologyError(`host ${name}: ${address.ip} is not a routable unicast address`);
      }
      const ll = this.#parse(spec.linkLocal ?? `fe80::${n}`, name).withZone(ifName);
      if (!ll.isLinkLocal) throw topologyError(`host ${name}: ${ll.ip} is not link-local`);
      if (address !== undefined) {
        if (this.#routable.has(address.ip) || routable.includes(address.ip)) {
          throw topologyError(`address ${address.ip} is used twice`);
        }
        routable.push(address.ip);
      }
      const llKey = `${link.name}|${ll.ip}`;
      if (this.#linkLocal.has(llKey) || linkLocal.includes(llKey)) {
        throw topologyError(`link-local ${ll.ip} is used twice on ${link.name}`);
      }
      linkLocal.push(llKey);
      built.push({ name: ifName, link: link.name, address, linkLocal: ll, index: i + 1 });
    });
    const host = new MemoryHost(name, built);
    for (const iface of built) {
      if (iface.address !== undefined) this.#routable.set(iface.address.ip, { host, iface });
      this.#linkLocal.set(`${iface.link}|${iface.linkLocal.ip}`, { host, iface });
    }
    this.#hosts.set(name, host);
    return host;
  }

  /** The host of that name. */
  host(name: string): MemoryHost {
    const h = this.#hosts.get(name);
    if (h === undefined) throw topologyError(`no host named ${describeValue(name)}`);
    return h;
  }

  /** Opens a port on a host (synchronously: there is nothing to wait for in memory). */
  createPort(host: MemoryHost | string, options: MemoryPortOptions = {}): MemoryDatagramPort {
    if (!(host instanceof MemoryHost) && typeof host !== "string") {
      throw topologyError("createPort() needs a host of this network or its name");
    }
    const h = typeof host === "string" ? this.host(host) : host;
    if (this.#hosts.get(h.name) !== h) throw topologyError(`host ${h.name} is not on this network`);
    checkOptions(options);
    const iface =
      options.interface === undefined ? (h.interfaces[0] as MemoryHostInterface) : h.iface(options.interface);
    const scope = options.scope ?? MulticastScope.LinkLocal;
    const scopes = receiveScopes(scope, options.joinScopes);
    const requested = options.port ?? DEFAULT_BACNET_PORT;
    if (!Number.isInteger(requested) || requested < 0 || requested > 0xffff) {
      throw new DatagramPortError(
        "INVALID_OPTION",
        `\`port\` must be an integer 0-65535, got ${describeValue(requested)}`,
      );
    }
    for (const flag of ["joinGroup", "multicastLoopback"] as const) {
      if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
        throw new DatagramPortError("INVALID_OPTION", `\`${flag}\` must be a boolean`);
      }
    }
    if (options.tap !== undefined && typeof options.tap !== "function") {
      throw new DatagramPortError("INVALID_OPTION", "`tap` must be a function");
    }
    const own = iface.address === undefined ? [iface.linkLocal] : [iface.address, iface.linkLocal];
    let unicast = own[0] as Bip6Address;
    if (options.address !== undefined) {
      let wanted: Bip6Address;
      try {
        wanted = Bip6Address.fromIp(options.address, 0);
      } catch (e) {
        throw new DatagramPortError("INVALID_OPTION", `\`address\` ${JSON.stringify(options.address)} is not IPv6`, {
          cause: e,
        });
      }
      const found = own.find((a) => a.sameHost(wanted));
      if (found === undefined) {
        throw new DatagramPortError(
          "ADDRESS_NOT_AVAILABLE",
          `${wanted.ip} is not an address of ${h.name}/${iface.name}`,
        );
      }
      unicast = found;
    }
    const port = requested === 0 ? this.#ephemeral(h, unicast) : requested;
    const bindingKey = `${h.name}|${unicast.ip}|${port}`;
    if (this.#bindings.has(bindingKey)) {
      throw new DatagramPortError("ADDRESS_IN_USE", `cannot bind [${unicast.host}]:${port} on ${h.name}: in use`);
    }
    const joinGroup = options.joinGroup ?? true;
    const localAddress = unicast.withPort(port);
    let attachedDeliver: MemoryDeliver | undefined;
    const created = new MemoryDatagramPort(
      {
        localAddress,
        localAddresses: [localAddress, ...own.filter((a) => !a.sameHost(unicast)).map((a) => a.withPort(port))],
        group: groupAddress(scope, port, iface.name),
        groups: joinGroup ? scopes.map((x) => groupAddress(x, port, iface.name)) : [],
        multicastAvailable: true,
        interfaceName: iface.name,
        interfaceIndex: iface.index,
        clock: () => this.#now,
      },
      { host: h.name, link: iface.link, multicastLoopback: options.multicastLoopback ?? false },
      options.tap,
      this.#wire,
      (deliver) => {
        attachedDeliver = deliver;
      },
    );
    const attached: Attached = {
      port: created,
      deliver: attachedDeliver as MemoryDeliver,
      bindingKey,
      host: h,
      iface,
      link: this.#link(iface.link),
      interfaceLocalOnly: scope === INTERFACE_LOCAL,
    };
    this.#bindings.set(bindingKey, attached);
    this.#attached.set(created, attached);
    if (created.joinedGroup) attached.link.members.add(attached);
    return created;
  }

  /** Observes every datagram on the network (queued, delivered, dropped and why); returns the unsubscribe. */
  tap(listener: WireListener): () => void {
    if (typeof listener !== "function") throw new DatagramPortError("INVALID_OPTION", "listener must be a function");
    this.#wireTaps.add(listener);
    return () => {
      this.#wireTaps.delete(listener);
    };
  }

  /** Counters. */
  stats(): MemoryNetworkStats {
    return { ...this.#stats, inFlight: this.inFlight };
  }

  /**
   * Delivers, in order, every datagram due now (including replies they cause that are due
   * now too, up to `maxInFlight` deliveries per call). Returns how many were delivered.
   */
  flush(): number {
    return this.#deliverUntil(this.#now);
  }

  /** Moves the clock forward by `ms`, delivering everything due on the way at its own time. Returns deliveries made. */
  advance(ms: number): number {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new DatagramPortError(
        "INVALID_OPTION",
        `advance() needs a finite number of ms >= 0, got ${describeValue(ms)}`,
      );
    }
    const target = this.#now + ms;
    const n = this.#deliverUntil(target);
    this.#now = target;
    return n;
  }

  #deliverUntil(target: number): number {
    let budget = this.#maxInFlight;
    let n = 0;
    while (budget-- > 0 && this.#head < this.#queue.length) {
      const e = this.#queue[this.#head] as Entry;
      if (e.at > target) break;
      this.#queue[this.#head] = undefined as unknown as Entry;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (e.at > this.#now) this.#now = e.at;
      if (e.target.port.closed) {
        this.#stats.unreachable++;
        this.#wireEvent("unreachable", e.bytes, e.from, e.to, e.via);
        continue;
      }
      this.#stats.delivered++;
      n++;
      this.#wireEvent("delivered", e.bytes, e.from, e.to, e.via);
      e.target.deliver(e.bytes, e.from, e.via, e.to);
    }
    return n;
  }

  #transmit(port: MemoryDatagramPort, bytes: Uint8Array, to: Bip6Address, via: Via): void {
    const sender = this.#attached.get(port);
    if (sender === undefined) return; // closed: PortCore refuses sends first
    const link = sender.link;
    const impairments = link.impairments ?? this.#impairments;
    const from = port.localAddress;
    // A link-local sender is seen with the receiver's interface as zone, so answers go back.
    const zoned = from.isLinkLocal;
    if (via === "multicast") {
      // Members are removed when their port closes, so every one here is open.
      for (const m of link.members) {
        const group = joinedGroup(m.port.groups, to);
        if (group === undefined) continue;
        // The sending host hears it only with loopback; ff01 never leaves the sending interface.
        if (m.host === sender.host ? !port.multicastLoopback : sender.interfaceLocalOnly) continue;
        if (sender.interfaceLocalOnly && m.iface !== sender.iface) continue;
        this.#enqueue(m, bytes, zoned ? from.withZone(m.iface.name) : from, group, via, impairments);
      }
      return;
    }
    const owner = to.isLinkLocal ? this.#linkLocal.get(`${link.name}|${to.ip}`) : this.#routable.get(to.ip);
    const target = owner === undefined ? undefined : this.#bindings.get(`${owner.host.name}|${to.ip}|${to.port}`);
    if (target === undefined) {
      this.#stats.unreachable++;
      this.#wireEvent("unreachable", bytes, from, to, via);
      return;
    }
    const fromHere = zoned ? from.withZone(target.iface.name) : from;
    this.#enqueue(target, bytes, fromHere, target.port.localAddress, via, impairments);
  }

  #enqueue(
    target: Attached,
    bytes: Uint8Array,
    from: Bip6Address,
    to: Bip6Address,
    via: Via,
    imp: Required<Impairments> | undefined,
  ): void {
    const r = this.#random;
    let at = this.#now;
    let order = this.#seq++;
    let copies = 1;
    if (imp !== undefined) {
      if (imp.loss > 0 && r() < imp.loss) {
        this.#stats.lost++;
        this.#wireEvent("lost", bytes, from, to, via);
        return;
      }
      if (imp.duplicate > 0 && r() < imp.duplicate) {
        copies = 2;
        this.#stats.duplicated++;
      }
      if (imp.reorder > 0 && r() < imp.reorder) {
        // Sorts after the next one to three datagrams sent (their order numbers are seq, seq+1 …).
        order += 1 + Math.floor(r() * 3) + 0.5;
        this.#stats.reordered++;
      }
      at += imp.delayMs + (imp.jitterMs > 0 ? r() * imp.jitterMs : 0);
    }
    for (let c = 0; c < copies; c++) {
      if (this.inFlight >= this.#maxInFlight) {
        this.#stats.overflow++;
        this.#wireEvent("overflow", bytes, from, to, via);
        continue;
      }
      // Each receiver gets its own copy: a listener that modifies its datagram must not change
      // another's, nor what the sender's taps recorded.
      const entry: Entry = { at, order: order + c * 0.25, target, bytes: this.#copies.copy(bytes), from, to, via };
      this.#insert(entry);
      this.#stats.queued++;
      this.#wireEvent("queued", bytes, from, to, via);
    }
    if (this.#delivery === "microtask" && at <= this.#now && !this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => {
        this.#flushScheduled = false;
        this.flush();
      });
    }
  }

  #insert(entry: Entry): void {
    const q = this.#queue;
    let i = q.length;
    // Usually the newest entry goes last: scan back from the end.
    while (i > this.#head) {
      const prev = q[i - 1] as Entry;
      if (prev.at < entry.at || (prev.at === entry.at && prev.order <= entry.order)) break;
      i--;
    }
    if (i === q.length) q.push(entry);
    else q.splice(i, 0, entry);
  }

  #release(port: MemoryDatagramPort): void {
    const a = this.#attached.get(port);
    if (a === undefined) return;
    this.#attached.delete(port);
    this.#bindings.delete(a.bindingKey);
    a.link.members.delete(a);
  }

  #ephemeral(host: MemoryHost, address: Bip6Address): number {
    for (let p = EPHEMERAL_FIRST; p <= 0xffff; p++) {
      if (!this.#bindings.has(`${host.name}|${address.ip}|${p}`)) return p;
    }
    throw new DatagramPortError("ADDRESS_IN_USE", `no free port left on [${address.host}] of ${host.name}`);
  }

  #wireEvent(event: WireEvent, bytes: Uint8Array, from: Bip6Address, to: Bip6Address, via: Via): void {
    if (this.#wireTaps.size === 0) return;
    const record = { event, bytes, from, to, via, at: this.#now };
    for (const tap of this.#wireTaps) {
      try {
        tap(record);
      } catch {
        // An observer must not break the network it observes.
      }
    }
  }

  #link(name: string): Link {
    const l = this.#links.get(name);
    if (l === undefined) throw topologyError(`no link named ${describeValue(name)}`);
    return l;
  }

  #parse(text: string, host: string): Bip6Address {
    try {
      return Bip6Address.fromIp(text, 0);
    } catch (e) {
      throw new DatagramPortError("INVALID_TOPOLOGY", `host ${host}: ${JSON.stringify(text)} is not IPv6`, {
        cause: e,
      });
    }
  }
}
