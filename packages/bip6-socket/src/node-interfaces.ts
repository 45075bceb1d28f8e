import { Bip6Address } from "@bip6/bvll6-codec";
import { DatagramPortError } from "./errors.js";

/** The part of an `os.networkInterfaces()` entry the interface selection reads. */
export interface InterfaceAddressInfo {
  /** Address text (no zone). */
  address: string;
  /** `"IPv6"` (Node ≥ 18.4) or `6` (Node 18.0–18.3). */
  family: string | number;
  /** True on loopback interfaces. */
  internal: boolean;
  /** Interface index for link-local IPv6 addresses, 0 otherwise. */
  scopeid?: number;
}

/** The shape of `os.networkInterfaces()`: interface name → its addresses. */
export type InterfaceTable = Readonly<Record<string, readonly InterfaceAddressInfo[] | undefined>>;

/** The interface a Node port will use, and the address it binds. */
export interface SelectedInterface {
  /** Interface name (the zone of link-local addresses on it). */
  name: string;
  /** Interface index, when a link-local address revealed it. */
  index: number | undefined;
  /** Loopback interface: no IPv6 multicast on Linux. */
  loopback: boolean;
  /** The unicast address to bind: the `address` option, else the first routable one, else the link-local one. */
  unicast: Bip6Address;
  /** Every IPv6 address of the interface (link-local ones with the interface as zone), `unicast` first. */
  addresses: Bip6Address[];
}

const isIpv6 = (a: InterfaceAddressInfo): boolean => a.family === "IPv6" || a.family === 6;

/**
 * Picks and validates the interface and unicast address of a port. Pure: the interface
 * table comes in (from `os.networkInterfaces()`), and `exists` tells whether a name missing
 * from it is an interface with no address at all (so the error says "no IPv6", not "unknown").
 *
 * Preference when `address` is not given: the first non-link-local address (so multicasts
 * leave with a routable source), else the first link-local one.
 */
export function selectInterface(
  table: InterfaceTable,
  name: string,
  address?: string,
  exists: (name: string) => boolean = () => false,
): SelectedInterface {
  if (typeof name !== "string" || name.length === 0) {
    throw new DatagramPortError("INVALID_OPTION", '`interface` must name a network interface, e.g. "eth0" or "lo"');
  }
  const entries = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (entries === undefined) {
    if (exists(name)) throw new DatagramPortError("NO_IPV6", `interface ${name} has no IPv6 address`);
    const known = Object.keys(table).sort().join(", ");
    throw new DatagramPortError("UNKNOWN_INTERFACE", `no network interface named ${name} (known: ${known || "none"})`);
  }
  const v6 = entries.filter(isIpv6);
  if (v6.length === 0) throw new DatagramPortError("NO_IPV6", `interface ${name} has no IPv6 address`);
  const index = v6.find((a) => (a.scopeid ?? 0) > 0)?.scopeid;
  const all = v6.map((a) => {
    const ip = Bip6Address.fromIp(a.address.split("%")[0] as string, 0);
    return ip.isLinkLocal ? ip.withZone(name) : ip;
  });
  let unicast: Bip6Address | undefined;
  if (address !== undefined) {
    let wanted: Bip6Address;
    try {
      wanted = Bip6Address.fromIp(address, 0);
    } catch (e) {
      throw new DatagramPortError("INVALID_OPTION", `\`address\` ${JSON.stringify(address)} is not an IPv6 address`, {
        cause: e,
      });
    }
    unicast = all.find((a) => a.sameHost(wanted));
    if (unicast === undefined) {
      throw new DatagramPortError(
        "ADDRESS_NOT_AVAILABLE",
        `${wanted.ip} is not an address of interface ${name} (it has ${all.map((a) => a.host).join(", ")})`,
      );
    }
  } else {
    unicast = all.find((a) => !a.isLinkLocal) ?? (all[0] as Bip6Address);
  }
  const chosen = unicast;
  return {
    name,
    index,
    loopback: v6.some((a) => a.internal),
    unicast: chosen,
    addresses: [chosen, ...all.filter((a) => !a.sameHost(chosen))],
  };
}
