import { Bip6Address, type Bvll6Frame, isVmac, MAX_TIME_TO_LIVE, npduProblem } from "@bip6/bvll6-codec";

const npdu = (value: unknown): boolean => npduProblem(value) === undefined;
const address = (value: unknown): boolean => value instanceof Bip6Address;

/**
 * Names the field of a BBMD-relevant frame that `decodeFrame` would never produce (a
 * hand-built frame), or `undefined` when the frame is sound. Other kinds are not checked.
 */
export function invalidField(frame: Bvll6Frame): string | undefined {
  switch (frame.kind) {
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      return isVmac(frame.sourceVmac) && npdu(frame.npdu) ? undefined : "source VMAC or NPDU";
    case "ForwardedNpdu":
      return isVmac(frame.originalSourceVmac) && address(frame.originalSource) && npdu(frame.npdu)
        ? undefined
        : "original source or NPDU";
    case "RegisterForeignDevice": {
      const ttl = frame.timeToLive;
      return isVmac(frame.sourceVmac) && Number.isInteger(ttl) && ttl >= 0 && ttl <= MAX_TIME_TO_LIVE
        ? undefined
        : "source VMAC or time-to-live";
    }
    case "DeleteForeignDeviceTableEntry":
      return isVmac(frame.sourceVmac) && address(frame.entry) ? undefined : "source VMAC or entry";
    case "AddressResolution":
      return isVmac(frame.sourceVmac) && isVmac(frame.targetVmac) ? undefined : "source or target VMAC";
    case "ForwardedAddressResolution":
      return isVmac(frame.originalSourceVmac) && isVmac(frame.targetVmac) && address(frame.originalSource)
        ? undefined
        : "original source or target VMAC";
    default:
      return undefined;
  }
}
