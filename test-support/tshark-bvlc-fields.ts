/**
 * The bvlc.* field names tshark prints for BACnet/IPv6 (BVLL6) frames, for the tshark oracles
 * (`-e` arguments, and the set a test expects to see). Which fields appear for which function,
 * and what tshark shows in them, is written down in the codec's oracle test.
 */
export const TSHARK_BVLC6_FIELDS = [
  "bvlc.type",
  "bvlc.function_ipv6",
  "bvlc.length",
  "bvlc.virtual_source",
  "bvlc.virtual_dest",
  "bvlc.result",
  "bvlc.orig_source_addr",
  "bvlc.orig_source_port",
  "bvlc.reg_ttl",
  "bvlc.fdt_ipv6",
  "bvlc.fdt_port",
] as const;
