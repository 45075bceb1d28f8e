/**
 * Field values as tshark's `-T fields` and `-T json` print them: integers in the base tshark
 * shows the field in (hexadecimal ones padded to the field's width), booleans as 1/0, text as is.
 *
 * @module
 */
import type { FieldValue } from "./field.js";

/**
 * Fields tshark shows in hexadecimal, with the digits it pads them to (from `tshark -G fields`:
 * BASE_HEX, width of the field's type). The tshark oracle test keeps this in step with tshark.
 */
export const HEX_FIELDS: ReadonlyMap<string, number> = new Map([
  ["bvlc.type", 2],
  ["bvlc.function_ipv6", 2],
  ["bvlc.result", 4],
  ["bacnet.control", 2],
  ["bacnet.mesgtyp", 2],
  ["bacnet.portid", 2],
  ["bacnet.wrappercontrol", 2],
  ["bacnet.update_control", 2],
  ["bacapp.pduflags", 2],
  ["eth.type", 4],
  ["vlan.etype", 4],
  ["sll.etype", 4],
  ["udp.checksum", 4],
  ["ipv6.tclass", 8],
  ["ipv6.flow", 6],
]);

/** Octet-string fields, which `-T json` writes with colons between octets as tshark does. */
export const BYTES_FIELDS: ReadonlySet<string> = new Set(["udp.payload"]);

/** One value as tshark's `-T fields` prints it. */
export function fieldText(name: string, value: FieldValue): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    const digits = HEX_FIELDS.get(name);
    return digits === undefined || value < 0 || !Number.isInteger(value)
      ? String(value)
      : `0x${value.toString(16).padStart(digits, "0")}`;
  }
  return value;
}

/** One value as tshark's `-T json` writes it (octet strings with colons). */
export function jsonFieldText(name: string, value: FieldValue): string {
  const text = fieldText(name, value);
  return BYTES_FIELDS.has(name) ? (text.match(/../g) ?? []).join(":") : text;
}
