/**
 * Byte vectors: every NPDU shape, network layer message, PDU type and detailed service of
 * frames.ts decodes to its summary on both paths, and the fields and structured data that
 * matter are asserted exactly (ASHRAE 135 clauses 6, 20, 13–16, 21).
 */
import { describe, expect, it } from "vitest";
import {
  BACNET_LIMITS,
  type BacnetDecode,
  NpduFacts,
  decodeNpdu,
  iAmDeviceInstance,
  invokeId,
  isConfirmedRequest,
  isResponse,
  scanNpdu,
  serviceName,
  summarizeNpdu,
  visitNpdu,
  writeNpduSummary,
} from "../../src/bacnet/index.js";
import { FRAMES, octets } from "./frames.js";
import { field, fieldsNamed, flatten, frame } from "./helpers.js";

const decode = (name: string): BacnetDecode => decodeNpdu(octets(frame(name)));

describe("every test frame", () => {
  it.each(FRAMES.map((f) => [f.name, f] as const))(
    "%s: summary on both paths, problems only when malformed",
    (_, f) => {
      const bytes = octets(f);
      const d = decodeNpdu(bytes);
      expect(d.summary).toBe(f.summary);
      expect(summarizeNpdu(bytes)).toBe(f.summary);
      expect(d.problems.length > 0).toBe(f.malformed === true);
      for (const p of d.problems) expect(p.offset).toBeGreaterThanOrEqual(0);
      for (const p of d.problems) expect(p.offset).toBeLessThanOrEqual(bytes.length);
      // every field lies inside the NPDU
      for (const x of flatten(d.fields)) {
        expect(x.offset, x.name).toBeGreaterThanOrEqual(0);
        expect(x.offset + x.length, x.name).toBeLessThanOrEqual(bytes.length);
      }
      expect(scanNpdu(bytes).problems).toBe(d.problems.length);
    },
  );
});

describe("NPDU header (clause 6.2)", () => {
  it("decodes DNET/DLEN/DADR (a VMAC), the hop count and expecting-reply", () => {
    const d = decode("DNET with a VMAC DADR");
    expect(d.npdu).toEqual({
      version: 1,
      control: 0x24,
      isNetworkMessage: false,
      expectingReply: true,
      priority: 0,
      destination: { network: 5, address: "0004d2" },
      hopCount: 254,
      apduOffset: 9,
    });
    expect(field(d, "bacnet.dnet").value).toBe(5);
    expect(field(d, "bacnet.dlen").label).toBe("Destination MAC Layer Address Length: 3");
    expect(field(d, "bacnet.dadr_tmp")).toMatchObject({
      value: "0004d2",
      label: "Unknown Destination MAC: 0004d2",
      offset: 5,
      length: 3,
    });
    expect(field(d, "bacnet.hopc")).toMatchObject({ value: 254, offset: 8 });
    expect(field(d, "bacnet.control_expect").value).toBe(true);
    expect(field(d, "bacnet.control_dest").label).toBe(
      "..1. .... = Destination Specifier: DNET, DLEN and Hop Count present. If DLEN=0: broadcast, dest. address field absent.",
    );
  });

  it("decodes a global broadcast (DNET 0xFFFF, DLEN 0)", () => {
    const d = decode("global broadcast DNET 0xFFFF, DLEN 0");
    expect(d.npdu.destination).toEqual({ network: 0xffff, address: "" });
    expect(field(d, "bacnet.dlen").label).toBe(
      "Destination MAC Layer Address Length: 0 indicates Broadcast on Destination Network",
    );
    expect(fieldsNamed(d, "bacnet.dadr_tmp")).toHaveLength(0);
  });

  it("names DADR/SADR fields by length as tshark does (6 Ethernet, 1 MS/TP, others bytes)", () => {
    const eth = decode("SNET with an Ethernet SADR");
    expect(eth.npdu.source).toEqual({ network: 2, address: "010203040506" });
    expect(field(eth, "bacnet.sadr_eth").label).toBe("SADR: 01:02:03:04:05:06");
    const both = decode("DNET with an MS/TP DADR, SNET with a VMAC");
    expect(field(both, "bacnet.dadr_mstp")).toMatchObject({ value: 0x99, label: "DADR: 153" });
    expect(field(both, "bacnet.sadr_tmp").value).toBe("00162e");
    expect(both.npdu.hopCount).toBe(7);
  });

  it("decodes the priority bits", () => {
    expect(decode("priority life-safety").npdu.priority).toBe(3);
    expect(decode("priority urgent").npdu.priority).toBe(1);
    expect(field(decode("priority urgent"), "bacnet.control_prio_low").label).toBe(
      ".... ...1 = Priority: Urgent message",
    );
  });

  it("reports reserved control bits, a bad version and a short NPDU, and keeps going", () => {
    const d = decodeNpdu(Uint8Array.of(0x02, 0x40, 0x10, 0x08));
    expect(d.problems.map((p) => [p.code, p.offset])).toEqual([
      ["UNSUPPORTED_VERSION", 0],
      ["RESERVED_BITS", 1],
    ]);
    expect(d.summary).toBe("Who-Is");
    expect(decodeNpdu(Uint8Array.of(0x01)).problems[0]).toMatchObject({ code: "TRUNCATED", offset: 0 });
    expect(decodeNpdu(Uint8Array.of(0x01, 0x20, 0x00)).problems[0]).toMatchObject({ code: "TRUNCATED", offset: 2 });
    expect(decodeNpdu(Uint8Array.of(0x01, 0x08, 0x00, 0x01, 0x00, 0x10, 0x08)).problems[0]).toMatchObject({
      code: "BAD_ADDRESS",
      offset: 4,
    });
  });

  it("decodes within bounds of a larger array, with offsets into that array", () => {
    const inner = octets(frame("I-Am"));
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 7);
    const d = decodeNpdu(outer, 7, 7 + inner.length);
    expect(d.summary).toBe("I-Am device,1234");
    expect(field(d, "bacnet.version").offset).toBe(7);
    expect(field(d, "bacapp.instance_number")).toMatchObject({ value: 1234, offset: 7 + 9 });
    expect(summarizeNpdu(outer, 7, 7 + inner.length)).toBe("I-Am device,1234");
    // bad bounds decode as an empty NPDU, never throw
    expect(decodeNpdu(outer, 100, 3).problems[0]?.code).toBe("TRUNCATED");
    expect(summarizeNpdu(outer, Number.NaN, -1)).toBe("");
  });
});

describe("network layer messages (clause 6.4)", () => {
  const message = (name: string): unknown => decode(name).npdu.message;

  it("decodes each message's fields", () => {
    expect(message("Who-Is-Router-To-Network")).toEqual({
      type: 0,
      name: "Who-Is-Router-To-Network",
      kind: "who-is-router-to-network",
    });
    expect(message("Who-Is-Router-To-Network DNET")).toMatchObject({ kind: "who-is-router-to-network", network: 5 });
    expect(message("I-Am-Router-To-Network")).toMatchObject({ kind: "i-am-router-to-network", networks: [1, 2, 3] });
    expect(message("I-Could-Be-Router-To-Network")).toMatchObject({ network: 7, performanceIndex: 10 });
    expect(message("Reject-Message-To-Network")).toMatchObject({
      reason: 1,
      reasonName: "no-route-to-dnet",
      network: 9,
    });
    expect(message("Router-Busy-To-Network")).toMatchObject({ kind: "router-busy-to-network", networks: [1, 2] });
    expect(message("Router-Available-To-Network (all)")).toMatchObject({
      kind: "router-available-to-network",
      networks: [],
    });
    expect(message("Initialize-Routing-Table")).toMatchObject({
      kind: "initialize-routing-table",
      ports: [
        { network: 1, portId: 5, portInfo: "" },
        { network: 2, portId: 6, portInfo: "abcd" },
      ],
    });
    expect(message("Initialize-Routing-Table-Ack")).toMatchObject({ kind: "initialize-routing-table-ack", ports: [] });
    expect(message("Establish-Connection-To-Network")).toMatchObject({ network: 3, terminationTime: 60 });
    expect(message("Disconnect-Connection-To-Network")).toMatchObject({
      kind: "disconnect-connection-to-network",
      network: 3,
    });
    expect(message("What-Is-Network-Number")).toMatchObject({ kind: "what-is-network-number" });
    expect(message("Network-Number-Is")).toMatchObject({ network: 5, status: 1 });
    expect(message("proprietary network message")).toEqual({
      type: 0x80,
      name: "proprietary-network-message(0x80)",
      kind: "proprietary",
      vendorId: 260,
      data: "deadbeef",
    });
    expect(message("reserved network message type")).toMatchObject({ kind: "other", data: "00" });
  });

  it("labels the message type and reject reason as tshark does", () => {
    expect(field(decode("Network-Number-Is"), "bacnet.mesgtyp").label).toBe(
      "Network Layer Message Type: Networknumber-Is (0x13)",
    );
    expect(field(decode("proprietary network message"), "bacnet.mesgtyp").label).toBe(
      "Network Layer Message Type: Vendor Proprietary Message (0x80)",
    );
    expect(field(decode("Reject-Message-To-Network"), "bacnet.rejectreason").label).toMatch(
      /^Reject Reason: The router is not directly connected to DNET .* \(1\)$/,
    );
    expect(field(decode("Initialize-Routing-Table"), "bacnet.portid").label).toBe("Port ID: 0x05");
  });

  it("has no APDU, and routing fields still decode", () => {
    const d = decode("routed Who-Is-Router-To-Network");
    expect(d.apdu).toBeUndefined();
    expect(d.npdu).toMatchObject({
      isNetworkMessage: true,
      destination: { network: 0xffff },
      source: { network: 2, address: "0004d2" },
    });
    expect(scanNpdu(octets(frame("routed Who-Is-Router-To-Network")))).toMatchObject({
      networkMessage: 0,
      pduType: -1,
      destinationNetwork: 0xffff,
      sourceNetwork: 2,
    });
  });
});

describe("APDU headers (clause 20.1)", () => {
  it("decodes a segmented Confirmed-Request header without decoding the partial service data", () => {
    const d = decode("segmented Confirmed-Request, first segment");
    expect(d.apdu).toEqual({
      pduType: 0,
      pduTypeName: "Confirmed-Request",
      segmented: true,
      moreFollows: true,
      segmentedResponseAccepted: true,
      maxSegments: 65,
      maxApdu: 1476,
      invokeId: 17,
      sequenceNumber: 0,
      windowSize: 4,
      service: 14,
      serviceName: "ReadPropertyMultiple",
    });
    expect(field(d, "bacapp.response_segments").label).toBe(
      ".111 .... = Max Response Segments accepted: Greater than 64 segments (7)",
    );
    expect(field(d, "bacapp.max_adpu_size").label).toBe(
      ".... 0101 = Size of Maximum ADPU accepted: Up to 1476 octets (fits in an ISO 8802-3 frame) (5)",
    );
    expect(field(d, "bip6.bacapp.segment")).toMatchObject({ value: "0c02000001194c", offset: 8, length: 7 });
  });

  it("decodes SegmentACK, SimpleACK, Error, Reject and Abort", () => {
    expect(decode("SegmentACK NAK").apdu).toMatchObject({
      negativeAck: true,
      server: false,
      invokeId: 17,
      sequenceNumber: 2,
      windowSize: 4,
    });
    expect(decode("SegmentACK from the server").apdu).toMatchObject({ negativeAck: false, server: true });
    expect(decode("SimpleACK").apdu).toMatchObject({
      pduTypeName: "SimpleACK",
      invokeId: 17,
      service: 15,
      serviceName: "WriteProperty",
    });
    const error = decode("Error");
    expect(error.apdu?.error).toEqual({
      errorClass: 2,
      errorClassName: "property",
      errorCode: 32,
      errorCodeName: "unknown-property",
    });
    expect(field(error, "bacapp.error_code").label).toBe("Error Code: unknown-property (32)");
    expect(decode("Error of WritePropertyMultiple (constructed)").apdu?.data).toMatchObject({
      kind: "error",
      error: { errorClass: 2, errorCode: 32 },
      extra: [{ type: "context", tag: 1, value: "01" }],
    });
    expect(decode("Error with a proprietary code").apdu?.error?.errorCodeName).toBe("proprietary-error-code(1000)");
    expect(decode("Reject").apdu).toMatchObject({ rejectReason: 9, rejectReasonName: "unrecognized-service" });
    expect(decode("Reject, proprietary reason").apdu?.rejectReasonName).toBe("proprietary-reject-reason(80)");
    expect(decode("Abort from the server").apdu).toMatchObject({
      server: true,
      abortReason: 4,
      abortReasonName: "segmentation-not-supported",
    });
    expect(field(decode("Abort from the client"), "bacapp.abort_reason").label).toBe(
      "Abort Reason: apdu-too-long (11)",
    );
  });
});

describe("services in detail", () => {
  it("I-Am: device, max APDU, segmentation, vendor", () => {
    const d = decode("I-Am");
    expect(d.apdu?.data).toEqual({
      kind: "i-am",
      device: { type: 8, typeName: "device", instance: 1234 },
      maxApdu: 1476,
      segmentation: 3,
      segmentationName: "no-segmentation",
      vendorId: 260,
    });
    expect(field(d, "bacapp.unconfirmed_service").label).toBe("Unconfirmed Service Choice: i-Am (0)");
    expect(field(d, "bip6.bacapp.object_identifier").label).toBe("ObjectIdentifier: device, 1234");
    expect(field(d, "bacapp.objectType")).toMatchObject({
      value: 8,
      label: "Object Type: device (8)",
      offset: 9,
      length: 4,
    });
    expect(field(d, "bacapp.vendor_identifier").value).toBe(260);
    expect(iAmDeviceInstance(decode("I-Am, segmented-both, largest instance"))).toBe(4194303);
  });

  it("Who-Is, Who-Has, I-Have", () => {
    expect(decode("Who-Is range").apdu?.data).toEqual({ kind: "who-is", low: 100, high: 200 });
    expect(field(decode("Who-Is range"), "bacapp.who_is.high_limit")).toMatchObject({
      value: 200,
      offset: 7,
      length: 2,
    });
    expect(decode("local, no routing").apdu?.data).toEqual({ kind: "who-is" });
    expect(decode("Who-Has object identifier").apdu?.data).toEqual({
      kind: "who-has",
      object: { type: 0, typeName: "analog-input", instance: 3 },
    });
    expect(decode("Who-Has name with range").apdu?.data).toEqual({
      kind: "who-has",
      low: 100,
      high: 200,
      objectName: "Zone",
    });
    expect(decode("I-Have").apdu?.data).toMatchObject({ kind: "i-have", object: { instance: 3 }, objectName: "Zone" });
    expect(field(decode("I-Have"), "bacapp.object_name").value).toBe("Zone");
  });

  it("TimeSynchronization and UTCTimeSynchronization", () => {
    expect(decode("TimeSynchronization").apdu?.data).toEqual({
      kind: "time-synchronization",
      date: { year: 2024, month: 5, day: 1, weekday: 255 },
      time: { hour: 12, minute: 34, second: 56, hundredths: 78 },
    });
    const utc = decode("UTCTimeSynchronization");
    expect(utc.apdu?.data).toMatchObject({
      kind: "utc-time-synchronization",
      date: { weekday: 3 },
      time: { hundredths: 255 },
    });
    expect(field(utc, "bip6.bacapp.date").label).toBe("Date: May 1, 2024, (Day of Week = Wednesday)");
  });

  it("COV notifications: header and the list of values", () => {
    const d = decode("ConfirmedCOVNotification");
    expect(d.apdu?.data).toEqual({
      kind: "cov-notification",
      subscriberProcessId: 1,
      initiatingDevice: { type: 8, typeName: "device", instance: 1234 },
      monitoredObject: { type: 0, typeName: "analog-input", instance: 3 },
      timeRemaining: 300,
      values: [
        { property: 85, propertyName: "present-value", value: [{ type: "real", value: 21.5 }] },
        { property: 111, propertyName: "status-flags", value: [{ type: "bit-string", value: "0001" }] },
      ],
    });
    expect(field(d, "bacapp.processId")).toMatchObject({ value: 1, offset: 6, length: 2 });
    expect(fieldsNamed(d, "bacapp.bit").map((b) => b.label)).toEqual([
      "in-alarm = FALSE",
      "fault = FALSE",
      "overridden = FALSE",
      "out-of-service = TRUE",
    ]);
    expect(isConfirmedRequest(d.apdu)).toBe(true);
    expect(decode("UnconfirmedCOVNotification").apdu?.data).toMatchObject({
      kind: "cov-notification",
      timeRemaining: 0,
    });
  });

  it("ReadProperty request and ACK", () => {
    const req = decode("ReadProperty with array index");
    expect(req.apdu?.data).toEqual({
      kind: "read-property",
      object: { type: 8, typeName: "device", instance: 1234 },
      property: 76,
      propertyName: "object-list",
      arrayIndex: 0,
    });
    expect(field(req, "bacapp.property_identifier").label).toBe("Property Identifier: object-list (76)");
    expect(field(req, "bacapp.confirmed_service").label).toBe("Service Choice: readProperty (12)");
    const proprietary = decode("ReadProperty, proprietary object and property");
    expect(proprietary.apdu?.data).toMatchObject({
      object: { type: 130, typeName: "proprietary-object-type(130)" },
      propertyName: "proprietary-property(1000)",
    });
    const ack = decode("value: REAL");
    expect(ack.apdu?.data).toEqual({
      kind: "read-property-ack",
      object: { type: 0, typeName: "analog-input", instance: 3 },
      property: 85,
      propertyName: "present-value",
      value: [{ type: "real", value: 21.5 }],
    });
    expect(field(ack, "bacapp.present_value.real")).toMatchObject({
      value: 21.5,
      label: "Present Value (real): 21.5",
      offset: 13,
      length: 5,
    });
  });

  it("WriteProperty with index and priority", () => {
    expect(decode("WriteProperty with priority").apdu?.data).toEqual({
      kind: "write-property",
      object: { type: 2, typeName: "analog-value", instance: 1 },
      property: 85,
      propertyName: "present-value",
      value: [{ type: "real", value: 42 }],
      priority: 8,
    });
    expect(decode("WriteProperty with array index").apdu?.data).toMatchObject({
      arrayIndex: 3,
      propertyName: "priority-array",
    });
    expect(decode("WriteProperty of NULL (relinquish)").apdu?.data).toMatchObject({
      value: [{ type: "null" }],
      priority: 16,
    });
  });

  it("ReadPropertyMultiple request and ACK (with a property error)", () => {
    expect(decode("ReadPropertyMultiple").apdu?.data).toEqual({
      kind: "read-property-multiple",
      objects: [
        {
          object: { type: 0, typeName: "analog-input", instance: 3 },
          properties: [
            { property: 85, propertyName: "present-value" },
            { property: 111, propertyName: "status-flags" },
          ],
        },
        {
          object: { type: 8, typeName: "device", instance: 1234 },
          properties: [
            { property: 77, propertyName: "object-name" },
            { property: 117, propertyName: "units", arrayIndex: 1 },
          ],
        },
      ],
    });
    expect(decode("ReadPropertyMultiple-ACK with an error").apdu?.data).toEqual({
      kind: "read-property-multiple-ack",
      objects: [
        {
          object: { type: 0, typeName: "analog-input", instance: 3 },
          results: [
            { property: 85, propertyName: "present-value", value: [{ type: "real", value: 21.5 }] },
            { property: 111, propertyName: "status-flags", value: [{ type: "bit-string", value: "0000" }] },
            {
              property: 103,
              propertyName: "reliability",
              error: { errorClass: 2, errorClassName: "property", errorCode: 32, errorCodeName: "unknown-property" },
            },
          ],
        },
      ],
    });
  });

  it("PrivateTransfer, SubscribeCOV and generically decoded services", () => {
    expect(decode("UnconfirmedPrivateTransfer").apdu?.data).toEqual({
      kind: "tags",
      values: [
        { type: "unsigned", value: 4 },
        { type: "unsigned", value: 1 },
        { type: "constructed", tag: 2, values: [{ type: "unsigned", value: 5 }] },
      ],
    });
    expect(decode("SubscribeCOV cancellation").apdu?.data).toMatchObject({
      kind: "tags",
      values: [{ value: 0x12 }, { type: "object-identifier" }],
    });
    expect(decode("AtomicReadFile-ACK (generic)").apdu?.data).toEqual({
      kind: "tags",
      values: [
        { type: "boolean", value: false },
        {
          type: "constructed",
          tag: 0,
          values: [
            { type: "signed", value: 0 },
            { type: "octet-string", value: "010203" },
          ],
        },
      ],
    });
  });
});

describe("primitive values of every application tag (clause 20.2)", () => {
  const value = (name: string): unknown => {
    const data = decode(name).apdu?.data;
    return data?.kind === "read-property-ack" ? data.value : data;
  };

  it("decodes each type", () => {
    expect(value("value: NULL")).toEqual([{ type: "null" }]);
    expect(value("value: BOOLEAN")).toEqual([{ type: "boolean", value: true }]);
    expect(value("value: Unsigned")).toEqual([{ type: "unsigned", value: 1000 }]);
    expect(value("value: Signed")).toEqual([{ type: "signed", value: -5 }]);
    expect(value("value: REAL 0.1")).toEqual([{ type: "real", value: Math.fround(0.1) }]);
    expect(value("value: Double")).toEqual([{ type: "double", value: 1.5 }]);
    expect(value("value: OctetString")).toEqual([{ type: "octet-string", value: "0a0b0c" }]);
    expect(value("value: CharacterString UTF-8")).toEqual([{ type: "character-string", charset: 0, value: "Ã©!!" }]);
    expect(value("value: CharacterString ISO 8859-1")).toEqual([
      { type: "character-string", charset: 5, value: "éA!" },
    ]);
    expect(value("value: CharacterString UCS-2")).toEqual([{ type: "character-string", charset: 4, value: "éA" }]);
    expect(value("value: CharacterString UCS-4")).toEqual([{ type: "character-string", charset: 3, value: "😀" }]);
    expect(value("value: CharacterString DBCS (as octets)")).toEqual([
      { type: "character-string", charset: 1, value: "", hex: "03a48181" },
    ]);
    expect(value("value: BIT STRING status-flags")).toEqual([{ type: "bit-string", value: "0100" }]);
    expect(value("value: ENUMERATED units")).toEqual([{ type: "enumerated", value: 62, name: "degrees-celsius" }]);
    expect(value("value: ENUMERATED event-state")).toEqual([{ type: "enumerated", value: 3, name: "high-limit" }]);
    expect(value("value: ENUMERATED binary present-value")).toEqual([{ type: "enumerated", value: 1, name: "active" }]);
    expect(value("value: Date")).toEqual([{ type: "date", value: { year: 2024, month: 5, day: 255, weekday: 255 } }]);
    expect(value("value: Time")).toEqual([
      { type: "time", value: { hour: 12, minute: 34, second: 56, hundredths: 0 } },
    ]);
    expect(value("value: BACnetObjectIdentifier")).toEqual([
      { type: "object-identifier", value: { type: 0, typeName: "analog-input", instance: 3 } },
    ]);
    expect(value("value: constructed (a context-tagged choice)")).toEqual([
      {
        type: "constructed",
        tag: 0,
        values: [{ type: "object-identifier", value: { type: 8, typeName: "device", instance: 1234 } }],
      },
    ]);
    expect(value("value: context-tagged primitive")).toEqual([{ type: "context", tag: 0, value: "01" }]);
    expect((value("value: a list (object-list)") as unknown[]).length).toBe(5);
  });

  it("gives fields tshark's machine values (T/F bits, hex octets, numbers) and labels", () => {
    expect(field(decode("value: BIT STRING status-flags"), "bip6.bacapp.value").value).toBe("FTFF");
    expect(field(decode("value: OctetString"), "bacapp.present_value.octet_string").value).toBe("0a0b0c");
    expect(field(decode("value: CharacterString UTF-8"), "bacapp.object_name").value).toBe("Ã©!!");
    expect(field(decode("value: CharacterString UCS-2"), "bacapp.string_character_set").label).toBe(
      "String Character Set: ISO 10646 (UCS-2) (4)",
    );
    expect(field(decode("value: CharacterString DBCS (as octets)"), "bacapp.code_page").value).toBe(932);
    expect(field(decode("value: ENUMERATED units"), "bip6.bacapp.value").label).toBe(
      "Enumerated: degrees-celsius (62)",
    );
    const services = fieldsNamed(decode("value: protocol-services-supported"), "bacapp.bit");
    expect(services).toHaveLength(47);
    expect(services[12]?.label).toBe("readProperty = FALSE");
    expect(services[26]?.label).toBe("i-Am = FALSE");
    expect(services[40]?.label).toBe("write-group = TRUE");
  });

  it("reports a value whose length its type does not allow", () => {
    const d = decodeNpdu(octets({ name: "", summary: "", hex: "0100 30 0f 0c 0c00000003 1955 3e 4341ac00 3f" }));
    expect(d.problems[0]).toMatchObject({ code: "BAD_VALUE", offset: 13 });
    expect(d.summary).toBe("ReadProperty-ACK analog-input,3 present-value");
    expect(field(d, "bip6.bacapp.undecoded").value).toBe("4341ac003f");
  });
});

describe("findings data", () => {
  it("tells confirmed requests, responses, services, invoke ids and I-Am devices apart", () => {
    const req = decode("expecting reply");
    expect([isConfirmedRequest(req.apdu), isResponse(req.apdu), serviceName(req.apdu), invokeId(req.apdu)]).toEqual([
      true,
      false,
      "ReadProperty",
      15,
    ]);
    const ack = decode("value: REAL");
    expect([isConfirmedRequest(ack.apdu), isResponse(ack.apdu), invokeId(ack.apdu)]).toEqual([false, true, 15]);
    expect(isConfirmedRequest(decode("I-Am").apdu)).toBe(false);
    expect(iAmDeviceInstance(decode("I-Am"))).toBe(1234);
    expect(iAmDeviceInstance(ack)).toBeUndefined();
    expect(isConfirmedRequest(decode("Who-Is-Router-To-Network").apdu)).toBe(false);
  });

  it("fills the same facts on the summary path without building anything", () => {
    const facts = new NpduFacts();
    const out = new Uint8Array(BACNET_LIMITS.maxSummaryOctets + 10);
    const iAm = octets(frame("I-Am"));
    const end = writeNpduSummary(iAm, 0, iAm.length, out, 10, facts);
    expect(new TextDecoder().decode(out.subarray(10, end))).toBe("I-Am device,1234");
    expect({ ...facts }).toEqual({
      networkMessage: -1,
      pduType: 1,
      service: 0,
      invokeId: -1,
      confirmedRequest: false,
      segmented: false,
      iAmDevice: 1234,
      destinationNetwork: 0xffff,
      sourceNetwork: -1,
      problems: 0,
    });
    expect(scanNpdu(octets(frame("expecting reply")), 0, undefined, facts)).toMatchObject({
      pduType: 0,
      service: 12,
      invokeId: 15,
      confirmedRequest: true,
      iAmDevice: -1,
    });
  });

  it("keeps a caller's facts when a later decode is given none (the reused walk clears only its own)", () => {
    const facts = scanNpdu(octets(frame("I-Am")), 0, undefined, new NpduFacts());
    const before = { ...facts };
    summarizeNpdu(octets(frame("expecting reply")));
    visitNpdu(octets(frame("expecting reply")), 0, octets(frame("expecting reply")).length, () => undefined);
    decodeNpdu(octets(frame("expecting reply")));
    expect(before.iAmDevice).toBe(1234);
    expect({ ...facts }).toEqual(before);
  });
});

describe("the visit path", () => {
  it("hands over the tree's fields with their leaf lengths, and the findings' facts", () => {
    for (const f of FRAMES) {
      const bytes = octets(f);
      const seen: [string, unknown, number, number][] = [];
      const facts = new NpduFacts();
      visitNpdu(
        bytes,
        0,
        bytes.length,
        (name, value, offset, length) => seen.push([name, value, offset, length]),
        facts,
      );
      const all = flatten(decodeNpdu(bytes).fields);
      expect(seen.length, f.name).toBe(all.length);
      all.forEach((x, i) => {
        const [name, value, offset, length] = seen[i] as [string, unknown, number, number];
        expect([name, value, offset], `${f.name} #${i}`).toEqual([x.name, x.value, x.offset]);
        if (x.children === undefined) expect(length, `${f.name} ${x.name} length`).toBe(x.length);
      });
      expect({ ...facts }, f.name).toEqual({ ...scanNpdu(bytes) });
    }
  });

  it("extracts fields by name as -T fields would", () => {
    const bytes = octets(frame("I-Am"));
    const wanted = new Map<string, unknown[]>([
      ["bacapp.instance_number", []],
      ["bacapp.vendor_identifier", []],
      ["bacnet.dnet", []],
    ]);
    visitNpdu(bytes, 0, bytes.length, (name, value) => wanted.get(name)?.push(value));
    expect(Object.fromEntries(wanted)).toEqual({
      "bacapp.instance_number": [1234],
      "bacapp.vendor_identifier": [260],
      "bacnet.dnet": [65535],
    });
  });
});

describe("summaries", () => {
  it("are capped at maxSummaryOctets with an ellipsis", () => {
    // ReadPropertyMultiple of 60 objects: the summary would be far longer than the cap.
    const spec = "0c00000003 1e09551f".repeat(60);
    const d = decodeNpdu(octets({ name: "", summary: "", hex: `0104 0005 01 0e ${spec}` }));
    expect(d.problems).toEqual([]);
    expect(new TextEncoder().encode(d.summary).length).toBeLessThanOrEqual(BACNET_LIMITS.maxSummaryOctets);
    expect(d.summary.endsWith("…")).toBe(true);
    expect(d.summary).toBe(summarizeNpdu(octets({ name: "", summary: "", hex: `0104 0005 01 0e ${spec}` })));
  });

  it("escape quotes and control characters in strings", () => {
    const d = decodeNpdu(octets({ name: "", summary: "", hex: "0100 1007 3d05 00 22 5c 0a 41" }));
    expect(d.summary).toBe('Who-Has "\\"\\\\\\x0aA"');
  });
});
