import { type Bvll6Frame, formatVmac, frameSourceVmac, functionTitle, resultCodeTitle } from "@bip6/bvll6-codec";
import type { FrameRecord } from "../decode/record.js";
import { summarizeNpdu } from "../npdu.js";

/** Seconds with six decimals from a nanosecond count, like tshark's relative time column. */
export function formatRelativeTime(nanoseconds: number): string {
  const sign = nanoseconds < 0 ? "-" : "";
  const us = Math.floor(Math.abs(nanoseconds) / 1000);
  return `${sign}${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}`;
}

const octets = (n: number): string => `${n} octet${n === 1 ? "" : "s"}`;
const summary = (npdu: Uint8Array): string => summarizeNpdu(npdu, 0, npdu.length);
/** `text` after a space, or nothing when it is empty. */
const spaced = (text: string): string => (text === "" ? "" : ` ${text}`);

/** What a line shows after the source VMAC: the other VMACs, addresses, sizes. */
function afterSource(f: Bvll6Frame): string {
  switch (f.kind) {
    case "BvlcResult":
      return `result 0x${f.resultCode.toString(16).padStart(4, "0")} ${resultCodeTitle(f.resultCode)}`;
    case "OriginalUnicastNpdu":
      return `dst ${formatVmac(f.destinationVmac)}${spaced(summary(f.npdu))}`;
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      return summary(f.npdu);
    case "AddressResolution":
      return `target ${formatVmac(f.targetVmac)}`;
    case "ForwardedAddressResolution":
      return `target ${formatVmac(f.targetVmac)} orig ${f.originalSource.toString()}`;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      return `dst ${formatVmac(f.destinationVmac)}`;
    case "VirtualAddressResolution":
      return "";
    case "ForwardedNpdu":
      return `orig ${f.originalSource.toString()}${spaced(summary(f.npdu))}`;
    case "RegisterForeignDevice":
      return `ttl ${f.timeToLive}`;
    case "DeleteForeignDeviceTableEntry":
      return `entry ${f.entry.toString()}`;
    case "SecureBvll":
    case "Unknown":
      return `payload ${octets(f.payload.length)}`;
  }
}

/** The function-specific part of a line: the source VMAC (if the function has one), then the rest. */
export function frameDetail(f: Bvll6Frame): string {
  const source = frameSourceVmac(f);
  const rest = afterSource(f);
  if (source === undefined) return rest;
  return rest === "" ? `src ${formatVmac(source)}` : `src ${formatVmac(source)} ${rest}`;
}

/**
 * One text line per frame: number, time since the first packet (or `timeText`), source →
 * destination, function, its fields and the NPDU's summary, e.g.
 * `   3   0.001234 [fd00::1]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is`.
 */
export function formatTextLine(r: FrameRecord, timeText?: string): string {
  const head =
    `${String(r.number).padStart(4)} ${timeText ?? formatRelativeTime(r.relativeNanoseconds).padStart(10)} ` +
    `[${r.source}]:${r.sourcePort} → [${r.destination}]:${r.destinationPort}`;
  if (r.frame !== undefined) return `${head} ${functionTitle(r.bvll[1] as number)} ${frameDetail(r.frame)}`;
  const err = r.error;
  const what = r.bvll.length >= 2 && r.bvll[0] === 0x82 ? `${functionTitle(r.bvll[1] as number)} ` : "";
  return `${head} ${what}[malformed ${err?.code ?? "?"}] ${err?.message ?? ""}`;
}
