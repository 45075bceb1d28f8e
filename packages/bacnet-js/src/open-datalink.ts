import type { Bip6Datalink } from "./datalink.js";
import type { TransportOpenOptions } from "./options.js";

/**
 * Opens the BACnet/IPv6 transport from its options. Provisional: `@bip6/bip6-transport` has no
 * opener yet, so only an injected `transport` works until it lands.
 */
export async function openDatalink(_options: TransportOpenOptions, _signal: AbortSignal): Promise<Bip6Datalink> {
  throw new Error("@bip6/bip6-transport cannot open a transport yet: pass { transport } to createBip6Transport()");
}
