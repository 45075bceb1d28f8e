import type { Bip6Address } from "./address.js";
import { describeValue } from "./describe.js";
import { Bvll6ArgumentError } from "./errors.js";
import type { Vmac } from "./vmac.js";

/** BVLC-Result (0x00): answer to a request, with the answering node's VMAC. */
export interface BvlcResultFrame {
  readonly kind: "BvlcResult";
  readonly sourceVmac: Vmac;
  /** Any 16-bit value decodes; see `Bvll6ResultCode` for the defined ones. */
  readonly resultCode: number;
}

/** Original-Unicast-NPDU (0x01). */
export interface OriginalUnicastNpduFrame {
  readonly kind: "OriginalUnicastNpdu";
  readonly sourceVmac: Vmac;
  readonly destinationVmac: Vmac;
  /** A view into the datagram when decoded (no copy). */
  readonly npdu: Uint8Array;
}

/** Original-Broadcast-NPDU (0x02): sent to the multicast group. */
export interface OriginalBroadcastNpduFrame {
  readonly kind: "OriginalBroadcastNpdu";
  readonly sourceVmac: Vmac;
  readonly npdu: Uint8Array;
}

/** Address-Resolution (0x03): who has `targetVmac`? */
export interface AddressResolutionFrame {
  readonly kind: "AddressResolution";
  readonly sourceVmac: Vmac;
  readonly targetVmac: Vmac;
}

/** Forwarded-Address-Resolution (0x04): an Address-Resolution relayed by a BBMD. */
export interface ForwardedAddressResolutionFrame {
  readonly kind: "ForwardedAddressResolution";
  readonly originalSourceVmac: Vmac;
  readonly targetVmac: Vmac;
  /** The asker's B/IPv6 address: where the ACK goes (not the BBMD). */
  readonly originalSource: Bip6Address;
}

/** Address-Resolution-ACK (0x05): source = the resolved node, destination = the asker. */
export interface AddressResolutionAckFrame {
  readonly kind: "AddressResolutionAck";
  readonly sourceVmac: Vmac;
  readonly destinationVmac: Vmac;
}

/** Virtual-Address-Resolution (0x06): what is your VMAC? (unicast). */
export interface VirtualAddressResolutionFrame {
  readonly kind: "VirtualAddressResolution";
  readonly sourceVmac: Vmac;
}

/** Virtual-Address-Resolution-ACK (0x07): source = responder, destination = asker. */
export interface VirtualAddressResolutionAckFrame {
  readonly kind: "VirtualAddressResolutionAck";
  readonly sourceVmac: Vmac;
  readonly destinationVmac: Vmac;
}

/** Forwarded-NPDU (0x08): a broadcast relayed by a BBMD, carrying its originator. */
export interface ForwardedNpduFrame {
  readonly kind: "ForwardedNpdu";
  readonly originalSourceVmac: Vmac;
  readonly originalSource: Bip6Address;
  readonly npdu: Uint8Array;
}

/** Register-Foreign-Device (0x09). */
export interface RegisterForeignDeviceFrame {
  readonly kind: "RegisterForeignDevice";
  readonly sourceVmac: Vmac;
  /** Seconds, 0–65535. */
  readonly timeToLive: number;
}

/** Delete-Foreign-Device-Table-Entry (0x0A): `entry` names the FDT entry to delete. */
export interface DeleteForeignDeviceTableEntryFrame {
  readonly kind: "DeleteForeignDeviceTableEntry";
  readonly sourceVmac: Vmac;
  readonly entry: Bip6Address;
}

/** Secure-BVLL (0x0B): deprecated security wrapper; recognised, never sent, dropped by nodes. */
export interface SecureBvllFrame {
  readonly kind: "SecureBvll";
  readonly payload: Uint8Array;
}

/** Distribute-Broadcast-To-Network (0x0C): a foreign device's broadcast, sent to its BBMD. */
export interface DistributeBroadcastToNetworkFrame {
  readonly kind: "DistributeBroadcastToNetwork";
  /** The foreign device that originates the broadcast. */
  readonly sourceVmac: Vmac;
  readonly npdu: Uint8Array;
}

/** A function code Annex U does not define (0x0D–0xFF); decoded for the sniffer, dropped by nodes. */
export interface UnknownFrame {
  readonly kind: "Unknown";
  readonly functionCode: number;
  /** Everything after the 4-octet header. */
  readonly payload: Uint8Array;
}

/** A decoded (or to-be-encoded) BVLL6 message: one member per function, discriminated by `kind`. */
export type Bvll6Frame =
  | BvlcResultFrame
  | OriginalUnicastNpduFrame
  | OriginalBroadcastNpduFrame
  | AddressResolutionFrame
  | ForwardedAddressResolutionFrame
  | AddressResolutionAckFrame
  | VirtualAddressResolutionFrame
  | VirtualAddressResolutionAckFrame
  | ForwardedNpduFrame
  | RegisterForeignDeviceFrame
  | DeleteForeignDeviceTableEntryFrame
  | SecureBvllFrame
  | DistributeBroadcastToNetworkFrame
  | UnknownFrame;

/** Every `kind` a frame can have. */
export type Bvll6FrameKind = Bvll6Frame["kind"];

/** The frame member of one kind: `FrameOf<"ForwardedNpdu">`. */
export type FrameOf<K extends Bvll6FrameKind> = Extract<Bvll6Frame, { kind: K }>;

/** Frames that carry an NPDU. */
export type NpduFrame =
  OriginalUnicastNpduFrame | OriginalBroadcastNpduFrame | ForwardedNpduFrame | DistributeBroadcastToNetworkFrame;

/**
 * The VMAC a frame teaches about its originator: the source VMAC, or the original-source
 * VMAC of relayed frames. `undefined` for Secure-BVLL and unknown functions. Throws
 * `Bvll6ArgumentError` `INVALID_FRAME` for a value that is not a frame of a known kind.
 */
export function frameSourceVmac(frame: Bvll6Frame): Vmac | undefined {
  if (!isFrameKind(typeof frame === "object" && frame !== null ? frame.kind : undefined)) {
    throw new Bvll6ArgumentError(
      "INVALID_FRAME",
      "frame",
      `frameSourceVmac needs a BVLL6 frame with a known kind, got ${describeKind(frame)}`,
    );
  }
  switch (frame.kind) {
    case "ForwardedNpdu":
    case "ForwardedAddressResolution":
      return frame.originalSourceVmac;
    case "SecureBvll":
    case "Unknown":
      return undefined;
    default:
      return frame.sourceVmac;
  }
}

/** Every frame kind, as keys (`hasOwnProperty` of it is the kind check). */
export const FRAME_KINDS: { readonly [K in Bvll6FrameKind]: true } = {
  BvlcResult: true,
  OriginalUnicastNpdu: true,
  OriginalBroadcastNpdu: true,
  AddressResolution: true,
  ForwardedAddressResolution: true,
  AddressResolutionAck: true,
  VirtualAddressResolution: true,
  VirtualAddressResolutionAck: true,
  ForwardedNpdu: true,
  RegisterForeignDevice: true,
  DeleteForeignDeviceTableEntry: true,
  SecureBvll: true,
  DistributeBroadcastToNetwork: true,
  Unknown: true,
};

/** True for a string that is a frame `kind`. */
export function isFrameKind(kind: unknown): kind is Bvll6FrameKind {
  return typeof kind === "string" && Object.prototype.hasOwnProperty.call(FRAME_KINDS, kind);
}

/** "an object with kind \"Nope\"", "null" … for messages about values that should be frames. */
export function describeKind(frame: unknown): string {
  if (typeof frame !== "object" || frame === null) return describeValue(frame);
  return `an object with kind ${describeValue((frame as { kind?: unknown }).kind)}`;
}
