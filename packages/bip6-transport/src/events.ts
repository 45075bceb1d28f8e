import type { BbmdEvent } from "@bip6/bbmd6";
import type { Bip6Address, Bip6Error, Bvll6FrameKind, Via, Vmac } from "@bip6/bvll6-codec";
import type { ForeignDeviceEvent } from "@bip6/foreign-device6";

/**
 * One NPDU for the network layer, as `on("npdu")` and `messages()` hand it out.
 *
 * `npdu` is a view into the received datagram, not a copy. Ports give every datagram its own
 * memory and the transport never writes to it, so the view stays valid for as long as you
 * keep it; every listener of one datagram sees the same view, so do not modify it.
 */
export interface ReceivedNpdu {
  /** The NPDU octets (a view into the datagram). */
  readonly npdu: Uint8Array;
  /** The originator's VMAC (for relayed frames the original source, never the BBMD). */
  readonly sourceVmac: Vmac;
  /** The originator's B/IPv6 address (for relayed frames the original source). */
  readonly source: Bip6Address;
  /** True for a broadcast (multicast, Forwarded-NPDU, Distribute-Broadcast-To-Network). */
  readonly broadcast: boolean;
  /** How the datagram reached this port. */
  readonly via: Via;
  /** The BBMD that relayed it, for a Forwarded-NPDU. */
  readonly relayedBy?: Bip6Address;
}

/** A VMAC table entry was created or changed its address (a restart on a new port, or two peers with one VMAC). */
export interface PeerEvent {
  /** `learned`: a new VMAC; `moved`: a known VMAC from another address (`previous`). */
  readonly change: "learned" | "moved";
  /** The peer's VMAC. */
  readonly vmac: Vmac;
  /** Its address now. */
  readonly address: Bip6Address;
  /** For `moved`: the address it had. */
  readonly previous?: Bip6Address;
  /** Another VMAC that held `address` and was removed (a node that changed VMAC). */
  readonly displacedVmac?: Vmac;
  /** When, ms. */
  readonly at: number;
}

/** Another node uses our VMAC. */
export interface VmacCollisionEvent {
  /** The VMAC in question (ours, or the candidate being probed). */
  readonly vmac: Vmac;
  /** The other node's address. */
  readonly from: Bip6Address;
  /** The frame that showed it. */
  readonly frame: Bvll6FrameKind;
  /**
   * `repick`: a random VMAC, now replaced (see `vmac-changed`); `report`: an instance or fixed
   * VMAC, or a BBMD's (whose registrations are keyed to it), kept; `probe`: the candidate being
   * probed was answered, another one is tried.
   */
  readonly action: "repick" | "report" | "probe";
  /** When, ms. */
  readonly at: number;
}

/** Our VMAC changed (a random VMAC re-picked after a collision or an answered probe). */
export interface VmacChangedEvent {
  /** The VMAC before. */
  readonly previous: Vmac;
  /** The VMAC now (being probed until the probe passes). */
  readonly vmac: Vmac;
  /** Why. */
  readonly reason: "collision" | "probe-answered";
  /** When, ms. */
  readonly at: number;
}

/**
 * Foreign-device registration: state changes, confirmations, refusals with their result code
 * (`@bip6/foreign-device6`'s events; undefined result codes are the `unknown-result` event).
 */
export type RegistrationEvent = Exclude<ForeignDeviceEvent, { readonly type: "unknown-result" }>;

/** A BBMD table change: `fdt-added`, `fdt-removed`, `registration-refused`. */
export type TransportBbmdEvent = BbmdEvent;

/** Address resolution gave up. */
export interface ResolutionFailedEvent {
  /** `address-resolution` for a VMAC, `virtual-address-resolution` for an address. */
  readonly kind: "address-resolution" | "virtual-address-resolution";
  /** The VMAC asked for (Address-Resolution). */
  readonly vmac?: Vmac;
  /** The address asked (Virtual-Address-Resolution). */
  readonly address?: Bip6Address;
  /** Resolutions sent. */
  readonly attempts: number;
  /** Sends and resolve calls rejected with it. */
  readonly requests: number;
  /** The NAK that ended it early (0x0030 from our BBMD); absent when it timed out. */
  readonly resultCode?: number;
  /** When, ms. */
  readonly at: number;
}

/** A BVLC-Result whose code Annex U does not define (one Python stack sends 0x0040–0x0070). */
export interface UnknownResultEvent {
  /** The code. */
  readonly resultCode: number;
  /** Who sent it. */
  readonly from: Bip6Address;
  /** Its source VMAC. */
  readonly sourceVmac: Vmac;
  /** When, ms. */
  readonly at: number;
}

/**
 * A relayed frame whose original source is link-local: on another link, so unreachable from
 * here. It is delivered (or ignored) but never learned as a peer on our link.
 */
export interface UnreachableSourceEvent {
  /** The original-source address named in the frame. */
  readonly source: Bip6Address;
  /** Its VMAC. */
  readonly sourceVmac: Vmac;
  /** The BBMD that relayed it. */
  readonly relayedBy: Bip6Address;
  /** Forwarded-NPDU or Forwarded-Address-Resolution. */
  readonly frame: Bvll6FrameKind;
  /** When, ms. */
  readonly at: number;
}

/** The transport closed. */
export interface CloseEvent {
  /** When, ms. */
  readonly at: number;
}

/** Every event of a transport, by name: `on(name, listener)`. */
export interface Bip6TransportEvents {
  /** A received NPDU for the network layer. */
  npdu: ReceivedNpdu;
  /** A peer learned or moved. */
  peer: PeerEvent;
  /** Another node uses our VMAC. */
  "vmac-collision": VmacCollisionEvent;
  /** Our (random) VMAC changed. */
  "vmac-changed": VmacChangedEvent;
  /** Foreign-device registration progress and refusals. */
  registration: RegistrationEvent;
  /** An Address-Resolution or Virtual-Address-Resolution gave up. */
  "resolution-failed": ResolutionFailedEvent;
  /** A BVLC-Result code Annex U does not define. */
  "unknown-result": UnknownResultEvent;
  /** A relayed link-local original source. */
  "unreachable-source": UnreachableSourceEvent;
  /** BBMD table changes. */
  bbmd: TransportBbmdEvent;
  /** Errors the socket reports after the fact, and failed fan-out sends. Never thrown. */
  error: Bip6Error;
  /** The transport closed. */
  close: CloseEvent;
}

/** An event name. */
export type Bip6TransportEventName = keyof Bip6TransportEvents;

/** Every event name, for subscribing to all of them (a CLI printing JSON Lines). */
export const TRANSPORT_EVENT_NAMES: readonly Bip6TransportEventName[] = Object.freeze([
  "npdu",
  "peer",
  "vmac-collision",
  "vmac-changed",
  "registration",
  "resolution-failed",
  "unknown-result",
  "unreachable-source",
  "bbmd",
  "error",
  "close",
]);

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    let hex = "";
    for (let i = 0; i < value.length; i++) hex += (value[i] as number).toString(16).padStart(2, "0");
    return hex;
  }
  if (value instanceof Error) {
    return { name: value.name, code: (value as { code?: unknown }).code, message: value.message };
  }
  if (value !== null && typeof value === "object") {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === "function") return toJSON.call(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * An event as a plain JSON-ready object `{ event: name, ...fields }`: octets as hex, addresses
 * as `[ip]:port` text, errors as `{ name, code, message }`. For JSON Lines output and logs.
 *
 * @example
 * ```ts
 * for (const name of TRANSPORT_EVENT_NAMES) t.on(name, (e) => console.log(JSON.stringify(eventRecord(name, e))));
 * ```
 */
export function eventRecord<K extends Bip6TransportEventName>(
  name: K,
  event: Bip6TransportEvents[K],
): Record<string, unknown> {
  return { event: name, ...(plain(event) as Record<string, unknown>) };
}
