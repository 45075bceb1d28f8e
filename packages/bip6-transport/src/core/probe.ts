import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { releaseHeld } from "./egress.js";

/**
 * The duplicate probe of a random VMAC (H.7.2), as the core runs it: Address-Resolution for
 * the candidate the role's way on the schedule of `ProbeSchedule`; once it passed the
 * VMAC is settled and held calls go. An answer is a collision (see collision.ts), which
 * re-picks and calls {@link beginProbe} again.
 */
export function beginProbe(ctx: CoreContext, t: number, out: CoreAction[]): void {
  ctx.probe?.start(t);
  stepProbe(ctx, t, out);
}

/** Sends the Address-Resolutions due at `t`, or settles the VMAC when the last interval passed in silence. */
export function stepProbe(ctx: CoreContext, t: number, out: CoreAction[]): void {
  const probe = ctx.probe;
  if (probe === undefined || !probe.active) return;
  for (let step = probe.step(t); step !== undefined; step = probe.step(t)) {
    if (step === "passed") {
      settle(ctx, t, out);
      return;
    }
    if (ctx.role.resolve(ctx.vmac, t, out)) {
      ctx.counters.vmac.probesSent++;
    } else {
      // Nobody can be asked (a node on loopback): take the candidate unprobed.
      probe.cancel();
      settle(ctx, t, out);
      return;
    }
  }
}

function settle(ctx: CoreContext, t: number, out: CoreAction[]): void {
  ctx.probing = false;
  releaseHeld(ctx, t, out);
}
