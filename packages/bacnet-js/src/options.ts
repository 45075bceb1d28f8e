import type { Bip6TransportOptions } from "@bip6/bip6-transport";
import type { Bip6Datalink } from "./datalink.js";

/** Default cap of sends the adapter holds while the transport is still opening. */
export const DEFAULT_MAX_PENDING_SENDS = 64;

/** Largest accepted `maxPendingSends`. */
export const MAX_PENDING_SENDS_LIMIT = 4096;

/** Options of the adapter itself, beside the transport's. */
export interface AdapterOptions {
  /**
   * How many sends the adapter holds while the transport opens (the client may send right
   * after its constructor returns); more throw `QUEUE_FULL`.
   *
   * @defaultValue 64
   */
  readonly maxPendingSends?: number;
}

/** Options of the BACnet/IPv6 transport the adapter opens: those of `Bip6Transport.open`. */
export type TransportOpenOptions = Bip6TransportOptions;

/** Use a transport you opened (or are opening) yourself; the adapter closes it on `close()`. */
export interface InjectedTransportOptions<D extends Bip6Datalink = Bip6Datalink> extends AdapterOptions {
  /** The datalink (a `Bip6Transport`), or a promise of it. */
  readonly transport: D | PromiseLike<D>;
}

/** What `createBip6Transport()` takes: the transport's options, or a transport to use. */
export type CreateBip6TransportOptions = (TransportOpenOptions & AdapterOptions) | InjectedTransportOptions;
