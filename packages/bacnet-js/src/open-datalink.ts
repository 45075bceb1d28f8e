import type { Bip6Transport as PortableBip6Transport } from "@bip6/bip6-transport";
import { Bip6Transport } from "@bip6/bip6-transport/node";
import type { TransportOpenOptions } from "./options.js";

/**
 * Opens the BACnet/IPv6 transport with `Bip6Transport.open` of `@bip6/bip6-transport/node`: a
 * real socket from `interface`, `port`, … or the injected `datagramPort`. `signal` aborts the
 * open when the adapter is closed first; the caller's own `signal` keeps working beside it.
 */
export function openDatalink(options: TransportOpenOptions, signal: AbortSignal): Promise<PortableBip6Transport> {
  const either = options.signal === undefined ? signal : AbortSignal.any([options.signal, signal]);
  return Bip6Transport.open({ ...options, signal: either });
}
