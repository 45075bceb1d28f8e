/**
 * encodeInto writes a frame into a caller's buffer and returns its length (no view, no
 * allocation); encodeFrame's own arrays stay independent of one another even where small
 * frames share a slab; a Bip6Address of another copy of the package encodes.
 */
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  type Bvll6Frame,
  bytesToHex,
  decodeFrame,
  encodeFrame,
  encodeInto,
  hexToBytes,
  MAX_BVLL6_LENGTH,
} from "../src/index.js";
import type * as AddressModule from "../src/address.js";

const SECOND_COPY = "../src/address.ts?encoder-copy";
const source = Bip6Address.parse("[fd00::a]:47808");
const forwarded: Bvll6Frame = {
  kind: "ForwardedNpdu",
  originalSourceVmac: 1234,
  originalSource: source,
  npdu: hexToBytes("0120ffff00ff1008"),
};
const FORWARDED_HEX = "82080021 0004d2 fd00000000000000000000000000000a bac0 0120ffff00ff1008".replace(/ /g, "");

describe("encodeInto", () => {
  it("writes at the offset, returns the length and touches nothing else", () => {
    const target = new Uint8Array(64).fill(0xee);
    expect(encodeInto(forwarded, target, 5)).toBe(33);
    expect(bytesToHex(target)).toBe(`${"ee".repeat(5)}${FORWARDED_HEX}${"ee".repeat(64 - 5 - 33)}`);
  });

  it("never allocates: without a target it is INVALID_FIELD 'target', unlike encodeFrame", () => {
    expect(() => encodeInto(forwarded, undefined as unknown as Uint8Array)).toThrow(
      expect.objectContaining({
        code: "INVALID_FIELD",
        field: "target",
        message: expect.stringMatching(/got undefined$/),
      }),
    );
  });

  it("defaults to offset 0 and fills a buffer exactly", () => {
    const target = new Uint8Array(33);
    expect(encodeInto(forwarded, target)).toBe(33);
    expect(bytesToHex(target)).toBe(FORWARDED_HEX);
  });

  it("writes the NPDU first, so a frame may be re-encoded over the datagram its NPDU is a view of", () => {
    // A received Original-Unicast-NPDU relayed as a Forwarded-NPDU in the same receive buffer:
    // the NPDU moves from octet 10 to octet 25, over the old header.
    const buffer = new Uint8Array(64);
    buffer.set(hexToBytes("8201 0012 0004d2 00162e 0120ffff00ff1008"));
    const received = decodeFrame(buffer.subarray(0, 18));
    if (received.kind !== "OriginalUnicastNpdu") throw new Error("decode");
    const n = encodeInto({ ...forwarded, npdu: received.npdu }, buffer, 0);
    expect(bytesToHex(buffer.subarray(0, n))).toBe(FORWARDED_HEX);
  });
});

describe("encodeFrame's own arrays", () => {
  it("are independent for every size: writing one changes no other", () => {
    const frames = [8, 40, 60, 100, 1497].map((n): Bvll6Frame => ({
      kind: "OriginalBroadcastNpdu",
      sourceVmac: n,
      npdu: new Uint8Array(n).fill(n & 0xff),
    }));
    const encoded = Array.from({ length: 300 }, (_, i) => encodeFrame(frames[i % frames.length]!));
    const copies = encoded.map((e) => e.slice());
    for (const e of encoded) e.fill(0);
    encoded.forEach((e, i) => {
      expect(e.length).toBe(copies[i]!.length);
      expect(e.every((b) => b === 0)).toBe(true);
    });
    const again = encodeFrame(frames[3]!);
    expect(bytesToHex(again)).toBe(bytesToHex(copies[3]!));
  });

  it("survive a caller transferring a returned array's buffer away", () => {
    const frame: Bvll6Frame = { ...forwarded, npdu: new Uint8Array(100).fill(7) };
    const first = encodeFrame(frame);
    structuredClone(first.buffer, { transfer: [first.buffer] }); // detaches every view of it
    expect(first.length).toBe(0);
    const next = encodeFrame(frame);
    expect(next.length).toBe(125);
    expect(decodeFrame(next).kind).toBe("ForwardedNpdu");
  });

  it("the largest datagram (1522 octets) encodes and decodes", () => {
    const full = encodeFrame({ ...forwarded, npdu: new Uint8Array(1497).fill(9) });
    expect(full.length).toBe(MAX_BVLL6_LENGTH);
    expect(decodeFrame(full).kind).toBe("ForwardedNpdu");
  });
});

describe("numbers", () => {
  it("-0 is the integer 0: it encodes as 0 (a fuzzer found the test's comparison tripping on it)", () => {
    expect(bytesToHex(encodeFrame({ kind: "VirtualAddressResolution", sourceVmac: -0 }))).toBe("82060007000000");
    expect(bytesToHex(encodeFrame({ kind: "RegisterForeignDevice", sourceVmac: 1, timeToLive: -0 }))).toBe(
      "820900090000010000",
    );
  });
});

describe("another copy of the package", () => {
  it("a Bip6Address from another copy encodes like one of this copy", async () => {
    const copy = (await import(/* @vite-ignore */ SECOND_COPY)) as typeof AddressModule;
    const foreign = copy.Bip6Address.parse("[fd00::a]:47808") as unknown as Bip6Address;
    expect(foreign instanceof Bip6Address).toBe(false);
    const frame = { ...forwarded, originalSource: foreign };
    expect(bytesToHex(encodeFrame(frame))).toBe(FORWARDED_HEX);
    const target = new Uint8Array(40);
    expect(encodeInto(frame, target, 1)).toBe(33);
    expect(bytesToHex(target.subarray(1, 34))).toBe(FORWARDED_HEX);
  });
});
