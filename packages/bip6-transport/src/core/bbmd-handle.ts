import type { Bbmd, BbmdHandleOutput } from "@bip6/bbmd6";
import type { Bip6Address, Bvll6Frame, Via } from "@bip6/bvll6-codec";

/**
 * `Bbmd.handle` with the way the datagram arrived. bbmd6 is gaining a required `via`
 * parameter (issue 7); until that is on main this adapter calls the three-argument form, and
 * the transport's own provenance step enforces the unicast/multicast rules meanwhile.
 * Delete this file once `bbmd.handle(frame, from, now, via)` exists.
 */
export function handleBbmd(bbmd: Bbmd, frame: Bvll6Frame, from: Bip6Address, now: number, via: Via): BbmdHandleOutput {
  void via;
  return bbmd.handle(frame, from, now);
}
