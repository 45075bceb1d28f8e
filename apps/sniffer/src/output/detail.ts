import { type DecodedField, walkFields } from "../fields/field.js";

/** `-V`: the field tree as tshark prints packet details, four spaces per level, one field per line. */
export function formatDetail(layers: readonly DecodedField[]): string {
  let out = "";
  walkFields(layers, (f, depth) => {
    out += `${"    ".repeat(depth)}${f.label}\n`;
  });
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * `-x`: octets as tshark's hex and ASCII dump: a 4-digit hex offset, 16 octets per line in hex,
 * then the same octets as ASCII (`.` for anything not printable).
 */
export function formatHexDump(bytes: Uint8Array): string {
  let out = "";
  const digits = bytes.length > 0x10000 ? 8 : 4;
  for (let o = 0; o < bytes.length; o += 16) {
    let hex = "";
    let text = "";
    for (let i = o; i < Math.min(o + 16, bytes.length); i++) {
      const b = bytes[i] as number;
      hex += (i === o ? "" : " ") + (HEX[b] as string);
      text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
    }
    out += `${o.toString(16).padStart(digits, "0")}  ${hex.padEnd(47)}   ${text}\n`;
  }
  return out;
}
