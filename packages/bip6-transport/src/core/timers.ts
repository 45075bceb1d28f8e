import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { expireHeld } from "./egress.js";
import { stepProbe } from "./probe.js";
import { runResolutionTimers } from "./resolution.js";

/** Earliest time any part of the core has work (`undefined`: none, or closed). */
export function wakeAt(ctx: CoreContext): number | undefined {
  if (ctx.closed) return undefined;
  // Plain comparisons, no array: this runs a few times per datagram.
  let w = ctx.role.wakeAt;
  let x = ctx.probe?.wakeAt;
  if (x !== undefined && (w === undefined || x < w)) w = x;
  if (ctx.held.size > 0) {
    x = ctx.held.wakeAt;
    if (x !== undefined && (w === undefined || x < w)) w = x;
  }
  if (ctx.resolving.size > 0) {
    x = ctx.resolving.wakeAt;
    if (x !== undefined && (w === undefined || x < w)) w = x;
  }
  if (ctx.virtual.size > 0) {
    x = ctx.virtual.wakeAt;
    if (x !== undefined && (w === undefined || x < w)) w = x;
  }
  return w;
}

/** True when something is due at `t`. */
export function isDue(ctx: CoreContext, t: number): boolean {
  const w = wakeAt(ctx);
  return w !== undefined && t >= w;
}

/** Runs what is due at `t`: the role's timers, the probe, held deadlines, resolution retries and deadlines. */
export function runDue(ctx: CoreContext, t: number, out: CoreAction[]): void {
  const role = ctx.role;
  const rw = role.wakeAt;
  if (rw !== undefined && t >= rw) role.tick(t, out);
  stepProbe(ctx, t, out);
  expireHeld(ctx, t, out);
  runResolutionTimers(ctx, t, out);
}
