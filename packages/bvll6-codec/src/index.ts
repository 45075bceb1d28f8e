/**
 * BVLL6 codec for BACnet/IPv6 (ASHRAE 135 Annex U): every BVLL6 function, B/IPv6
 * addresses and VMAC helpers. Zero dependencies and no Node built-ins, so it runs
 * unchanged in browsers.
 *
 * @packageDocumentation
 */
export * from "./constants.js";
export * from "./errors.js";
export * from "./vmac.js";
export * from "./address.js";
export * from "./functions.js";
export * from "./frames.js";
export { decodeFrame, isDecodable, tryDecodeFrame } from "./decode.js";
export { encodeFrame, encodedLength } from "./encode.js";
export { npduProblem } from "./npdu.js";
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
