/**
 * Hand-written NPDUs (exact octets, ASHRAE 135 clauses 6, 20, 13–16, 21) with the summary
 * each must decode to. The vector tests assert fields and structured data on top; the tshark
 * oracle decodes all of them and compares field by field. Device 1234 = 0x0004d2,
 * analog-input,3 = 0x00000003, device,1234 = 0x020004d2.
 */
import { hexToBytes } from "@bip6/bvll6-codec";

/** One test NPDU. */
export interface TestFrame {
  readonly name: string;
  /** The NPDU, hex with spaces for reading. */
  readonly hex: string;
  readonly summary: string;
  /** Malformed on purpose: the decode must report problems (and tshark may disagree). */
  readonly malformed?: boolean;
}

/** The NPDU's octets. */
export function octets(f: TestFrame): Uint8Array {
  return hexToBytes(f.hex.replace(/\s+/g, ""));
}

const RP_ACK = "0100 30 0f 0c 0c00000003";

/** Every NPDU shape, network message, PDU type and detailed service. */
export const FRAMES: readonly TestFrame[] = [
  // ---- NPDU shapes (clause 6.2) ----
  { name: "local, no routing", hex: "0100 1008", summary: "Who-Is" },
  {
    name: "expecting reply",
    hex: "0104 0005 0f 0c 0c00000003 1955",
    summary: "ReadProperty-Request analog-input,3 present-value",
  },
  { name: "global broadcast DNET 0xFFFF, DLEN 0", hex: "0120 ffff 00 ff 1008", summary: "Who-Is" },
  {
    name: "DNET with a VMAC DADR",
    hex: "0124 0005 03 0004d2 fe 0005 0f 0c 0c00000003 1955",
    summary: "ReadProperty-Request analog-input,3 present-value",
  },
  { name: "SNET with an Ethernet SADR", hex: "0108 0002 06 010203040506 1008", summary: "Who-Is" },
  {
    name: "DNET with an MS/TP DADR, SNET with a VMAC",
    hex: "0128 0001 01 99 0002 03 00162e 07 1008",
    summary: "Who-Is",
  },
  { name: "priority life-safety", hex: "0103 1008", summary: "Who-Is" },
  { name: "priority urgent", hex: "0101 1008", summary: "Who-Is" },
  // ---- network layer messages (clause 6.4) ----
  { name: "Who-Is-Router-To-Network", hex: "0180 00", summary: "Who-Is-Router-To-Network" },
  { name: "Who-Is-Router-To-Network DNET", hex: "0180 00 0005", summary: "Who-Is-Router-To-Network 5" },
  { name: "I-Am-Router-To-Network", hex: "0180 01 0001 0002 0003", summary: "I-Am-Router-To-Network 1,2,3" },
  { name: "I-Could-Be-Router-To-Network", hex: "0180 02 0007 0a", summary: "I-Could-Be-Router-To-Network 7 perf 10" },
  {
    name: "Reject-Message-To-Network",
    hex: "0180 03 01 0009",
    summary: "Reject-Message-To-Network no-route-to-dnet 9",
  },
  { name: "Router-Busy-To-Network", hex: "0180 04 0001 0002", summary: "Router-Busy-To-Network 1,2" },
  { name: "Router-Available-To-Network (all)", hex: "0180 05", summary: "Router-Available-To-Network" },
  {
    name: "Initialize-Routing-Table",
    hex: "0180 06 02 0001 05 00 0002 06 02 abcd",
    summary: "Initialize-Routing-Table 2 ports",
  },
  { name: "Initialize-Routing-Table-Ack", hex: "0180 07 00", summary: "Initialize-Routing-Table-Ack 0 ports" },
  { name: "Establish-Connection-To-Network", hex: "0180 08 0003 3c", summary: "Establish-Connection-To-Network 3" },
  { name: "Disconnect-Connection-To-Network", hex: "0180 09 0003", summary: "Disconnect-Connection-To-Network 3" },
  { name: "What-Is-Network-Number", hex: "0180 12", summary: "What-Is-Network-Number" },
  { name: "Network-Number-Is", hex: "0180 13 0005 01", summary: "Network-Number-Is 5 configured" },
  {
    name: "proprietary network message",
    hex: "0180 80 0104 deadbeef",
    summary: "Proprietary-Network-Message 0x80 vendor 260",
  },
  {
    name: "routed Who-Is-Router-To-Network",
    hex: "01a8 ffff 00 0002 03 0004d2 fe 00",
    summary: "Who-Is-Router-To-Network",
  },
  // ---- PDU types (clause 20.1) ----
  {
    name: "segmented Confirmed-Request, first segment",
    hex: "0104 0e 75 11 00 04 0e 0c 02000001 19 4c",
    summary: "ReadPropertyMultiple-Request segment 0 (more follow)",
  },
  {
    name: "segmented ComplexACK",
    hex: "0100 3c 11 02 04 0e 0c 02000001",
    summary: "ReadPropertyMultiple-ACK segment 2 (more follow)",
  },
  {
    name: "last segment of a ComplexACK",
    hex: "0100 38 11 03 04 0e 1f",
    summary: "ReadPropertyMultiple-ACK segment 3 (last)",
  },
  { name: "SegmentACK NAK", hex: "0100 42 11 02 04", summary: "SegmentACK seq 2 window 4 NAK" },
  { name: "SegmentACK from the server", hex: "0100 41 11 02 04", summary: "SegmentACK seq 2 window 4" },
  { name: "SimpleACK", hex: "0100 20 11 0f", summary: "WriteProperty-SimpleACK" },
  { name: "Error", hex: "0100 50 11 0c 9102 9120", summary: "ReadProperty-Error property unknown-property" },
  {
    name: "Error of WritePropertyMultiple (constructed)",
    hex: "0100 50 11 10 0e 9102 9120 0f 1901",
    summary: "WritePropertyMultiple-Error property unknown-property",
  },
  {
    name: "Error with a proprietary code",
    hex: "0100 50 11 0c 9105 9203e8",
    summary: "ReadProperty-Error services proprietary-error-code(1000)",
  },
  { name: "Reject", hex: "0100 60 11 09", summary: "Reject unrecognized-service" },
  { name: "Reject, proprietary reason", hex: "0100 60 11 50", summary: "Reject proprietary-reject-reason(80)" },
  { name: "Abort from the server", hex: "0100 71 11 04", summary: "Abort segmentation-not-supported" },
  { name: "Abort from the client", hex: "0100 70 11 0b", summary: "Abort apdu-too-long" },
  // ---- unconfirmed services (clauses 13, 16) ----
  { name: "I-Am", hex: "0120 ffff 00 ff 1000 c4020004d2 2205c4 9103 2201 04", summary: "I-Am device,1234" },
  {
    name: "I-Am, segmented-both, largest instance",
    hex: "0100 1000 c4023fffff 2201e0 9100 2201f4",
    summary: "I-Am device,4194303",
  },
  { name: "Who-Is range", hex: "0100 1008 0964 1a00c8", summary: "Who-Is 100-200" },
  { name: "Who-Is one device", hex: "0100 1008 0b01e240 1b01e240", summary: "Who-Is 123456-123456" },
  { name: "Who-Has object identifier", hex: "0100 1007 2c00000003", summary: "Who-Has analog-input,3" },
  { name: "Who-Has name", hex: "0100 1007 3d0500 5a6f6e65", summary: 'Who-Has "Zone"' },
  { name: "Who-Has name with range", hex: "0100 1007 0964 1a00c8 3d0500 5a6f6e65", summary: 'Who-Has 100-200 "Zone"' },
  {
    name: "I-Have",
    hex: "0100 1001 c4020004d2 c400000003 750500 5a6f6e65",
    summary: 'I-Have device,1234 analog-input,3 "Zone"',
  },
  {
    name: "TimeSynchronization",
    hex: "0100 1006 a47c0501ff b40c22384e",
    summary: "TimeSynchronization 2024-05-01 12:34:56.78",
  },
  {
    name: "UTCTimeSynchronization",
    hex: "0100 1009 a47c0501 03 b40c2238ff",
    summary: "UTCTimeSynchronization 2024-05-01 12:34:56.*",
  },
  {
    name: "UnconfirmedCOVNotification",
    hex: "0100 1002 0901 1c020004d2 2c00000003 3900 4e 0955 2e4441ac0000 2f 096f 2e8204 00 2f 4f",
    summary: "UnconfirmedCOVNotification device,1234 analog-input,3 present-value 21.5 status-flags B'0000'",
  },
  {
    name: "UnconfirmedPrivateTransfer",
    hex: "0100 1004 0904 1901 2e 2105 2f",
    summary: "UnconfirmedPrivateTransfer vendor 4 service 1",
  },
  {
    name: "ConfirmedPrivateTransfer-ACK",
    hex: "0100 30 01 12 0904 1901 2e 2105 2f",
    summary: "ConfirmedPrivateTransfer-ACK vendor 4 service 1",
  },
  // ---- confirmed services (clauses 13, 15) ----
  {
    name: "ConfirmedCOVNotification",
    hex: "0104 0005 01 01 0901 1c020004d2 2c00000003 3a012c 4e 0955 2e4441ac0000 2f 096f 2e820410 2f 4f",
    summary: "ConfirmedCOVNotification-Request device,1234 analog-input,3 present-value 21.5 status-flags B'0001'",
  },
  {
    name: "ReadProperty with array index",
    hex: "0104 0005 02 0c 0c020004d2 194c 2900",
    summary: "ReadProperty-Request device,1234 object-list[0]",
  },
  {
    name: "ReadProperty, proprietary object and property",
    hex: "0104 0005 02 0c 0c20800001 1a03e8",
    summary: "ReadProperty-Request proprietary-object-type(130),1 proprietary-property(1000)",
  },
  {
    name: "WriteProperty with priority",
    hex: "0104 0005 01 0f 0c00800001 1955 3e4442280000 3f 4908",
    summary: "WriteProperty-Request analog-value,1 present-value 42 priority 8",
  },
  {
    name: "WriteProperty with array index",
    hex: "0104 0005 01 0f 0c00800001 1957 2903 3e4442280000 3f",
    summary: "WriteProperty-Request analog-value,1 priority-array[3] 42",
  },
  {
    name: "WriteProperty of NULL (relinquish)",
    hex: "0104 0005 01 0f 0c00800001 1955 3e00 3f 4910",
    summary: "WriteProperty-Request analog-value,1 present-value null priority 16",
  },
  {
    name: "ReadPropertyMultiple",
    hex: "0104 0005 01 0e 0c00000003 1e0955096f1f 0c020004d2 1e094d 0975 1901 1f",
    summary: "ReadPropertyMultiple-Request analog-input,3 present-value,status-flags device,1234 object-name,units[1]",
  },
  {
    name: "ReadPropertyMultiple-ACK with an error",
    hex: "0100 30 01 0e 0c00000003 1e 2955 4e4441ac0000 4f 296f 4e820400 4f 2967 5e 9102 9120 5f 1f",
    summary:
      "ReadPropertyMultiple-ACK analog-input,3 present-value 21.5 status-flags B'0000' reliability error property unknown-property",
  },
  {
    name: "SubscribeCOV",
    hex: "0104 0005 03 05 0912 1c00000003 2901 3a0e10",
    summary: "SubscribeCOV-Request analog-input,3 lifetime 3600",
  },
  {
    name: "SubscribeCOV cancellation",
    hex: "0104 0005 03 05 0912 1c00000003",
    summary: "SubscribeCOV-Request analog-input,3 cancel",
  },
  {
    name: "DeviceCommunicationControl (generic)",
    hex: "0104 0005 03 11 0901",
    summary: "DeviceCommunicationControl-Request",
  },
  {
    name: "AtomicReadFile-ACK (generic)",
    hex: "0100 30 04 06 10 0e 3100 63010203 0f",
    summary: "AtomicReadFile-ACK",
  },
  // ---- ReadProperty-ACK with every application tag (clause 20.2) ----
  {
    name: "value: REAL",
    hex: `${RP_ACK} 1955 3e 4441ac0000 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 21.5",
  },
  {
    name: "value: REAL 0.1",
    hex: `${RP_ACK} 1955 3e 443dcccccd 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 0.1",
  },
  {
    name: "value: NULL",
    hex: `${RP_ACK} 1955 3e 00 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value null",
  },
  {
    name: "value: BOOLEAN",
    hex: `${RP_ACK} 1951 3e 11 3f`,
    summary: "ReadProperty-ACK analog-input,3 out-of-service true",
  },
  {
    name: "value: Unsigned",
    hex: `${RP_ACK} 1941 3e 2203e8 3f`,
    summary: "ReadProperty-ACK analog-input,3 max-pres-value 1000",
  },
  {
    name: "value: Signed",
    hex: `${RP_ACK} 1955 3e 31fb 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value -5",
  },
  {
    name: "value: Double",
    hex: `${RP_ACK} 1955 3e 5508 3ff8000000000000 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 1.5",
  },
  {
    name: "value: OctetString",
    hex: `${RP_ACK} 1955 3e 63 0a0b0c 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value X'0a0b0c'",
  },
  {
    name: "value: CharacterString UTF-8",
    hex: `${RP_ACK} 194d 3e 7507 00 c383c2a9 2121 3f`,
    summary: 'ReadProperty-ACK analog-input,3 object-name "Ã©!!"',
  },
  {
    name: "value: CharacterString ISO 8859-1",
    hex: `${RP_ACK} 191c 3e 7504 05 e94121 3f`,
    summary: 'ReadProperty-ACK analog-input,3 description "éA!"',
  },
  {
    name: "value: CharacterString UCS-2",
    hex: `${RP_ACK} 191c 3e 7505 04 00e90041 3f`,
    summary: 'ReadProperty-ACK analog-input,3 description "éA"',
  },
  {
    name: "value: CharacterString UCS-4",
    hex: `${RP_ACK} 191c 3e 7505 03 0001f600 3f`,
    summary: 'ReadProperty-ACK analog-input,3 description "😀"',
  },
  {
    name: "value: CharacterString DBCS (as octets)",
    hex: `${RP_ACK} 191c 3e 7505 01 03a4 8181 3f`,
    summary: "ReadProperty-ACK analog-input,3 description X'03a48181'",
  },
  {
    name: "value: BIT STRING status-flags",
    hex: `${RP_ACK} 196f 3e 820440 3f`,
    summary: "ReadProperty-ACK analog-input,3 status-flags B'0100'",
  },
  {
    name: "value: ENUMERATED units",
    hex: `${RP_ACK} 1975 3e 913e 3f`,
    summary: "ReadProperty-ACK analog-input,3 units degrees-celsius",
  },
  {
    name: "value: ENUMERATED event-state",
    hex: `${RP_ACK} 1924 3e 9103 3f`,
    summary: "ReadProperty-ACK analog-input,3 event-state high-limit",
  },
  {
    name: "value: ENUMERATED binary present-value",
    hex: "0100 30 0f 0c 0c00c00002 1955 3e 9101 3f",
    summary: "ReadProperty-ACK binary-input,2 present-value active",
  },
  {
    name: "value: Date",
    hex: `${RP_ACK} 1955 3e a47c05ffff 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 2024-05-*",
  },
  {
    name: "value: Time",
    hex: `${RP_ACK} 1955 3e b40c223800 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 12:34:56.00",
  },
  {
    name: "value: BACnetObjectIdentifier",
    hex: "0100 30 0f 0c 0c020004d2 194c 2902 3e c400000003 3f",
    summary: "ReadProperty-ACK device,1234 object-list[2] analog-input,3",
  },
  {
    name: "value: a list (object-list)",
    hex: "0100 30 0f 0c 0c020004d2 194c 3e c4020004d2 c400000003 c400000004 c400c00002 c401000001 3f",
    summary: "ReadProperty-ACK device,1234 object-list {device,1234 analog-input,3 analog-input,4 binary-input,2 …}",
  },
  {
    name: "value: priority-array",
    hex: `${RP_ACK} 1957 3e 00 00 4441ac0000 00 3f`,
    summary: "ReadProperty-ACK analog-input,3 priority-array {null null 21.5 null}",
  },
  {
    name: "value: constructed (a context-tagged choice)",
    hex: `${RP_ACK} 1a03e8 3e 0e c4020004d2 0f 3f`,
    summary: "ReadProperty-ACK analog-input,3 proprietary-property(1000) {device,1234}",
  },
  {
    name: "value: context-tagged primitive",
    hex: `${RP_ACK} 1955 3e 0901 3f`,
    summary: "ReadProperty-ACK analog-input,3 present-value [0]=01",
  },
  {
    name: "value: protocol-services-supported",
    hex: "0100 30 0f 0c 0c020004d2 1961 3e 8507 01 0000000000fe 3f",
    summary:
      "ReadProperty-ACK device,1234 protocol-services-supported B'00000000000000000000000000000000000000001111111'",
  },
  // ---- malformed ----
  { name: "truncated I-Am", hex: "0100 1000 c4020004d2 2205", summary: "I-Am device,1234", malformed: true },
  { name: "unknown PDU type", hex: "0100 f0 00", summary: "reserved-pdu-type(15)", malformed: true },
  {
    name: "unbalanced tags",
    hex: `${RP_ACK} 1955 3e 4441ac0000 2f`,
    summary: "ReadProperty-ACK analog-input,3 present-value 21.5",
    malformed: true,
  },
  {
    name: "trailing octets after a SimpleACK",
    hex: "0100 20 11 0f 00",
    summary: "WriteProperty-SimpleACK",
    malformed: true,
  },
  {
    name: "reserved network message type",
    hex: "0180 14 00",
    summary: "reserved-network-message(20)",
    malformed: true,
  },
];
