import { type Bip6Address, type Bvll6Frame, Bvll6ResultCode, type Via, type Vmac } from "@bip6/bvll6-codec";
import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { countDrop } from "./counters.js";
import { deliver } from "./delivery.js";
import { resultNak } from "./result-nak.js";

/**
 * What every node does with a frame that passed ingress and that its role left alone
 * (annex-u.md §3): deliver NPDUs, answer resolutions for our VMAC (a Forwarded-Address-Resolution
 * to the original source, not the BBMD), NAK what only a BBMD serves. `origin` is the sender,
 * or for a relayed frame its original source; `unreachableOrigin` marks a relayed link-local one.
 */
export function nodeRules(
  ctx: CoreContext,
  frame: Bvll6Frame,
  from: Bip6Address,
  via: Via,
  origin: Bip6Address,
  unreachableOrigin: boolean,
  out: CoreAction[],
): void {
  const vmac = ctx.vmac;
  const c = ctx.counters;
  switch (frame.kind) {
    case "OriginalUnicastNpdu":
      deliver(c, out, frame.npdu, frame.sourceVmac, from, false, via, undefined);
      return;
    case "OriginalBroadcastNpdu":
      deliver(c, out, frame.npdu, frame.sourceVmac, from, true, via, undefined);
      return;
    case "ForwardedNpdu":
      deliver(c, out, frame.npdu, frame.originalSourceVmac, origin, true, via, from);
      return;
    case "AddressResolution":
      // While a random VMAC is probed it is not ours yet: nobody is answered for it.
      if (frame.targetVmac === vmac && !ctx.probing) answer(vmac, from, "AddressResolutionAck", frame.sourceVmac, out);
      return;
    case "ForwardedAddressResolution":
      if (frame.targetVmac !== vmac || ctx.probing) return;
      // To the asker named in the message, not the BBMD that relayed it (annex-u.md §3).
      if (unreachableOrigin) countDrop(c, "unreachable-asker");
      else answer(vmac, origin, "AddressResolutionAck", frame.originalSourceVmac, out);
      return;
    case "VirtualAddressResolution":
      if (!ctx.probing) answer(vmac, from, "VirtualAddressResolutionAck", frame.sourceVmac, out);
      return;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      return; // learned at ingress; waiting sends were released there
    case "RegisterForeignDevice":
      nak(ctx, from, Bvll6ResultCode.RegisterForeignDeviceNak, out);
      return;
    case "DeleteForeignDeviceTableEntry":
      nak(ctx, from, Bvll6ResultCode.DeleteForeignDeviceTableEntryNak, out);
      return;
    case "DistributeBroadcastToNetwork":
      nak(ctx, from, Bvll6ResultCode.DistributeBroadcastToNetworkNak, out);
      return;
    case "BvlcResult":
      if (!resultNak(ctx, frame.resultCode, from, ctx.now, out)) countDrop(c, "unexpected-result");
      return;
    default:
      return; // Secure-BVLL and unknown functions never get here (provenance)
  }
}

/** An ACK from us (`vmac`) to the node that asked. */
function answer(
  vmac: Vmac,
  to: Bip6Address,
  kind: "AddressResolutionAck" | "VirtualAddressResolutionAck",
  asker: Vmac,
  out: CoreAction[],
): void {
  out.push({ type: "send", to, frame: { kind, sourceVmac: vmac, destinationVmac: asker } });
}

/**
 * A BVLC-Result NAK with our VMAC: a non-BBMD refusing what only a BBMD serves. Not while a
 * random VMAC is probed: the NAK would present a VMAC that may be somebody else's (H.7.2), so
 * the request is dropped (`probing`) and its sender's retry gets the answer.
 */
function nak(ctx: CoreContext, to: Bip6Address, resultCode: number, out: CoreAction[]): void {
  if (ctx.probing) {
    countDrop(ctx.counters, "probing");
    return;
  }
  out.push({ type: "send", to, frame: { kind: "BvlcResult", sourceVmac: ctx.vmac, resultCode } });
}
