import { type Bip6Address, type Bvll6Frame } from "@bip6/bvll6-codec";
import { randomVmac } from "@bip6/vmac-cache";
import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { countDrop } from "./counters.js";
import { report } from "./delivery.js";
import { beginProbe } from "./probe.js";

/**
 * Another address uses our VMAC (or the candidate being probed): reported, the frame dropped;
 * a random VMAC is re-picked and probed again. An instance or fixed VMAC is kept, and so is a
 * BBMD's: its registrations and peers know it by it.
 */
export function collision(ctx: CoreContext, frame: Bvll6Frame, other: Bip6Address, t: number, out: CoreAction[]): void {
  const c = ctx.counters;
  c.vmac.collisions++;
  countDrop(c, "vmac-collision");
  const adopt = ctx.config.vmac.mode === "random" && ctx.role.kind !== "bbmd";
  const action = !adopt ? "report" : ctx.probing ? "probe" : "repick";
  report(out, { name: "vmac-collision", payload: { vmac: ctx.vmac, from: other, frame: frame.kind, action, at: t } });
  if (adopt) repick(ctx, action === "probe" ? "probe-answered" : "collision", t, out);
}

function repick(ctx: CoreContext, reason: "collision" | "probe-answered", t: number, out: CoreAction[]): void {
  const previous = ctx.vmac;
  let next = randomVmac(ctx.config.random);
  for (let i = 0; next === previous && i < 8; i++) next = randomVmac(ctx.config.random);
  ctx.vmac = next;
  ctx.counters.vmac.changes++;
  ctx.probing = true;
  report(out, { name: "vmac-changed", payload: { previous, vmac: next, reason, at: t } });
  ctx.role.setVmac(next, t, out);
  ctx.probe?.cancel();
  // A foreign device re-registers with the new VMAC first; it probes once confirmed.
  if (ctx.role.kind !== "foreign-device") beginProbe(ctx, t, out);
}
