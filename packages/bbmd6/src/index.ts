/**
 * The BBMD side of BACnet/IPv6 (ASHRAE 135 Annex U.4) as a sans-IO state machine: decoded
 * frames, their senders and the current time go in; frames to send or multicast, NPDUs to
 * deliver, events and the next wake-up time come out. No sockets, timers or wall clock.
 *
 * @packageDocumentation
 */
export { Bbmd } from "./bbmd.js";
export {
  type BbmdConfig,
  checkRoutable,
  resolveFanOutBudget,
  DEFAULT_MAX_BDT_ENTRIES,
  DEFAULT_MAX_FOREIGN_DEVICES,
  MAX_BDT_ENTRIES_LIMIT,
  MAX_FOREIGN_DEVICES_LIMIT,
  type ResolvedBbmdConfig,
  resolveConfig,
} from "./config.js";
export { BbmdError, type BbmdErrorCode } from "./errors.js";
export {
  DEFAULT_FAN_OUT_BUDGET,
  FAN_OUT_REPORT_INTERVAL_MS,
  type FanOutBudgetPolicy,
  MAX_FAN_OUT_SOURCES_LIMIT,
  type ResolvedFanOutBudget,
} from "./fan-out-budget.js";
export { MAX_TIME_MS } from "@bip6/bvll6-codec";
export type {
  BbmdAction,
  BbmdDropReason,
  BbmdEvent,
  BbmdHandleOutput,
  BbmdOutput,
  BbmdSnapshot,
  BbmdStats,
  BdtSnapshotEntry,
  DeliverAction,
  EventAction,
  FanOutThrottledEvent,
  FdtAddedEvent,
  FdtRemovalReason,
  FdtRemovedEvent,
  FdtSnapshotEntry,
  HandleVerdict,
  MulticastAction,
  RegistrationRefusalReason,
  RegistrationRefusedEvent,
  SendAction,
  Via,
} from "./actions.js";
