import {
  Bip6Address,
  bacnetMulticastGroup,
  isMulticastScope,
  describeValue,
  MAX_MULTICAST_SCOPE,
  MIN_MULTICAST_SCOPE,
  MulticastScope,
} from "@bip6/bvll6-codec";
import { DatagramPortError } from "./errors.js";

// The codec's rule (1-14: 0 and 15 are reserved by RFC 4291 §2.7), one rule in one place;
// re-exported because this package always offered the bounds.
export { MAX_MULTICAST_SCOPE, MIN_MULTICAST_SCOPE };

/** Throws `INVALID_OPTION` unless `value` is an integer scope 1–14 (the codec's `isMulticastScope`); returns it. */
export function checkScope(value: unknown, name: string): number {
  if (!isMulticastScope(value)) {
    throw new DatagramPortError(
      "INVALID_OPTION",
      `\`${name}\` must be a multicast scope, an integer ${MIN_MULTICAST_SCOPE}-${MAX_MULTICAST_SCOPE} ` +
        `(0 and 15 are reserved), got ${describeValue(value)}`,
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
