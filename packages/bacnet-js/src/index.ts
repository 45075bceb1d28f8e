/**
 * BACnet/IPv6 for `@bacnet-js/client` 3.x: `createBip6Transport()` returns the object to pass as
 * `new Client({ transport })`. It translates the client's Annex J (BACnet/IPv4) frames into
 * BACnet/IPv6 sends through `@bip6/bip6-transport`, and hands received NPDUs back framed the
 * way the client expects, with each sender named by its VMAC (six hex digits).
 *
 * @packageDocumentation
 */
export { createBip6Transport } from "./create.js";
export {
  Bip6ClientTransport,
  type Bip6ClientTransportEvents,
  type Bip6ClientTransportHints,
  type Bip6ClientTransportState,
} from "./client-transport.js";
export { Bip6BacnetError, type Bip6BacnetErrorCode } from "./errors.js";
export { type Receiver, parseReceiver, receiverOf } from "./receiver.js";
export {
  type AdapterOptions,
  type CreateBip6TransportOptions,
  DEFAULT_MAX_PENDING_SENDS,
  type InjectedTransportOptions,
  MAX_PENDING_SENDS_LIMIT,
  type TransportOpenOptions,
} from "./options.js";
export type { Bip6BacnetStats } from "./stats.js";
export type {
  Bip6Datalink,
  DatalinkNpdu,
  DatalinkRegistration,
  DatalinkRegistrationEvent,
  DatalinkRegistrationState,
} from "./datalink.js";
export {
  ANNEX_J_FORWARDED_HEADER_LENGTH,
  ANNEX_J_HEADER_LENGTH,
  ANNEX_J_REGISTER_NAK,
  ANNEX_J_TYPE,
  AnnexJFunction,
  type ClientFrame,
  annexJResult,
  parseClientFrame,
  wrapNpdu,
} from "./annex-j.js";
export { MAX_PENDING_REGISTRATIONS } from "./registration-answers.js";
