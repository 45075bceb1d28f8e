/**
 * BVLL6 codec for BACnet/IPv6 (ASHRAE 135 Annex U): every BVLL6 function, B/IPv6
 * addresses and VMAC helpers. Zero dependencies and no Node built-ins, so it runs
 * unchanged in browsers.
 *
 * @packageDocumentation
 */
export * from "./constants.js";
export {
  Bip6AddressError,
  type Bip6AddressErrorCode,
  Bip6Error,
  Bvll6ArgumentError,
  type Bvll6ArgumentErrorCode,
  Bvll6DecodeError,
  type Bvll6DecodeErrorCode,
  Bvll6EncodeError,
  type Bvll6EncodeErrorCode,
  Bvll6Error,
  isBip6Error,
} from "./errors.js";
export {
  formatVmac,
  isInstanceVmac,
  isRandomVmac,
  isVmac,
  MAX_DEVICE_INSTANCE,
  MAX_VMAC,
  parseVmac,
  RANDOM_VMAC_MAX,
  RANDOM_VMAC_MIN,
  readVmac,
  type Vmac,
  writeVmac,
} from "./vmac.js";
export { BIP6_ADDRESS_LENGTH, Bip6Address } from "./address.js";
export * from "./functions.js";
export {
  type AddressResolutionAckFrame,
  type AddressResolutionFrame,
  type BvlcResultFrame,
  type Bvll6Frame,
  type Bvll6FrameKind,
  type DeleteForeignDeviceTableEntryFrame,
  type DistributeBroadcastToNetworkFrame,
  type ForwardedAddressResolutionFrame,
  type ForwardedNpduFrame,
  type FrameOf,
  frameSourceVmac,
  type NpduFrame,
  type OriginalBroadcastNpduFrame,
  type OriginalUnicastNpduFrame,
  type RegisterForeignDeviceFrame,
  type SecureBvllFrame,
  type UnknownFrame,
  type VirtualAddressResolutionAckFrame,
  type VirtualAddressResolutionFrame,
} from "./frames.js";
export { decodeFrame, decodeProblem, isDecodable, tryDecodeFrame } from "./decode.js";
export { Bvll6FrameView } from "./frame-view.js";
export { encodeFrame, encodedLength, encodeInto } from "./encode.js";
export { npduProblem } from "./npdu.js";
export { describeValue } from "./describe.js";
export { MAX_TIME_MS, timeProblem } from "./time.js";
export { formatIpv6Groups, parseIpv6Groups } from "./ipv6-text.js";
export { hexToBytes, bytesToHex } from "./hex.js";
export type {
  DeliverAction,
  EventAction,
  HandleOutput,
  HandleVerdict,
  MulticastAction,
  SansIoOutput,
  SendAction,
  Via,
} from "./sans-io.js";
