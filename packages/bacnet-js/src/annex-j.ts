import { npduProblem } from "@bip6/bvll6-codec";
import { Bip6BacnetError } from "./errors.js";

/**
 * The Annex J (BACnet/IPv4) BVLC vocabulary `@bacnet-js/client` writes and parses itself. The
 * client frames every NPDU it sends with one of these headers and expects received NPDUs
 * framed the same way; the adapter translates between them and BACnet/IPv6 sends.
 */

/** BVLC type octet of BACnet/IPv4 (Annex J), the one the client writes and checks. */
export const ANNEX_J_TYPE = 0x81;

/** Length of the Annex J header the client puts before an NPDU: type, function, 2-octet length. */
export const ANNEX_J_HEADER_LENGTH = 4;

/** Length of the Forwarded-NPDU header (the header plus a 6-octet IPv4 address and port). */
export const ANNEX_J_FORWARDED_HEADER_LENGTH = 10;

/** Annex J BVLC function codes (they differ from the BVLL6 ones of Annex U). */
export const AnnexJFunction = {
  /** BVLC-Result. */
  Result: 0x00,
  /** Write-Broadcast-Distribution-Table. */
  WriteBdt: 0x01,
  /** Read-Broadcast-Distribution-Table. */
  ReadBdt: 0x02,
  /** Read-Broadcast-Distribution-Table-Ack. */
  ReadBdtAck: 0x03,
  /** Forwarded-NPDU (with the originating IPv4 address and port). */
  ForwardedNpdu: 0x04,
  /** Register-Foreign-Device (with a 2-octet time-to-live). */
  RegisterForeignDevice: 0x05,
  /** Read-Foreign-Device-Table. */
  ReadFdt: 0x06,
  /** Read-Foreign-Device-Table-Ack. */
  ReadFdtAck: 0x07,
  /** Delete-Foreign-Device-Table-Entry. */
  DeleteFdtEntry: 0x08,
  /** Distribute-Broadcast-To-Network. */
  DistributeBroadcast: 0x09,
  /** Original-Unicast-NPDU. */
  OriginalUnicast: 0x0a,
  /** Original-Broadcast-NPDU. */
  OriginalBroadcast: 0x0b,
  /** Secure-BVLL. */
  SecureBvll: 0x0c,
} as const;

/** Annex J BVLC-Result code for a refused Register-Foreign-Device (0x0030 in Annex J; Annex U uses 0x0090). */
export const ANNEX_J_REGISTER_NAK = 0x0030;

/** What one buffer the client handed to `send()` asks for, with its NPDU as a view into that buffer. */
export type ClientFrame =
  /** Original-Unicast-NPDU: send `npdu` to the receiver. */
  | { readonly kind: "unicast"; readonly npdu: Uint8Array }
  /** Original-Broadcast-NPDU: broadcast `npdu`. */
  | { readonly kind: "broadcast"; readonly npdu: Uint8Array }
  /** Distribute-Broadcast-To-Network: broadcast `npdu` network-wide through a BBMD. */
  | { readonly kind: "distribute-broadcast"; readonly npdu: Uint8Array }
  /** Register-Foreign-Device with the requested time-to-live (seconds). */
  | { readonly kind: "register"; readonly timeToLive: number }
  /** Forwarded-NPDU: a BBMD's relay of `npdu`. */
  | { readonly kind: "forwarded"; readonly npdu: Uint8Array }
  /** Any other function code (BDT/FDT tables, BVLC-Result, Secure-BVLL, unknown). */
  | { readonly kind: "other"; readonly code: number };

function malformed(message: string): Bip6BacnetError {
  return new Bip6BacnetError("MALFORMED_FRAME", message);
}

function npduAfter(bytes: Uint8Array, header: number, length: number): Uint8Array {
  if (length <= header) throw malformed(`frame of ${length} octets has no NPDU after its ${header}-octet header`);
  const npdu = bytes.subarray(header, length);
  const problem = npduProblem(npdu);
  if (problem !== undefined) throw new Bip6BacnetError("NPDU_TOO_LONG", problem);
  return npdu;
}

/**
 * Reads the first `length` octets of `buffer` as the Annex J frame the client built. Throws a
 * `MALFORMED_FRAME` error when they are not one (the client writes past its buffer when an
 * APDU does not fit: that shows up here as a length beyond the buffer), and `NPDU_TOO_LONG`
 * for an NPDU over 1497 octets.
 */
export function parseClientFrame(buffer: unknown, length: unknown): ClientFrame {
  if (!(buffer instanceof Uint8Array)) throw malformed(`the client passed ${typeof buffer} instead of a Buffer`);
  if (typeof length !== "number" || !Number.isInteger(length) || length < ANNEX_J_HEADER_LENGTH) {
    throw malformed(`frame length ${String(length)} is not an integer of at least ${ANNEX_J_HEADER_LENGTH}`);
  }
  if (length > buffer.length) {
    throw malformed(
      `the client wrote ${length} octets into its ${buffer.length}-octet buffer: the APDU does not fit unsegmented`,
    );
  }
  if (buffer[0] !== ANNEX_J_TYPE) {
    throw malformed(`BVLC type 0x${(buffer[0] as number).toString(16).padStart(2, "0")} is not Annex J's 0x81`);
  }
  const declared = ((buffer[2] as number) << 8) | (buffer[3] as number);
  if (declared !== length) throw malformed(`BVLC length field says ${declared} octets, the frame has ${length}`);
  const code = buffer[1] as number;
  switch (code) {
    case AnnexJFunction.OriginalUnicast:
      return { kind: "unicast", npdu: npduAfter(buffer, ANNEX_J_HEADER_LENGTH, length) };
    case AnnexJFunction.OriginalBroadcast:
      return { kind: "broadcast", npdu: npduAfter(buffer, ANNEX_J_HEADER_LENGTH, length) };
    case AnnexJFunction.DistributeBroadcast:
      return { kind: "distribute-broadcast", npdu: npduAfter(buffer, ANNEX_J_HEADER_LENGTH, length) };
    case AnnexJFunction.ForwardedNpdu:
      return { kind: "forwarded", npdu: npduAfter(buffer, ANNEX_J_FORWARDED_HEADER_LENGTH, length) };
    case AnnexJFunction.RegisterForeignDevice:
      if (length !== ANNEX_J_HEADER_LENGTH + 2) {
        throw malformed(`Register-Foreign-Device must be 6 octets, got ${length}`);
      }
      return { kind: "register", timeToLive: ((buffer[4] as number) << 8) | (buffer[5] as number) };
    default:
      return { kind: "other", code };
  }
}

/**
 * Frames a received NPDU the way the client expects it: a fresh `Buffer` holding the Annex J
 * header (0x81, 0x0b for a broadcast or 0x0a for a unicast, the length) and a copy of the NPDU.
 * Fresh because the client keeps slices of it (segments of a segmented response) after the
 * `message` event returns.
 */
export function wrapNpdu(npdu: Uint8Array, broadcast: boolean): Buffer {
  const length = ANNEX_J_HEADER_LENGTH + npdu.length;
  const out = Buffer.allocUnsafe(length);
  out[0] = ANNEX_J_TYPE;
  out[1] = broadcast ? AnnexJFunction.OriginalBroadcast : AnnexJFunction.OriginalUnicast;
  out[2] = length >> 8;
  out[3] = length & 0xff;
  out.set(npdu, ANNEX_J_HEADER_LENGTH);
  return out;
}

/** An Annex J BVLC-Result with `resultCode`, as the client parses it (for its `registerForeignDevice()`). */
export function annexJResult(resultCode: number): Buffer {
  return Buffer.from([ANNEX_J_TYPE, AnnexJFunction.Result, 0x00, 0x06, resultCode >> 8, resultCode & 0xff]);
}

/** A readable name of an Annex J function code, for error messages. */
export function annexJFunctionName(code: number): string {
  const entry = Object.entries(AnnexJFunction).find(([, value]) => value === code);
  return `${entry?.[0] ?? "unknown function"} (0x${code.toString(16).padStart(2, "0")})`;
}
