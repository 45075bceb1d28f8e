import type { Bip6Address, Via, Vmac } from "@bip6/bvll6-codec";
import type { ReceivedNpdu } from "../events.js";
import type { CoreAction, TransportEventRecord } from "./actions.js";
import { type Counters, countDrop } from "./counters.js";
import { isConfirmedRequest } from "./npdu-header.js";

/**
 * Hands an NPDU to the network layer, counted by kind. A confirmed-request APDU that arrived
 * by broadcast is discarded instead (annex-u.md §3): nobody may answer a broadcast request.
 */
export function deliver(
  counters: Counters,
  out: CoreAction[],
  npdu: Uint8Array,
  sourceVmac: Vmac,
  source: Bip6Address,
  broadcast: boolean,
  via: Via,
  relayedBy: Bip6Address | undefined,
): void {
  if (broadcast && isConfirmedRequest(npdu)) {
    countDrop(counters, "confirmed-request-broadcast");
    return;
  }
  if (broadcast) counters.delivered.broadcast++;
  else counters.delivered.unicast++;
  // Without relayedBy the message has no such key at all (not `relayedBy: undefined`).
  const message: ReceivedNpdu =
    relayedBy === undefined
      ? { npdu, sourceVmac, source, broadcast, via }
      : { npdu, sourceVmac, source, broadcast, via, relayedBy };
  out.push({ type: "deliver", message });
}

/** Reports an event to the shell's listeners. */
export function report(out: CoreAction[], record: TransportEventRecord): void {
  out.push({ type: "event", event: record });
}
