import type { ApduInfo, BacnetDecode } from "./types.js";

/**
 * What the sniffer's findings and summary tables read from a decode, as small functions so
 * that their rules live in one place (see also `scanNpdu` for the allocation-free path).
 */

/** A BACnet-Confirmed-Request-PDU (type 0): what must never travel by broadcast (annex-u.md §3). */
export function isConfirmedRequest(apdu: ApduInfo | undefined): boolean {
  return apdu?.pduType === 0;
}

/** The service's name (`ReadProperty`, `I-Am` …), for Confirmed-Request, Unconfirmed-Request, SimpleACK, ComplexACK and Error. */
export function serviceName(apdu: ApduInfo | undefined): string | undefined {
  return apdu?.serviceName;
}

/** The invoke id that pairs a confirmed request with its answer (ACK, Error, Reject, Abort), for latency. */
export function invokeId(apdu: ApduInfo | undefined): number | undefined {
  return apdu?.invokeId;
}

/** Whether the APDU answers a confirmed request (SimpleACK, ComplexACK, Error, Reject, Abort). */
export function isResponse(apdu: ApduInfo | undefined): boolean {
  const t = apdu?.pduType;
  return t === 2 || t === 3 || t === 5 || t === 6 || t === 7;
}

/** The device instance an I-Am announces, for the talkers table; undefined for anything else. */
export function iAmDeviceInstance(decode: Pick<BacnetDecode, "apdu"> | undefined): number | undefined {
  const data = decode?.apdu?.data;
  return data?.kind === "i-am" ? data.device.instance : undefined;
}
