/**
 * Where a send goes, as `--to` and the `send` command write it: a VMAC, a B/IPv6 address, or
 * `broadcast`.
 *
 * @module
 */
import { Bip6Address, formatVmac, parseVmac, type Vmac } from "@bip6/bvll6-codec";

/** A parsed destination. */
export type Destination =
  | { readonly kind: "broadcast" }
  | { readonly kind: "vmac"; readonly vmac: Vmac }
  | { readonly kind: "address"; readonly address: Bip6Address };

/**
 * Parses `broadcast`, a VMAC (`0004d2`, `0x0004d2`, `00:04:d2`) or an address
 * (`[fd00::2]:47808`, or a bare IPv6 address, which gets port 47808). Returns a one-line
 * reason instead of throwing, for the caller to wrap.
 */
export function parseDestination(text: string): Destination | { readonly error: string } {
  const t = text.trim();
  if (t === "broadcast") return { kind: "broadcast" };
  try {
    return { kind: "vmac", vmac: parseVmac(t) };
  } catch {
    // not a VMAC: maybe an address
  }
  try {
    return { kind: "address", address: Bip6Address.parse(t) };
  } catch {
    return {
      error: `${JSON.stringify(text)} is not a destination: give a VMAC (six hex digits, e.g. 0004d2), [ipv6]:port or broadcast`,
    };
  }
}

/** The destination as text, the way records print it. */
export function formatDestination(d: Destination): string {
  switch (d.kind) {
    case "broadcast":
      return "broadcast";
    case "vmac":
      return formatVmac(d.vmac);
    case "address":
      return d.address.toString();
  }
}
