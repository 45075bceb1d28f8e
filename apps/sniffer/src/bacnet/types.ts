/**
 * The public shapes of the BACnet (NPDU/APDU) decoder: what `decodeNpdu` returns and
 * what the sniffer's outputs, filters, findings and the browser decoder page consume.
 *
 * Three views of one decode, all built by the same walk over the octets:
 * - `fields`: a tree of {@link DecodedField}s named like tshark's `bacnet.*` / `bacapp.*`
 *   fields (our own are `bip6.*`), for `-V`, `-T fields`, `-T json` and `-Y`;
 * - `summary`: the one-line text (`I-Am device,1234`);
 * - `npdu` / `apdu`: structured, typed data ({@link NpduInfo}, {@link ApduInfo}) for programs.
 *
 * @module
 */

/** One decoded field. */
export interface DecodedField {
  /**
   * Field name: tshark's where tshark has a field for it (`bacnet.control_dest`,
   * `bacapp.type`, `bacapp.confirmed_service` …), so `-e`, `-Y` and `-T json` use the same
   * names; ours otherwise, under `bip6.` (`bip6.bacapp.max_apdu`, `bip6.bacapp.tag` …).
   */
  readonly name: string;
  /** What `-V` prints for the field, e.g. `Service Choice: readProperty (12)`. */
  readonly label: string;
  /**
   * The machine value, as tshark's `-T fields` shows it: enumerations and flags as numbers
   * (booleans for one-bit flags), strings as text, octet strings as lower-case hex, bit
   * strings as `T`/`F` letters, REALs as numbers. An integer beyond 2^53 is its exact decimal text.
   */
  readonly value: number | string | boolean;
  /** Index of the field's first octet in the array given to `decodeNpdu`. */
  readonly offset: number;
  /** Octets the field covers (0 for a field that stands for no octets of its own). */
  readonly length: number;
  /** Sub-fields (a tag's header fields, an object identifier's type and instance …). */
  readonly children?: readonly DecodedField[];
}

/** Machine-readable reasons a part of an NPDU could not be decoded. */
export type DecodeProblemCode =
  /** The octets end inside a header, a tag or a value. */
  | "TRUNCATED"
  /** NPDU protocol version other than 1 (decoding continues as if it were 1). */
  | "UNSUPPORTED_VERSION"
  /** Reserved bits are set (NPDU control bits 6 and 4, APDU header bits). */
  | "RESERVED_BITS"
  /** An invalid DLEN/SLEN: SLEN 0, or a length with no network number to go with it. */
  | "BAD_ADDRESS"
  /** A tag that no encoding allows (extended tag number 255, opening/closing application tag, bad boolean). */
  | "BAD_TAG"
  /** A tag other than what the service's grammar requires at this place. */
  | "UNEXPECTED_TAG"
  /** A closing tag without its opening tag, or an opening tag never closed. */
  | "UNBALANCED_TAGS"
  /** A primitive value whose length its type does not allow (a 3-octet REAL, a 5-octet Date …). */
  | "BAD_VALUE"
  /** Constructed values nested deeper than {@link BACNET_LIMITS}.maxDepth. */
  | "TOO_DEEP"
  /** More tags or fields than {@link BACNET_LIMITS} allows; the rest is not decoded. */
  | "TOO_MANY"
  /** Octets left after a complete message. */
  | "TRAILING_OCTETS"
  /** APDU type 8–15, or a network layer message type reserved by ASHRAE. */
  | "UNKNOWN_TYPE"
  /** A bug in this decoder (caught so that the caller is not taken down); please report it. */
  | "INTERNAL_ERROR";

/** A malformed part of the NPDU: decoding records it and continues where it can. */
export interface DecodeProblem {
  readonly code: DecodeProblemCode;
  /** One sentence, e.g. `tag at 12 says 4 octets, 2 remain`. */
  readonly message: string;
  /** Index (in the array given to `decodeNpdu`) of the first octet that is wrong. */
  readonly offset: number;
}

/** A network number with a MAC address on that network (DNET/DADR, SNET/SADR). */
export interface NpduAddress {
  /** DNET or SNET; 0xFFFF as DNET is the global broadcast. */
  readonly network: number;
  /** DADR/SADR as lower-case hex (`0004d2` for a VMAC); `""` when DLEN is 0 (broadcast on DNET). */
  readonly address: string;
}

/** The NPDU header (ASHRAE 135 clause 6.2) and, for a network layer message, the message. */
export interface NpduInfo {
  /** Protocol version (1). */
  readonly version: number;
  /** The control octet as it is. */
  readonly control: number;
  /** Control bit 7: a network layer message follows instead of an APDU. */
  readonly isNetworkMessage: boolean;
  /** Control bit 2: the data expects a reply (confirmed request, segment of a ComplexACK …). */
  readonly expectingReply: boolean;
  /** Control bits 1–0: 0 normal, 1 urgent, 2 critical-equipment, 3 life-safety. */
  readonly priority: number;
  /** Control bit 5: DNET, DLEN, DADR and the hop count present. */
  readonly destination?: NpduAddress;
  /** Control bit 3: SNET, SLEN and SADR present. */
  readonly source?: NpduAddress;
  /** Present with a destination. */
  readonly hopCount?: number;
  /** The network layer message, when {@link isNetworkMessage}. */
  readonly message?: NetworkMessage;
  /** Index where the APDU starts (absent for network layer messages and truncated headers). */
  readonly apduOffset?: number;
}

/** A port of Initialize-Routing-Table(-Ack). */
export interface RoutingTablePort {
  readonly network: number;
  readonly portId: number;
  /** Port info octets as lower-case hex. */
  readonly portInfo: string;
}

/** Fields every network layer message has. */
export interface NetworkMessageBase {
  /** Message type (0x00–0xFF). */
  readonly type: number;
  /** `Who-Is-Router-To-Network` …; proprietary types `proprietary-network-message(0x80)`. */
  readonly name: string;
}

/** A decoded network layer message (clause 6.4), by `kind`. */
export type NetworkMessage =
  | (NetworkMessageBase & { readonly kind: "who-is-router-to-network"; readonly network?: number })
  | (NetworkMessageBase & {
      readonly kind: "i-am-router-to-network" | "router-busy-to-network" | "router-available-to-network";
      readonly networks: readonly number[];
    })
  | (NetworkMessageBase & {
      readonly kind: "i-could-be-router-to-network";
      readonly network: number;
      readonly performanceIndex: number;
    })
  | (NetworkMessageBase & {
      readonly kind: "reject-message-to-network";
      readonly reason: number;
      readonly reasonName: string;
      readonly network: number;
    })
  | (NetworkMessageBase & {
      readonly kind: "initialize-routing-table" | "initialize-routing-table-ack";
      readonly ports: readonly RoutingTablePort[];
    })
  | (NetworkMessageBase & {
      readonly kind: "establish-connection-to-network";
      readonly network: number;
      /** Seconds; 0 = permanent. */
      readonly terminationTime: number;
    })
  | (NetworkMessageBase & { readonly kind: "disconnect-connection-to-network"; readonly network: number })
  | (NetworkMessageBase & { readonly kind: "what-is-network-number" })
  | (NetworkMessageBase & {
      readonly kind: "network-number-is";
      readonly network: number;
      /** 0 learned, 1 configured. */
      readonly status: number;
    })
  | (NetworkMessageBase & {
      /** Proprietary (0x80–0xFF): vendor id and the data as hex. */
      readonly kind: "proprietary";
      readonly vendorId: number;
      readonly data: string;
    })
  | (NetworkMessageBase & {
      /** Security messages (0x0A–0x11, removed from the standard) and reserved types: data as hex. */
      readonly kind: "other";
      readonly data: string;
    });

/** A BACnetObjectIdentifier: 10-bit type, 22-bit instance. */
export interface ObjectId {
  readonly type: number;
  /** `analog-input`, `proprietary-object-type(130)` … */
  readonly typeName: string;
  readonly instance: number;
}

/** BACnet Date; 255 in a field is "any" (unspecified). */
export interface BacnetDate {
  /** Full year (1900–2154), or 255 for any year. */
  readonly year: number;
  /** 1–12, 13 odd months, 14 even months, 255 any. */
  readonly month: number;
  /** 1–31, 32 last day of month, 33 odd days, 34 even days, 255 any. */
  readonly day: number;
  /** 1 Monday … 7 Sunday, 255 any. */
  readonly weekday: number;
}

/** BACnet Time; 255 in a field is "any". */
export interface BacnetTime {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly hundredths: number;
}

/**
 * A value as it was encoded: application-tagged primitives typed, context-tagged primitives
 * as octets (their type depends on a grammar the decoder may not know), constructed values
 * as the tree of what is between the opening and closing tag.
 */
export type BacnetValue =
  | { readonly type: "null" }
  | { readonly type: "boolean"; readonly value: boolean }
  /** Values beyond 2^53 are bigints. */
  | { readonly type: "unsigned"; readonly value: number | bigint }
  | { readonly type: "signed"; readonly value: number | bigint }
  | { readonly type: "real"; readonly value: number }
  | { readonly type: "double"; readonly value: number }
  /** Lower-case hex. */
  | { readonly type: "octet-string"; readonly value: string }
  /**
   * Decoded text for UTF-8, UCS-2, UCS-4 and ISO 8859-1; for DBCS and JIS X 0208 the
   * octets as hex (`value` is then `""`).
   */
  | {
      readonly type: "character-string";
      readonly charset: number;
      readonly value: string;
      readonly hex?: string;
    }
  /** Bits as `0`/`1` characters, first bit first. */
  | { readonly type: "bit-string"; readonly value: string }
  /** `name` when the property gives the enumeration a known meaning (units, event-state …). */
  | { readonly type: "enumerated"; readonly value: number; readonly name?: string }
  | { readonly type: "date"; readonly value: BacnetDate }
  | { readonly type: "time"; readonly value: BacnetTime }
  | { readonly type: "object-identifier"; readonly value: ObjectId }
  /** A context-tagged primitive: its tag number and octets (hex). */
  | { readonly type: "context"; readonly tag: number; readonly value: string }
  /** An opening/closing tag pair and what is inside. */
  | { readonly type: "constructed"; readonly tag: number; readonly values: readonly BacnetValue[] }
  /** An application tag number reserved by ASHRAE (13–15): octets as hex. */
  | { readonly type: "reserved"; readonly tag: number; readonly value: string };

/** An error class and code with their names. */
export interface BacnetError {
  readonly errorClass: number;
  readonly errorClassName: string;
  readonly errorCode: number;
  readonly errorCodeName: string;
}

/** A property value of a COV notification or WritePropertyMultiple: BACnetPropertyValue. */
export interface PropertyValue {
  readonly property: number;
  readonly propertyName: string;
  readonly arrayIndex?: number;
  readonly value: readonly BacnetValue[];
  readonly priority?: number;
}

/** One property reference of ReadPropertyMultiple. */
export interface PropertyReference {
  readonly property: number;
  readonly propertyName: string;
  readonly arrayIndex?: number;
}

/** One result of ReadPropertyMultiple-ACK: a value or an error. */
export interface PropertyResult extends PropertyReference {
  readonly value?: readonly BacnetValue[];
  readonly error?: BacnetError;
}

/** Decoded service data, by `kind`. Services decoded generically are `kind: "tags"`. */
export type ServiceData =
  | { readonly kind: "who-is"; readonly low?: number; readonly high?: number }
  | {
      readonly kind: "i-am";
      readonly device: ObjectId;
      readonly maxApdu: number;
      readonly segmentation: number;
      readonly segmentationName: string;
      readonly vendorId: number;
    }
  | {
      readonly kind: "who-has";
      readonly low?: number;
      readonly high?: number;
      readonly object?: ObjectId;
      readonly objectName?: string;
    }
  | { readonly kind: "i-have"; readonly device: ObjectId; readonly object: ObjectId; readonly objectName: string }
  | {
      readonly kind: "time-synchronization" | "utc-time-synchronization";
      readonly date: BacnetDate;
      readonly time: BacnetTime;
    }
  | {
      readonly kind: "cov-notification";
      readonly subscriberProcessId: number;
      readonly initiatingDevice: ObjectId;
      readonly monitoredObject: ObjectId;
      /** Seconds; 0 = indefinite subscription. */
      readonly timeRemaining: number;
      readonly values: readonly PropertyValue[];
    }
  | {
      readonly kind: "read-property";
      readonly object: ObjectId;
      readonly property: number;
      readonly propertyName: string;
      readonly arrayIndex?: number;
    }
  | {
      readonly kind: "read-property-ack";
      readonly object: ObjectId;
      readonly property: number;
      readonly propertyName: string;
      readonly arrayIndex?: number;
      readonly value: readonly BacnetValue[];
    }
  | {
      readonly kind: "write-property";
      readonly object: ObjectId;
      readonly property: number;
      readonly propertyName: string;
      readonly arrayIndex?: number;
      readonly value: readonly BacnetValue[];
      readonly priority?: number;
    }
  | {
      readonly kind: "read-property-multiple";
      readonly objects: readonly { readonly object: ObjectId; readonly properties: readonly PropertyReference[] }[];
    }
  | {
      readonly kind: "read-property-multiple-ack";
      readonly objects: readonly { readonly object: ObjectId; readonly results: readonly PropertyResult[] }[];
    }
  | { readonly kind: "error"; readonly error: BacnetError; readonly extra?: readonly BacnetValue[] }
  | { readonly kind: "tags"; readonly values: readonly BacnetValue[] };

/** The APDU header (clause 20.1) and its decoded service data. */
export interface ApduInfo {
  /** 0 Confirmed-Request … 7 Abort; 8–15 are reserved. */
  readonly pduType: number;
  /** `Confirmed-Request`, `Unconfirmed-Request`, `SimpleACK`, `ComplexACK`, `SegmentACK`, `Error`, `Reject`, `Abort`. */
  readonly pduTypeName: string;
  /** SEG: a segment of a segmented message (Confirmed-Request, ComplexACK). */
  readonly segmented: boolean;
  /** MOR: more segments follow. */
  readonly moreFollows: boolean;
  /** SA: the requester accepts a segmented response (Confirmed-Request). */
  readonly segmentedResponseAccepted: boolean;
  /** Max-segments-accepted as a count: 0 unspecified, 2 … 64, 65 for "more than 64" (Confirmed-Request). */
  readonly maxSegments?: number;
  /** Max-APDU-length-accepted in octets (50 … 1476; absent for a reserved code) (Confirmed-Request). */
  readonly maxApdu?: number;
  /** Every PDU type but Unconfirmed-Request. */
  readonly invokeId?: number;
  /** Segmented messages and SegmentACK. */
  readonly sequenceNumber?: number;
  /** Proposed (segmented messages) or actual (SegmentACK) window size. */
  readonly windowSize?: number;
  /** Service choice (confirmed for types 0, 2, 3, 5; unconfirmed for 1). */
  readonly service?: number;
  /** `ReadProperty`, `I-Am` …; unknown choices `confirmed-service(40)`. */
  readonly serviceName?: string;
  /** SegmentACK: NAK bit. */
  readonly negativeAck?: boolean;
  /** SegmentACK and Abort: sent by the server. */
  readonly server?: boolean;
  /** Error PDU. */
  readonly error?: BacnetError;
  /** Reject PDU. */
  readonly rejectReason?: number;
  readonly rejectReasonName?: string;
  /** Abort PDU. */
  readonly abortReason?: number;
  readonly abortReasonName?: string;
  /** The service data, when the APDU carries it whole (segments of a segmented message are not reassembled, so they have none). */
  readonly data?: ServiceData;
}

/** Options of `decodeNpdu`. */
export interface DecodeOptions {
  /**
   * Names a vendor id for the labels (`Vendor Identifier: BACnet Stack at SourceForge (260)`,
   * as tshark); pass `vendorName` from this module, or leave it out to keep the list out of a
   * bundle (labels then show the number).
   */
  readonly vendorName?: (id: number) => string | undefined;
}

/** What `decodeNpdu` returns. */
export interface BacnetDecode {
  /** The field tree: NPDU fields (one `bacnet` node), then APDU fields (one `bacapp` node). */
  readonly fields: readonly DecodedField[];
  /** The one-line summary, the same text `summarizeNpdu` returns. */
  readonly summary: string;
  readonly npdu: NpduInfo;
  /** Absent for network layer messages and NPDUs whose header does not decode. */
  readonly apdu?: ApduInfo;
  /** Malformed parts, in the order met; empty for a well-formed NPDU. */
  readonly problems: readonly DecodeProblem[];
}

/** The caps that keep every decode bounded, whatever the input. */
export const BACNET_LIMITS = {
  /** Nesting of opening tags. */
  maxDepth: 32,
  /** Tags read per NPDU (an NPDU of 1497 octets has at most 1497 tags). */
  maxTags: 4096,
  /** Fields in one decode's tree. */
  maxFields: 20_000,
  /** Octets of one summary line (longer summaries end with `…`). */
  maxSummaryOctets: 240,
} as const;
