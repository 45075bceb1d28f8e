/**
 * The APDU fields the filter reads from the decoder's facts (no tree) against the same fields
 * in the decoder's tree, for any NPDU: well-formed ones of every PDU type and network
 * message, with random tails, and random octets.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeNpdu } from "../src/bacnet/index.js";
import {
  emptyStats,
  fieldGetter,
  FrameContext,
  ipv6UdpPacket,
  PacketFilter,
  walkFields,
  type FieldValue,
} from "../src/index.js";
import { FACT_FIELDS } from "../src/fields/lookup.js";

const npdu = fc.oneof(
  // NPDU version 1, control without or with DNET/SNET, then an APDU of any type and a tail.
  fc
    .record({
      control: fc.constantFrom(0x00, 0x04, 0x20, 0x08, 0x28, 0x80),
      type: fc.integer({ min: 0, max: 15 }),
      flags: fc.integer({ min: 0, max: 15 }),
      tail: fc.uint8Array({ maxLength: 24 }),
    })
    .map(({ control, type, flags, tail }) => {
      const head = [0x01, control];
      if (control & 0x20) head.push(0x00, 0x05, 0x03, 0x00, 0x04, 0xd2);
      if (control & 0x08) head.push(0x00, 0x07, 0x01, 0x2a);
      if (control & 0x20) head.push(0xff);
      if (control & 0x80) return Uint8Array.from([...head, type * 16 + flags, ...tail]);
      return Uint8Array.from([...head, (type << 4) | flags, ...tail]);
    }),
  fc.uint8Array({ maxLength: 40 }),
);

function frameWith(n: Uint8Array): FrameContext {
  const payload = new Uint8Array(7 + n.length);
  payload.set([0x82, 0x02, (7 + n.length) >> 8, (7 + n.length) & 0xff, 0, 0, 1]);
  payload.set(n, 7);
  const ip = new Uint8Array(16);
  ip[0] = 0xfd;
  const data = ipv6UdpPacket({ sourceIp: ip, sourcePort: 47808, destinationIp: ip, destinationPort: 47808, payload });
  const walk = new PacketFilter([47808], emptyStats());
  const packet = {
    number: 1,
    linkType: 229,
    interfaceId: 0,
    seconds: 0,
    nanoseconds: 0,
    originalLength: data.length,
    data,
  };
  walk.accept(packet);
  const frame = new FrameContext(walk);
  frame.load(packet, 0, 0, false);
  return frame;
}

describe("NPDU fields from the decoder's facts", () => {
  it("equal the tree's, for any NPDU", () => {
    fc.assert(
      fc.property(npdu, (n) => {
        const frame = frameWith(n);
        const tree = new Map<string, FieldValue[]>();
        const layers: string[] = [];
        walkFields(decodeNpdu(n).fields, (f, depth) => {
          if (depth === 0) layers.push(f.name);
          else tree.set(f.name, [...(tree.get(f.name) ?? []), f.value]);
        });
        for (const name of [...FACT_FIELDS.keys(), "bacnet", "bacapp"]) {
          const got: FieldValue[] = [];
          fieldGetter(name)?.(frame, got);
          const want =
            name === "bacnet" || name === "bacapp" ? (layers.includes(name) ? [""] : []) : (tree.get(name) ?? []);
          expect(got, `${name} of ${Buffer.from(n).toString("hex")}`).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
