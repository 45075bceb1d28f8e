import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { RequestId } from "./actions.js";

/** A call waiting on the network. NPDUs are private copies (the caller may reuse its buffer). */
export type PendingRequest =
  | {
      readonly kind: "unicast";
      readonly id: RequestId;
      readonly npdu: Uint8Array;
      readonly deadline: number;
      /** Destination: a VMAC, or an address (then sent there with the VMAC it turns out to have). */
      readonly to: Vmac | Bip6Address;
    }
  | { readonly kind: "broadcast"; readonly id: RequestId; readonly npdu: Uint8Array; readonly deadline: number }
  | { readonly kind: "resolve"; readonly id: RequestId; readonly address: Bip6Address; readonly deadline: number };

/**
 * The one cap on everything that waits (held, Address-Resolution, Virtual-Address-Resolution
 * queues), so no mix of callers and peers can make the transport hold more than `max` requests.
 */
export class Budget {
  readonly max: number;
  readonly perKey: number;
  #used = 0;

  constructor(max: number, perKey: number) {
    this.max = max;
    this.perKey = perKey;
  }

  /** Requests waiting now. */
  get used(): number {
    return this.#used;
  }

  /** Takes one slot; false when none is left. */
  take(): boolean {
    if (this.#used >= this.max) return false;
    this.#used++;
    return true;
  }

  /** Gives `n` slots back. */
  release(n = 1): void {
    this.#used -= n;
  }
}
