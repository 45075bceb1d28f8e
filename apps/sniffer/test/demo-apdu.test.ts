/**
 * The demo's tiny BACnet encoder: its bytes pinned by hand from ASHRAE 135 clause 20 (tags,
 * object identifiers, character strings), read back by the sniffer's decoder as the services
 * they are, and the matchers the demo devices answer with. tshark reads the same bytes in
 * demo-oracle.test.ts.
 */
import { bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { decodeNpdu } from "../src/bacnet/index.js";
import { demoRequest, iAm, objectNameAck, objectNameAnswer, readObjectName, whoIs } from "../src/node/demo/apdu.js";

const hex = (b: Uint8Array): string => bytesToHex(b);

describe("the demo's APDU encoder", () => {
  it("writes Who-Is without and with a device range (context tags 0 and 1, shortest unsigned)", () => {
    expect(hex(whoIs())).toBe("01001008");
    expect(hex(whoIs(12))).toBe("01001008090c190c");
    expect(hex(whoIs(300))).toBe("010010080a012c1a012c");
    expect(hex(whoIs(4194303))).toBe("010010080b3fffff1b3fffff");
  });

  it("writes I-Am: device object id, max APDU 1476, no-segmentation, vendor 0", () => {
    // c4: application tag 12 (object id), 4 octets: type 8 << 22 | 12.
    expect(hex(iAm(12))).toBe("01001000c40200000c2205c491032100");
    expect(hex(iAm(4194303))).toBe("01001000c4023fffff2205c491032100");
  });

  it("writes ReadProperty(device, object-name) as a confirmed request expecting a reply", () => {
    // 01 04: NPDU expecting reply; 00 05: unsegmented, max APDU 1476; invoke id; service 12.
    expect(hex(readObjectName(1, 13))).toBe("01040005010c0c0200000d194d");
    expect(hex(readObjectName(255, 12))).toBe("01040005ff0c0c0200000c194d");
  });

  it("writes the ComplexACK with the name as a UTF-8 Character String (extended length from 5 octets)", () => {
    expect(hex(objectNameAck(1, 13, "Chiller"))).toBe("010030010c0c0200000d194d3e7508004368696c6c65723f");
    expect(hex(objectNameAck(7, 1, "BBMD"))).toBe("010030070c0c02000001194d3e75050042424d443f");
    expect(hex(objectNameAck(7, 1, "abc"))).toBe("010030070c0c02000001194d3e74006162633f");
    expect(hex(objectNameAck(2, 12, "Kälte"))).toBe("010030020c0c0200000c194d3e7507004bc3a46c74653f");
  });

  it("refuses what it cannot encode", () => {
    expect(() => iAm(4194304)).toThrow(RangeError);
    expect(() => readObjectName(1, -1)).toThrow(RangeError);
    expect(() => objectNameAck(1, 1, "x".repeat(253))).toThrow(RangeError);
  });
});

describe("the sniffer's decoder reads the encoder's NPDUs as the services they are", () => {
  it.each([
    ["Who-Is", whoIs(), "Who-Is"],
    ["Who-Is 12", whoIs(12), "Who-Is 12-12"],
    ["I-Am", iAm(12), "I-Am device,12"],
    ["ReadProperty", readObjectName(1, 13), "ReadProperty-Request device,13 object-name"],
    ["ComplexACK", objectNameAck(1, 13, "Chiller"), 'ReadProperty-ACK device,13 object-name "Chiller"'],
  ])("%s", (_, npdu, summary) => {
    const d = decodeNpdu(npdu);
    expect(d.problems).toEqual([]);
    expect(d.summary).toBe(summary);
  });

  it("with every field the encoder means", () => {
    expect(decodeNpdu(whoIs(12)).apdu?.data).toEqual({ kind: "who-is", low: 12, high: 12 });
    expect(decodeNpdu(iAm(12)).apdu?.data).toMatchObject({
      kind: "i-am",
      device: { type: 8, instance: 12 },
      maxApdu: 1476,
      segmentation: 3,
      segmentationName: "no-segmentation",
      vendorId: 0,
    });
    const request = decodeNpdu(readObjectName(5, 13));
    expect(request.npdu).toMatchObject({ expectingReply: true });
    expect(request.apdu).toMatchObject({
      pduTypeName: "Confirmed-Request",
      segmentedResponseAccepted: false,
      maxApdu: 1476,
      invokeId: 5,
      serviceName: "ReadProperty",
      data: { kind: "read-property", object: { type: 8, instance: 13 }, property: 77, propertyName: "object-name" },
    });
    const ack = decodeNpdu(objectNameAck(5, 13, "Kälte"));
    expect(ack.apdu).toMatchObject({
      pduTypeName: "ComplexACK",
      invokeId: 5,
      data: { kind: "read-property-ack", object: { instance: 13 }, property: 77 },
    });
    expect(ack.apdu?.data).toMatchObject({ value: [{ type: "character-string", value: "Kälte" }] });
  });
});

describe("the demo devices' matchers", () => {
  it("know the requests a demo device answers, and nothing else", () => {
    expect(demoRequest(whoIs())).toEqual({ kind: "who-is" });
    expect(demoRequest(whoIs(300))).toEqual({ kind: "who-is", low: 300, high: 300 });
    expect(demoRequest(readObjectName(9, 13))).toEqual({
      kind: "read-property",
      invokeId: 9,
      instance: 13,
      property: 77,
    });
    for (const other of [
      iAm(12),
      objectNameAck(1, 13, "Chiller"),
      hexToBytes("0120ffff00ff1008"), // a Who-Is for a remote network: not the demo's
      hexToBytes("0180000001"), // a network-layer message
      hexToBytes("01001008090c"), // a Who-Is with only a low limit
      hexToBytes("01040005010c0c0000000d194d"), // ReadProperty of analog-input,13
      hexToBytes("01040005010c0c0200000d194d02"), // an octet too many
    ]) {
      expect(demoRequest(other), hex(other)).toBeUndefined();
    }
  });

  it("read the name back from the ComplexACK, and only from it", () => {
    expect(objectNameAnswer(objectNameAck(3, 12, "Boiler"))).toEqual({ invokeId: 3, instance: 12, name: "Boiler" });
    expect(objectNameAnswer(objectNameAck(3, 12, "abc"))).toEqual({ invokeId: 3, instance: 12, name: "abc" });
    expect(objectNameAnswer(readObjectName(3, 12))).toBeUndefined();
    expect(objectNameAnswer(iAm(12))).toBeUndefined();
    const cut = objectNameAck(3, 12, "Boiler").slice(0, -2);
    expect(objectNameAnswer(cut)).toBeUndefined();
  });
});
