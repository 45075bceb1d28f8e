import { type Bip6Address, Bvll6ResultCode, formatVmac } from "@bip6/bvll6-codec";
import type { CoreAction } from "./actions.js";
import type { CoreContext } from "./context.js";
import { report } from "./delivery.js";
import { failure } from "./failures.js";

/**
 * A BVLC-Result NAK that answers a request still waiting, used instead of waiting for the
 * deadline. Returns false when it answers nothing we wait for (the caller counts it).
 *
 * Only one NAK maps to waiting calls without guessing: 0x0030 from a foreign device's own BBMD.
 * Every Address-Resolution of a foreign device goes to that BBMD, which will not resolve for us
 * (it refused, or does not relay), and every retry would meet the same answer: each waiting
 * resolution fails now with `RESOLUTION_REFUSED`. The NAK names no target, so all fail.
 *
 * The others need no rule here: a NAK carries its sender's VMAC, which ingress learns, so a
 * 0x0030 from the node we resolve (the C stack answers a Forwarded-Address-Resolution for itself
 * so) or a 0x0060 from the address we sent Virtual-Address-Resolution to releases the waiting
 * calls like an ACK. A 0x0030 from anyone else answers a multicast question others may still
 * answer: counted, not acted on.
 */
export function resultNak(
  ctx: CoreContext,
  resultCode: number,
  from: Bip6Address,
  t: number,
  out: CoreAction[],
): boolean {
  const role = ctx.config.role;
  if (
    resultCode !== Bvll6ResultCode.AddressResolutionNak ||
    role.kind !== "foreign-device" ||
    !from.equals(role.foreignDevice.bbmd) ||
    ctx.resolving.size === 0
  ) {
    return false;
  }
  const c = ctx.counters.resolution;
  for (const e of ctx.resolving.drain()) {
    c.refused++;
    for (const r of e.requests) {
      out.push(
        failure(
          r.id,
          "RESOLUTION_REFUSED",
          `the BBMD ${from.toString()} answered the Address-Resolution for VMAC ${formatVmac(e.target)} with BVLC-Result NAK 0x0030`,
        ),
      );
    }
    report(out, {
      name: "resolution-failed",
      payload: {
        kind: "address-resolution",
        vmac: e.target,
        attempts: e.attempts,
        requests: e.requests.length,
        resultCode,
        at: t,
      },
    });
  }
  return true;
}
