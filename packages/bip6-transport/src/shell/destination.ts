import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import { Bip6TransportError } from "../errors.js";

/**
 * A caller's destination as the core takes it: a VMAC stays a number, `"[ipv6]:port"` text
 * becomes a `Bip6Address`. Text that is no address is an `INVALID_DESTINATION` error; every
 * other check (range, multicast, own address) is the core's.
 */
export function parseDestination(to: Vmac | Bip6Address | string): Vmac | Bip6Address {
  if (typeof to !== "string") return to;
  try {
    return Bip6Address.parse(to);
  } catch (e) {
    throw new Bip6TransportError("INVALID_DESTINATION", `not a B/IPv6 address: ${JSON.stringify(to)}`, { cause: e });
  }
}
