import { Bip6TransportError, type Bip6TransportErrorCode } from "../errors.js";
import type { CoreAction, RequestId } from "./actions.js";
import type { CoreConfig } from "./config.js";

/** A `fail` action for call `request`. */
export function failure(request: RequestId, code: Bip6TransportErrorCode, message: string): CoreAction {
  return { type: "fail", request, error: new Bip6TransportError(code, message) };
}

/** The `QUEUE_FULL` rejection: the total cap (`full`) or the one per destination (`full-for-key`). */
export function queueFull(config: CoreConfig, request: RequestId, outcome: "full" | "full-for-key"): CoreAction {
  const r = config.resolution;
  return failure(
    request,
    "QUEUE_FULL",
    outcome === "full"
      ? `${r.maxPending} sends and resolutions are waiting already (resolution.maxPending)`
      : `${r.maxPendingPerVmac} sends wait for this destination already (resolution.maxPendingPerVmac)`,
  );
}
