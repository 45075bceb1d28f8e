import { Bip6Address, isVmac, MAX_NPDU_LENGTH, npduProblem } from "@bip6/bvll6-codec";
import type { Bip6TransportErrorCode } from "../errors.js";
import type { CoreConfig } from "./config.js";

/** Why a call cannot go ahead: the error code and its message. */
export type Problem = readonly [Bip6TransportErrorCode, string];

/** Why an address cannot be a destination (or a relayed original source), or `undefined`. */
export function unreachable(address: Bip6Address): string | undefined {
  if (address.isMulticast) return "a multicast address";
  if (address.isUnspecified) return "the unspecified address";
  if (address.isIpv4Mapped) return "an IPv4-mapped address";
  if (address.port === 0) return "port 0";
  return undefined;
}

/** True for one of our own addresses (every address of the port's interface, with our port). */
export function isOwn(config: CoreConfig, address: Bip6Address): boolean {
  for (const own of config.localAddresses) if (own.equals(address)) return true;
  return false;
}

/** What is wrong with a send call's NPDU (or the transport being closed), if anything. */
export function callProblem(closed: boolean, npdu: Uint8Array): Problem | undefined {
  if (closed) return ["CLOSED", "the transport is closed"];
  const problem = npduProblem(npdu);
  if (problem === undefined) return undefined;
  return [npdu instanceof Uint8Array && npdu.length > MAX_NPDU_LENGTH ? "NPDU_TOO_LONG" : "INVALID_NPDU", problem];
}

/** What is wrong with a destination (a VMAC or an address), if anything; `vmac` is ours. */
export function destinationProblem(config: CoreConfig, vmac: number, to: unknown): Problem | undefined {
  if (typeof to === "number") {
    if (!isVmac(to)) return ["INVALID_DESTINATION", `a VMAC is an integer 0-0xFFFFFF, got ${String(to)}`];
    if (to === vmac) return ["INVALID_DESTINATION", "that is our own VMAC"];
    return undefined;
  }
  if (!(to instanceof Bip6Address)) {
    return ["INVALID_DESTINATION", `expected a VMAC, a Bip6Address or "[ipv6]:port" text, got ${String(to)}`];
  }
  const why = unreachable(to);
  if (why !== undefined) return ["INVALID_DESTINATION", `cannot send to ${to.toString()}: ${why}`];
  if (isOwn(config, to)) return ["INVALID_DESTINATION", `${to.toString()} is our own address`];
  return undefined;
}
