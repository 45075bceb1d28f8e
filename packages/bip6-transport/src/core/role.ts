import type {
  Bip6Address,
  Bvll6Frame,
  ForwardedAddressResolutionFrame,
  ForwardedNpduFrame,
  HandleVerdict,
  Via,
  Vmac,
} from "@bip6/bvll6-codec";
import type { DropReason } from "../stats.js";
import type { CoreAction, RequestId, TransportEventRecord } from "./actions.js";

/** What a role may ask of the core it lives in. */
export interface RoleHost {
  /** Our VMAC now. */
  readonly vmac: Vmac;
  /** Hands an NPDU to the network layer (the core applies the confirmed-request rule and counts). */
  deliver(
    out: CoreAction[],
    npdu: Uint8Array,
    sourceVmac: Vmac,
    source: Bip6Address,
    broadcast: boolean,
    via: Via,
    relayedBy: Bip6Address | undefined,
  ): void;
  /** Reports an event. */
  event(out: CoreAction[], record: TransportEventRecord): void;
  /** Counts a datagram the role dropped. */
  drop(reason: DropReason): void;
  /** A foreign device's registration was confirmed: held broadcasts may go, a random VMAC may be probed. */
  registered(now: number, out: CoreAction[]): void;
}

/** What {@link Role.broadcastReadiness} says about a broadcast now. */
export type BroadcastReadiness =
  /** Can go now. */
  | "ready"
  /** Hold it until registered. */
  | "wait"
  /** Refuse it (`NOT_REGISTERED`). */
  | "fail";

/**
 * One of the three things a transport is: a plain node, a BBMD, or a foreign device. It
 * owns the role's state machine (none, `Bbmd`, `ForeignDevice`), translates its actions into
 * the core's, and says which relays it trusts. The node rules common to all roles are the
 * core's (annex-u.md §3); a role sees each frame first and answers with a verdict.
 */
export interface Role {
  /** Which role. */
  readonly kind: "node" | "bbmd" | "foreign-device";
  /** When {@link tick} has work. */
  readonly wakeAt: number | undefined;
  /** Starts (a foreign device registers). */
  start(now: number, out: CoreAction[]): void;
  /** Whether `from` may relay a Forwarded-NPDU / Forwarded-Address-Resolution to us, arriving `via`. */
  trustsRelay(frame: ForwardedNpduFrame | ForwardedAddressResolutionFrame, from: Bip6Address, via: Via): boolean;
  /** The role's rules for one frame that passed ingress; drops are counted through the host. */
  handle(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number, out: CoreAction[]): HandleVerdict;
  /** Timers. */
  tick(now: number, out: CoreAction[]): void;
  /** Whether a broadcast can go now. */
  broadcastReadiness(): BroadcastReadiness;
  /** Sends our node's broadcast; the last datagram carries `request` (or a `complete` follows). */
  broadcast(npdu: Uint8Array, request: RequestId, now: number, out: CoreAction[]): void;
  /**
   * Our VMAC is settled and held calls are about to go: a role sends what it kept first (a
   * foreign device's broadcasts a restarted BBMD NAKed). Optional: nothing to send otherwise.
   */
  release?(now: number, out: CoreAction[]): void;
  /** Sends Address-Resolution for `target` the role's way; false when it cannot (no multicast). */
  resolve(target: Vmac, now: number, out: CoreAction[]): boolean;
  /** Our random VMAC changed: follow it (true) or keep the old one (false: the BBMD). */
  setVmac(vmac: Vmac, now: number, out: CoreAction[]): boolean;
  /** Stops (a foreign device sends its Delete). */
  stop(now: number, out: CoreAction[]): void;
}

/**
 * Adds `request` to the last datagram of a role's output (so the call completes once every
 * datagram was handed over), or a `complete` action when it sent none. Frame objects stay shared.
 */
export function completeWithLast(out: CoreAction[], from: number, request: RequestId): void {
  for (let i = out.length - 1; i >= from; i--) {
    const a = out[i] as CoreAction;
    if (a.type === "send" || a.type === "multicast" || a.type === "fan-out") {
      out[i] = { ...a, request };
      return;
    }
  }
  out.push({ type: "complete", request });
}
