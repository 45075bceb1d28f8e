import {
  type Bip6Address,
  type Bvll6Frame,
  frameSourceVmac,
  isKnownResultCode,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import type { DropReason } from "../stats.js";
import type { CoreAction } from "./actions.js";
import { isOwn, unreachable } from "./checks.js";
import { collision } from "./collision.js";
import type { CoreContext } from "./context.js";
import { countDrop } from "./counters.js";
import { report } from "./delivery.js";
import { learn } from "./learning.js";
import { nodeRules } from "./node-rules.js";
import { arrivalProblem } from "./provenance.js";

/**
 * The ingress pipeline for one decoded frame (annex-u.md §3), after decoding: own datagrams
 * (by address) → provenance → not for us → collision → learning → the role → node rules and
 * delivery. Every drop is counted by reason. `out` is created only when something is added,
 * so a datagram that is dropped or only refreshes the table allocates nothing here.
 */
export function ingress(
  ctx: CoreContext,
  frame: Bvll6Frame,
  from: Bip6Address,
  via: Via,
  t: number,
  out: CoreAction[] | undefined,
): CoreAction[] | undefined {
  const c = ctx.counters;
  c.received[frame.kind]++;
  // 1. Our own datagrams, by source address (every local address with our port), not by VMAC.
  if (isOwn(ctx.config, from)) return dropped(ctx, "own", out);
  // 2. Provenance: how this function may arrive, and who may relay.
  const arrival = arrivalProblem(frame.kind, via);
  if (arrival !== undefined) return dropped(ctx, arrival, out);
  let origin = from;
  let unreachableOrigin = false;
  if (frame.kind === "ForwardedNpdu" || frame.kind === "ForwardedAddressResolution") {
    if (!ctx.role.trustsRelay(frame, from, via)) return dropped(ctx, "relay-not-trusted", out);
    origin = frame.originalSource;
    if (isOwn(ctx.config, origin)) return dropped(ctx, "own-relayed", out);
    if (unreachable(origin) !== undefined) return dropped(ctx, "invalid-original-source", out);
    if (origin.isLinkLocal) {
      // Link-local on the originator's link, which is not ours: nobody here can reach it.
      unreachableOrigin = true;
      c.unreachableSources++;
      out ??= [];
      report(out, {
        name: "unreachable-source",
        payload: { source: origin, sourceVmac: frame.originalSourceVmac, relayedBy: from, frame: frame.kind, at: t },
      });
    }
  }
  const vmac = ctx.vmac;
  if (
    (frame.kind === "OriginalUnicastNpdu" ||
      frame.kind === "AddressResolutionAck" ||
      frame.kind === "VirtualAddressResolutionAck") &&
    frame.destinationVmac !== vmac
  ) {
    return dropped(ctx, "not-for-me", out);
  }
  // 3. Our VMAC from another address: a collision, unless it is another node's probe for it.
  const source = frameSourceVmac(frame) as Vmac;
  if (source === vmac) {
    const probeQuestion =
      (frame.kind === "AddressResolution" || frame.kind === "ForwardedAddressResolution") &&
      frame.targetVmac === vmac &&
      !ctx.probing;
    if (!probeQuestion) {
      out ??= [];
      collision(ctx, frame, origin, t, out);
      return out;
    }
    c.vmac.probesAnswered++;
  } else if (!unreachableOrigin) {
    // 4. Learning: the originator (for relayed frames the original source, never the relay).
    out = learn(ctx, source, origin, t, out);
  }
  // 5. The role's rules, then the node rules for what it leaves.
  out ??= [];
  if (frame.kind === "BvlcResult" && !isKnownResultCode(frame.resultCode)) {
    c.unknownResults++;
    report(out, {
      name: "unknown-result",
      payload: { resultCode: frame.resultCode, from, sourceVmac: frame.sourceVmac, at: ctx.now },
    });
  }
  const verdict = ctx.role.handle(frame, from, via, t, out);
  if (verdict !== "not-mine") return out;
  nodeRules(ctx, frame, from, via, origin, unreachableOrigin, out);
  return out;
}

function dropped(ctx: CoreContext, reason: DropReason, out: CoreAction[] | undefined): CoreAction[] | undefined {
  countDrop(ctx.counters, reason);
  return out;
}
