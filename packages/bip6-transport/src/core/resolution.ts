import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import type { Bip6TransportError } from "../errors.js";
import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { report } from "./delivery.js";
import { sendQueued } from "./egress.js";
import { failure, queueFull } from "./failures.js";
import type { PendingRequest } from "./pending.js";

type Unicast = PendingRequest & { kind: "unicast" };
type Resolve = PendingRequest & { kind: "resolve" };

/**
 * Queues a send for a VMAC nobody knows yet: the first one starts an Address-Resolution the
 * role's way (to the group, to the BBMD, or `Bbmd.resolve()`), later ones join it.
 */
export function resolveVmacThenSend(ctx: CoreContext, r: Unicast, to: Vmac, t: number, out: CoreAction[]): void {
  const outcome = ctx.resolving.add(to, to, r, t);
  if (outcome === "started") {
    if (ctx.role.resolve(to, t, out)) {
      ctx.counters.resolution.started++;
    } else {
      ctx.resolving.take(to);
      out.push(
        failure(
          r.id,
          "NO_MULTICAST",
          "VMAC unknown and this port cannot multicast an Address-Resolution (loopback): address the peer by [ipv6]:port",
        ),
      );
    }
  } else if (outcome !== "joined") {
    out.push(queueFull(ctx.config, r.id, outcome));
  }
}

/** A resolveVmac call: from the table when known, else by Virtual-Address-Resolution. */
export function resolveAddress(ctx: CoreContext, r: Resolve, t: number, out: CoreAction[]): void {
  const vmac = ctx.table.lookupVmac(r.address, t);
  if (vmac !== undefined) {
    out.push({ type: "resolved", request: r.id, vmac });
    return;
  }
  resolveAddressThen(ctx, r.address, r, t, out);
}

/** Queues `r` for the VMAC behind `address`: the first one sends Virtual-Address-Resolution there. */
export function resolveAddressThen(
  ctx: CoreContext,
  address: Bip6Address,
  r: PendingRequest,
  t: number,
  out: CoreAction[],
): void {
  const outcome = ctx.virtual.add(address.key, address, r, t);
  if (outcome === "started") {
    ctx.counters.resolution.virtualStarted++;
    sendVirtual(ctx, address, out);
  } else if (outcome !== "joined") {
    out.push(queueFull(ctx.config, r.id, outcome));
  }
}

function sendVirtual(ctx: CoreContext, address: Bip6Address, out: CoreAction[]): void {
  out.push({ type: "send", to: address, frame: { kind: "VirtualAddressResolution", sourceVmac: ctx.vmac } });
}

/** `vmac` was learned at `address`: the calls waiting for either go now. Returns `out` (created if needed). */
export function releaseResolutions(
  ctx: CoreContext,
  vmac: Vmac,
  address: Bip6Address,
  out: CoreAction[] | undefined,
): CoreAction[] | undefined {
  if (ctx.resolving.size > 0 && ctx.resolving.has(vmac)) {
    out ??= [];
    ctx.counters.resolution.resolved++;
    for (const q of ctx.resolving.take(vmac)) sendQueued(ctx, q, vmac, address, out);
  }
  if (ctx.virtual.size > 0 && ctx.virtual.has(address.key)) {
    out ??= [];
    ctx.counters.resolution.virtualResolved++;
    for (const q of ctx.virtual.take(address.key)) {
      if (q.kind === "resolve") {
        out.push({ type: "resolved", request: q.id, vmac });
      } else if (q.kind === "unicast") {
        // To the address the caller named, with the VMAC it turned out to have.
        sendQueued(ctx, q, vmac, q.to instanceof Bip6Address ? q.to : address, out);
      }
    }
  }
  return out;
}

/**
 * The port refused a Virtual-Address-Resolution to `to` (an address it cannot reach): every
 * call waiting for that address fails now with `error`, instead of at the deadline.
 */
export function refuseAddress(ctx: CoreContext, to: Bip6Address, error: Bip6TransportError, out: CoreAction[]): void {
  for (const r of ctx.virtual.take(to.key)) out.push({ type: "fail", request: r.id, error });
}

/** Retries, deadlines and give-ups of both kinds of resolution due at `t`. */
export function runResolutionTimers(ctx: CoreContext, t: number, out: CoreAction[]): void {
  const c = ctx.counters.resolution;
  const ar = ctx.resolving.due(t);
  if (ar !== undefined) {
    for (const r of ar.expired) out.push(timedOut(ctx, r, "Address-Resolution"));
    for (const e of ar.retry) {
      c.retries++;
      ctx.role.resolve(e.target, t, out);
    }
    for (const e of ar.gaveUp) {
      c.failed++;
      report(out, {
        name: "resolution-failed",
        payload: { kind: "address-resolution", vmac: e.target, attempts: e.attempts, requests: e.expired, at: t },
      });
    }
  }
  const vr = ctx.virtual.due(t);
  if (vr !== undefined) {
    for (const r of vr.expired) out.push(timedOut(ctx, r, "Virtual-Address-Resolution"));
    for (const e of vr.retry) {
      c.virtualRetries++;
      sendVirtual(ctx, e.target, out);
    }
    for (const e of vr.gaveUp) {
      c.virtualFailed++;
      report(out, {
        name: "resolution-failed",
        payload: {
          kind: "virtual-address-resolution",
          address: e.target,
          attempts: e.attempts,
          requests: e.expired,
          at: t,
        },
      });
    }
  }
}

function timedOut(ctx: CoreContext, r: PendingRequest, what: string): CoreAction {
  const target = r.kind === "resolve" ? r.address.toString() : r.kind === "unicast" ? String(r.to) : "";
  return failure(
    r.id,
    "RESOLUTION_TIMEOUT",
    `no answer to ${what} for ${target} within ${ctx.config.resolution.timeoutMs} ms`,
  );
}
