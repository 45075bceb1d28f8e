import { Bip6Address, bacnetMulticastGroup, MulticastScope } from "@bip6/bvll6-codec";
import { DatagramPortError } from "./errors.js";

/**
 * Lowest multicast scope a port accepts: 1, interface-local (ff01::bac0). 0 is reserved by
 * RFC 4291 §2.7, so ff00::bac0 is not a group anybody can join.
 */
export const MIN_MULTICAST_SCOPE = 1;

/** Highest multicast scope a port accepts: 14, global (ff0e::bac0). 15 (ff0f) is reserved by RFC 4291 §2.7. */
export const MAX_MULTICAST_SCOPE = 14;

/** Throws `INVALID_OPTION` unless `value` is an integer scope 1–14; returns it. */
export function checkScope(value: unknown, name: string): number {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MIN_MULTICAST_SCOPE ||
    value > MAX_MULTICAST_SCOPE
  ) {
    throw new DatagramPortError(
      "INVALID_OPTION",
      `\`${name}\` must be a multicast scope, an integer ${MIN_MULTICAST_SCOPE}-${MAX_MULTICAST_SCOPE} ` +
        `(0 and 15 are reserved), got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The scopes a port receives on: `scope` (the one `multicast()` sends to) first, then each
 * of `joinScopes` not seen yet, in the order given. Validates both; the result has at most
 * 14 entries however long `joinScopes` is.
 */
export function receiveScopes(scope: unknown, joinScopes: unknown): number[] {
  const scopes = [checkScope(scope ?? MulticastScope.LinkLocal, "scope")];
  if (joinScopes === undefined) return scopes;
  if (!Array.isArray(joinScopes)) {
    throw new DatagramPortError("INVALID_OPTION", "`joinScopes` must be an array of multicast scopes (1-14)");
  }
  joinScopes.forEach((s: unknown, i) => {
    const checked = checkScope(s, `joinScopes[${i}]`);
    if (!scopes.includes(checked)) scopes.push(checked);
  });
  return scopes;
}

/** The group address `[ff0X::bac0%iface]:port` of a validated scope on an interface. */
export function groupAddress(scope: number, port: number, interfaceName: string): Bip6Address {
  return Bip6Address.fromIp(bacnetMulticastGroup(scope), port, interfaceName);
}
