/**
 * The VMAC table of a BACnet/IPv6 node (ASHRAE 135 Annex U): VMAC → B/IPv6 address with
 * last-seen times, reverse lookup, TTL, a hard cap with O(1) least-recently-seen eviction
 * and pinned entries; plus VMAC generation from a device instance or at random (H.7.2).
 * Browser-safe: no Node built-ins.
 *
 * @packageDocumentation
 */
export * from "./errors.js";
export * from "./vmac-table.js";
export * from "./vmac-generation.js";
