import { BbmdError } from "@bip6/bbmd6";
import { type DatagramPort, DatagramPortError } from "@bip6/bip6-socket/memory";
import {
  type Bip6Address,
  type Bvll6Frame,
  encodeInto,
  MAX_BVLL6_LENGTH,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import { ForeignDeviceError } from "@bip6/foreign-device6";
import type { BbmdSnapshot } from "@bip6/bbmd6";
import type { VmacTableEntry } from "@bip6/vmac-cache";
import type { Clock } from "./clock.js";
import type { CoreAction, CoreOutput, RequestId, TransportEventRecord } from "./core/actions.js";
import { type Counters, snapshotCounters } from "./core/counters.js";
import { TransportCore } from "./core/core.js";
import type { RegistrationSnapshot } from "./core/role-foreign-device.js";
import { Bip6TransportError } from "./errors.js";
import type { Bip6TransportEventName, Bip6TransportEvents, ReceivedNpdu } from "./events.js";
import type { Logger } from "./logger.js";
import type { Bip6TransportOptions } from "./options.js";
import { checkOptions, coreConfig, type ShellSettings } from "./resolve-options.js";
import { parseDestination } from "./shell/destination.js";
import { Listeners } from "./shell/listeners.js";
import { MessageStream } from "./shell/message-stream.js";
import type { Bip6TransportStats } from "./stats.js";

/** Shared by every call that completed while it was made: a settled promise can be handed to anyone. */
const RESOLVED: Promise<void> = Promise.resolve();

interface Waiting {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Bip6TransportError) => void;
}

/** Which transport error a port's refusal of a datagram becomes. */
function refusal(e: unknown, to: string): Bip6TransportError {
  if (e instanceof DatagramPortError) {
    const code = e.code === "INVALID_ADDRESS" ? "INVALID_DESTINATION" : e.code === "CLOSED" ? "CLOSED" : "SEND_FAILED";
    return new Bip6TransportError(code, `the port refused the datagram to ${to}: ${e.message}`, { cause: e });
  }
  return new Bip6TransportError("SEND_FAILED", `sending to ${to} failed: ${String(e)}`, { cause: e });
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
  readonly #waiting = new Map<RequestId, Waiting>();
  readonly #detach: (() => void)[] = [];
  readonly #scratch = new Uint8Array(MAX_BVLL6_LENGTH);
  #encodedFrame: Bvll6Frame | undefined;
  readonly #views: (Uint8Array | undefined)[] = [];
  #encoded: Uint8Array = this.#scratch;
  #nextRequest = 1;
  /** The call being made right now, and how it ended if it did (most sends end there). */
  #syncRequest: RequestId | undefined;
  #syncDone = false;
  #syncValue: unknown;
  #syncError: Bip6TransportError | undefined;
  /** Calls being made further out while a listener makes another one (rare: re-entrancy). */
  readonly #outerCalls: RequestId[] = [];
  /** How such an outer call ended while the inner one ran. */
  readonly #early = new Map<RequestId, { value: unknown; error: Bip6TransportError | undefined }>();
  #timer: unknown;
  #timerAt: number | undefined;
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
      for (const key of ["interface", "address", "port", "multicastScope", "joinScopes"] as const) {
        if (options[key] !== undefined) {
          throw new Bip6TransportError(
            "INVALID_OPTION",
            `${key} configures a socket the transport opens; with a datagramPort, configure that port instead`,
          );
        }
      }
    }
    let core: TransportCore;
    try {
      core = new TransportCore(coreConfig(options, port));
    } catch (e) {
      if (e instanceof BbmdError || e instanceof ForeignDeviceError) {
        throw new Bip6TransportError("INVALID_OPTION", `role: ${e.message}`, { cause: e });
      }
      throw e;
    }
    const transport = new this(port, ownsPort, core, settings);
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
    return this.#closing !== undefined;
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
      return this.#rejected(e as Bip6TransportError);
    }
    return this.#call<void>((id, now) => this.#core.sendUnicast(id, npdu, destination, now));
  }

  /**
   * Broadcasts `npdu`: Original-Broadcast-NPDU to the group as a node (`NO_MULTICAST` where the
   * port cannot multicast), Distribute-Broadcast-To-Network to the BBMD as a registered foreign
   * device (queued until registered, or `NOT_REGISTERED`, per `beforeRegistration`), and the
   * group plus Forwarded-NPDU to every peer and foreign device as a BBMD.
   */
  sendBroadcast(npdu: Uint8Array): Promise<void> {
    return this.#call<void>((id, now) => this.#core.sendBroadcast(id, npdu, now));
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
      return this.#rejected(e as Bip6TransportError);
    }
    if (typeof destination === "number") {
      return this.#rejected(
        new Bip6TransportError("INVALID_DESTINATION", "resolveVmac() takes an address, not a VMAC"),
      );
    }
    const address = destination;
    return this.#call<Vmac>((id, now) => this.#core.resolveVmac(id, address, now));
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
      transport: snapshotCounters(this.#counters),
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

  // ---- plumbing ------------------------------------------------------------------------

  #start(signal: AbortSignal | undefined): void {
    const port = this.#port;
    this.#detach.push(
      port.onDatagram((bytes: Uint8Array, from: Bip6Address, via: Via) =>
        this.#apply(this.#core.receive(bytes, from, via, this.#clock.now())),
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
    if (this.#core.probing && !port.multicastAvailable && this.#core.roleKind === "node") {
      this.#logger.warn({}, "random VMAC on a port without multicast: it cannot be probed (H.7.2), it is used as is");
    }
    this.#logger.info(
      {
        address: port.localAddress.toString(),
        vmac: this.#core.vmac,
        role: this.#core.roleKind,
        ownsPort: this.#ownsPort,
      },
      "BACnet/IPv6 transport open",
    );
    this.#apply(this.#core.start(this.#clock.now()));
  }

  #call<T>(step: (id: RequestId, now: number) => CoreOutput): Promise<T> {
    const id = this.#nextRequest++;
    // A listener may make calls while this one is applied: keep the outer call's slot.
    const outerRequest = this.#syncRequest;
    const outerDone = this.#syncDone;
    const outerValue = this.#syncValue;
    const outerError = this.#syncError;
    if (outerRequest !== undefined) this.#outerCalls.push(outerRequest);
    this.#syncRequest = id;
    this.#syncDone = false;
    let done = false;
    let value: unknown;
    let error: Bip6TransportError | undefined;
    try {
      this.#apply(step(id, this.#clock.now()));
      // #settle may have filled the slot during #apply (read through a method: TypeScript
      // cannot see that #apply sets it).
      if (this.#isSyncDone()) {
        done = true;
        value = this.#syncValue;
        error = this.#syncError;
      }
    } finally {
      if (outerRequest !== undefined) this.#outerCalls.pop();
      this.#syncRequest = outerRequest;
      this.#syncDone = outerDone;
      this.#syncValue = outerValue;
      this.#syncError = outerError;
    }
    const early = this.#early.get(id);
    if (early !== undefined) {
      this.#early.delete(id);
      done = true;
      ({ value, error } = early);
    }
    if (done) {
      if (error !== undefined) return Promise.reject(error);
      return (value === undefined ? RESOLVED : Promise.resolve(value)) as Promise<T>;
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: never) => void, reject });
    });
  }

  /** Read through a method: TypeScript cannot see that #apply sets the slot. */
  #isSyncDone(): boolean {
    return this.#syncDone;
  }

  #rejected<T>(error: Bip6TransportError): Promise<T> {
    this.#countFailure(error);
    return Promise.reject(error);
  }

  #apply(output: CoreOutput): void {
    for (const a of output.actions) this.#do(a);
    this.#arm();
  }

  #do(a: CoreAction): void {
    switch (a.type) {
      case "send":
        this.#transmit(a.frame, a.to, a.request);
        return;
      case "multicast":
        this.#transmit(a.frame, undefined, a.request);
        return;
      case "deliver": {
        const message = a.message;
        this.#listeners.emit("npdu", message);
        for (const s of this.#streams) s.push(message);
        return;
      }
      case "event":
        this.#report(a.event);
        return;
      case "complete":
        this.#settle(a.request, undefined, undefined);
        return;
      case "resolved":
        this.#settle(a.request, a.vmac, undefined);
        return;
      case "fail":
        this.#settle(a.request, undefined, a.error);
        return;
    }
  }

  /** Encodes `frame` (once per distinct frame object) and hands it to the port. */
  #transmit(frame: Bvll6Frame, to: Bip6Address | undefined, request: RequestId | undefined): void {
    try {
      // The port copies what it is given, so one scratch buffer serves every datagram; the
      // identity check right before each send stays correct even if a listener re-enters.
      if (frame !== this.#encodedFrame) {
        this.#encodedFrame = undefined;
        const n = encodeInto(frame, this.#scratch);
        // One view per length, made once: no allocation per datagram.
        this.#encoded = this.#views[n] ??= this.#scratch.subarray(0, n);
        this.#encodedFrame = frame;
      }
      if (to === undefined) this.#port.multicast(this.#encoded);
      else this.#port.send(this.#encoded, to);
      // Octet 1 is the function code: an index, cheaper than a count keyed by kind.
      const code = this.#encoded[1] as number;
      const sent = this.#counters.sentByCode;
      const i = code < 13 ? code : 13;
      sent[i] = (sent[i] as number) + 1;
      if (request !== undefined) this.#settle(request, undefined, undefined);
    } catch (e) {
      this.#counters.portRefusals++;
      const error = refusal(e, to === undefined ? "the group" : to.toString());
      if (request !== undefined) {
        this.#settle(request, undefined, error);
      } else {
        this.#logger.warn({ err: error, frame: frame.kind }, "a datagram was refused by the port");
        this.#listeners.emit("error", error);
        // Calls waiting on this datagram's answer cannot get one: let the core fail them now.
        if (this.#closing === undefined) this.#apply(this.#core.refused(frame, to, error, this.#clock.now()));
      }
    }
  }

  #settle(request: RequestId, value: unknown, error: Bip6TransportError | undefined): void {
    if (request === this.#syncRequest) {
      if (this.#syncDone) return; // settled already (refused before its `complete`)
      this.#syncDone = true;
      this.#syncValue = value;
      this.#syncError = error;
    } else {
      const w = this.#waiting.get(request);
      if (w === undefined) {
        // An outer call still being made, settled by what a listener's call caused.
        if (this.#outerCalls.includes(request) && !this.#early.has(request)) this.#early.set(request, { value, error });
        else return; // settled already (a refused datagram before its `complete`)
      } else {
        this.#waiting.delete(request);
        if (error === undefined) w.resolve(value as never);
        else w.reject(error);
      }
    }
    if (error === undefined) this.#counters.requests.completed++;
    else this.#countFailure(error);
  }

  #countFailure(error: Bip6TransportError): void {
    const failed = this.#counters.requests.failed;
    failed[error.code] = (failed[error.code] ?? 0) + 1;
  }

  #report(record: TransportEventRecord): void {
    const log = this.#logger;
    switch (record.name) {
      case "vmac-collision":
      case "unknown-result":
      case "unreachable-source":
        log.warn({ event: record.name, ...record.payload }, record.name);
        break;
      case "vmac-changed":
      case "registration":
      case "bbmd":
      case "resolution-failed":
        log.info({ event: record.name, ...record.payload }, record.name);
        break;
      default:
        log.debug({ event: record.name, ...record.payload }, record.name);
    }
    (this.#listeners.emit as (name: string, event: unknown) => void)(record.name, record.payload);
  }

  /** Re-arms the one timer for the core's next wake-up. */
  #arm(): void {
    if (this.#closing !== undefined) return;
    const at = this.#core.wakeAt;
    if (at === this.#timerAt) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === undefined) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = undefined;
        this.#apply(this.#core.tick(this.#clock.now()));
      },
      Math.max(0, at - this.#clock.now()),
    );
  }

  async #shutdown(): Promise<void> {
    // Delete-Foreign-Device-Table-Entry and the CLOSED rejections, while the port is still open.
    const out = this.#core.close(this.#clock.now());
    for (const a of out.actions) this.#do(a);
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = undefined;
    for (const detach of this.#detach.splice(0)) detach();
    for (const s of [...this.#streams]) s.end();
    this.#listeners.emit("close", { at: this.#clock.now() });
    this.#listeners.clear();
    this.#logger.info({ address: this.#port.localAddress.toString() }, "BACnet/IPv6 transport closed");
    if (out.actions.some((a) => a.type === "send" || a.type === "multicast")) {
      // A socket may still be on its way to the kernel with what we just handed it (node:dgram
      // sends after a lookup tick, and closing first drops the datagram): one macrotask turn
      // lets the Delete-Foreign-Device-Table-Entry leave before the port is closed.
      await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
    }
    if (this.#ownsPort) await this.#port.close();
  }
}
