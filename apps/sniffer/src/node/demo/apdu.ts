/**
 * The demo's BACnet: a tiny encoder for exactly the NPDUs its devices send (Who-Is, I-Am,
 * ReadProperty and its ComplexACK for a device's object-name), and a matcher for the two
 * requests they answer. Local NPDUs only (no DNET/SNET): the demo is one BACnet network.
 * The bytes are pinned by tests against the sniffer's decoder and tshark.
 *
 * @see ASHRAE 135 clause 20.1 (APDU encoding), 20.2 (tags), 16.9–16.10 (Who-Is, I-Am), 15.5 (ReadProperty)
 * @module
 */

/** BACnet object type `device` (clause 21, BACnetObjectType). */
export const DEVICE_OBJECT_TYPE = 8;
/** Property identifier `object-name` (clause 21, BACnetPropertyIdentifier). */
export const OBJECT_NAME = 77;
/** Largest APDU the demo devices accept, and announce in I-Am: the B/IPv6 maximum. */
export const DEMO_MAX_APDU = 1476;
/** Vendor identifier the demo devices announce: 0, ASHRAE's, as no vendor makes them. */
export const DEMO_VENDOR_ID = 0;

/** NPDU header: version 1, no routing; `expectingReply` for a confirmed request (clause 6.2.2). */
const npduHeader = (expectingReply: boolean): number[] => [0x01, expectingReply ? 0x04 : 0x00];

/** An unsigned number in the fewest octets (at least one), big-endian (clause 20.2.4). */
function unsignedOctets(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a 32-bit unsigned number: ${n}`);
  const out: number[] = [];
  let v = n;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return out;
}

/** A tag octet: number, class (context when `context`), and a length of 0–4 (clause 20.2.1). */
const tag = (number: number, context: boolean, length: number): number => (number << 4) | (context ? 0x08 : 0) | length;

/** An unsigned number as an application (tag 2) or context-tagged value. */
function unsigned(n: number, contextTag?: number): number[] {
  const v = unsignedOctets(n);
  return [tag(contextTag ?? 2, contextTag !== undefined, v.length), ...v];
}

/** A device's object identifier, four octets: type in the top 10 bits, instance in the low 22. */
function objectId(instance: number): number[] {
  if (!Number.isInteger(instance) || instance < 0 || instance > 0x3fffff) {
    throw new RangeError(`device instance must be 0-4194303, got ${instance}`);
  }
  const v = DEVICE_OBJECT_TYPE * 0x400000 + instance;
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** A Character String (application tag 7) in UTF-8, character set 0 (clause 20.2.9). */
function characterString(text: string): number[] {
  const value = [0x00, ...new TextEncoder().encode(text)];
  if (value.length > 253) throw new RangeError("object name too long for the demo's encoder");
  return value.length <= 4 ? [tag(7, false, value.length), ...value] : [tag(7, false, 5), value.length, ...value];
}

/**
 * Who-Is (unconfirmed request, service 8), for one device instance or every device.
 * @example whoIs(12) // 01 00 10 08 09 0c 19 0c
 */
export function whoIs(instance?: number): Uint8Array {
  const range = instance === undefined ? [] : [...unsigned(instance, 0), ...unsigned(instance, 1)];
  return Uint8Array.from([...npduHeader(false), 0x10, 0x08, ...range]);
}

/**
 * I-Am (unconfirmed request, service 0): the device, its max APDU, no segmentation, the vendor.
 * @example iAm(12) // 01 00 10 00 c4 0200000c 22 05c4 91 03 21 00
 */
export function iAm(instance: number): Uint8Array {
  return Uint8Array.from([
    ...npduHeader(false),
    0x10,
    0x00,
    tag(12, false, 4),
    ...objectId(instance),
    ...unsigned(DEMO_MAX_APDU),
    tag(9, false, 1),
    0x03, // segmentation: no-segmentation
    ...unsigned(DEMO_VENDOR_ID),
  ]);
}

/**
 * ReadProperty request (confirmed, service 12) of a device's object-name; the requester
 * accepts APDUs of 1476 octets, unsegmented.
 * @example readObjectName(1, 13) // 01 04 00 05 01 0c 0c 0200000d 19 4d
 */
export function readObjectName(invokeId: number, instance: number): Uint8Array {
  return Uint8Array.from([
    ...npduHeader(true),
    0x00, // confirmed request, not segmented, segmented response not accepted
    0x05, // max segments unspecified, max APDU 1476
    invokeId & 0xff,
    0x0c,
    tag(0, true, 4),
    ...objectId(instance),
    ...unsigned(OBJECT_NAME, 1),
  ]);
}

/**
 * The ReadProperty ComplexACK (service 12) with a device's object-name.
 * @example objectNameAck(1, 13, "Chiller") // 01 00 30 01 0c 0c 0200000d 19 4d 3e 75 08 00 "Chiller" 3f
 */
export function objectNameAck(invokeId: number, instance: number, name: string): Uint8Array {
  return Uint8Array.from([
    ...npduHeader(false),
    0x30,
    invokeId & 0xff,
    0x0c,
    tag(0, true, 4),
    ...objectId(instance),
    ...unsigned(OBJECT_NAME, 1),
    0x3e, // opening tag 3: property-value
    ...characterString(name),
    0x3f, // closing tag 3
  ]);
}

/** A ReadProperty ComplexACK with a device's object-name, as {@link objectNameAck} writes it. */
export interface ObjectNameAnswer {
  readonly invokeId: number;
  readonly instance: number;
  readonly name: string;
}

/** A request a demo device answers. */
export type DemoRequest =
  | { readonly kind: "who-is"; readonly low?: number; readonly high?: number }
  | { readonly kind: "read-property"; readonly invokeId: number; readonly instance: number; readonly property: number };

/** A context-tagged unsigned value of tag `number` at `at`: [value, next offset], or undefined. */
function contextUnsigned(b: Uint8Array, at: number, number: number): [number, number] | undefined {
  const t = b[at];
  if (t === undefined || t >> 4 !== number || (t & 0x08) === 0) return undefined;
  const n = t & 0x07;
  if (n < 1 || n > 4 || at + 1 + n > b.length) return undefined;
  let v = 0;
  for (let i = 1; i <= n; i++) v = v * 256 + (b[at + i] as number);
  return [v, at + 1 + n];
}

/** Four octets at `at`, big-endian, as an unsigned number (an object identifier). */
function readObjectId(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}

/**
 * Which of the demo's requests `npdu` is: a local Who-Is (with or without a range) or a
 * ReadProperty request without array index; anything else (routed NPDUs, other services,
 * network-layer messages) is `undefined`.
 */
export function demoRequest(npdu: Uint8Array): DemoRequest | undefined {
  // Version 1, no network-layer message, no DNET/SNET: the demo's NPDUs are all local.
  if (npdu.length < 4 || npdu[0] !== 0x01 || ((npdu[1] as number) & 0xa8) !== 0) return undefined;
  const a = 2;
  if (npdu[a] === 0x10 && npdu[a + 1] === 0x08) {
    if (npdu.length === a + 2) return { kind: "who-is" };
    const low = contextUnsigned(npdu, a + 2, 0);
    const high = low && contextUnsigned(npdu, low[1], 1);
    if (low === undefined || high === undefined || high[1] !== npdu.length) return undefined;
    return { kind: "who-is", low: low[0], high: high[0] };
  }
  // Confirmed request, unsegmented: type/flags, max segments/APDU, invoke id, service 12.
  if (((npdu[a] as number) & 0xf8) !== 0x00 || npdu[a + 3] !== 0x0c || npdu.length < a + 4 + 5 + 2) return undefined;
  if (npdu[a + 4] !== tag(0, true, 4)) return undefined;
  const at = a + 5;
  const id = readObjectId(npdu, at);
  if (id >>> 22 !== DEVICE_OBJECT_TYPE) return undefined;
  const property = contextUnsigned(npdu, at + 4, 1);
  if (property === undefined || property[1] !== npdu.length) return undefined;
  return { kind: "read-property", invokeId: npdu[a + 2] as number, instance: id & 0x3fffff, property: property[0] };
}

/** The device instance and name in a ComplexACK `npdu` as {@link objectNameAck} writes it, else `undefined`. */
export function objectNameAnswer(npdu: Uint8Array): ObjectNameAnswer | undefined {
  const a = 2;
  if (npdu.length < a + 12 || npdu[0] !== 0x01 || ((npdu[1] as number) & 0xa8) !== 0) return undefined;
  if (npdu[a] !== 0x30 || npdu[a + 2] !== 0x0c || npdu[a + 3] !== tag(0, true, 4)) return undefined;
  const at = a + 4;
  const id = readObjectId(npdu, at);
  if (id >>> 22 !== DEVICE_OBJECT_TYPE || npdu[at + 4] !== tag(1, true, 1) || npdu[at + 5] !== OBJECT_NAME)
    return undefined;
  let v = at + 6;
  if (npdu[v] !== 0x3e || npdu[npdu.length - 1] !== 0x3f) return undefined;
  v++;
  const t = npdu[v] as number;
  let length = t & 0x07;
  v++;
  if (t >> 4 !== 7 || (t & 0x08) !== 0) return undefined;
  if (length === 5) length = npdu[v++] ?? 0;
  if (length < 1 || v + length !== npdu.length - 1 || npdu[v] !== 0x00) return undefined;
  const name = new TextDecoder("utf-8", { fatal: false }).decode(npdu.subarray(v + 1, v + length));
  return { invokeId: npdu[a + 1] as number, instance: id & 0x3fffff, name };
}
