/**
 * The BACnet NPDU/APDU decoder of bip6-sniff, as a browser-safe module with no dependencies
 * beyond `@bip6/bvll6-codec`: `decodeNpdu` (field tree, summary, structured data, problems),
 * `summarizeNpdu` / `writeNpduSummary` (the allocation-free summary path), `scanNpdu` (the
 * findings' numbers), and the enumerations of ASHRAE 135-2020 by name.
 *
 * @packageDocumentation
 */
export type * from "./types.js";
export { BACNET_LIMITS } from "./types.js";
export { decodeNpdu, summarizeNpdu, writeNpduSummary, scanNpdu, visitNpdu } from "./decode.js";
export type { FieldVisitor } from "./tree.js";
export { NpduFacts } from "./walk.js";
export { vendorName } from "./vendors.js";
export { isConfirmedRequest, isResponse, serviceName, invokeId, iAmDeviceInstance } from "./facts.js";
export {
  Enumeration,
  OBJECT_TYPES,
  PROPERTIES,
  ERROR_CLASSES,
  ERROR_CODES,
  REJECT_REASONS,
  ABORT_REASONS,
  CONFIRMED_SERVICES,
  UNCONFIRMED_SERVICES,
  ENGINEERING_UNITS,
  SEGMENTATION,
  EVENT_STATES,
  EVENT_TYPES,
  NOTIFY_TYPES,
  RELIABILITY,
  DEVICE_STATUS,
  BINARY_PV,
  POLARITY,
  RESTART_REASONS,
  NETWORK_MESSAGES,
  networkRejectName,
  pduTypeName,
  maxApduOctets,
  maxSegmentsCount,
} from "./names.js";
