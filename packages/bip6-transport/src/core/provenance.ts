import type { Bvll6FrameKind, Via } from "@bip6/bvll6-codec";

/**
 * How each function may reach a node (Annex U addresses each one either to the group or to
 * one node): `unicast`, `multicast`, `any`, or `never` accepted. The relayed functions
 * (Forwarded-NPDU, Forwarded-Address-Resolution) are `any` here because *who* may relay them
 * depends on the role (`Role.trustsRelay`): the group for a plain node, the BBMD for a foreign
 * device, BDT peers for a BBMD. The README's provenance table is this table plus that rule.
 */
export const ARRIVAL: Readonly<Record<Bvll6FrameKind, "unicast" | "multicast" | "any" | "never">> = Object.freeze({
  // Answers go to the one node that asked.
  BvlcResult: "unicast",
  OriginalUnicastNpdu: "unicast",
  // To the group only: one by unicast is nobody's broadcast (and a BBMD must not relay it).
  OriginalBroadcastNpdu: "multicast",
  // The group asks; a foreign device asks its BBMD by unicast.
  AddressResolution: "any",
  ForwardedAddressResolution: "any",
  AddressResolutionAck: "unicast",
  // Multicast would make every node answer one datagram.
  VirtualAddressResolution: "unicast",
  VirtualAddressResolutionAck: "unicast",
  ForwardedNpdu: "any",
  // Requests to one BBMD; by multicast every node would answer with a NAK.
  RegisterForeignDevice: "unicast",
  DeleteForeignDeviceTableEntry: "unicast",
  DistributeBroadcastToNetwork: "unicast",
  SecureBvll: "never",
  Unknown: "never",
});

/** The drop reason when `kind` arrived `via` a way {@link ARRIVAL} does not allow; `undefined` when allowed. */
export function arrivalProblem(
  kind: Bvll6FrameKind,
  via: Via,
): "unicast-only" | "multicast-only" | "secure-bvll" | "unknown-function" | undefined {
  const allowed = ARRIVAL[kind];
  if (allowed === "any") return undefined;
  if (allowed === "never") return kind === "SecureBvll" ? "secure-bvll" : "unknown-function";
  if (allowed === via) return undefined;
  return allowed === "unicast" ? "unicast-only" : "multicast-only";
}
