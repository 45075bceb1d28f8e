import { Bip6Address, DEFAULT_BACNET_PORT, describeValue, MulticastScope } from "@bip6/bvll6-codec";
import dgram from "node:dgram";
import { existsSync } from "node:fs";
import os from "node:os";
import type { TapListener, Via } from "./datagram-port.js";
import { DatagramPortError } from "./errors.js";
import { bindError, socketError } from "./node-errors.js";
import { type InterfaceTable, selectInterface } from "./node-interfaces.js";
import { MAX_DATAGRAM_LENGTH, type PortIdentity, PortCore } from "./port-core.js";
import { groupAddress, receiveScopes } from "./scopes.js";

/** Options of {@link NodeDatagramPort.open}. */
export interface NodeDatagramPortOptions {
  /** Interface name (`eth0`, `lo` …), validated against `os.networkInterfaces()`. Required: there is no guessing. */
  interface: string;
  /**
   * Unicast address to bind; must belong to the interface.
   * @defaultValue the interface's first routable address, else its link-local one
   */
  address?: string;
  /**
   * UDP port. 0 picks a free one; `localAddress.port` reports it.
   * @defaultValue 47808 (0xBAC0)
   */
  port?: number;
  /**
   * Multicast scope of the BACnet group FF0X::BAC0 that `multicast()` sends to and the port
   * receives on: 1–14 (0 and 15 are reserved).
   * @defaultValue 2 (link-local, ff02::bac0)
   * @see annex-u.md §1 (the BACnet/IPv6 multicast group) and RFC 4291 §2.7 (multicast scopes)
   */
  scope?: number;
  /**
   * More scopes to receive on, beside `scope` (which stays the one `multicast()` sends to),
   * e.g. `[5]` to hear ff05::bac0 too, where the C BACnet Stack broadcasts by default.
   * Each 1–14; duplicates (and `scope` itself) are dropped. One group socket per group, so
   * every datagram reports the group it came on. Linux binds a wide-scope (ff05 and up)
   * group socket to the group but not to the interface: ports on different interfaces of one
   * host sharing a UDP port and such a group hear each other's links.
   * @defaultValue `[]`
   * @example [MulticastScope.SiteLocal]
   */
  joinScopes?: readonly number[];
  /**
   * Join the groups and receive multicasts. On a loopback interface Linux delivers no IPv6
   * multicast: there the port is unicast-only. With `false` the port joins none of its
   * groups, `joinScopes` included.
   * @defaultValue `true`, except on a loopback interface
   */
  joinGroup?: boolean;
  /**
   * Hop limit of outgoing multicasts (1–255).
   * @defaultValue 1 for link-local scope, 64 for wider scopes
   */
  hopLimit?: number;
  /**
   * Receive our own multicasts (and those of other ports on this host).
   * @defaultValue `false`
   */
  multicastLoopback?: boolean;
  /**
   * SO_RCVBUF in octets (at least 1522).
   * @defaultValue the system's
   */
  receiveBufferSize?: number;
  /** A tap registered before the first datagram. */
  tap?: TapListener;
  /**
   * Time source for tap records.
   * @defaultValue `Date.now`
   */
  clock?: () => number;
}

type Socket = dgram.Socket;

/**
 * How long close() waits for datagrams still on their way to the kernel (node:dgram hands each
 * one over a tick after send(); closing first would drop it). Normally they are gone within two
 * ticks; the deadline only matters when the socket's send buffer is full.
 */
const CLOSE_DRAIN_DEADLINE_MS = 1000;

function checkInt(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new DatagramPortError(
      "INVALID_OPTION",
      `\`${name}\` must be an integer ${min}-${max}, got ${describeValue(value)}`,
    );
  }
}

function checkBool(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new DatagramPortError("INVALID_OPTION", `\`${name}\` must be a boolean`);
  }
}

function ignore(): void {}

function interfaceExists(name: string): boolean {
  return /^[^/\0]+$/.test(name) && name !== "." && name !== ".." && existsSync(`/sys/class/net/${name}`);
}

/** Binds a fresh socket; resolves once listening, rejects with the typed bind error. */
function bindSocket(socket: Socket, address: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      socket.off("listening", onListening);
      reject(bindError(e, what));
    };
    const onListening = (): void => {
      socket.off("error", onError);
      resolve();
    };
    socket.once("error", onError);
    socket.once("listening", onListening);
    try {
      socket.bind({ address, port });
    } catch (e) {
      socket.off("error", onError);
      socket.off("listening", onListening);
      reject(bindError(e, what));
    }
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/** Most senders a {@link SenderCache} keeps before it starts afresh. */
const MAX_SENDERS = 1024;

/**
 * A capped cache of sender addresses: parsing IPv6 text per datagram would dominate receive
 * cost. Keyed by port, then by address text, so a lookup builds no key string; the last
 * sender is checked first (datagrams come in bursts from one peer).
 */
class SenderCache {
  readonly #byPort = new Map<number, Map<string, Bip6Address>>();
  #size = 0;
  #lastIp = "";
  #lastPort = -1;
  #last: Bip6Address | undefined;

  get(address: string, port: number): Bip6Address {
    if (port === this.#lastPort && address === this.#lastIp) return this.#last as Bip6Address;
    let ips = this.#byPort.get(port);
    let a = ips?.get(address);
    if (a === undefined) {
      a = Bip6Address.fromIp(address, port); // throws for text that is no IPv6 address: nothing cached
      if (this.#size >= MAX_SENDERS) {
        this.#byPort.clear();
        this.#size = 0;
        ips = undefined;
      }
      if (ips === undefined) {
        ips = new Map();
        this.#byPort.set(port, ips);
      }
      ips.set(address, a);
      this.#size++;
    }
    this.#lastIp = address;
    this.#lastPort = port;
    this.#last = a;
    return a;
  }
}

/** A group socket and the group address it is bound to. */
interface GroupSocket {
  socket: Socket;
  group: Bip6Address;
}

/**
 * A {@link DatagramPort} over `node:dgram`, IPv6 only (`ipv6Only: true`, so a BACnet/IPv4
 * socket can hold the same port number).
 *
 * `node:dgram` cannot tell a datagram's destination address, so the port uses one socket per
 * destination: one bound to the unicast address (it sends everything, so multicasts carry a
 * routable source, and receives unicasts → `via: "unicast"`), and one per joined group, bound
 * to the group address itself on the interface (`[ff02::bac0%eth0]:port`, `reuseAddr`) that
 * joined that group there → `via: "multicast"` with that group as `to`. Binding the group
 * address rather than `::` keeps unicasts sent to the host's other addresses from being
 * mistaken for multicasts, and a datagram for ff05 out of the ff02 socket.
 */
export class NodeDatagramPort extends PortCore {
  readonly #unicast: Socket;
  readonly #groupSockets: readonly Socket[];
  readonly #senders = new SenderCache();
  readonly #onSent: (error: Error | null) => void;
  /** Datagrams handed to node:dgram whose send callback has not run yet. */
  #sending = 0;
  /** Resolves close()'s wait once #sending is back to 0. */
  #drained: (() => void) | undefined;

  private constructor(
    identity: PortIdentity,
    tap: TapListener | undefined,
    unicast: Socket,
    groups: readonly GroupSocket[],
  ) {
    super(identity, tap);
    this.#unicast = unicast;
    this.#groupSockets = groups.map((g) => g.socket);
    this.#onSent = (error) => {
      this.#sending--;
      // After close() only counted: its listeners are gone, but the failure happened.
      if (error !== null) this.reportError(socketError("SEND_FAILED", error, "send failed"));
      if (this.#sending === 0) this.#drained?.();
    };
    unicast.off("error", ignore);
    const unicastTo = this.localAddress;
    unicast.on("message", (msg, rinfo) => this.#arrive(msg, rinfo, "unicast", unicastTo));
    unicast.on("error", (e) => this.reportError(socketError("SOCKET_ERROR", e, "unicast socket")));
    for (const { socket, group } of groups) {
      socket.off("error", ignore);
      socket.on("message", (msg, rinfo) => this.#arrive(msg, rinfo, "multicast", group));
      socket.on("error", (e) => this.reportError(socketError("SOCKET_ERROR", e, `group socket ${group.host}`)));
    }
  }

  /**
   * Opens a port: validates the interface, binds the unicast socket and one socket per
   * group, joins each group on the interface, sets the outgoing multicast interface, hop
   * limit and loopback. Resolves once it can send and receive; rejects with a
   * `DatagramPortError`, and then every socket it had opened is closed again.
   */
  static async open(options: NodeDatagramPortOptions): Promise<NodeDatagramPort> {
    if (typeof options !== "object" || options === null) {
      throw new DatagramPortError("INVALID_OPTION", "options must be an object with at least `interface`");
    }
    const port = options.port ?? DEFAULT_BACNET_PORT;
    checkInt(port, "port", 0, 0xffff);
    const scope = options.scope ?? MulticastScope.LinkLocal;
    const scopes = receiveScopes(scope, options.joinScopes);
    const hopLimit = options.hopLimit ?? (scope <= MulticastScope.LinkLocal ? 1 : 64);
    checkInt(hopLimit, "hopLimit", 1, 255);
    if (options.receiveBufferSize !== undefined) {
      checkInt(options.receiveBufferSize, "receiveBufferSize", MAX_DATAGRAM_LENGTH, 0x7fffffff);
    }
    checkBool(options.joinGroup, "joinGroup");
    checkBool(options.multicastLoopback, "multicastLoopback");
    if (options.tap !== undefined && typeof options.tap !== "function") {
      throw new DatagramPortError("INVALID_OPTION", "`tap` must be a function");
    }
    if (options.clock !== undefined && typeof options.clock !== "function") {
      throw new DatagramPortError("INVALID_OPTION", "`clock` must be a function returning ms");
    }

    const sel = selectInterface(os.networkInterfaces() as InterfaceTable, options.interface, options.address, (n) =>
      interfaceExists(n),
    );
    const name = sel.name;
    const joinGroup = options.joinGroup ?? !sel.loopback;

    const socketOptions: dgram.SocketOptions = { type: "udp6", ipv6Only: true };
    if (options.receiveBufferSize !== undefined) socketOptions.recvBufferSize = options.receiveBufferSize;
    let unicast: Socket;
    try {
      unicast = dgram.createSocket(socketOptions);
    } catch (e) {
      throw bindError(e, "an IPv6 UDP socket");
    }
    // Until the port's own handlers are attached, an error event must not become an uncaught exception.
    unicast.on("error", ignore);
    // Every socket is listed here as soon as it exists, so a failure anywhere closes them all.
    const groups: GroupSocket[] = [];
    try {
      await bindSocket(unicast, sel.unicast.host, port, `[${sel.unicast.host}]:${port}`);
      const actualPort = unicast.address().port;
      try {
        unicast.setMulticastInterface(`::%${name}`);
        unicast.setMulticastTTL(hopLimit);
        unicast.setMulticastLoopback(options.multicastLoopback ?? false);
      } catch (e) {
        throw new DatagramPortError("JOIN_FAILED", `cannot set up multicast sending on ${name}: ${String(e)}`, {
          cause: e,
        });
      }
      for (const s of joinGroup ? scopes : []) {
        const group = groupAddress(s, actualPort, name);
        const socket = dgram.createSocket({ ...socketOptions, reuseAddr: true });
        socket.on("error", ignore);
        groups.push({ socket, group });
        await bindSocket(socket, group.host, actualPort, group.toString());
        try {
          socket.addMembership(group.ip, `::%${name}`);
        } catch (e) {
          throw new DatagramPortError("JOIN_FAILED", `cannot join ${group.ip} on ${name}: ${String(e)}`, { cause: e });
        }
      }
      const identity: PortIdentity = {
        localAddress: sel.unicast.withPort(actualPort),
        localAddresses: sel.addresses.map((a) => a.withPort(actualPort)),
        group: groupAddress(scope, actualPort, name),
        groups: groups.map((g) => g.group),
        multicastAvailable: !sel.loopback,
        interfaceName: name,
        interfaceIndex: sel.index,
        clock: options.clock ?? Date.now,
      };
      return new NodeDatagramPort(identity, options.tap, unicast, groups);
    } catch (e) {
      await Promise.all([unicast, ...groups.map((g) => g.socket)].map(closeSocket));
      throw e;
    }
  }

  protected transmit(bytes: Uint8Array, to: Bip6Address): void {
    // node:dgram takes any Uint8Array; the port's copy is never written again, so no Buffer
    // view is needed and the kernel reads it whenever the send really happens.
    this.#sending++;
    try {
      this.#unicast.send(bytes, to.port, to.host, this.#onSent);
    } catch (e) {
      this.#sending--;
      // dgram throws synchronously only for states the checks above exclude; report, never crash.
      this.reportError(socketError("SEND_FAILED", e, `send to ${to.toString()}`));
    }
  }

  /** Lets every datagram handed over before close() reach the kernel (or fail), within the deadline; then closes. */
  protected async release(): Promise<void> {
    if (this.#sending > 0) {
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(resolve, CLOSE_DRAIN_DEADLINE_MS);
        this.#drained = () => {
          clearTimeout(deadline);
          resolve();
        };
      });
    }
    const sockets = [this.#unicast, ...this.#groupSockets];
    await Promise.all(sockets.map(closeSocket));
    for (const s of sockets) {
      s.removeAllListeners("message");
    }
  }

  #arrive(msg: Buffer, rinfo: dgram.RemoteInfo, via: Via, to: Bip6Address): void {
    let from: Bip6Address;
    try {
      from = this.#senders.get(rinfo.address, rinfo.port);
    } catch (e) {
      this.reportError(socketError("SOCKET_ERROR", e, `unparseable sender ${rinfo.address}`));
      return;
    }
    this.deliver(new Uint8Array(msg.buffer, msg.byteOffset, msg.length), from, via, to);
  }
}
