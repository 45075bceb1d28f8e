import { BbmdError } from "@bip6/bbmd6";
import type { DatagramPort } from "@bip6/bip6-socket/memory";
import type { Bip6Address, Via, Vmac } from "@bip6/bvll6-codec";
import { ForeignDeviceError } from "@bip6/foreign-device6";
import type { BbmdSnapshot } from "@bip6/bbmd6";
import type { VmacTableEntry } from "@bip6/vmac-cache";
import type { Clock } from "./clock.js";
import type { CoreOutput, RequestId } from "./core/actions.js";
import type { Counters } from "./core/counters.js";
import { TransportCore } from "./core/core.js";
import type { RegistrationSnapshot } from "./core/role-foreign-device.js";
import { Bip6TransportError } from "./errors.js";
import type { Bip6TransportEventName, Bip6TransportEvents, ReceivedNpdu } from "./events.js";
import type { Logger } from "./logger.js";
import type { Bip6TransportOptions } from "./options.js";
import { checkOptions, coreConfig, type ShellSettings } from "./resolve-options.js";
import { ActionApplier } from "./shell/apply-actions.js";
import { parseDestination } from "./shell/destination.js";
import { Listeners } from "./shell/listeners.js";
import { MessageStream } from "./shell/message-stream.js";
import { Requests } from "./shell/requests.js";
import { WakeTimer } from "./shell/timer.js";
import type { Bip6TransportStats } from "./stats.js";

/** The socket options of the `/node` opener: meaningless with an injected port. */
const SOCKET_OPTIONS = ["interface", "address", "port", "multicastScope", "joinScopes"] as const;

/** The core for `options` on `port`; a role option its state machine refuses is `INVALID_OPTION`. */
function createCore(options: Bip6TransportOptions, port: DatagramPort): TransportCore {
  try {
    return new TransportCore(coreConfig(options, port));
  } catch (e) {
    if (e instanceof BbmdError || e instanceof ForeignDeviceError) {
      throw new Bip6TransportError("INVALID_OPTION", `role: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

/**
 * A BACnet/IPv6 datalink (ASHRAE 135 Annex U) on one {@link DatagramPort}: a thin shell around
 * the sans-IO {@link TransportCore}. It owns the port's listeners, one re-armed timer and the
 * clock; it applies the core's actions, encoding each distinct frame once (a fan-out shares one
 * frame object: encoded once, sent N times) and settling each call's promise.
 *
 * This entry is browser-safe: give it an open `datagramPort` (e.g. from `MemoryNetwork`).
 * `@bip6/bip6-transport/node` exports a `Bip6Transport` whose `open()` also opens a
 * `NodeDatagramPort` from `interface`, `port`, … when no port is given.
 *
 * @example
 * ```ts
 * const t = await Bip6Transport.open({ datagramPort: net.createPort(host), vmac: { deviceInstance: 1234 } });
 * t.on("npdu", (m) => console.log(formatVmac(m.sourceVmac), bytesToHex(m.npdu)));
 * await t.sendBroadcast(whoIs);
 * ```
 * @see ASHRAE 135 Annex U.5 and H.7 (what every node does: VMACs, address resolution), annex-u.md §3
 * @see Annex U.4 / U.4.5 for the BBMD and foreign-device roles (annex-u.md §4, §5)
 */
export class Bip6Transport {
  readonly #port: DatagramPort;
  readonly #ownsPort: boolean;
  readonly #core: TransportCore;
  readonly #counters: Counters;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #maxBuffered: number;
  readonly #listeners: Listeners;
  readonly #streams = new Set<MessageStream>();
  readonly #requests: Requests;
  readonly #timer: WakeTimer;
  readonly #applier: ActionApplier;
  readonly #detach: (() => void)[] = [];
  #closing: Promise<void> | undefined;

  /**
   * Use {@link Bip6Transport.open}.
   * @hidden
   */
  protected constructor(port: DatagramPort, ownsPort: boolean, core: TransportCore, settings: ShellSettings) {
    this.#port = port;
    this.#ownsPort = ownsPort;
    this.#core = core;
    this.#counters = core.liveCounters;
    this.#clock = settings.clock;
    this.#logger = settings.logger;
    this.#maxBuffered = settings.maxBuffered;
    this.#listeners = new Listeners((name, error) => {
      this.#counters.listenerErrors++;
      this.#logger.error({ err: error, event: name }, "a transport event listener threw");
    });
    this.#requests = new Requests(this.#counters);
    this.#timer = new WakeTimer(this.#clock, () => this.#applier.apply(core.tick(this.#clock.now()).actions));
    this.#applier = new ActionApplier({
      port,
      core,
      counters: this.#counters,
      clock: this.#clock,
      logger: this.#logger,
      listeners: this.#listeners,
      streams: this.#streams,
      requests: this.#requests,
      timer: this.#timer,
    });
  }

  /**
   * Opens a transport on `options.datagramPort` (required by this entry: import
   * `@bip6/bip6-transport/node` to have a socket opened for you; without a port this rejects
   * with `NO_DATAGRAM_PORT`). Resolves as soon as the transport can be used: it does not wait
   * for the network (a random VMAC is probed, a foreign device registers, in the background;
   * sends wait for them as needed). Rejects with a {@link Bip6TransportError}.
   */
  static async open(options: Bip6TransportOptions): Promise<Bip6Transport> {
    const settings = checkOptions(options);
    if (options.datagramPort === undefined) {
      throw new Bip6TransportError(
        "NO_DATAGRAM_PORT",
        'no datagramPort given: import { Bip6Transport } from "@bip6/bip6-transport/node" to open a socket, or pass an open DatagramPort',
      );
    }
    return this.openOn(options.datagramPort, options, options.ownsPort ?? false, settings);
  }

  /**
   * Builds and starts a transport of this class on an open port (shared by every opener).
   * @hidden
   */
  protected static openOn(
    port: DatagramPort,
    options: Bip6TransportOptions,
    ownsPort: boolean,
    settings: ShellSettings,
  ): Bip6Transport {
    if (settings.signal?.aborted === true) {
      throw new Bip6TransportError("ABORTED", "open() was aborted", { cause: settings.signal.reason });
    }
    if (port.closed) throw new Bip6TransportError("INVALID_OPTION", "the datagramPort is closed");
    if (port === options.datagramPort) {
      // The injected port is open and configured already: settings for a socket would be ignored.
      for (const key of SOCKET_OPTIONS) {
        if (options[key] !== undefined) {
          throw new Bip6TransportError(
            "INVALID_OPTION",
            `${key} configures a socket the transport opens; with a datagramPort, configure that port instead`,
          );
        }
      }
    }
    const transport = new this(port, ownsPort, createCore(options, port), settings);
    transport.#start(settings.signal);
    return transport;
  }

  /** Our VMAC now: a random one may change after a collision (see the `vmac-changed` event). */
  get vmac(): Vmac {
    return this.#core.vmac;
  }

  /** The port's unicast address: where peers reach us. */
  get localAddress(): Bip6Address {
    return this.#port.localAddress;
  }

  /** What this transport is besides a node. */
  get role(): "node" | "bbmd" | "foreign-device" {
    return this.#core.roleKind;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closing !== undefined || this.#applier.closing;
  }

  /**
   * Sends `npdu` (≤ 1497 octets) as Original-Unicast-NPDU to a VMAC, a `Bip6Address` or
   * `"[ipv6]:port"` text. An unknown VMAC is resolved first (Address-Resolution: to the group
   * as a node, through the BBMD as a foreign device, the BBMD's way as a BBMD); an address whose
   * VMAC is unknown gets a Virtual-Address-Resolution first. Resolves when the datagram is
   * handed to the socket; rejects with a {@link Bip6TransportError} (`RESOLUTION_TIMEOUT`,
   * `QUEUE_FULL`, `NPDU_TOO_LONG`, `INVALID_DESTINATION`, `NO_MULTICAST`, `CLOSED` …).
   * The NPDU is copied when it has to wait: the buffer may be reused at once.
   */
  sendUnicast(npdu: Uint8Array, to: Vmac | Bip6Address | string): Promise<void> {
    let destination: Vmac | Bip6Address;
    try {
      destination = parseDestination(to);
    } catch (e) {
      return this.#requests.rejected(e as Bip6TransportError);
    }
    const core = this.#core;
    const now = this.#clock.now();
    if (typeof destination === "number") {
      // A known peer: straight to the port, no actions (the common case, per datagram).
      const address = core.unicastRoute(npdu, destination, now);
      if (address !== undefined) return this.#applier.sendUnicastNow(npdu, core.vmac, destination, address);
    }
    return this.#call<void>((id) => core.sendUnicast(id, npdu, destination, now));
  }

  /**
   * Broadcasts `npdu`: Original-Broadcast-NPDU to the group as a node (`NO_MULTICAST` where the
   * port cannot multicast), Distribute-Broadcast-To-Network to the BBMD as a registered foreign
   * device (queued until registered, or `NOT_REGISTERED`, per `beforeRegistration`), and the
   * group plus Forwarded-NPDU to every peer and foreign device as a BBMD.
   */
  sendBroadcast(npdu: Uint8Array): Promise<void> {
    return this.#call<void>((id) => this.#core.sendBroadcast(id, npdu, this.#clock.now()));
  }

  /**
   * The VMAC behind an address: from the table when known, else by Virtual-Address-Resolution
   * (unicast to `to`, retried; `RESOLUTION_TIMEOUT` at the deadline). The answer is learned.
   */
  resolveVmac(to: Bip6Address | string): Promise<Vmac> {
    let destination: Vmac | Bip6Address;
    try {
      destination = parseDestination(to);
    } catch (e) {
      return this.#requests.rejected(e as Bip6TransportError);
    }
    if (typeof destination === "number") {
      return this.#requests.rejected(
        new Bip6TransportError("INVALID_DESTINATION", "resolveVmac() takes an address, not a VMAC"),
      );
    }
    return this.#call<Vmac>((id) => this.#core.resolveVmac(id, destination, this.#clock.now()));
  }

  /**
   * Adds a listener for one event; returns its remover. With `signal`, aborting removes it.
   * A listener's exception is caught and counted (`stats().transport.listenerErrors`), never
   * passed on. After `close()` nothing is added.
   */
  on<K extends Bip6TransportEventName>(
    name: K,
    listener: (event: Bip6TransportEvents[K]) => void,
    options: { signal?: AbortSignal } = {},
  ): () => void {
    if (typeof listener !== "function") throw new Bip6TransportError("INVALID_OPTION", "listener must be a function");
    const signal = options.signal;
    if (this.closed || signal?.aborted === true) return () => {};
    const remove = this.#listeners.add(name, listener);
    if (signal === undefined) return remove;
    const abort = (): void => remove();
    signal.addEventListener("abort", abort, { once: true });
    return () => {
      signal.removeEventListener("abort", abort);
      remove();
    };
  }

  /**
   * Received NPDUs as an async iterator with its own bounded buffer (`maxBuffered`, default the
   * transport's `maxBuffered`): when full, new NPDUs are dropped for this iterator and counted
   * (`stats().transport.iteratorDrops`). Ends at `close()`, when `signal` aborts, or on `break`.
   */
  messages(options: { signal?: AbortSignal; maxBuffered?: number } = {}): AsyncIterableIterator<ReceivedNpdu> {
    const max = options.maxBuffered ?? this.#maxBuffered;
    if (!Number.isInteger(max) || max < 1) {
      throw new Bip6TransportError("INVALID_OPTION", `maxBuffered must be a positive integer, got ${String(max)}`);
    }
    const stream = new MessageStream(
      max,
      () => this.#counters.iteratorDrops++,
      (s) => this.#streams.delete(s),
      options.signal,
    );
    if (this.closed) stream.end();
    else if (!stream.ended) this.#streams.add(stream);
    return stream;
  }

  /** `for await (const m of transport)`: the same as {@link messages} with the defaults. */
  [Symbol.asyncIterator](): AsyncIterator<ReceivedNpdu> {
    return this.messages();
  }

  /**
   * Closes: a foreign device first hands its Delete-Foreign-Device-Table-Entry to the port;
   * every waiting call rejects with `CLOSED`; the timer, the port's listeners, iterators and
   * event listeners are released (after one `close` event); the port is closed if the
   * transport owns it. Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing === undefined) this.#closing = this.#shutdown();
    return this.#closing;
  }

  /** Counters: the transport's (every function in and out, every drop reason), the port's, the VMAC table's, the role's. */
  stats(): Bip6TransportStats {
    const core = this.#core;
    return Object.freeze({
      transport: core.counters,
      port: Object.freeze(this.#port.stats()),
      vmacTable: core.table.stats(),
      ...core.roleStats(),
    });
  }

  /** The VMAC table: every live entry (pins first, then least recently seen first). */
  peers(): readonly VmacTableEntry[] {
    return this.#core.peers(this.#clock.now());
  }

  /** The BBMD's BDT and FDT now (BBMD role), else `undefined`. */
  bbmd(): BbmdSnapshot | undefined {
    return this.#core.bbmdSnapshot(this.#clock.now());
  }

  /** The registration now (foreign-device role), else `undefined`. */
  registration(): RegistrationSnapshot | undefined {
    return this.#core.registration();
  }

  /**
   * One call through the core: a new request id, the core's actions for it applied, then its
   * promise (settled already when the call ended while it was made). If the core throws, the
   * request is abandoned and the error passes on.
   */
  #call<T>(run: (id: RequestId) => CoreOutput): Promise<T> {
    const requests = this.#requests;
    const id = requests.begin();
    try {
      this.#applier.apply(run(id).actions);
    } catch (e) {
      requests.abandon();
      throw e;
    }
    return requests.end<T>(id);
  }

  #start(signal: AbortSignal | undefined): void {
    const port = this.#port;
    const core = this.#core;
    const clock = this.#clock;
    const applier = this.#applier;
    this.#detach.push(
      port.onDatagram((bytes: Uint8Array, from: Bip6Address, via: Via) =>
        applier.apply(core.receiveActions(bytes, from, via, clock.now())),
      ),
      port.onError((error) => {
        this.#logger.error({ err: error, code: error.code }, "datagram port error");
        this.#listeners.emit("error", error);
      }),
    );
    if (signal !== undefined) {
      const abort = (): void => void this.close();
      signal.addEventListener("abort", abort, { once: true });
      this.#detach.push(() => signal.removeEventListener("abort", abort));
    }
    if (core.probing && !port.multicastAvailable && core.roleKind === "node") {
      this.#logger.warn({}, "random VMAC on a port without multicast: it cannot be probed (H.7.2), it is used as is");
    }
    this.#logger.info(
      { address: port.localAddress.toString(), vmac: core.vmac, role: core.roleKind, ownsPort: this.#ownsPort },
      "BACnet/IPv6 transport open",
    );
    applier.apply(core.start(clock.now()).actions);
  }

  async #shutdown(): Promise<void> {
    const applier = this.#applier;
    applier.closing = true;
    // Delete-Foreign-Device-Table-Entry and the CLOSED rejections, while the port is still open.
    const out = this.#core.close(this.#clock.now());
    applier.applyOnly(out.actions);
    this.#timer.stop();
    for (const detach of this.#detach.splice(0)) detach();
    for (const s of [...this.#streams]) s.end();
    this.#listeners.emit("close", { at: this.#clock.now() });
    this.#listeners.clear();
    this.#logger.info({ address: this.#port.localAddress.toString() }, "BACnet/IPv6 transport closed");
    // The port's close() lets what it was handed (the Delete-Foreign-Device-Table-Entry) reach
    // the operating system first.
    if (this.#ownsPort) await this.#port.close();
  }
}
