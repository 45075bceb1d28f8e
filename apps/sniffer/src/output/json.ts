import { type Bip6Address, type Bvll6Frame, frameSourceVmac } from "@bip6/bvll6-codec";
import type { FrameRecord } from "../decode/record.js";
import { type DecodedField, type FieldValue, walkFields } from "../fields/field.js";
import { decodeNpdu } from "../npdu.js";

/**
 * One frame as Wireshark fields: numbers are JSON numbers (VMACs in decimal, as tshark prints
 * them), addresses RFC 5952 text. Only the fields tshark shows for the frame's function are
 * present, then the NPDU's bacnet.* / bacapp.* fields (a name that occurs several times holds
 * an array); a decode error is under `bip6.error` as `{ code, message }`.
 */
export type WiresharkFields = Record<string, FieldValue | FieldValue[] | { code: string; message: string }>;

/**
 * The decoder's fields (not the layer nodes) as name → value, a repeated name → its values in
 * order: what `--json` adds after the bvlc fields.
 */
export function npduJsonMembers(layers: readonly DecodedField[]): Map<string, FieldValue | FieldValue[]> {
  const out = new Map<string, FieldValue | FieldValue[]>();
  walkFields(layers, (f, depth) => {
    if (depth === 0) return;
    const had = out.get(f.name);
    if (had === undefined) out.set(f.name, f.value);
    else if (Array.isArray(had)) had.push(f.value);
    else out.set(f.name, [had, f.value]);
  });
  return out;
}

/**
 * The NPDU's fields as JSON object members, each after a comma (`,"bacnet.version":1…`): a
 * name with one value holds it, a repeated name the array of its values. Names and values are
 * the decoder's: numbers, booleans, and strings JSON.stringify escapes.
 */
export function npduJsonText(members: Iterable<readonly [string, readonly FieldValue[]]>): string {
  let s = "";
  for (const [k, values] of members) {
    s += `,"${k}":`;
    if (values.length === 1) s += jsonValue(values[0] as FieldValue);
    else {
      s += "[";
      for (let i = 0; i < values.length; i++) s += (i === 0 ? "" : ",") + jsonValue(values[i] as FieldValue);
      s += "]";
    }
  }
  return s;
}

/** As JSON.stringify writes it (a NaN REAL becomes null, as in the record path). */
function jsonValue(v: FieldValue): string {
  return JSON.stringify(v);
}

function addOriginalSource(out: WiresharkFields, a: Bip6Address): void {
  out["bvlc.orig_source_addr"] = a.ip;
  out["bvlc.orig_source_port"] = a.port;
}

function addFrameFields(out: WiresharkFields, f: Bvll6Frame): void {
  const source = frameSourceVmac(f);
  if (source !== undefined) out["bvlc.virtual_source"] = source;
  switch (f.kind) {
    case "BvlcResult":
      out["bvlc.result"] = f.resultCode;
      return;
    case "OriginalUnicastNpdu":
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      out["bvlc.virtual_dest"] = f.destinationVmac;
      return;
    case "AddressResolution":
      out["bvlc.virtual_dest"] = f.targetVmac;
      return;
    case "ForwardedAddressResolution":
      // tshark shows the target as bvlc.virtual_dest here too.
      out["bvlc.virtual_dest"] = f.targetVmac;
      addOriginalSource(out, f.originalSource);
      return;
    case "ForwardedNpdu":
      addOriginalSource(out, f.originalSource);
      return;
    case "RegisterForeignDevice":
      out["bvlc.reg_ttl"] = f.timeToLive;
      return;
    case "DeleteForeignDeviceTableEntry":
      out["bvlc.fdt_ipv6"] = f.entry.ip;
      out["bvlc.fdt_port"] = f.entry.port;
      return;
    default:
      // The source VMAC only (or, for Secure-BVLL and unknown functions, nothing).
      return;
  }
}

/** The Wireshark-named fields of one record (see {@link WiresharkFields}). */
export function recordFields(r: FrameRecord): WiresharkFields {
  const out: WiresharkFields = {
    "frame.number": r.number,
    "frame.time_epoch": r.seconds + r.nanoseconds / 1e9,
    "frame.len": r.originalLength,
    "ipv6.src": r.source,
    "ipv6.dst": r.destination,
    "udp.srcport": r.sourcePort,
    "udp.dstport": r.destinationPort,
  };
  // Even a malformed frame shows the octets it has, as tshark does.
  if (r.bvll.length >= 1) out["bvlc.type"] = r.bvll[0] as number;
  if (r.bvll.length >= 2) out["bvlc.function_ipv6"] = r.bvll[1] as number;
  if (r.frame !== undefined) {
    addFrameFields(out, r.frame);
    if ("npdu" in r.frame) for (const [k, v] of npduJsonMembers(decodeNpdu(r.frame.npdu).fields)) out[k] = v;
  }
  if (r.error !== undefined) out["bip6.error"] = { code: r.error.code, message: r.error.message };
  return out;
}

/** One JSON Lines line (without the newline) for a record. */
export function formatJsonLine(r: FrameRecord): string {
  return JSON.stringify(recordFields(r));
}
