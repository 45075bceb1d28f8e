/**
 * The browser-safe part of `@bip6/bip6-socket`: the `DatagramPort` contract and the in-memory
 * network, without `node:dgram`. Import `@bip6/bip6-socket/memory` from code that must run in
 * a browser.
 *
 * @packageDocumentation
 */
export type {
  DatagramListener,
  DatagramPort,
  DatagramPortStats,
  ErrorListener,
  TapListener,
  TapRecord,
  Unsubscribe,
  Via,
} from "./datagram-port.js";
export { DatagramPortError, type DatagramPortErrorCode } from "./errors.js";
export { MAX_DATAGRAM_LENGTH, PortCore, type PortCounters, type PortIdentity } from "./port-core.js";
export { MAX_MULTICAST_SCOPE, MIN_MULTICAST_SCOPE } from "./scopes.js";
export { DEFAULT_MAX_IN_FLIGHT, MemoryHost, MemoryNetwork } from "./memory-network.js";
export { MemoryDatagramPort, type MemoryDeliver, type MemoryPortPlacement, type MemoryWire } from "./memory-port.js";
export { mulberry32 } from "./memory-random.js";
export type {
  Impairments,
  MemoryHostInterface,
  MemoryInterfaceSpec,
  MemoryLinkOptions,
  MemoryNetworkOptions,
  MemoryNetworkStats,
  MemoryPortOptions,
  WireEvent,
  WireListener,
  WireRecord,
} from "./memory-types.js";
