import { type Bvll6Frame, formatVmac, functionTitle, resultCodeTitle } from "@bip6/bvll6-codec";
import type { FrameRecord } from "../decode/record.js";

/** Seconds with six decimals from a nanosecond count, like tshark's relative time column. */
export function formatRelativeTime(nanoseconds: number): string {
  const sign = nanoseconds < 0 ? "-" : "";
  const us = Math.floor(Math.abs(nanoseconds) / 1000);
  return `${sign}${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}`;
}

const octets = (n: number): string => `${n} octet${n === 1 ? "" : "s"}`;

/** The function-specific part of a line: VMACs, addresses, NPDU size. */
export function frameDetail(f: Bvll6Frame): string {
  switch (f.kind) {
    case "BvlcResult":
      return `src ${formatVmac(f.sourceVmac)} result 0x${f.resultCode.toString(16).padStart(4, "0")} ${resultCodeTitle(f.resultCode)}`;
    case "OriginalUnicastNpdu":
      return `src ${formatVmac(f.sourceVmac)} dst ${formatVmac(f.destinationVmac)} npdu ${octets(f.npdu.length)}`;
    case "OriginalBroadcastNpdu":
    case "DistributeBroadcastToNetwork":
      return `src ${formatVmac(f.sourceVmac)} npdu ${octets(f.npdu.length)}`;
    case "AddressResolution":
      return `src ${formatVmac(f.sourceVmac)} target ${formatVmac(f.targetVmac)}`;
    case "ForwardedAddressResolution":
      return `src ${formatVmac(f.originalSourceVmac)} target ${formatVmac(f.targetVmac)} orig ${f.originalSource.toString()}`;
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      return `src ${formatVmac(f.sourceVmac)} dst ${formatVmac(f.destinationVmac)}`;
    case "VirtualAddressResolution":
      return `src ${formatVmac(f.sourceVmac)}`;
    case "ForwardedNpdu":
      return `src ${formatVmac(f.originalSourceVmac)} orig ${f.originalSource.toString()} npdu ${octets(f.npdu.length)}`;
    case "RegisterForeignDevice":
      return `src ${formatVmac(f.sourceVmac)} ttl ${f.timeToLive} s`;
    case "DeleteForeignDeviceTableEntry":
      return `src ${formatVmac(f.sourceVmac)} entry ${f.entry.toString()}`;
    case "SecureBvll":
      return `payload ${octets(f.payload.length)}`;
    case "Unknown":
      return `payload ${octets(f.payload.length)}`;
  }
}

/**
 * One text line per frame: number, time since the first packet, source → destination,
 * function and detail, e.g.
 * `   3   0.001234 [fd00::1]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 npdu 12 octets`.
 */
export function formatTextLine(r: FrameRecord): string {
  const head =
    `${String(r.number).padStart(4)} ${formatRelativeTime(r.relativeNanoseconds).padStart(10)} ` +
    `[${r.source}]:${r.sourcePort} → [${r.destination}]:${r.destinationPort}`;
  if (r.frame !== undefined) {
    const fn = r.frame.kind === "Unknown" ? r.frame.functionCode : (r.bvll[1] as number);
    return `${head} ${functionTitle(fn)} ${frameDetail(r.frame)}`;
  }
  const err = r.error;
  const what = r.bvll.length >= 2 && r.bvll[0] === 0x82 ? `${functionTitle(r.bvll[1] as number)} ` : "";
  return `${head} ${what}[malformed ${err?.code ?? "?"}] ${err?.message ?? ""}`;
}
