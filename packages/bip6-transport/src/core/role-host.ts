import type { Vmac } from "@bip6/bvll6-codec";
import type { CoreContext } from "./context.js";
import { countDrop } from "./counters.js";
import { deliver, report } from "./delivery.js";
import { releaseHeld } from "./egress.js";
import { beginProbe } from "./probe.js";
import type { RoleHost } from "./role.js";

/** The core as its role sees it: our VMAC, delivery, events, drop counts, and "registered". */
export function roleHost(ctx: CoreContext): RoleHost {
  return {
    get vmac(): Vmac {
      return ctx.vmac;
    },
    deliver: (out, npdu, sourceVmac, source, broadcast, via, relayedBy) =>
      deliver(ctx.counters, out, npdu, sourceVmac, source, broadcast, via, relayedBy),
    event: report,
    drop: (reason) => countDrop(ctx.counters, reason),
    registered: (now, out) => {
      // A foreign device probes its random VMAC through the BBMD, which relays only for registered devices.
      if (ctx.probing && ctx.probe !== undefined && !ctx.probe.active) beginProbe(ctx, now, out);
      releaseHeld(ctx, now, out);
    },
  };
}
