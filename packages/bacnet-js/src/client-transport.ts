import { EventEmitter } from "node:events";
import type { Bip6Transport } from "@bip6/bip6-transport";
import { Bip6Address, DEFAULT_BACNET_PORT, MAX_APDU_LENGTH, bacnetMulticastGroup } from "@bip6/bvll6-codec";
import { parseClientFrame, wrapNpdu } from "./annex-j.js";
import type { Bip6Datalink, DatalinkNpdu } from "./datalink.js";
import { Bip6BacnetError } from "./errors.js";
import { type Outbound, roleProblem, translateOutbound } from "./outbound.js";
import { receiverOf } from "./receiver.js";
import { RegistrationAnswers } from "./registration-answers.js";
import { type Bip6BacnetStats, emptyStats } from "./stats.js";

/** The events `@bacnet-js/client` listens to on its transport (and `close`, which it does not). */
export interface Bip6ClientTransportEvents {
  /** The BACnet/IPv6 transport is open; sends go out from now on. */
  listening: [address: { address: string; port: number }];
  /** A received NPDU in its Annex J frame, and the sender's receiver string (its VMAC). */
  message: [buffer: Buffer, remoteAddress: string];
  /** Something failed after the call that caused it returned (or the transport could not open). */
  error: [error: Error];
  /** The transport closed (by `close()`, the transport's signal, or a failed open). */
  close: [];
}

/** Where the adapter stands: created, opening the transport, open, closing, closed. */
export type Bip6ClientTransportState = "idle" | "opening" | "open" | "closing" | "closed";

/** What the adapter knows before the transport is open (from the options it was given). */
export interface Bip6ClientTransportHints {
  /** The role the options ask for, when they say. */
  readonly role?: Bip6Datalink["role"];
  /** The port the options ask for (0 = ephemeral). */
  readonly port?: number;
  /** The multicast scope the options ask for. */
  readonly multicastScope?: number;
  /** Cap of sends held while opening. */
  readonly maxPendingSends: number;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // nobody has to await it
  return { promise, resolve, reject };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The object to pass as `new Client({ transport })` of `@bacnet-js/client` 3.x: shaped like the
 * client's own UDP/IPv4 transport (`open`, `close`, `send(buffer, length, receiver?)`,
 * `getMaxPayload`, `getBroadcastAddress`; events `listening`, `message`, `error`, `close`) and
 * built on a BACnet/IPv6 `Bip6Transport`. Create it with `createBip6Transport()`.
 *
 * - `open()` (the client calls it in its constructor) starts opening the transport and returns
 *   at once; `listening` follows when it is open. Sends made before are held (up to
 *   `maxPendingSends`) and go out, in order, just before `listening`.
 * - `send()` translates the client's Annex J frame: Original-Unicast → `sendUnicast` to the
 *   receiver's VMAC, Original-Broadcast → `sendBroadcast`, Distribute-Broadcast → `sendBroadcast`
 *   of a foreign device or BBMD, Register-Foreign-Device → answered from the transport's own
 *   registration. Anything it cannot carry throws a `Bip6BacnetError` to the caller of the
 *   client method; failures found later reach the client's `error` event.
 * - Received NPDUs reach the client as `message` with an Annex J header and the original
 *   source's VMAC as receiver string, so replies go to the right node also when a BBMD relayed
 *   the request.
 */
export class Bip6ClientTransport<
  D extends Bip6Datalink = Bip6Transport,
> extends EventEmitter<Bip6ClientTransportEvents> {
  #state: Bip6ClientTransportState = "idle";
  #datalink: D | undefined;
  #pending: Outbound[] = [];
  #openAttempt: Promise<D | undefined> | undefined;
  #closing: Promise<void> | undefined;
  #unsubscribe: Array<() => void> = [];
  readonly #opened = deferred<D>();
  readonly #abort = new AbortController();
  readonly #opener: (signal: AbortSignal) => PromiseLike<D> | D;
  readonly #hints: Bip6ClientTransportHints;
  #broadcastAddress: string;
  readonly #stats = emptyStats();
  readonly #registrations = new RegistrationAnswers((frame, receiver) => {
    this.#stats.registrationsAnswered++;
    this.#deliver(frame, receiver);
  });

  /**
   * Prefer `createBip6Transport()`. `opener` opens the datalink when the client calls `open()`;
   * it gets a signal that aborts when `close()` comes first.
   */
  constructor(opener: (signal: AbortSignal) => PromiseLike<D> | D, hints: Bip6ClientTransportHints) {
    super();
    this.#opener = opener;
    this.#hints = hints;
    this.#broadcastAddress = this.#groupText(hints.port ?? DEFAULT_BACNET_PORT);
  }

  /** Where the adapter stands. */
  get state(): Bip6ClientTransportState {
    return this.#state;
  }

  /** The open BACnet/IPv6 transport (for `stats()`, `peers()`, events), `undefined` before `listening`. */
  get datalink(): D | undefined {
    return this.#datalink;
  }

  /**
   * The Max-APDU the client advertises (in I-Am) and the size of the buffers it encodes into:
   * 1476, the BACnet/IPv6 maximum. A frame the client builds is then at most 1476 octets, so its
   * NPDU (at most 1472) always fits the 1497 octets a BVLL6 frame carries.
   */
  getMaxPayload(): number {
    return MAX_APDU_LENGTH;
  }

  /**
   * The BACnet group `[ff0X::bac0]:port` of the transport's scope and port. Unused by the
   * client itself; a unicast frame to this receiver is sent as a broadcast.
   */
  getBroadcastAddress(): string {
    return this.#broadcastAddress;
  }

  /** Starts opening the transport (the client calls this in its constructor); `listening` follows. Idempotent. */
  open(): void {
    if (this.#state !== "idle") return;
    this.#state = "opening";
    let attempt: Promise<D>;
    try {
      attempt = Promise.resolve(this.#opener(this.#abort.signal));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    this.#openAttempt = attempt.then(
      (datalink) => this.#attach(datalink),
      (error: unknown) => this.#openFailed(error),
    );
  }

  /**
   * Sends one frame the client built: `length` octets of `buffer`, an Annex J header and an
   * NPDU, to `receiver` (a VMAC as six hex digits, or `[ipv6]:port`) or, without one, as a
   * broadcast. Throws a `Bip6BacnetError` when the frame cannot go out (malformed, a function
   * BACnet/IPv6 or this role lacks, a bad receiver, queue full, closed).
   */
  send(buffer: Uint8Array, length: number, receiver?: string): void {
    try {
      if (this.#state === "closing" || this.#state === "closed") {
        throw new Bip6BacnetError("CLOSED", "the BACnet/IPv6 transport is closed", optionalReceiver(receiver));
      }
      if (receiver !== undefined && typeof receiver !== "string") {
        throw new Bip6BacnetError("BAD_RECEIVER", `receiver must be a string, got ${typeof receiver}`);
      }
      const frame = parseClientFrame(buffer, length);
      const op = translateOutbound(frame, receiver, { broadcastReceiver: this.#broadcastAddress });
      const role = this.#datalink?.role ?? this.#hints.role;
      const problem = role === undefined ? undefined : roleProblem(op, role);
      if (problem !== undefined) throw problem;
      if (this.#datalink !== undefined) {
        this.#dispatch(this.#datalink, op);
        return;
      }
      if (this.#pending.length >= this.#hints.maxPendingSends) {
        throw new Bip6BacnetError(
          "QUEUE_FULL",
          `${this.#pending.length} sends already wait for the BACnet/IPv6 transport to open`,
          optionalReceiver(receiver),
        );
      }
      this.#pending.push(op);
      this.#stats.sendsQueued++;
    } catch (error) {
      if (error instanceof Bip6BacnetError) this.#stats.rejected[error.code]++;
      throw error;
    }
  }

  /**
   * Closes the transport and emits `close` once it is closed (also when it was still opening).
   * Sends still waiting for the open are dropped. Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const was = this.#state;
    this.#state = "closing";
    this.#abort.abort();
    this.#dropPending();
    this.#opened.reject(new Bip6BacnetError("CLOSED", "the BACnet/IPv6 transport was closed before it opened"));
    this.#closing = (async () => {
      const datalink = was === "opening" ? await this.#openAttempt : this.#datalink;
      try {
        if (datalink !== undefined) await datalink.close();
      } catch (error) {
        this.#report(error instanceof Error ? error : new Error(messageOf(error)));
      }
      this.#finish();
    })();
    return this.#closing;
  }

  /** Resolves once the transport is open (rejects when it fails to open or is closed first). */
  whenOpen(): Promise<D> {
    return this.#opened.promise;
  }

  /**
   * The receiver string of the node at a B/IPv6 address (`"[2001:db8::5]:47808"`), learnt by
   * Virtual-Address-Resolution: its VMAC as six hex digits, for `{ address }` in client calls.
   * Waits for the transport to open.
   */
  async resolveReceiver(address: string | Bip6Address): Promise<string> {
    let target: Bip6Address;
    try {
      target = typeof address === "string" ? Bip6Address.parse(address) : address;
    } catch (cause) {
      throw new Bip6BacnetError("BAD_RECEIVER", `not a B/IPv6 address: ${JSON.stringify(address)}`, { cause });
    }
    const datalink = await this.whenOpen();
    try {
      return receiverOf(await datalink.resolveVmac(target));
    } catch (cause) {
      throw new Bip6BacnetError(
        "RESOLUTION_FAILED",
        `Virtual-Address-Resolution of ${target.toString()} failed: ${messageOf(cause)}`,
        { cause },
      );
    }
  }

  /** A copy of the adapter's counters (the transport's are `datalink.stats()`). */
  stats(): Bip6BacnetStats {
    return { ...this.#stats, rejected: { ...this.#stats.rejected } };
  }

  #attach(datalink: D): D | undefined {
    if (this.#state !== "opening") return datalink; // close() came first: it closes the datalink
    this.#datalink = datalink;
    this.#broadcastAddress = this.#groupText(datalink.localAddress.port); // the real one, also after port 0
    if (datalink.closed) {
      // Closed already (its own signal): nothing to send, nothing to listen to.
      this.#state = "open";
      void this.close();
      return undefined;
    }
    this.#unsubscribe = [
      datalink.on("npdu", (message) => this.#receive(message)),
      datalink.on("error", (error) => this.#report(error)),
      datalink.on("close", () => {
        if (this.#state === "open") void this.close();
      }),
      datalink.on("registration", (event) => this.#registrations.update(event)),
    ];
    this.#state = "open";
    this.#opened.resolve(datalink);
    const pending = this.#pending;
    this.#pending = [];
    for (const op of pending) {
      try {
        this.#dispatch(datalink, op);
      } catch (error) {
        // Refusals the role decides (known only now) reach the error event instead of the caller.
        if (error instanceof Bip6BacnetError) this.#stats.rejected[error.code]++;
        this.#report(error instanceof Error ? error : new Error(messageOf(error)));
      }
    }
    this.emit("listening", { address: datalink.localAddress.ip, port: datalink.localAddress.port });
    return undefined;
  }

  #openFailed(error: unknown): undefined {
    if (this.#state !== "opening") return undefined; // aborted by close()
    const failure = new Bip6BacnetError(
      "OPEN_FAILED",
      `could not open the BACnet/IPv6 transport: ${messageOf(error)}`,
      { cause: error },
    );
    this.#state = "closing";
    this.#dropPending();
    this.#opened.reject(failure);
    this.#closing = Promise.resolve();
    this.#report(failure);
    this.#finish();
    return undefined;
  }

  #groupText(port: number): string {
    return `[${bacnetMulticastGroup(this.#hints.multicastScope)}]:${port}`;
  }

  #dispatch(datalink: D, op: Outbound): void {
    const problem = roleProblem(op, datalink.role);
    if (problem !== undefined) throw problem;
    if (op.kind === "register") {
      this.#registrations.request(op.receiver, datalink.registration()?.state);
      return;
    }
    let sent: Promise<void>;
    try {
      if (op.kind === "unicast") {
        this.#stats.unicastsSent++;
        sent = datalink.sendUnicast(op.npdu, op.to);
      } else {
        if (op.distribute) this.#stats.distributeBroadcastsSent++;
        else this.#stats.broadcastsSent++;
        sent = datalink.sendBroadcast(op.npdu);
      }
    } catch (error) {
      sent = Promise.reject(error);
    }
    const receiver = op.kind === "unicast" ? op.receiver : undefined;
    sent.then(undefined, (error: unknown) => this.#sendFailed(error, receiver));
  }

  #sendFailed(error: unknown, receiver: string | undefined): void {
    this.#stats.sendsFailed++;
    if (this.#state !== "open") return; // closing rejects what was in flight: not news
    this.#report(
      new Bip6BacnetError("SEND_FAILED", `BACnet/IPv6 send to ${receiver ?? "broadcast"} failed: ${messageOf(error)}`, {
        cause: error,
        ...optionalReceiver(receiver),
      }),
    );
  }

  #receive(message: DatalinkNpdu): void {
    if (message.broadcast) this.#stats.broadcastsReceived++;
    else this.#stats.unicastsReceived++;
    this.#deliver(wrapNpdu(message.npdu, message.broadcast), receiverOf(message.sourceVmac));
  }

  #deliver(frame: Buffer, receiver: string): void {
    if (this.#state !== "open") return;
    try {
      this.emit("message", frame, receiver);
    } catch (error) {
      this.#stats.clientFailures++;
      this.#report(
        new Bip6BacnetError("CLIENT_FAILED", `the client failed on a frame from ${receiver}: ${messageOf(error)}`, {
          cause: error,
          receiver,
        }),
      );
    }
  }

  /** Emits `error` where someone listens; never throws (a client without an `error` listener re-throws it). */
  #report(error: Error): void {
    if (this.listenerCount("error") === 0) {
      this.#stats.errorsUnheard++;
      return;
    }
    try {
      this.emit("error", error);
    } catch {
      this.#stats.errorsUnheard++;
    }
  }

  #dropPending(): void {
    this.#stats.queuedSendsDropped += this.#pending.length;
    this.#pending = [];
  }

  #finish(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#registrations.clear();
    this.#state = "closed";
    this.emit("close");
  }
}

function optionalReceiver(receiver: string | undefined): { receiver?: string } {
  return typeof receiver === "string" ? { receiver } : {};
}
