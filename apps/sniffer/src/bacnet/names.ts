import { ERROR_CLASS_NAMES, ERROR_CLASS_TSHARK, ERROR_CODE_NAMES, ERROR_CODE_TSHARK } from "./enums/errors.js";
import { OBJECT_TYPE_NAMES, OBJECT_TYPE_TSHARK } from "./enums/object-types.js";
import { PROPERTY_NAMES, PROPERTY_NAMES_HIGH, PROPERTY_TSHARK } from "./enums/properties.js";
import {
  CONFIRMED_SERVICE_NAMES,
  CONFIRMED_SERVICE_TSHARK,
  UNCONFIRMED_SERVICE_NAMES,
  UNCONFIRMED_SERVICE_TSHARK,
} from "./enums/services.js";
import {
  ABORT_REASON_NAMES,
  BINARY_PV_NAMES,
  DEVICE_STATUS_NAMES,
  EVENT_STATE_NAMES,
  EVENT_TYPE_NAMES,
  NETWORK_MESSAGE_NAMES,
  NETWORK_MESSAGE_TSHARK,
  NOTIFY_TYPE_NAMES,
  POLARITY_NAMES,
  REJECT_REASON_NAMES,
  RELIABILITY_NAMES,
  RESTART_REASON_NAMES,
  SEGMENTATION_NAMES,
} from "./enums/small.js";
import { UNITS_NAMES, UNITS_NAMES_HIGH } from "./enums/units.js";

/**
 * One enumeration of the standard: names by value, the proprietary range, and the names
 * Wireshark prints where they differ. The packed strings are split on first use, so an
 * enumeration nobody asks for costs nothing.
 */
export class Enumeration {
  #names: readonly string[] | undefined;
  #high: readonly string[] | undefined;
  #tshark: ReadonlyMap<number, string> | undefined;
  #bytes: (Uint8Array | undefined)[] | undefined;

  /**
   * @param what - the enumeration's name in fallbacks (`property` → `proprietary-property(1000)`)
   * @param packed - standard names from value 0, comma-separated (`""` = unassigned)
   * @param isProprietary - whether a value is in a range the standard leaves to vendors
   * @param tsharkPacked - `value=name` pairs where Wireshark prints another name
   * @param highBase - first value of `packedHigh`, a second range of standard names
   */
  constructor(
    readonly what: string,
    private readonly packed: string,
    private readonly isProprietary: (n: number) => boolean,
    private readonly tsharkPacked = "",
    private readonly highBase = 0,
    private readonly packedHigh = "",
  ) {}

  /** The standard name of `n`, or `undefined` when the standard (as known here) has none. */
  known(n: number): string | undefined {
    this.#names ??= this.packed.split(",");
    let name = this.#names[n];
    if (name === undefined && this.packedHigh !== "" && n >= this.highBase) {
      this.#high ??= this.packedHigh.split(",");
      name = this.#high[n - this.highBase];
    }
    return name === "" ? undefined : name;
  }

  /**
   * {@link name} as ASCII octets, cached for the values of the first range: the summary path
   * copies these instead of reading characters out of substrings.
   */
  bytes(n: number): Uint8Array {
    const cache = (this.#bytes ??= []);
    const known = cache[n];
    if (known !== undefined) return known;
    const s = this.name(n);
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    if (n < 1024) cache[n] = b;
    return b;
  }

  /** What the value is when unnamed: `proprietary-property` or `reserved-property`. */
  fallback(n: number): string {
    return `${this.isProprietary(n) ? "proprietary" : "reserved"}-${this.what}`;
  }

  /** The name summaries and structured data use: the standard's, else `proprietary-property(1000)`. */
  name(n: number): string {
    // The fast path (a standard value of the first range) is one array read.
    const names = (this.#names ??= this.packed.split(","));
    const s = names[n];
    if (s !== undefined && s !== "") return s;
    return this.known(n) ?? `${this.fallback(n)}(${n})`;
  }

  /** The name Wireshark prints for `n`, when it prints another than {@link known}. */
  tshark(n: number): string | undefined {
    if (this.tsharkPacked === "") return undefined;
    if (this.#tshark === undefined) {
      const map = new Map<number, string>();
      for (const pair of this.tsharkPacked.split(",")) {
        const eq = pair.indexOf("=");
        map.set(Number(pair.slice(0, eq)), pair.slice(eq + 1));
      }
      this.#tshark = map;
    }
    return this.#tshark.get(n);
  }

  /** What `-V` labels show: Wireshark's name, else the standard's, else the fallback, then `(n)`. */
  label(n: number): string {
    return `${this.tshark(n) ?? this.known(n) ?? this.fallback(n)} (${n})`;
  }
}

const never = (): boolean => false;
const atLeast =
  (first: number) =>
  (n: number): boolean =>
    n >= first;

/** BACnetObjectType: 128–1023 proprietary. */
export const OBJECT_TYPES = new Enumeration("object-type", OBJECT_TYPE_NAMES, atLeast(128), OBJECT_TYPE_TSHARK);
/** BACnetPropertyIdentifier: 512–4194303 proprietary, a second ASHRAE range from 4194304. */
export const PROPERTIES = new Enumeration(
  "property",
  PROPERTY_NAMES,
  (n) => n >= 512 && n <= 4194303,
  PROPERTY_TSHARK,
  4194304,
  PROPERTY_NAMES_HIGH,
);
/** BACnetErrorClass: 64–65535 proprietary. */
export const ERROR_CLASSES = new Enumeration("error-class", ERROR_CLASS_NAMES, atLeast(64), ERROR_CLASS_TSHARK);
/** BACnetErrorCode: 256–65535 proprietary. */
export const ERROR_CODES = new Enumeration("error-code", ERROR_CODE_NAMES, atLeast(256), ERROR_CODE_TSHARK);
/** BACnetRejectReason: 64–255 proprietary. */
export const REJECT_REASONS = new Enumeration("reject-reason", REJECT_REASON_NAMES, atLeast(64));
/** BACnetAbortReason: 64–255 proprietary. */
export const ABORT_REASONS = new Enumeration("abort-reason", ABORT_REASON_NAMES, atLeast(64));
/** BACnetConfirmedServiceChoice, with the production names (`ReadProperty`). */
export const CONFIRMED_SERVICES = new Enumeration(
  "confirmed-service",
  CONFIRMED_SERVICE_NAMES,
  never,
  CONFIRMED_SERVICE_TSHARK,
);
/** BACnetUnconfirmedServiceChoice, with the production names (`I-Am`). */
export const UNCONFIRMED_SERVICES = new Enumeration(
  "unconfirmed-service",
  UNCONFIRMED_SERVICE_NAMES,
  never,
  UNCONFIRMED_SERVICE_TSHARK,
);
/** BACnetEngineeringUnits: 256–47807 and 50000–65535 proprietary. */
export const ENGINEERING_UNITS = new Enumeration(
  "engineering-units",
  UNITS_NAMES,
  (n) => (n >= 256 && n <= 47807) || n >= 50000,
  "",
  47808,
  UNITS_NAMES_HIGH,
);
/** BACnetSegmentation. */
export const SEGMENTATION = new Enumeration("segmentation", SEGMENTATION_NAMES, never);
/** BACnetEventState: 64–65535 proprietary. */
export const EVENT_STATES = new Enumeration("event-state", EVENT_STATE_NAMES, atLeast(64));
/** BACnetEventType: 64–65535 proprietary. */
export const EVENT_TYPES = new Enumeration("event-type", EVENT_TYPE_NAMES, atLeast(64));
/** BACnetNotifyType. */
export const NOTIFY_TYPES = new Enumeration("notify-type", NOTIFY_TYPE_NAMES, never);
/** BACnetReliability: 64–65535 proprietary. */
export const RELIABILITY = new Enumeration("reliability", RELIABILITY_NAMES, atLeast(64));
/** BACnetDeviceStatus: 64–65535 proprietary. */
export const DEVICE_STATUS = new Enumeration("device-status", DEVICE_STATUS_NAMES, atLeast(64));
/** BACnetBinaryPV. */
export const BINARY_PV = new Enumeration("binary-pv", BINARY_PV_NAMES, never);
/** BACnetPolarity. */
export const POLARITY = new Enumeration("polarity", POLARITY_NAMES, never);
/** BACnetRestartReason: 64–255 proprietary. */
export const RESTART_REASONS = new Enumeration("restart-reason", RESTART_REASON_NAMES, atLeast(64));
/** Network layer message types: 0x80–0xFF proprietary. */
export const NETWORK_MESSAGES = new Enumeration(
  "network-message",
  NETWORK_MESSAGE_NAMES,
  atLeast(0x80),
  NETWORK_MESSAGE_TSHARK,
);

/** Reasons of Reject-Message-To-Network (clause 6.4.4): short names for summaries. */
const NETWORK_REJECT_NAMES = [
  "other",
  "no-route-to-dnet",
  "router-busy",
  "unknown-message-type",
  "message-too-long",
  "security-error",
  "addressing-error",
];

/** The standard's sentences for the same reasons (tshark prints older ones for 5 and 6). */
const NETWORK_REJECT_TEXTS = [
  "Other error.",
  "The router is not directly connected to DNET and cannot find a router to DNET on any directly connected network using Who-Is-Router-To-Network messages.",
  "The router is busy and unable to accept messages for the specified DNET at the present time.",
  "It is an unknown network layer message type.",
  "The message is too long to be routed to this DNET.",
  "The source message was rejected due to a BACnet security error and that error cannot be forwarded to the source device.",
  "The source message was rejected due to errors in the addressing: the length of the DADR or SADR was invalid.",
];

/** Reject-Message-To-Network reason: `no-route-to-dnet`, or `reject-reason(9)`. */
export function networkRejectName(n: number): string {
  return NETWORK_REJECT_NAMES[n] ?? `reject-reason(${n})`;
}

/** Reject-Message-To-Network reason as `-V` shows it. */
export function networkRejectLabel(n: number): string {
  return `${NETWORK_REJECT_TEXTS[n] ?? "Invalid Rejection Reason."} (${n})`;
}

/** BACnet-PDU type names (clause 20.1.1), and the ones tshark prints. */
const PDU_TYPE_NAMES = [
  "Confirmed-Request",
  "Unconfirmed-Request",
  "SimpleACK",
  "ComplexACK",
  "SegmentACK",
  "Error",
  "Reject",
  "Abort",
];
const PDU_TYPE_TSHARK = [
  "Confirmed-REQ",
  "Unconfirmed-REQ",
  "Simple-ACK",
  "Complex-ACK",
  "Segment-ACK",
  "Error",
  "Reject",
  "Abort",
];

/** `Confirmed-Request` … `Abort`; 8–15 `reserved-pdu-type(9)`. */
export function pduTypeName(n: number): string {
  return PDU_TYPE_NAMES[n] ?? `reserved-pdu-type(${n})`;
}

/** `-V` label of a PDU type: `Confirmed-REQ (0)`. */
export function pduTypeLabel(n: number): string {
  return `${PDU_TYPE_TSHARK[n] ?? "undefined"} (${n})`;
}

/** Max-APDU-length-accepted codes (clause 20.1.2.5) in octets; undefined for reserved codes. */
export function maxApduOctets(code: number): number | undefined {
  return [50, 128, 206, 480, 1024, 1476][code];
}

/** Max-segments-accepted codes (clause 20.1.2.4): 0 unspecified, 2^code, 65 for "more than 64". */
export function maxSegmentsCount(code: number): number {
  return code === 0 ? 0 : code === 7 ? 65 : 2 ** code;
}

/** Character sets of CharacterString (clause 20.2.9). */
const CHARSET_TSHARK = [
  "ANSI X3.4 / UTF-8 (since 2010)",
  "IBM/Microsoft DBCS",
  "JIS C 6226",
  "ISO 10646 (UCS-4)",
  "ISO 10646 (UCS-2)",
  "ISO 8859-1",
];

/** `-V` label of a character set: `ISO 8859-1 (5)`. */
export function charsetLabel(n: number): string {
  return `${CHARSET_TSHARK[n] ?? "Unknown"} (${n})`;
}

/** Application tag names as tshark prints them in tag headers. */
const APPLICATION_TAG_TSHARK = [
  "Null",
  "Boolean",
  "Unsigned Integer",
  "Signed Integer (2's complement notation)",
  "Real (ANSI/IEE-754 floating point)",
  "Double (ANSI/IEE-754 double precision floating point)",
  "Octet String",
  "Character String",
  "Bit String",
  "Enumerated",
  "Date",
  "Time",
  "BACnetObjectIdentifier",
];

/** The name of application tag `n` as tshark prints it; 13–15 `reserved by ASHRAE`. */
export function applicationTagName(n: number): string {
  return APPLICATION_TAG_TSHARK[n] ?? "reserved by ASHRAE";
}

/** Month names for Date labels. */
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Day-of-week names for Date labels (1 = Monday). */
export const WEEKDAYS = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
