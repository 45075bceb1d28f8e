import {
  Bvll6ResultCode,
  type Bip6Address,
  type Bvll6Frame,
  type HandleVerdict,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import {
  type FdAction,
  ForeignDevice,
  type ForeignDeviceConfig,
  type ForeignDeviceState,
  type ForeignDeviceStats,
} from "@bip6/foreign-device6";
import type { CoreAction, RequestId } from "./actions.js";
import type { BroadcastResend } from "./broadcast-resend.js";
import { type BroadcastReadiness, completeWithLast, type Role, type RoleHost } from "./role.js";

/**
 * Whether a non-success Result from the BBMD while registering can be its answer to our Register:
 * not 0x00C0 (it answers a Distribute-Broadcast sent before the BBMD lost us, an echo of the NAK
 * that started this registration) nor 0x0030 / 0x0060 (they answer resolutions).
 */
function answersRegister(code: number): boolean {
  return (
    code !== Bvll6ResultCode.SuccessfulCompletion &&
    code !== Bvll6ResultCode.DistributeBroadcastToNetworkNak &&
    code !== Bvll6ResultCode.AddressResolutionNak &&
    code !== Bvll6ResultCode.VirtualAddressResolutionNak
  );
}

/** A foreign device's registration at one instant, for diagnostics. */
export interface RegistrationSnapshot {
  /** Registration state. */
  readonly state: ForeignDeviceState;
  /** The BBMD. */
  readonly bbmd: Bip6Address;
  /** The time-to-live asked for, seconds. */
  readonly timeToLive: number;
  /** Time of the last confirmation (ms), if any since the last (re)start. */
  readonly lastConfirmedAt: number | undefined;
  /** The last refusal (0x0090, or any other non-success code while registering), if any. */
  readonly lastRefusal: { readonly resultCode: number; readonly at: number } | undefined;
  /** Broadcasts waiting for registration. */
  readonly queuedBroadcasts: number;
}

type FdSettings = Omit<ForeignDeviceConfig, "vmac" | "beforeRegistration" | "maxQueued">;

/**
 * A foreign device (annex-u.md §5): `@bip6/foreign-device6` for registration, renewal and
 * Distribute-Broadcast-To-Network. The core holds broadcasts until registration (so every call
 * keeps its own promise), hence the state machine itself runs with `beforeRegistration: "fail"`
 * and is only asked to broadcast while registered.
 *
 * Real BBMDs answer with codes Annex U does not define (one Python stack refuses with 0x0050):
 * any non-success Result from the BBMD while not registered is reported as a refusal with its code.
 *
 * A Distribute-Broadcast NAK (0x00C0) while registered means the BBMD lost us: the state machine
 * re-registers at once, and the broadcasts the NAKs answered are sent again once that is
 * confirmed (see {@link BroadcastResend}), so a BBMD restart costs no broadcast.
 */
export class ForeignDeviceRole implements Role {
  readonly kind = "foreign-device";
  readonly #host: RoleHost;
  readonly #settings: FdSettings;
  readonly #queueBeforeRegistration: boolean;
  readonly #resend: BroadcastResend;
  #fd: ForeignDevice;
  #lastRefusal: { resultCode: number; at: number } | undefined;

  constructor(
    host: RoleHost,
    settings: FdSettings,
    beforeRegistration: "queue" | "fail",
    vmac: Vmac,
    resend: BroadcastResend,
  ) {
    this.#host = host;
    this.#resend = resend;
    this.#settings = settings;
    this.#queueBeforeRegistration = beforeRegistration === "queue";
    this.#fd = this.#create(vmac);
  }

  /** The state machine (replaced when our random VMAC changes). */
  get foreignDevice(): ForeignDevice {
    return this.#fd;
  }

  get wakeAt(): number | undefined {
    const fd = this.#fd.wakeAt;
    const resend = this.#resend.wakeAt;
    if (resend === undefined) return fd;
    return fd === undefined || resend < fd ? resend : fd;
  }

  start(now: number, out: CoreAction[]): void {
    this.#map(this.#fd.start(now).actions, out, "unicast", undefined, now);
  }

  trustsRelay(_frame: Bvll6Frame, from: Bip6Address, via: Via): boolean {
    return via === "unicast" && from.equals(this.#settings.bbmd);
  }

  handle(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number, out: CoreAction[]): HandleVerdict {
    const fd = this.#fd;
    const registering = fd.running && fd.state !== "registered";
    if (
      frame.kind === "BvlcResult" &&
      frame.resultCode === Bvll6ResultCode.DistributeBroadcastToNetworkNak &&
      fd.running &&
      from.equals(this.#settings.bbmd)
    ) {
      this.#resend.nak(fd.state === "registered", now);
    }
    const r = fd.handle(frame, from, now);
    this.#map(r.actions, out, via, frame.kind === "ForwardedNpdu" ? from : undefined, now);
    if (r.verdict === "dropped") this.#host.drop(r.dropReason ?? "result-not-from-bbmd");
    if (
      frame.kind === "BvlcResult" &&
      registering &&
      answersRegister(frame.resultCode) &&
      from.equals(this.#settings.bbmd) &&
      !r.actions.some((a) => a.type === "event" && a.event.type === "refused")
    ) {
      // A refusal the state machine does not recognise (e.g. 0x0050): report it with its code.
      // Its retry timer is already running, so the registration is re-tried as after a 0x0090.
      this.#lastRefusal = { resultCode: frame.resultCode, at: now };
      this.#resend.abandon("refused");
      this.#host.event(out, {
        name: "registration",
        payload: { type: "refused", resultCode: frame.resultCode, at: now, retryAt: fd.wakeAt ?? now },
      });
      return "consumed";
    }
    return r.verdict;
  }

  tick(now: number, out: CoreAction[]): void {
    this.#resend.expire(now);
    this.#map(this.#fd.tick(now).actions, out, "unicast", undefined, now);
  }

  broadcastReadiness(): BroadcastReadiness {
    if (this.#fd.state === "registered") return "ready";
    return this.#queueBeforeRegistration && this.#fd.running ? "wait" : "fail";
  }

  broadcast(npdu: Uint8Array, request: RequestId, now: number, out: CoreAction[]): void {
    const start = out.length;
    this.#map(this.#fd.broadcast(npdu, now).actions, out, "unicast", undefined, now);
    if (this.#fd.state === "registered") this.#resend.sent(npdu);
    completeWithLast(out, start, request);
  }

  release(now: number, out: CoreAction[]): void {
    if (this.#fd.state !== "registered") return;
    // Called before the held calls go: the broadcasts the BBMD NAKed are older than any of them.
    for (const npdu of this.#resend.take()) {
      this.#map(this.#fd.broadcast(npdu, now).actions, out, "unicast", undefined, now);
      this.#resend.sent(npdu);
    }
  }

  resolve(target: Vmac, now: number, out: CoreAction[]): boolean {
    const r = this.#fd.resolve(target, now);
    this.#map(r.actions, out, "unicast", undefined, now);
    return r.actions.some((a) => a.type === "send");
  }

  setVmac(vmac: Vmac, now: number, out: CoreAction[]): boolean {
    // Same address, so the BBMD's entry is refreshed by the new Register (no Delete needed).
    this.#fd = this.#create(vmac);
    this.start(now, out);
    return true;
  }

  stop(now: number, out: CoreAction[]): void {
    this.#resend.abandon("closed");
    this.#map(this.#fd.stop(now).actions, out, "unicast", undefined, now);
  }

  /** The registration now; `queuedBroadcasts`: the broadcasts the core holds for it. */
  snapshot(queuedBroadcasts: number): RegistrationSnapshot {
    return {
      state: this.#fd.state,
      bbmd: this.#settings.bbmd,
      timeToLive: this.#settings.timeToLive,
      lastConfirmedAt: this.#fd.lastConfirmedAt,
      lastRefusal: this.#lastRefusal,
      queuedBroadcasts,
    };
  }

  /** The state machine's counters. */
  stats(): ForeignDeviceStats {
    return this.#fd.stats();
  }

  #create(vmac: Vmac): ForeignDevice {
    return new ForeignDevice({ ...this.#settings, vmac, beforeRegistration: "fail" });
  }

  #map(
    actions: readonly FdAction[],
    out: CoreAction[],
    via: Via,
    relayedBy: Bip6Address | undefined,
    now: number,
  ): void {
    for (const a of actions) {
      switch (a.type) {
        case "send":
          out.push(a);
          break;
        case "deliver":
          this.#host.deliver(out, a.npdu, a.sourceVmac, a.source, true, via, relayedBy);
          break;
        case "event":
          // The core reports undefined result codes itself, for every role (unknown-result).
          if (a.event.type === "unknown-result") break;
          if (a.event.type === "refused") {
            this.#lastRefusal = { resultCode: a.event.resultCode, at: a.event.at };
            this.#resend.abandon("refused");
          }
          this.#host.event(out, { name: "registration", payload: a.event });
          if (a.event.type === "confirmed") {
            this.#resend.confirmed();
            this.#host.registered(now, out);
          }
          break;
        default:
          // broadcast-failed / resolve-failed: the core never asks for either while they can
          // happen (it broadcasts only while registered, resolves only while running).
          break;
      }
    }
  }
}
