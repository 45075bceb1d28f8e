import { Bbmd, type BbmdAction, type BbmdConfig, type BbmdSnapshot, type BbmdStats } from "@bip6/bbmd6";
import type { Bip6Address, Bvll6Frame, HandleVerdict, SendAction, Via, Vmac } from "@bip6/bvll6-codec";
import type { CoreAction, RequestId } from "./actions.js";
import { type BroadcastReadiness, completeWithLast, type Role, type RoleHost } from "./role.js";

/** Runs of this many sends of one frame, or more, become one `fan-out` action (shorter ones stay sends). */
const FAN_OUT_RUN = 4;

/**
 * A BBMD (annex-u.md §4): `@bip6/bbmd6` for the BDT/FDT rules, with the core's node rules for
 * everything it calls `not-mine`. Its VMAC is fixed for its lifetime: registrations are keyed
 * to the BBMD, so a run-time collision is reported, never resolved by changing it.
 */
export class BbmdRole implements Role {
  readonly kind = "bbmd";
  readonly bbmd: Bbmd;
  readonly #host: RoleHost;

  constructor(host: RoleHost, config: Omit<BbmdConfig, "vmac">, vmac: Vmac) {
    this.#host = host;
    this.bbmd = new Bbmd({ ...config, vmac });
  }

  get wakeAt(): number | undefined {
    return this.bbmd.wakeAt;
  }

  start(): void {}

  trustsRelay(_frame: Bvll6Frame, from: Bip6Address, via: Via): boolean {
    return via === "unicast" && this.bbmd.isPeer(from);
  }

  handle(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number, out: CoreAction[]): HandleVerdict {
    const r = this.bbmd.handle(frame, from, now, via);
    this.#map(r.actions, out, via, frame.kind === "ForwardedNpdu" ? from : undefined);
    if (r.verdict === "dropped") this.#host.drop(r.dropReason ?? "not-from-peer");
    return r.verdict;
  }

  tick(now: number, out: CoreAction[]): void {
    this.#map(this.bbmd.tick(now).actions, out, "unicast", undefined);
  }

  broadcastReadiness(): BroadcastReadiness {
    return "ready";
  }

  broadcast(npdu: Uint8Array, request: RequestId, now: number, out: CoreAction[]): void {
    const start = out.length;
    this.#map(this.bbmd.broadcast(npdu, now).actions, out, "unicast", undefined);
    completeWithLast(out, start, request);
  }

  resolve(target: Vmac, now: number, out: CoreAction[]): boolean {
    this.#map(this.bbmd.resolve(target, now).actions, out, "unicast", undefined);
    return true;
  }

  setVmac(): boolean {
    return false;
  }

  stop(): void {}

  /** Both tables now. */
  snapshot(now: number): BbmdSnapshot {
    return this.bbmd.snapshot(now);
  }

  /** The BBMD's counters. */
  stats(): BbmdStats {
    return this.bbmd.stats();
  }

  /**
   * The BBMD's actions as the core's. A run of sends sharing one frame (a fan-out to peers and
   * foreign devices) becomes one `fan-out` action over a slice of the BBMD's own send actions:
   * nothing is copied or allocated per destination.
   */
  #map(actions: readonly BbmdAction[], out: CoreAction[], via: Via, relayedBy: Bip6Address | undefined): void {
    const n = actions.length;
    let i = 0;
    while (i < n) {
      const a = actions[i] as BbmdAction;
      if (a.type === "send") {
        const frame = a.frame;
        let end = i + 1;
        while (end < n) {
          const b = actions[end] as BbmdAction;
          if (b.type !== "send" || b.frame !== frame) break;
          end++;
        }
        if (end - i >= FAN_OUT_RUN) {
          out.push({ type: "fan-out", frame, destinations: actions.slice(i, end) as readonly SendAction[] });
        } else {
          for (let k = i; k < end; k++) out.push(actions[k] as SendAction);
        }
        i = end;
        continue;
      }
      if (a.type === "multicast") out.push(a);
      else if (a.type === "deliver") this.#host.deliver(out, a.npdu, a.sourceVmac, a.source, true, via, relayedBy);
      else this.#host.event(out, { name: "bbmd", payload: a.event });
      i++;
    }
  }
}
