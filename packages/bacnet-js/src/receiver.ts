import { Bip6Address, formatVmac, type Vmac } from "@bip6/bvll6-codec";
import { Bip6BacnetError } from "./errors.js";

/**
 * Receiver strings: how `@bacnet-js/client` names a peer. The client keeps a peer as
 * `{ address: string }` and hands `address` back to the transport for replies; its own
 * helpers split it on `:` and refuse more than two parts, so IPv6 text cannot be the name the
 * adapter hands out. The adapter names every peer by its VMAC, six lower-case hex digits
 * (`0004d2`): colon-free, the BACnet/IPv6 datalink address itself, and for a device whose
 * VMAC is its instance (H.7.2), the instance in hex.
 */

/** A parsed receiver: a VMAC, or a B/IPv6 address the transport resolves by Virtual-Address-Resolution. */
export type Receiver =
  { readonly kind: "vmac"; readonly vmac: Vmac } | { readonly kind: "address"; readonly address: Bip6Address };

const VMAC_RECEIVER = /^[0-9a-fA-F]{6}$/;

/** The receiver string of `vmac`: six lower-case hex digits, e.g. `0004d2` for 1234. */
export function receiverOf(vmac: Vmac): string {
  return formatVmac(vmac);
}

/**
 * Parses a receiver string: six hex digits (a VMAC, `0004d2`), or a bracketed B/IPv6 address
 * `[2001:db8::5]:47808` (`[2001:db8::5]` means port 47808). The client passes `receiver.address`
 * to the transport untouched, so both reach `send()`; only the VMAC form survives the client's
 * own address helpers (`registerForeignDevice`). Throws `BAD_RECEIVER` for anything else.
 */
export function parseReceiver(text: string): Receiver {
  const value = text.trim();
  if (VMAC_RECEIVER.test(value)) return { kind: "vmac", vmac: Number.parseInt(value, 16) };
  if (value.startsWith("[")) {
    try {
      return { kind: "address", address: Bip6Address.parse(value) };
    } catch (cause) {
      throw new Bip6BacnetError("BAD_RECEIVER", `receiver ${JSON.stringify(text)} is not a valid [ipv6]:port address`, {
        cause,
        receiver: text,
      });
    }
  }
  throw new Bip6BacnetError(
    "BAD_RECEIVER",
    `receiver ${JSON.stringify(text)} is neither a VMAC (six hex digits, e.g. "0004d2") nor "[ipv6]:port"`,
    { receiver: text },
  );
}
