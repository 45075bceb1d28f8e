/**
 * The BACnet/IPv6 datalink (ASHRAE 135 Annex U) a BACnet network layer calls: unicast with
 * address resolution, broadcast by multicast, as a BBMD or as a foreign device, VMACs with the
 * duplicate probe of H.7.2, typed events, an async iterator of received NPDUs and counters for
 * everything. A sans-IO core ({@link TransportCore}) behind a thin shell ({@link Bip6Transport})
 * on any `DatagramPort`.
 *
 * This entry is browser-safe: it needs an open `datagramPort` (e.g. `MemoryNetwork`).
 * `@bip6/bip6-transport/node` adds the opener of a real UDP socket.
 *
 * @packageDocumentation
 * @module @bip6/bip6-transport
 */
export { Bip6Transport } from "./transport.js";
export { Bip6TransportError, type Bip6TransportErrorCode } from "./errors.js";
export type {
  Bip6TransportOptions,
  BbmdRoleOption,
  ForeignDeviceRoleOption,
  NodeRoleOption,
  ProbeOptions,
  ResolutionOptions,
  ResolutionRetryOptions,
  RoleOption,
  TransportVmacTableOptions,
  VmacOption,
} from "./options.js";
export {
  TRANSPORT_EVENT_NAMES,
  eventRecord,
  type Bip6TransportEventName,
  type Bip6TransportEvents,
  type CloseEvent,
  type PeerEvent,
  type ReceivedNpdu,
  type RegistrationEvent,
  type ResolutionFailedEvent,
  type TransportBbmdEvent,
  type UnknownResultEvent,
  type UnreachableSourceEvent,
  type VmacChangedEvent,
  type VmacCollisionEvent,
} from "./events.js";
export type {
  Bip6TransportStats,
  BroadcastResendDropReason,
  DropReason,
  TransportCounters,
  TransportDropReason,
} from "./stats.js";
export { type Clock, systemClock } from "./clock.js";
export { ManualClock, type ManualClockOptions } from "./manual-clock.js";
export { type Logger, type LogMethod, silentLogger } from "./logger.js";
export type { RegistrationSnapshot } from "./core/role-foreign-device.js";
export { TransportCore } from "./core/core.js";
export type { CoreConfig, CoreRoleConfig } from "./core/config.js";
export type { Backoff } from "./core/backoff.js";
export type {
  CompleteAction,
  CoreAction,
  CoreEventAction,
  CoreFanOutAction,
  CoreMulticastAction,
  CoreOutput,
  CoreSendAction,
  DeliverNpduAction,
  FailAction,
  RequestId,
  ResolvedAction,
  TransportEventRecord,
} from "./core/actions.js";
export { ARRIVAL } from "./core/provenance.js";
export { isConfirmedRequest } from "./core/npdu-header.js";
export type { BbmdSnapshot } from "@bip6/bbmd6";
export type { VmacTableEntry } from "@bip6/vmac-cache";
