import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import { type ClientFrame, annexJFunctionName } from "./annex-j.js";
import type { Bip6Datalink } from "./datalink.js";
import { Bip6BacnetError } from "./errors.js";
import { parseReceiver } from "./receiver.js";

/** What one client frame becomes on BACnet/IPv6. NPDUs are copies, safe to hold while the transport opens. */
export type Outbound =
  /** `sendUnicast(npdu, to)`. */
  | { readonly kind: "unicast"; readonly npdu: Uint8Array; readonly to: Vmac | Bip6Address; readonly receiver: string }
  /** `sendBroadcast(npdu)`; `distribute` when the client asked for Distribute-Broadcast-To-Network. */
  | { readonly kind: "broadcast"; readonly npdu: Uint8Array; readonly distribute: boolean }
  /** Register-Foreign-Device: answered from the transport's own registration, as if from `receiver`. */
  | { readonly kind: "register"; readonly receiver: string };

/** What the translation needs to know about the transport. */
export interface OutboundContext {
  /** The string `getBroadcastAddress()` returns: a unicast frame to it is a broadcast. */
  readonly broadcastReceiver: string;
}

function refused(message: string, receiver?: string): Bip6BacnetError {
  return new Bip6BacnetError("REFUSED_FUNCTION", message, receiver === undefined ? undefined : { receiver });
}

function unicastTarget(frame: { npdu: Uint8Array }, receiver: string | undefined, ctx: OutboundContext): Outbound {
  if (receiver === undefined || receiver === "") {
    throw new Bip6BacnetError("BAD_RECEIVER", "an Original-Unicast frame needs a receiver (receiver.address)");
  }
  if (receiver === ctx.broadcastReceiver)
    return { kind: "broadcast", npdu: new Uint8Array(frame.npdu), distribute: false };
  const parsed = parseReceiver(receiver);
  if (parsed.kind === "address" && parsed.address.isMulticast) {
    throw new Bip6BacnetError(
      "BAD_RECEIVER",
      `receiver ${receiver} is a multicast address; broadcast with no receiver (or ${ctx.broadcastReceiver})`,
      { receiver },
    );
  }
  const to = parsed.kind === "vmac" ? parsed.vmac : parsed.address;
  return { kind: "unicast", npdu: new Uint8Array(frame.npdu), to, receiver };
}

/**
 * Turns a parsed client frame and its receiver into the BACnet/IPv6 operation, or throws why it
 * has none: Forwarded-NPDU (relaying is the BBMD's job, and bip6 never hands the client a
 * Forwarded-NPDU it could answer with one) and the BDT/FDT/Result functions (BACnet/IPv6 has
 * no such messages for clients to send). Whether the role allows the operation is
 * {@link roleProblem}'s question.
 */
export function translateOutbound(frame: ClientFrame, receiver: string | undefined, ctx: OutboundContext): Outbound {
  switch (frame.kind) {
    case "unicast":
      return unicastTarget(frame, receiver, ctx);
    case "broadcast":
      if (receiver !== undefined && receiver !== "" && receiver !== ctx.broadcastReceiver) {
        throw new Bip6BacnetError("BAD_RECEIVER", `an Original-Broadcast frame names receiver ${receiver}`, {
          receiver,
        });
      }
      return { kind: "broadcast", npdu: new Uint8Array(frame.npdu), distribute: false };
    case "distribute-broadcast":
      return { kind: "broadcast", npdu: new Uint8Array(frame.npdu), distribute: true };
    case "register":
      return { kind: "register", receiver: receiver ?? "" };
    case "forwarded":
      throw refused(
        "Forwarded-NPDU is a BBMD's relay; bip6 relays itself and hands the client the original source, " +
          "so reply to that receiver with an ordinary unicast",
        receiver,
      );
    case "other":
      throw new Bip6BacnetError(
        "UNSUPPORTED_FUNCTION",
        `Annex J ${annexJFunctionName(frame.code)} has no BACnet/IPv6 counterpart a client may send`,
        receiver === undefined ? undefined : { receiver },
      );
  }
}

/**
 * Why the transport's `role` cannot carry `op`, or `undefined` when it can. Distribute-Broadcast
 * means something to a foreign device (its `sendBroadcast()` is Distribute-Broadcast to its
 * BBMD) and to a BBMD (its broadcast reaches its link, peers and foreign devices); a plain node
 * has nobody to distribute it. Register-Foreign-Device is answered from the transport's own
 * registration, so only a foreign device has one.
 */
export function roleProblem(op: Outbound, role: Bip6Datalink["role"]): Bip6BacnetError | undefined {
  const receiver = op.kind === "broadcast" ? undefined : op.receiver;
  if (op.kind === "broadcast" && op.distribute && role === "node") {
    return refused(
      "Distribute-Broadcast-To-Network needs a BBMD registration: open the transport with " +
        'role: { kind: "foreign-device", bbmd, timeToLive } (whoIsThroughBBMD then reaches the whole network)',
      receiver,
    );
  }
  if (op.kind === "register" && role !== "foreign-device") {
    return refused(
      "Register-Foreign-Device: on BACnet/IPv6 the transport registers itself; open it with " +
        'role: { kind: "foreign-device", bbmd, timeToLive } instead of calling registerForeignDevice()',
      op.receiver,
    );
  }
  return undefined;
}
