import { BVLC_TYPE_IPV6, MAX_NPDU_LENGTH, MAX_TIME_TO_LIVE } from "./constants.js";
import { npduProblem } from "./npdu.js";
import { Bvll6EncodeError } from "./errors.js";
import type { Bvll6Frame } from "./frames.js";
import { Bvll6Function } from "./functions.js";
import { isVmac, MAX_VMAC, writeVmac } from "./vmac.js";

const MAX_PAYLOAD = 0xffff - 4;

function checkVmac(value: number, field: string): void {
  if (!isVmac(value)) {
    throw new Bvll6EncodeError(
      "VMAC_OUT_OF_RANGE",
      field,
      `${field} must be an integer 0-0x${MAX_VMAC.toString(16).toUpperCase()}, got ${String(value)}`,
    );
  }
}

function checkUint16(value: number, field: string, code: "TTL_OUT_OF_RANGE" | "RESULT_CODE_OUT_OF_RANGE"): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_TIME_TO_LIVE) {
    throw new Bvll6EncodeError(code, field, `${field} must be an integer 0-65535, got ${String(value)}`);
  }
}

function checkNpdu(npdu: Uint8Array): void {
  if (npdu.length > MAX_NPDU_LENGTH) throw new Bvll6EncodeError("NPDU_TOO_LONG", "npdu", npduProblem(npdu) as string);
}

/**
 * Total encoded length of a frame in octets, after validating every field: VMACs 0–0xFFFFFF,
 * TTL and result code 0–65535, NPDU ≤ 1497 octets. Throws {@link Bvll6EncodeError}.
 */
export function encodedLength(frame: Bvll6Frame): number {
  switch (frame.kind) {
    case "BvlcResult":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkUint16(frame.resultCode, "resultCode", "RESULT_CODE_OUT_OF_RANGE");
      return 9;
    case "OriginalUnicastNpdu":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.destinationVmac, "destinationVmac");
      checkNpdu(frame.npdu);
      return 10 + frame.npdu.length;
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkNpdu(frame.npdu);
      return 7 + frame.npdu.length;
    case "AddressResolution":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.targetVmac, "targetVmac");
      return 10;
    case "ForwardedAddressResolution":
      checkVmac(frame.originalSourceVmac, "originalSourceVmac");
      checkVmac(frame.targetVmac, "targetVmac");
      return 28;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkVmac(frame.destinationVmac, "destinationVmac");
      return 10;
    case "VirtualAddressResolution":
      checkVmac(frame.sourceVmac, "sourceVmac");
      return 7;
    case "ForwardedNpdu":
      checkVmac(frame.originalSourceVmac, "originalSourceVmac");
      checkNpdu(frame.npdu);
      return 25 + frame.npdu.length;
    case "RegisterForeignDevice":
      checkVmac(frame.sourceVmac, "sourceVmac");
      checkUint16(frame.timeToLive, "timeToLive", "TTL_OUT_OF_RANGE");
      return 9;
    case "DeleteForeignDeviceTableEntry":
      checkVmac(frame.sourceVmac, "sourceVmac");
      return 25;
    case "SecureBvll":
    case "Unknown": {
      if (
        frame.kind === "Unknown" &&
        (!Number.isInteger(frame.functionCode) || frame.functionCode <= 0x0c || frame.functionCode > 0xff)
      ) {
        throw new Bvll6EncodeError(
          "FUNCTION_OUT_OF_RANGE",
          "functionCode",
          `an Unknown frame needs a function code 0x0D-0xFF, got ${String(frame.functionCode)}`,
        );
      }
      if (frame.payload.length > MAX_PAYLOAD) {
        throw new Bvll6EncodeError(
          "NPDU_TOO_LONG",
          "payload",
          `payload of ${frame.payload.length} octets does not fit the 16-bit length field`,
        );
      }
      return 4 + frame.payload.length;
    }
    default:
      throw new Bvll6EncodeError(
        "UNKNOWN_KIND",
        "kind",
        `unknown frame kind ${JSON.stringify((frame as { kind: unknown }).kind)}`,
      );
  }
}

/**
 * Encodes a frame. Without `target` it returns a new array; with `target` it writes at
 * `offset` and returns the written view (a `subarray` of `target`), so a sender can reuse
 * one buffer. Every field is validated first; nothing is written when validation fails.
 */
export function encodeFrame(frame: Bvll6Frame, target?: Uint8Array, offset = 0): Uint8Array {
  const length = encodedLength(frame);
  let out: Uint8Array;
  if (target === undefined) {
    out = new Uint8Array(length);
  } else {
    if (!Number.isInteger(offset) || offset < 0 || offset + length > target.length) {
      throw new Bvll6EncodeError(
        "BUFFER_TOO_SMALL",
        "target",
        `frame needs ${length} octets at offset ${offset}, buffer has ${target.length}`,
      );
    }
    out = target.subarray(offset, offset + length);
  }
  out[0] = BVLC_TYPE_IPV6;
  out[1] = frame.kind === "Unknown" ? frame.functionCode : Bvll6Function[frame.kind];
  out[2] = length >>> 8;
  out[3] = length & 0xff;
  switch (frame.kind) {
    case "BvlcResult":
      writeVmac(out, 4, frame.sourceVmac);
      out[7] = frame.resultCode >>> 8;
      out[8] = frame.resultCode & 0xff;
      break;
    case "OriginalUnicastNpdu":
      writeVmac(out, 4, frame.sourceVmac);
      writeVmac(out, 7, frame.destinationVmac);
      out.set(frame.npdu, 10);
      break;
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      writeVmac(out, 4, frame.sourceVmac);
      out.set(frame.npdu, 7);
      break;
    case "AddressResolution":
      writeVmac(out, 4, frame.sourceVmac);
      writeVmac(out, 7, frame.targetVmac);
      break;
    case "ForwardedAddressResolution":
      writeVmac(out, 4, frame.originalSourceVmac);
      writeVmac(out, 7, frame.targetVmac);
      frame.originalSource.writeTo(out, 10);
      break;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      writeVmac(out, 4, frame.sourceVmac);
      writeVmac(out, 7, frame.destinationVmac);
      break;
    case "VirtualAddressResolution":
      writeVmac(out, 4, frame.sourceVmac);
      break;
    case "ForwardedNpdu":
      writeVmac(out, 4, frame.originalSourceVmac);
      frame.originalSource.writeTo(out, 7);
      out.set(frame.npdu, 25);
      break;
    case "RegisterForeignDevice":
      writeVmac(out, 4, frame.sourceVmac);
      out[7] = frame.timeToLive >>> 8;
      out[8] = frame.timeToLive & 0xff;
      break;
    case "DeleteForeignDeviceTableEntry":
      writeVmac(out, 4, frame.sourceVmac);
      frame.entry.writeTo(out, 7);
      break;
    case "SecureBvll":
    case "Unknown":
      out.set(frame.payload, 4);
      break;
  }
  return out;
}
