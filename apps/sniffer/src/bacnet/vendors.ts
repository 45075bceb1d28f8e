import { VENDOR_NAMES } from "./enums/vendors.js";

let names: readonly string[] | undefined;

/**
 * The registered name of BACnet vendor `id` (e.g. 260 → `BACnet Stack at SourceForge`), or
 * `undefined` when the id is not in the registry as known here. Pass it as
 * `decodeNpdu(…, { vendorName })` to label vendor ids as tshark does; it lives in its own
 * module (about 13 kB gzipped) so that bundles which never call it do not include the list.
 *
 * @example
 * ```ts
 * vendorName(260); // "BACnet Stack at SourceForge"
 * ```
 */
export function vendorName(id: number): string | undefined {
  names ??= VENDOR_NAMES.split("|");
  const name = names[id];
  return name === undefined || name === "" ? undefined : name;
}
