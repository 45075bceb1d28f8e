import { describeValue } from "./describe.js";
import { Bvll6ArgumentError } from "./errors.js";

/** BVLL6 function codes (annex-u.md §2), by name. */
export const Bvll6Function = {
  BvlcResult: 0x00,
  OriginalUnicastNpdu: 0x01,
  OriginalBroadcastNpdu: 0x02,
  AddressResolution: 0x03,
  ForwardedAddressResolution: 0x04,
  AddressResolutionAck: 0x05,
  VirtualAddressResolution: 0x06,
  VirtualAddressResolutionAck: 0x07,
  ForwardedNpdu: 0x08,
  RegisterForeignDevice: 0x09,
  DeleteForeignDeviceTableEntry: 0x0a,
  SecureBvll: 0x0b,
  DistributeBroadcastToNetwork: 0x0c,
} as const;

/** Name of a known BVLL6 function, also the `kind` of its decoded frame. */
export type Bvll6FunctionName = keyof typeof Bvll6Function;

/** Code of a known BVLL6 function. */
export type Bvll6FunctionCode = (typeof Bvll6Function)[Bvll6FunctionName];

const FUNCTION_TITLES: readonly string[] = [
  "BVLC-Result",
  "Original-Unicast-NPDU",
  "Original-Broadcast-NPDU",
  "Address-Resolution",
  "Forwarded-Address-Resolution",
  "Address-Resolution-ACK",
  "Virtual-Address-Resolution",
  "Virtual-Address-Resolution-ACK",
  "Forwarded-NPDU",
  "Register-Foreign-Device",
  "Delete-Foreign-Device-Table-Entry",
  "Secure-BVLL",
  "Distribute-Broadcast-To-Network",
];

const KINDS = Object.keys(Bvll6Function) as Bvll6FunctionName[];

/**
 * The standard's name of a function code (`Forwarded-NPDU`), or `Unknown-0x1f` for the other
 * octets. Throws `Bvll6ArgumentError` `OUT_OF_RANGE` for anything but an integer 0–0xFF.
 */
export function functionTitle(code: number): string {
  if (!isOctet(code)) {
    throw new Bvll6ArgumentError(
      "OUT_OF_RANGE",
      "code",
      `a BVLL function code is an integer 0-0xFF, got ${describeValue(code)}`,
    );
  }
  return FUNCTION_TITLES[code] ?? `Unknown-0x${code.toString(16).padStart(2, "0")}`;
}

/** The frame `kind` of a function code, or `undefined` for codes Annex U does not define (and non-codes). */
export function functionKind(code: number): Bvll6FunctionName | undefined {
  return isOctet(code) ? KINDS[code] : undefined;
}

function isOctet(value: unknown): value is number {
  return typeof value === "number" && (value & 0xff) === value;
}

/** BVLC-Result codes of Annex U (the function code shifted left 4 bits). Not the Annex J values. */
export const Bvll6ResultCode = {
  SuccessfulCompletion: 0x0000,
  AddressResolutionNak: 0x0030,
  VirtualAddressResolutionNak: 0x0060,
  RegisterForeignDeviceNak: 0x0090,
  DeleteForeignDeviceTableEntryNak: 0x00a0,
  DistributeBroadcastToNetworkNak: 0x00c0,
} as const;

/** A result code defined by Annex U. Decoded frames may carry any 16-bit value. */
export type Bvll6ResultCodeValue = (typeof Bvll6ResultCode)[keyof typeof Bvll6ResultCode];

const RESULT_TITLES: ReadonlyMap<number, string> = new Map([
  [0x0000, "Successful-Completion"],
  [0x0030, "Address-Resolution-NAK"],
  [0x0060, "Virtual-Address-Resolution-NAK"],
  [0x0090, "Register-Foreign-Device-NAK"],
  [0x00a0, "Delete-Foreign-Device-Table-Entry-NAK"],
  [0x00c0, "Distribute-Broadcast-To-Network-NAK"],
]);

/**
 * The standard's name of a result code, or `Unknown-0x0040` for codes Annex U does not
 * define. Throws `Bvll6ArgumentError` `OUT_OF_RANGE` for anything but an integer 0–0xFFFF.
 */
export function resultCodeTitle(code: number): string {
  if (typeof code !== "number" || (code & 0xffff) !== code) {
    throw new Bvll6ArgumentError(
      "OUT_OF_RANGE",
      "code",
      `a BVLC-Result code is an integer 0-0xFFFF, got ${describeValue(code)}`,
    );
  }
  return RESULT_TITLES.get(code) ?? `Unknown-0x${code.toString(16).padStart(4, "0")}`;
}

/** True for the six result codes Annex U defines. */
export function isKnownResultCode(code: number): code is Bvll6ResultCodeValue {
  return RESULT_TITLES.has(code);
}
