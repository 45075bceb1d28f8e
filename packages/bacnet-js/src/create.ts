import type { Bip6Transport } from "@bip6/bip6-transport";
import { Bip6ClientTransport } from "./client-transport.js";
import type { Bip6Datalink } from "./datalink.js";
import { Bip6BacnetError } from "./errors.js";
import { openDatalink } from "./open-datalink.js";
import {
  type AdapterOptions,
  type CreateBip6TransportOptions,
  DEFAULT_MAX_PENDING_SENDS,
  type InjectedTransportOptions,
  MAX_PENDING_SENDS_LIMIT,
  type TransportOpenOptions,
} from "./options.js";

function isInjected(options: CreateBip6TransportOptions): options is InjectedTransportOptions<Bip6Datalink> {
  return "transport" in options && options.transport !== undefined;
}

/**
 * The transport for `new Client({ transport })` on a `Bip6Transport` you opened yourself (or a
 * promise of one): closing the client closes it.
 */
export function createBip6Transport<D extends Bip6Datalink>(
  options: InjectedTransportOptions<D>,
): Bip6ClientTransport<D>;
/**
 * The transport to pass as `new Client({ transport })` of `@bacnet-js/client` 3.x, speaking
 * BACnet/IPv6 through bip6. `options` are those of `Bip6Transport.open` (interface, port,
 * multicast scope, VMAC or device instance, role: node / BBMD / foreign device, logger,
 * signal, `datagramPort` …) plus `maxPendingSends`. Nothing opens until the client calls
 * `open()` (in its constructor); `listening` follows once the transport is up.
 *
 * @example
 * ```ts
 * import bacnet from "@bacnet-js/client";
 * import { createBip6Transport } from "@bip6/bacnet-js";
 *
 * const client = new bacnet.default({ transport: createBip6Transport({ interface: "eth0" }) });
 * client.on("iAm", (msg) => console.log(msg.payload.deviceId, msg.header.sender.address)); // 1234 0004d2
 * client.on("listening", () => client.whoIs());
 * ```
 */
export function createBip6Transport(options: TransportOpenOptions & AdapterOptions): Bip6ClientTransport<Bip6Transport>;
export function createBip6Transport(options: CreateBip6TransportOptions): Bip6ClientTransport<Bip6Datalink> {
  if (typeof options !== "object" || options === null) {
    throw new Bip6BacnetError("INVALID_OPTION", "createBip6Transport() needs an options object");
  }
  const maxPendingSends = options.maxPendingSends ?? DEFAULT_MAX_PENDING_SENDS;
  if (!Number.isInteger(maxPendingSends) || maxPendingSends < 0 || maxPendingSends > MAX_PENDING_SENDS_LIMIT) {
    throw new Bip6BacnetError(
      "INVALID_OPTION",
      `maxPendingSends must be an integer 0-${MAX_PENDING_SENDS_LIMIT}, got ${String(maxPendingSends)}`,
    );
  }
  if (isInjected(options)) {
    const transport = options.transport;
    return new Bip6ClientTransport(() => transport, { maxPendingSends });
  }
  const { maxPendingSends: _adapterOnly, ...transportOptions } = options;
  return new Bip6ClientTransport((signal) => openDatalink(transportOptions, signal), {
    maxPendingSends,
    role: transportOptions.role?.kind ?? "node",
    port: transportOptions.port,
    multicastScope: transportOptions.multicastScope,
  });
}
