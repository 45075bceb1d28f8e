import type { Bip6Address, Bvll6Frame, Vmac } from "@bip6/bvll6-codec";
import type { CoreAction, RequestId } from "./actions.js";
import type { CoreContext } from "./context.js";
import { failure, queueFull } from "./failures.js";
import type { PendingRequest } from "./pending.js";
import { resolveAddress, resolveAddressThen, resolveVmacThenSend } from "./resolution.js";

/**
 * Sends `npdu` to a VMAC or an address: straight away when the table knows the other half,
 * else it waits for an Address-Resolution (VMAC) or a Virtual-Address-Resolution (address).
 * `fresh`: `npdu` is the caller's buffer, copied before it waits; a held call's is a copy already.
 */
export function unicast(
  ctx: CoreContext,
  request: RequestId,
  npdu: Uint8Array,
  to: Vmac | Bip6Address,
  deadline: number,
  t: number,
  out: CoreAction[],
  fresh: boolean,
): void {
  if (typeof to === "number") {
    const address = ctx.table.lookup(to, t);
    if (address !== undefined) {
      out.push({ type: "send", to: address, frame: unicastFrame(ctx, to, npdu), request });
      return;
    }
    const r = { kind: "unicast", id: request, npdu: fresh ? npdu.slice() : npdu, deadline, to } as const;
    resolveVmacThenSend(ctx, r, to, t, out);
    return;
  }
  const vmac = ctx.table.lookupVmac(to, t);
  if (vmac !== undefined) {
    out.push({ type: "send", to, frame: unicastFrame(ctx, vmac, npdu), request });
    return;
  }
  const r: PendingRequest = { kind: "unicast", id: request, npdu: fresh ? npdu.slice() : npdu, deadline, to };
  resolveAddressThen(ctx, to, r, t, out);
}

/** Sends a call that waited for resolution, now that its destination is known. */
export function sendQueued(
  ctx: CoreContext,
  q: PendingRequest,
  vmac: Vmac,
  address: Bip6Address,
  out: CoreAction[],
): void {
  if (q.kind !== "unicast") return;
  out.push({ type: "send", to: address, frame: unicastFrame(ctx, vmac, q.npdu), request: q.id });
}

function unicastFrame(ctx: CoreContext, destinationVmac: Vmac, npdu: Uint8Array): Bvll6Frame {
  return { kind: "OriginalUnicastNpdu", sourceVmac: ctx.vmac, destinationVmac, npdu };
}

/**
 * Broadcasts `npdu` the role's way, or holds it (a copy) while the VMAC is probed or a foreign
 * device is not registered yet; `fail` readiness rejects it (`beforeRegistration: "fail"`).
 */
export function broadcast(ctx: CoreContext, request: RequestId, npdu: Uint8Array, t: number, out: CoreAction[]): void {
  const readiness = ctx.role.broadcastReadiness();
  if (readiness === "fail") {
    out.push(failure(request, "NOT_REGISTERED", "not registered with the BBMD (beforeRegistration: fail)"));
  } else if (ctx.probing || readiness === "wait") {
    const deadline = t + ctx.config.resolution.timeoutMs;
    hold(ctx, { kind: "broadcast", id: request, npdu: npdu.slice(), deadline }, out);
  } else {
    ctx.role.broadcast(npdu, request, t, out);
  }
}

/** Holds a call until the VMAC is settled (or a broadcast until registration); `QUEUE_FULL` when the budget is spent. */
export function hold(ctx: CoreContext, r: PendingRequest, out: CoreAction[]): void {
  if (!ctx.held.add(r)) out.push(queueFull(ctx.config, r.id, "full"));
}

/** Lets go of what the role kept, then of the held calls that can proceed now. */
export function releaseHeld(ctx: CoreContext, t: number, out: CoreAction[]): void {
  if (ctx.probing) return;
  ctx.role.release?.(t, out);
  if (ctx.held.size === 0) return;
  const broadcastReady = ctx.role.broadcastReadiness();
  const go = ctx.held.release((r) => r.kind !== "broadcast" || broadcastReady !== "wait");
  for (const r of go) {
    if (r.kind === "unicast") unicast(ctx, r.id, r.npdu, r.to, r.deadline, t, out, false);
    else if (r.kind === "resolve") resolveAddress(ctx, r, t, out);
    else if (broadcastReady === "fail") out.push(failure(r.id, "NOT_REGISTERED", "not registered with the BBMD"));
    else ctx.role.broadcast(r.npdu, r.id, t, out);
  }
}

/** Rejects held calls whose deadline passed: a broadcast still waiting for registration, or anything waiting for the probe. */
export function expireHeld(ctx: CoreContext, t: number, out: CoreAction[]): void {
  for (const r of ctx.held.expire(t)) {
    out.push(
      r.kind === "broadcast" && !ctx.probing
        ? failure(r.id, "NOT_REGISTERED", "still not registered with the BBMD at the deadline (resolution.timeoutMs)")
        : failure(r.id, "NOT_READY", "the random VMAC was still being probed at the deadline (resolution.timeoutMs)"),
    );
  }
}
