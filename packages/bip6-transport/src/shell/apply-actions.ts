import type { DatagramPort } from "@bip6/bip6-socket/memory";
import type { Bip6Address, Bvll6Frame } from "@bip6/bvll6-codec";
import type { Clock } from "../clock.js";
import type { CoreAction, CoreFanOutAction, CoreMulticastAction, CoreSendAction } from "../core/actions.js";
import type { TransportCore } from "../core/core.js";
import type { Counters } from "../core/counters.js";
import type { Logger } from "../logger.js";
import { logEvent } from "./event-log.js";
import { FrameEncoder } from "./frame-encoder.js";
import type { Listeners } from "./listeners.js";
import type { MessageStream } from "./message-stream.js";
import { refusal } from "./refusal.js";
import type { Requests } from "./requests.js";
import type { WakeTimer } from "./timer.js";

/** What the applier works with; the transport builds it once. */
export interface ApplierParts {
  readonly port: DatagramPort;
  readonly core: TransportCore;
  readonly counters: Counters;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly listeners: Listeners;
  readonly streams: ReadonlySet<MessageStream>;
  readonly requests: Requests;
  readonly timer: WakeTimer;
}

type Datagram = CoreSendAction | CoreMulticastAction;

/** `{ request }` of a fan-out when it has one (the datagram that carries the call). */
function request(a: CoreFanOutAction): { request?: number } {
  return a.request === undefined ? {} : { request: a.request };
}

/**
 * Carries out the core's actions, in order: datagrams to the port, NPDUs to listeners and
 * iterators, events to listeners and the log, settlements to the calls' promises; then re-arms
 * the timer for the core's next wake-up.
 *
 * A frame is encoded once however many datagrams carry it: a `fan-out` is one loop over its
 * destinations, and consecutive send actions sharing a frame object reuse the encoder's octets.
 */
export class ActionApplier {
  readonly #p: ApplierParts;
  readonly #encoder = new FrameEncoder();
  /** Set while the transport closes: a refused datagram then asks nothing more of the core. */
  closing = false;

  constructor(parts: ApplierParts) {
    this.#p = parts;
  }

  /** Applies `actions`, then re-arms the timer. */
  apply(actions: readonly CoreAction[]): void {
    this.applyOnly(actions);
    this.#p.timer.arm(this.#p.core.wakeAt);
  }

  /** Applies `actions` without touching the timer (while closing). */
  applyOnly(actions: readonly CoreAction[]): void {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i] as CoreAction;
      if (a.type === "send" || a.type === "multicast") this.#send(a);
      else if (a.type === "fan-out") this.#fanOut(a);
      else this.#other(a);
    }
  }

  /**
   * Hands one datagram to the port. Datagrams that share a frame object (a short BBMD run)
   * are encoded once: the encoder keeps the last frame's octets. A refused datagram settles its
   * call with the error (or is reported).
   */
  #send(a: Datagram): void {
    const { port, requests } = this.#p;
    try {
      const bytes = this.#encoder.encode(a.frame);
      if (a.type === "send") port.send(bytes, a.to);
      else port.multicast(bytes);
      // Octet 1 is the function code: an index, cheaper than a count keyed by kind.
      const code = bytes[1] as number;
      const counts = this.#p.counters.sentByCode;
      const k = code < 13 ? code : 13;
      counts[k] = (counts[k] as number) + 1;
      if (a.request !== undefined) requests.settle(a.request, undefined, undefined);
    } catch (e) {
      this.#refused(a, a.frame, e);
    }
  }

  /**
   * The fast path of a send to a known peer ({@link TransportCore.unicastRoute}): one
   * Original-Unicast-NPDU from `sourceVmac` straight to the port. Returns the call's promise:
   * settled already, resolved, or rejected with the port's refusal.
   */
  sendUnicastNow(npdu: Uint8Array, sourceVmac: number, to: number, address: Bip6Address): Promise<void> {
    const p = this.#p;
    const counts = p.counters.sentByCode;
    try {
      p.port.send(this.#encoder.encodeUnicast(sourceVmac, to, npdu), address);
    } catch (e) {
      p.counters.portRefusals++;
      return p.requests.rejected(refusal(e, address.toString()));
    }
    counts[1] = (counts[1] as number) + 1;
    return p.requests.completedNow();
  }

  /**
   * One frame to every destination of a fan-out: encoded once, one `port.send()` per address.
   * A refused destination is reported (or fails the call when it is the last) and the others go on.
   */
  #fanOut(a: CoreFanOutAction): void {
    const { port, requests } = this.#p;
    const frame = a.frame;
    const encoder = this.#encoder;
    const destinations = a.destinations;
    const n = destinations.length;
    let bytes: Uint8Array;
    try {
      bytes = encoder.encode(frame);
    } catch (e) {
      this.#refused(
        { type: "send", to: (destinations[n - 1] as { to: Bip6Address }).to, frame, ...request(a) },
        frame,
        e,
      );
      return;
    }
    const k = bytes[1] as number;
    let sent = 0;
    let lastRefused = false;
    for (let i = 0; i < n; i++) {
      const to = (destinations[i] as { to: Bip6Address }).to;
      // A listener that made a call inside the last send re-used the buffer: encode again.
      if (encoder.current !== frame) bytes = encoder.encode(frame);
      try {
        port.send(bytes, to);
        sent++;
      } catch (e) {
        const last = i === n - 1;
        lastRefused = last;
        this.#refused({ type: "send", to, frame, ...(last ? request(a) : {}) }, frame, e);
      }
    }
    const counts = this.#p.counters.sentByCode;
    const code = k < 13 ? k : 13;
    counts[code] = (counts[code] as number) + sent;
    if (a.request !== undefined && !lastRefused) requests.settle(a.request, undefined, undefined);
  }

  #refused(a: Datagram, frame: Bvll6Frame, e: unknown): void {
    const p = this.#p;
    const to: Bip6Address | undefined = a.type === "send" ? a.to : undefined;
    p.counters.portRefusals++;
    const error = refusal(e, to === undefined ? "the group" : to.toString());
    if (a.request !== undefined) {
      p.requests.settle(a.request, undefined, error);
      return;
    }
    p.logger.warn({ err: error, frame: frame.kind }, "a datagram was refused by the port");
    p.listeners.emit("error", error);
    // Calls waiting on this datagram's answer cannot get one: let the core fail them now.
    if (!this.closing) this.apply(p.core.refused(frame, to, error, p.clock.now()).actions);
  }

  #other(a: Exclude<CoreAction, Datagram | CoreFanOutAction>): void {
    const p = this.#p;
    switch (a.type) {
      case "deliver": {
        const message = a.message;
        p.listeners.emit("npdu", message);
        for (const s of p.streams) s.push(message);
        return;
      }
      case "event":
        logEvent(p.logger, a.event);
        (p.listeners.emit as (name: string, event: unknown) => void)(a.event.name, a.event.payload);
        return;
      case "complete":
        p.requests.settle(a.request, undefined, undefined);
        return;
      case "resolved":
        p.requests.settle(a.request, a.vmac, undefined);
        return;
      case "fail":
        p.requests.settle(a.request, undefined, a.error);
        return;
    }
  }
}
