/**
 * The BACnet/IPv6 datalink (not implemented yet): see the package README for the planned
 * contract. The package exists so the layering rule holds from the first commit.
 *
 * @packageDocumentation
 */
export {};
