/**
 * The foreign-device side of BACnet/IPv6 (ASHRAE 135 Annex U.4.5) as a sans-IO state
 * machine: decoded frames, their senders and the current time go in; frames to send, NPDUs
 * to deliver, events and the next wake-up time come out. No sockets, timers or wall clock.
 *
 * @packageDocumentation
 */
export { ForeignDevice } from "./foreign-device.js";
export {
  type BeforeRegistrationPolicy,
  DEFAULT_MAX_QUEUED,
  DEFAULT_RETRY,
  type ForeignDeviceConfig,
  MAX_QUEUED_LIMIT,
  type ResolvedForeignDeviceConfig,
  type RetryPolicy,
  resolveConfig,
} from "./config.js";
export { nextAttemptAt, retryDelay } from "./backoff.js";
export { ForeignDeviceError, type ForeignDeviceErrorCode } from "./errors.js";
export { MAX_TIME_MS } from "@bip6/bvll6-codec";
export type {
  BroadcastFailedAction,
  BroadcastFailureReason,
  ConfirmedEvent,
  DeliverAction,
  EventAction,
  FdAction,
  FdDropReason,
  FdHandleOutput,
  FdOutput,
  ForeignDeviceEvent,
  ForeignDeviceState,
  ForeignDeviceStats,
  HandleVerdict,
  RefusedEvent,
  ResolveFailedAction,
  SendAction,
  StateChangeReason,
  StateEvent,
  UnknownResultEvent,
} from "./actions.js";
