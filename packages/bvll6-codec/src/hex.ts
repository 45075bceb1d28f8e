import { isUint8Array } from "./bytes.js";
import { describeValue } from "./describe.js";
import { Bvll6ArgumentError } from "./errors.js";

/** Lower-case hex of `bytes` with no separators (`8203000a…`). Throws `INVALID_BYTES` for anything but a `Uint8Array`. */
export function bytesToHex(bytes: Uint8Array): string {
  if (!isUint8Array(bytes)) {
    throw new Bvll6ArgumentError(
      "INVALID_BYTES",
      "bytes",
      `bytesToHex needs a Uint8Array, got ${describeValue(bytes)}`,
    );
  }
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] as number).toString(16).padStart(2, "0");
  return out;
}

/**
 * Octets from hex text; spaces, colons and dashes between digits are ignored. Throws
 * `INVALID_HEX` for anything else (odd digit count, other characters, not a string).
 */
export function hexToBytes(hex: string): Uint8Array {
  const clean = typeof hex === "string" ? hex.replace(/[\s:-]/g, "") : undefined;
  if (clean === undefined || clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new Bvll6ArgumentError("INVALID_HEX", "hex", `not hex: ${describeValue(hex)}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
