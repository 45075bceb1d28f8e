import { ERROR_CLASSES, ERROR_CODES, OBJECT_TYPES, PROPERTIES, SEGMENTATION } from "./names.js";
import {
  closeTag,
  openTag,
  readCharString,
  readEnumerated,
  readObjectId,
  readPropertyId,
  readUnsigned,
  readVendorId,
} from "./reads.js";
import type { SummaryWriter } from "./summary-writer.js";
import type {
  BacnetDate,
  BacnetError,
  BacnetTime,
  BacnetValue,
  ObjectId,
  PropertyReference,
  PropertyResult,
  PropertyValue,
} from "./types.js";
import { dateLabel, dateOf, dateText, objectIdOf, readValues, timeOf, timeText } from "./values.js";
import { PRIMITIVE, type Walk } from "./walk.js";

/**
 * The service decoders (clauses 13–16, 21): each reads its production through the walk,
 * writes its part of the summary, adds fields on the tree path and leaves the typed data in
 * `w.data` there. They return false when the data does not follow the grammar (the problem
 * is recorded; the caller shows the rest as undecoded octets).
 */
export type ServiceDecoder = (w: Walk) => boolean;

// ---- summary pieces ----

function sumObject(s: SummaryWriter, id: number): void {
  s.space();
  s.bytes(OBJECT_TYPES.bytes(id >>> 22));
  s.char(0x2c);
  s.uint(id & 0x3fffff);
}

function sumProperty(s: SummaryWriter, property: number, index: number): void {
  s.space();
  s.bytes(PROPERTIES.bytes(property));
  if (index >= 0) {
    s.char(0x5b);
    s.uint(index);
    s.char(0x5d);
  }
}

// ---- unconfirmed services ----

/** Who-Is (16.10): optional device instance range. Summary `Who-Is` or `Who-Is 100-200`. */
export const whoIs: ServiceDecoder = (w) => {
  const low = readUnsigned(w, 0, "bacapp.who_is.low_limit", "Device Instance Range Low Limit");
  const high = readUnsigned(w, 1, "bacapp.who_is.high_limit", "Device Instance Range High Limit");
  if (low >= 0 || high >= 0) {
    w.sum.space();
    if (low >= 0) w.sum.uint(low);
    else w.sum.char(0x3f);
    w.sum.char(0x2d);
    if (high >= 0) w.sum.uint(high);
    else w.sum.char(0x3f);
    if (low < 0 || high < 0) w.problem("UNEXPECTED_TAG", w.pos, "Who-Is has only one of the two range limits");
  }
  if (w.structured) w.data = { kind: "who-is", ...(low >= 0 ? { low } : {}), ...(high >= 0 ? { high } : {}) };
  return true;
};

/** I-Am (16.10.2): device, max APDU, segmentation, vendor. Summary `I-Am device,1234`. */
export const iAm: ServiceDecoder = (w) => {
  const device = readObjectId(w, -1);
  if (device < 0) return fail(w, "the I-Am device identifier (application ObjectIdentifier)");
  sumObject(w.sum, device);
  w.facts.iAmDevice = device & 0x3fffff;
  const maxApdu = readUnsigned(w, -1, "bip6.bacapp.max_apdu", "Maximum ADPU Length Accepted");
  if (maxApdu < 0) return fail(w, "the I-Am max-APDU-length-accepted (application Unsigned)");
  const segmentation = readEnumerated(w, -1, "bip6.bacapp.segmentation", "Segmentation Supported", SEGMENTATION);
  if (segmentation < 0) return fail(w, "the I-Am segmentation-supported (application Enumerated)");
  const vendorId = readVendorId(w, -1);
  if (vendorId < 0) return fail(w, "the I-Am vendor identifier (application Unsigned)");
  if (w.structured)
    w.data = {
      kind: "i-am",
      device: objectIdOf(device),
      maxApdu,
      segmentation,
      segmentationName: SEGMENTATION.name(segmentation),
      vendorId,
    };
  return true;
};

/** Who-Has (16.9): optional range, then object identifier [2] or name [3]. */
export const whoHas: ServiceDecoder = (w) => {
  const low = readUnsigned(w, 0, "bip6.bacapp.low_limit", "device Instance Low Limit");
  const high = readUnsigned(w, 1, "bip6.bacapp.high_limit", "device Instance High Limit");
  if (low >= 0 || high >= 0) {
    w.sum.space();
    if (low >= 0) w.sum.uint(low);
    w.sum.char(0x2d);
    if (high >= 0) w.sum.uint(high);
  }
  const object = readObjectId(w, 2);
  let objectName: string | undefined;
  if (object >= 0) sumObject(w.sum, object);
  else {
    objectName = readCharString(w, 3, "Object Name", true);
    if (objectName === undefined) return fail(w, "the Who-Has object identifier [2] or object name [3]");
    w.sum.space();
    w.sum.quoted(objectName);
  }
  if (w.structured)
    w.data = {
      kind: "who-has",
      ...(low >= 0 ? { low } : {}),
      ...(high >= 0 ? { high } : {}),
      ...(object >= 0 ? { object: objectIdOf(object) } : {}),
      ...(objectName !== undefined ? { objectName } : {}),
    };
  return true;
};

/** I-Have (16.9.2): device, object, object name. */
export const iHave: ServiceDecoder = (w) => {
  const device = readObjectId(w, -1);
  if (device < 0) return fail(w, "the I-Have device identifier");
  sumObject(w.sum, device);
  const object = readObjectId(w, -1);
  if (object < 0) return fail(w, "the I-Have object identifier");
  sumObject(w.sum, object);
  const objectName = readCharString(w, -1, "Object Name", true);
  if (objectName === undefined) return fail(w, "the I-Have object name");
  w.sum.space();
  w.sum.quoted(objectName);
  if (w.structured) w.data = { kind: "i-have", device: objectIdOf(device), object: objectIdOf(object), objectName };
  return true;
};

/** An application Date then Time (TimeSynchronization, UTCTimeSynchronization). */
function dateTime(w: Walk, utc: boolean): boolean {
  const tree = w.tree;
  if (tree !== null && utc) tree.open("bip6.bacapp.utc_time", "UTC-Time: ", "", w.pos);
  if (!w.peekTag() || !w.isApplication(10) || w.tagKind !== PRIMITIVE || w.valueLength !== 4)
    return fail(w, "an application Date");
  const date: BacnetDate = dateOf(w.b, w.valueStart);
  const dt = dateText(date);
  if (tree !== null) {
    tree.open("bip6.bacapp.date", w.labels ? `Date: ${dateLabel(date)}` : "", dt, w.tagStart, w.valueEnd - w.tagStart);
    w.tagHeader();
    tree.close();
  }
  w.skip();
  if (!w.peekTag() || !w.isApplication(11) || w.tagKind !== PRIMITIVE || w.valueLength !== 4)
    return fail(w, "an application Time");
  const time: BacnetTime = timeOf(w.b, w.valueStart);
  const tt = timeText(time);
  if (tree !== null) {
    tree.open("bip6.bacapp.time", w.labels ? `Time: ${tt}` : "", tt, w.tagStart, w.valueEnd - w.tagStart);
    w.tagHeader();
    tree.close();
    if (utc) tree.close(w.valueEnd);
  }
  w.skip();
  w.sum.space();
  w.sum.ascii(dt);
  w.sum.space();
  w.sum.ascii(tt);
  if (w.structured) w.data = { kind: utc ? "utc-time-synchronization" : "time-synchronization", date, time };
  return true;
}

/** TimeSynchronization (16.7). Summary `TimeSynchronization 2024-05-01 12:34:56.78`. */
export const timeSynchronization: ServiceDecoder = (w) => dateTime(w, false);

/** UTCTimeSynchronization (16.8). */
export const utcTimeSynchronization: ServiceDecoder = (w) => dateTime(w, true);

/**
 * A list of BACnetPropertyValue up to closing tag `close`: [0] property, [1] index,
 * [2] value, [3] priority. Summary `present-value 21.5 status-flags B'0000'` (first four).
 */
function propertyValues(w: Walk, close: number, objectType: number, out: PropertyValue[] | null): boolean {
  let count = 0;
  for (;;) {
    if (!w.peekTag()) return fail(w, `closing tag ${close}`);
    if (w.isClosing(close)) return true;
    const property = readPropertyId(w, 0);
    if (property < 0) return fail(w, "a property identifier [0]");
    const index = readUnsigned(w, 1, "bip6.bacapp.array_index", "property Array Index");
    const summarize = count < 4;
    if (summarize) sumProperty(w.sum, property, index);
    else if (count === 4) {
      w.sum.space();
      w.sum.more();
    }
    if (!openTag(w, 2)) return fail(w, "opening tag 2 of the value");
    if (summarize) w.sum.space();
    const value = readValues(w, 2, property, objectType, summarize);
    if (value === undefined) return false;
    closeTag(w, 2);
    const priority = readUnsigned(w, 3, "bip6.bacapp.priority", "Priority");
    if (out !== null)
      out.push({
        property,
        propertyName: PROPERTIES.name(property),
        ...(index >= 0 ? { arrayIndex: index } : {}),
        value: value as BacnetValue[],
        ...(priority >= 0 ? { priority } : {}),
      });
    count++;
  }
}

/** (Un)ConfirmedCOVNotification (13.6, 13.7). Summary `… device,1234 analog-input,3 present-value 21.5 …`. */
export const covNotification: ServiceDecoder = (w) => {
  const process = readUnsigned(w, 0, "bacapp.processId", "ProcessIdentifier");
  if (process < 0) return fail(w, "the subscriber process identifier [0]");
  const device = readObjectId(w, 1, "DeviceIdentifier");
  if (device < 0) return fail(w, "the initiating device identifier [1]");
  const object = readObjectId(w, 2);
  if (object < 0) return fail(w, "the monitored object identifier [2]");
  sumObject(w.sum, device);
  sumObject(w.sum, object);
  const timeRemaining = readUnsigned(w, 3, "bip6.bacapp.time_remaining", "Time remaining (seconds)");
  if (timeRemaining < 0) return fail(w, "the time remaining [3]");
  const tree = w.tree;
  const list = tree?.open("bip6.bacapp.list_of_values", "list of Values: ", "", w.pos) ?? null;
  if (!openTag(w, 4)) return fail(w, "opening tag 4 of the list of values");
  const values: PropertyValue[] | null = w.structured ? [] : null;
  if (!propertyValues(w, 4, object >>> 22, values)) return false;
  closeTag(w, 4);
  if (list !== null) tree?.closeTo(list, w.pos);
  if (w.structured)
    w.data = {
      kind: "cov-notification",
      subscriberProcessId: process,
      initiatingDevice: objectIdOf(device),
      monitoredObject: objectIdOf(object),
      timeRemaining,
      values: values as PropertyValue[],
    };
  return true;
};

// ---- ReadProperty, WriteProperty, ReadPropertyMultiple ----

/** The object [0], property [1] and index [2] (-1 = absent) {@link objectProperty} read. */
const ref = { object: 0, property: 0, index: -1 };

/**
 * Object [0], property [1], optional index [2] into {@link ref} (a scratch record, so the
 * summary path allocates nothing); the summary `analog-input,3 present-value[2]`.
 */
function objectProperty(w: Walk): boolean {
  const object = readObjectId(w, 0);
  if (object < 0) return fail(w, "the object identifier [0]");
  const property = readPropertyId(w, 1);
  if (property < 0) return fail(w, "the property identifier [1]");
  const index = readUnsigned(w, 2, "bip6.bacapp.array_index", "property Array Index");
  sumObject(w.sum, object);
  sumProperty(w.sum, property, index);
  ref.object = object;
  ref.property = property;
  ref.index = index;
  return true;
}

/** ReadProperty-Request (15.5). Summary `ReadProperty-Request analog-input,3 present-value`. */
export const readProperty: ServiceDecoder = (w) => {
  if (!objectProperty(w)) return false;
  const r = ref;
  if (w.structured)
    w.data = {
      kind: "read-property",
      object: objectIdOf(r.object),
      property: r.property,
      propertyName: PROPERTIES.name(r.property),
      ...(r.index >= 0 ? { arrayIndex: r.index } : {}),
    };
  return true;
};

/** ReadProperty-ACK (15.5.1.3). Summary `ReadProperty-ACK analog-input,3 present-value 21.5`. */
export const readPropertyAck: ServiceDecoder = (w) => {
  if (!objectProperty(w)) return false;
  const r = ref;
  if (!openTag(w, 3)) return fail(w, "opening tag 3 of the property value");
  w.sum.space();
  const value = readValues(w, 3, r.property, r.object >>> 22, true);
  if (value === undefined) return false;
  closeTag(w, 3);
  if (w.structured)
    w.data = {
      kind: "read-property-ack",
      object: objectIdOf(r.object),
      property: r.property,
      propertyName: PROPERTIES.name(r.property),
      ...(r.index >= 0 ? { arrayIndex: r.index } : {}),
      value: value as BacnetValue[],
    };
  return true;
};

/** WriteProperty-Request (15.9). Summary `WriteProperty-Request analog-value,1 present-value 42 priority 8`. */
export const writeProperty: ServiceDecoder = (w) => {
  if (!objectProperty(w)) return false;
  const r = ref;
  if (!openTag(w, 3)) return fail(w, "opening tag 3 of the property value");
  w.sum.space();
  const value = readValues(w, 3, r.property, r.object >>> 22, true);
  if (value === undefined) return false;
  closeTag(w, 3);
  const priority = readUnsigned(w, 4, "bip6.bacapp.priority", "Priority");
  if (priority >= 0) {
    w.sum.ascii(" priority ");
    w.sum.uint(priority);
  }
  if (w.structured)
    w.data = {
      kind: "write-property",
      object: objectIdOf(r.object),
      property: r.property,
      propertyName: PROPERTIES.name(r.property),
      ...(r.index >= 0 ? { arrayIndex: r.index } : {}),
      value: value as BacnetValue[],
      ...(priority >= 0 ? { priority } : {}),
    };
  return true;
};

/** ReadPropertyMultiple-Request (15.7). Summary `… analog-input,3 present-value,status-flags device,1 object-name`. */
export const readPropertyMultiple: ServiceDecoder = (w) => {
  const tree = w.tree;
  const objects: { object: ObjectId; properties: PropertyReference[] }[] | null = w.structured ? [] : null;
  while (w.pos < w.end) {
    const object = readObjectId(w, 0);
    if (object < 0) return fail(w, "an object identifier [0]");
    sumObject(w.sum, object);
    const list = tree?.open("bip6.bacapp.property_references", "listOfPropertyReferences", "", w.pos) ?? null;
    if (!openTag(w, 1)) return fail(w, "opening tag 1 of the property references");
    const properties: PropertyReference[] | null = w.structured ? [] : null;
    let first = true;
    for (;;) {
      if (!w.peekTag()) return fail(w, "closing tag 1");
      if (w.isClosing(1)) break;
      const property = readPropertyId(w, 0);
      if (property < 0) return fail(w, "a property identifier [0]");
      const index = readUnsigned(w, 1, "bip6.bacapp.array_index", "property Array Index");
      if (first) w.sum.space();
      else w.sum.char(0x2c);
      first = false;
      w.sum.bytes(PROPERTIES.bytes(property));
      if (index >= 0) {
        w.sum.char(0x5b);
        w.sum.uint(index);
        w.sum.char(0x5d);
      }
      properties?.push({
        property,
        propertyName: PROPERTIES.name(property),
        ...(index >= 0 ? { arrayIndex: index } : {}),
      });
    }
    closeTag(w, 1);
    if (list !== null) tree?.closeTo(list, w.pos);
    objects?.push({ object: objectIdOf(object), properties: properties as PropertyReference[] });
  }
  if (w.structured) w.data = { kind: "read-property-multiple", objects: objects ?? [] };
  return true;
};

/** An error class and code (application Enumerated pair), as tshark names them. */
function errorPair(w: Walk, whole = true): BacnetError | null | undefined {
  const errorClass = readEnumerated(w, -1, "bacapp.error_class", "Error Class", ERROR_CLASSES, undefined, whole);
  if (errorClass < 0) return void fail(w, "the error class (application Enumerated)");
  const errorCode = readEnumerated(w, -1, "bacapp.error_code", "Error Code", ERROR_CODES, undefined, whole);
  if (errorCode < 0) return void fail(w, "the error code (application Enumerated)");
  w.sum.space();
  w.sum.bytes(ERROR_CLASSES.bytes(errorClass));
  w.sum.space();
  w.sum.bytes(ERROR_CODES.bytes(errorCode));
  return !w.structured
    ? null
    : {
        errorClass,
        errorClassName: ERROR_CLASSES.name(errorClass),
        errorCode,
        errorCodeName: ERROR_CODES.name(errorCode),
      };
}

/** ReadPropertyMultiple-ACK (15.7.1.3): results per object, a value [4] or an error [5] per property. */
export const readPropertyMultipleAck: ServiceDecoder = (w) => {
  const tree = w.tree;
  const objects: { object: ObjectId; results: PropertyResult[] }[] | null = w.structured ? [] : null;
  let shown = 0;
  while (w.pos < w.end) {
    const object = readObjectId(w, 0);
    if (object < 0) return fail(w, "an object identifier [0]");
    sumObject(w.sum, object);
    const list = tree?.open("bip6.bacapp.results", "listOfResults", "", w.pos) ?? null;
    if (!openTag(w, 1)) return fail(w, "opening tag 1 of the results");
    const results: PropertyResult[] | null = w.structured ? [] : null;
    for (;;) {
      if (!w.peekTag()) return fail(w, "closing tag 1");
      if (w.isClosing(1)) break;
      const property = readPropertyId(w, 2);
      if (property < 0) return fail(w, "a property identifier [2]");
      const index = readUnsigned(w, 3, "bip6.bacapp.array_index", "property Array Index");
      const summarize = shown < 6;
      if (summarize) sumProperty(w.sum, property, index);
      else if (shown === 6) {
        w.sum.space();
        w.sum.more();
      }
      shown++;
      const base: PropertyReference | null = !w.structured
        ? null
        : { property, propertyName: PROPERTIES.name(property), ...(index >= 0 ? { arrayIndex: index } : {}) };
      if (openTag(w, 4)) {
        if (summarize) w.sum.space();
        const value = readValues(w, 4, property, object >>> 22, summarize);
        if (value === undefined) return false;
        closeTag(w, 4);
        if (base !== null) results?.push({ ...base, value: value as BacnetValue[] });
      } else {
        const access = tree?.open("bip6.bacapp.property_access_error", "propertyAccessError", "", w.pos) ?? null;
        if (!openTag(w, 5)) return fail(w, "opening tag 4 (value) or 5 (error)");
        if (summarize) w.sum.ascii(" error");
        const mark = w.sum.pos;
        const error = errorPair(w);
        if (error === undefined) return false;
        if (!summarize) w.sum.pos = mark;
        closeTag(w, 5);
        if (access !== null) tree?.closeTo(access, w.pos);
        if (base !== null) results?.push({ ...base, ...(error !== null ? { error } : {}) });
      }
    }
    closeTag(w, 1);
    if (list !== null) tree?.closeTo(list, w.pos);
    objects?.push({ object: objectIdOf(object), results: results as PropertyResult[] });
  }
  if (w.structured) w.data = { kind: "read-property-multiple-ack", objects: objects ?? [] };
  return true;
};

/**
 * The error of an Error PDU (clause 21, BACnet-Error and the services' own error productions):
 * a class/code pair, or `[0] { class code }` followed by service-specific parts shown as tags.
 * Summary ` property unknown-property`.
 */
export const errorChoice: ServiceDecoder = (w) => {
  let error: BacnetError | null | undefined;
  let extra: BacnetValue[] | null | undefined = null;
  if (w.peekTag() && w.isOpening(0)) {
    openTag(w, 0);
    error = errorPair(w);
    if (error === undefined) return false;
    if (!closeTag(w, 0)) return false;
    extra = readValues(w, -1, -1, -1, false);
    if (extra === undefined) return false;
  } else {
    error = errorPair(w);
    if (error === undefined) return false;
  }
  if (w.structured && error !== null)
    w.data = { kind: "error", error, ...(extra !== null && extra.length > 0 ? { extra } : {}) };
  return true;
};

/**
 * (Un)ConfirmedPrivateTransfer request and ACK (16.2, 16.3): vendor [0], service number [1],
 * parameters / result block [2] as tags. Summary `… vendor 4 service 1`.
 */
export const privateTransfer: ServiceDecoder = (w) => {
  const vendorId = readVendorId(w, 0);
  if (vendorId < 0) return fail(w, "the vendor identifier [0]");
  const service = readUnsigned(w, 1, "bip6.bacapp.service_number", "service Number");
  if (service < 0) return fail(w, "the service number [1]");
  w.sum.ascii(" vendor ");
  w.sum.uint(vendorId);
  w.sum.ascii(" service ");
  w.sum.uint(service);
  let values: BacnetValue[] | null | undefined = null;
  if (openTag(w, 2)) {
    values = readValues(w, 2, -1, -1, false);
    if (values === undefined) return false;
    closeTag(w, 2);
  }
  if (w.structured)
    w.data = {
      kind: "tags",
      values: [
        { type: "unsigned", value: vendorId },
        { type: "unsigned", value: service },
        ...(values !== null ? [{ type: "constructed" as const, tag: 2, values }] : []),
      ],
    };
  return true;
};

/**
 * SubscribeCOV-Request (13.14): process [0], object [1], then issue-confirmed [2] and
 * lifetime [3] (both absent: a cancellation). Summary `SubscribeCOV-Request analog-input,3 lifetime 3600`.
 */
export const subscribeCov: ServiceDecoder = (w) => {
  const process = readUnsigned(w, 0, "bip6.bacapp.process_id", "subscriber Process Id");
  if (process < 0) return fail(w, "the subscriber process identifier [0]");
  const object = readObjectId(w, 1);
  if (object < 0) return fail(w, "the monitored object identifier [1]");
  sumObject(w.sum, object);
  const confirmed = readUnsigned(w, 2, "bip6.bacapp.issue_confirmed", "issue Confirmed Notifications");
  const lifetime = readUnsigned(w, 3, "bip6.bacapp.lifetime", "lifetime");
  if (confirmed < 0 && lifetime < 0) w.sum.ascii(" cancel");
  if (lifetime >= 0) {
    w.sum.ascii(" lifetime ");
    w.sum.uint(lifetime);
  }
  if (w.structured)
    w.data = {
      kind: "tags",
      values: [
        { type: "unsigned", value: process },
        { type: "object-identifier", value: objectIdOf(object) },
        ...(confirmed >= 0 ? [{ type: "boolean" as const, value: confirmed !== 0 }] : []),
        ...(lifetime >= 0 ? [{ type: "unsigned" as const, value: lifetime }] : []),
      ],
    };
  return true;
};

/** Any other service: its data as a tree of tags (no summary beyond the service name). */
export const generic: ServiceDecoder = (w) => {
  const values = readValues(w, -1, -1, -1, false);
  if (values === undefined) return false;
  if (w.structured) w.data = { kind: "tags", values: values ?? [] };
  return true;
};

/** Records that `what` was expected at the position and fails the decode. */
function fail(w: Walk, what: string): false {
  w.unexpected(what);
  return false;
}

/** Decoders of unconfirmed services by choice. */
export const UNCONFIRMED_DECODERS: readonly (ServiceDecoder | undefined)[] = [
  iAm,
  iHave,
  covNotification,
  undefined,
  privateTransfer,
  undefined,
  timeSynchronization,
  whoHas,
  whoIs,
  utcTimeSynchronization,
];

/** Decoders of confirmed service requests by choice. */
export function confirmedRequestDecoder(service: number): ServiceDecoder {
  switch (service) {
    case 1:
      return covNotification;
    case 5:
      return subscribeCov;
    case 12:
      return readProperty;
    case 14:
      return readPropertyMultiple;
    case 15:
      return writeProperty;
    case 18:
      return privateTransfer;
    default:
      return generic;
  }
}

/** Decoders of ComplexACK service data by choice. */
export function complexAckDecoder(service: number): ServiceDecoder {
  switch (service) {
    case 12:
      return readPropertyAck;
    case 14:
      return readPropertyMultipleAck;
    case 18:
      return privateTransfer;
    default:
      return generic;
  }
}
