import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";

/**
 * The part of `Bip6Transport` (from `@bip6/bip6-transport`) the adapter uses. Written as an
 * interface so that the adapter states exactly what it relies on; a `Bip6Transport` is one.
 */

/** One NPDU the datalink delivered, with its original source (also when a BBMD relayed it). */
export interface DatalinkNpdu {
  /** The NPDU (a view; copy it to keep it). */
  readonly npdu: Uint8Array;
  /** VMAC of the node that sent it first. */
  readonly sourceVmac: Vmac;
  /** B/IPv6 address of that node. */
  readonly source: Bip6Address;
  /** True when it was a broadcast (multicast, Forwarded-NPDU or Distribute-Broadcast). */
  readonly broadcast: boolean;
}

/** Foreign-device registration state, as the datalink reports it. */
export type DatalinkRegistrationState = "unregistered" | "registering" | "registered" | "refused" | "lost";

/** A snapshot of the datalink's foreign-device registration. */
export interface DatalinkRegistration {
  /** Where the registration stands. */
  readonly state: DatalinkRegistrationState;
}

/** A registration event of the datalink (those of `@bip6/foreign-device6`): a state change, a confirmation or a refusal. */
export type DatalinkRegistrationEvent =
  | { readonly type: "state"; readonly from: DatalinkRegistrationState; readonly to: DatalinkRegistrationState }
  | { readonly type: "confirmed" }
  | { readonly type: "refused"; readonly resultCode: number };

/** The BACnet/IPv6 datalink the adapter drives. */
export interface Bip6Datalink {
  /** This node's VMAC. */
  readonly vmac: Vmac;
  /** The unicast address datagrams leave from. */
  readonly localAddress: Bip6Address;
  /** Plain node, BBMD or foreign device. */
  readonly role: "node" | "bbmd" | "foreign-device";
  /** True once closed. */
  readonly closed: boolean;
  /** Sends `npdu` to one peer, by VMAC or by B/IPv6 address. */
  sendUnicast(npdu: Uint8Array, to: Vmac | Bip6Address): Promise<void>;
  /** Broadcasts `npdu` as the role does it (multicast, Distribute-Broadcast, plus BBMD fan-out). */
  sendBroadcast(npdu: Uint8Array): Promise<void>;
  /** Learns the VMAC behind a B/IPv6 address by Virtual-Address-Resolution. */
  resolveVmac(to: Bip6Address): Promise<Vmac>;
  /** Received NPDUs. */
  on(name: "npdu", listener: (message: DatalinkNpdu) => void): () => void;
  /** Failures reported after the call that caused them returned. */
  on(name: "error", listener: (error: Error) => void): () => void;
  /** The datalink closed (by `close()`, its signal, or a fatal error). */
  on(name: "close", listener: () => void): () => void;
  /** A foreign device's registration changed. */
  on(name: "registration", listener: (event: DatalinkRegistrationEvent) => void): () => void;
  /** The foreign-device registration, or `undefined` in another role. */
  registration(): DatalinkRegistration | undefined;
  /** Closes the datalink; idempotent. */
  close(): Promise<void>;
}
