import type { Bip6Address, Bvll6Frame, HandleVerdict, Via, Vmac } from "@bip6/bvll6-codec";
import type { CoreAction, RequestId } from "./actions.js";
import type { BroadcastReadiness, Role, RoleHost } from "./role.js";

/**
 * A plain node: broadcasts and Address-Resolution go to the group; relayed frames are
 * accepted from the group only (a BBMD on our link re-multicasts them). Everything else is
 * the core's node rules.
 */
export class NodeRole implements Role {
  readonly kind = "node";
  readonly wakeAt = undefined;
  readonly #host: RoleHost;
  readonly #multicast: boolean;

  constructor(host: RoleHost, multicastAvailable: boolean) {
    this.#host = host;
    this.#multicast = multicastAvailable;
  }

  start(): void {}

  trustsRelay(_frame: Bvll6Frame, _from: Bip6Address, via: Via): boolean {
    return via === "multicast";
  }

  handle(): HandleVerdict {
    return "not-mine";
  }

  tick(): void {}

  broadcastReadiness(): BroadcastReadiness {
    return "ready";
  }

  broadcast(npdu: Uint8Array, request: RequestId, _now: number, out: CoreAction[]): void {
    out.push({
      type: "multicast",
      frame: { kind: "OriginalBroadcastNpdu", sourceVmac: this.#host.vmac, npdu },
      request,
    });
  }

  resolve(target: Vmac, _now: number, out: CoreAction[]): boolean {
    if (!this.#multicast) return false;
    out.push({
      type: "multicast",
      frame: { kind: "AddressResolution", sourceVmac: this.#host.vmac, targetVmac: target },
    });
    return true;
  }

  setVmac(): boolean {
    return true; // the node role reads the host's VMAC
  }

  stop(): void {}
}
