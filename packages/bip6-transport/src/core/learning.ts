import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { report } from "./delivery.js";
import { releaseResolutions } from "./resolution.js";

/**
 * Learns `vmac` at `address` (ingress step 4: the sender, or a relayed frame's original
 * source): a new VMAC or one at a new address is a `peer` event; any frame that teaches a VMAC
 * or an address some calls wait for releases them, not only the ACK. A pinned entry wins.
 * Returns `out`, created only when something was added (the common refresh adds nothing).
 */
export function learn(
  ctx: CoreContext,
  vmac: Vmac,
  address: Bip6Address,
  t: number,
  out: CoreAction[] | undefined,
): CoreAction[] | undefined {
  const r = ctx.table.learn(vmac, address, t);
  if (r.outcome === "new" || r.outcome === "moved") {
    out ??= [];
    const payload =
      r.outcome === "new"
        ? { change: "learned" as const, vmac, address, at: t }
        : { change: "moved" as const, vmac, address, previous: r.previous, at: t };
    report(out, {
      name: "peer",
      payload: r.displacedVmac === undefined ? payload : { ...payload, displacedVmac: r.displacedVmac },
    });
  } else if (r.outcome === "pinned-conflict") {
    return out;
  }
  return releaseResolutions(ctx, vmac, address, out);
}
