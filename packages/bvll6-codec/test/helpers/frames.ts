/**
 * Shared test helpers: fast-check arbitraries for every frame kind, and a normal form of
 * frames for deep comparison. Pure TypeScript, so the browser project can use them too.
 */
import fc from "fast-check";
import {
  Bip6Address,
  bytesToHex,
  type Bvll6Frame,
  type Bvll6FrameKind,
  MAX_NPDU_LENGTH,
  MAX_VMAC,
} from "../../src/index.js";

/**
 * A frame with every Bip6Address replaced by its 18-octet key and every byte array by its
 * hex. `toEqual` cannot compare Bip6Address itself: its octets live in private fields,
 * which `toEqual` does not see, so two different IPs with the same port would look equal.
 * A -0 becomes 0: the encoder takes -0 as the integer 0 and the wire has no sign to keep,
 * but `toEqual` tells them apart.
 */
export function normalize(frame: Bvll6Frame): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(frame)) {
    if (value instanceof Bip6Address) out[name] = `addr:${value.key}`;
    else if (value instanceof Uint8Array) out[name] = `bytes:${bytesToHex(value)}`;
    else out[name] = Object.is(value, -0) ? 0 : value;
  }
  return out;
}

/** Smallest length per function 0x00-0x0C, from the layout table of annex-u.md §2 (not from src). */
export const ANNEX_U_MIN_LENGTH: readonly number[] = [9, 10, 7, 10, 28, 10, 7, 10, 25, 9, 25, 4, 7];

/** Functions with a variable part (NPDU or payload); every other one is exactly its minimum. */
export const ANNEX_U_VARIABLE_SIZE: ReadonlySet<number> = new Set([0x01, 0x02, 0x08, 0x0b, 0x0c]);

/** VMACs with the edges (0, instance/random range bounds, 0xFFFFFF) drawn often. */
export const vmacArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: MAX_VMAC }),
  fc.constantFrom(0, 1, 0x3fffff, 0x400000, 0x7fffff, 0x800000, MAX_VMAC),
);

/** Any B/IPv6 address, sometimes with a zone (which the wire form drops). */
export const addressArb: fc.Arbitrary<Bip6Address> = fc
  .record({
    ip: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    port: fc.integer({ min: 0, max: 0xffff }),
    zone: fc.option(fc.constantFrom("eth0", "lo", "3"), { nil: undefined }),
  })
  .map(({ ip, port, zone }) => Bip6Address.fromIp(ip, port, zone));

/** NPDUs from empty to the 1497-octet maximum. */
export const npduArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ minLength: MAX_NPDU_LENGTH - 4, maxLength: MAX_NPDU_LENGTH }),
);

const u16 = fc.integer({ min: 0, max: 0xffff });

/** One arbitrary per frame kind, so tests can cover every kind explicitly. */
export const frameArbs: { readonly [K in Bvll6FrameKind]: fc.Arbitrary<Extract<Bvll6Frame, { kind: K }>> } = {
  BvlcResult: fc.record({ kind: fc.constant("BvlcResult"), sourceVmac: vmacArb, resultCode: u16 }),
  OriginalUnicastNpdu: fc.record({
    kind: fc.constant("OriginalUnicastNpdu"),
    sourceVmac: vmacArb,
    destinationVmac: vmacArb,
    npdu: npduArb,
  }),
  OriginalBroadcastNpdu: fc.record({ kind: fc.constant("OriginalBroadcastNpdu"), sourceVmac: vmacArb, npdu: npduArb }),
  AddressResolution: fc.record({ kind: fc.constant("AddressResolution"), sourceVmac: vmacArb, targetVmac: vmacArb }),
  ForwardedAddressResolution: fc.record({
    kind: fc.constant("ForwardedAddressResolution"),
    originalSourceVmac: vmacArb,
    targetVmac: vmacArb,
    originalSource: addressArb,
  }),
  AddressResolutionAck: fc.record({
    kind: fc.constant("AddressResolutionAck"),
    sourceVmac: vmacArb,
    destinationVmac: vmacArb,
  }),
  VirtualAddressResolution: fc.record({ kind: fc.constant("VirtualAddressResolution"), sourceVmac: vmacArb }),
  VirtualAddressResolutionAck: fc.record({
    kind: fc.constant("VirtualAddressResolutionAck"),
    sourceVmac: vmacArb,
    destinationVmac: vmacArb,
  }),
  ForwardedNpdu: fc.record({
    kind: fc.constant("ForwardedNpdu"),
    originalSourceVmac: vmacArb,
    originalSource: addressArb,
    npdu: npduArb,
  }),
  RegisterForeignDevice: fc.record({
    kind: fc.constant("RegisterForeignDevice"),
    sourceVmac: vmacArb,
    timeToLive: u16,
  }),
  DeleteForeignDeviceTableEntry: fc.record({
    kind: fc.constant("DeleteForeignDeviceTableEntry"),
    sourceVmac: vmacArb,
    entry: addressArb,
  }),
  SecureBvll: fc.record({ kind: fc.constant("SecureBvll"), payload: fc.uint8Array({ maxLength: 200 }) }),
  DistributeBroadcastToNetwork: fc.record({
    kind: fc.constant("DistributeBroadcastToNetwork"),
    sourceVmac: vmacArb,
    npdu: npduArb,
  }),
  Unknown: fc.record({
    kind: fc.constant("Unknown"),
    functionCode: fc.integer({ min: 0x0d, max: 0xff }),
    payload: fc.uint8Array({ maxLength: 200 }),
  }),
};

/** Any frame of any kind. */
export const frameArb: fc.Arbitrary<Bvll6Frame> = fc.oneof(...Object.values(frameArbs));
