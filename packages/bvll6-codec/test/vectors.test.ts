/**
 * Exact byte vectors for every BVLL6 function, decoded from hex and encoded back to the same
 * hex. Expected hex is written by hand from the layout table of annex-u.md §2, never produced
 * by the encoder. The first seven are the worked examples of annex-u.md §2 verbatim.
 */
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  type Bvll6Frame,
  Bvll6Function,
  Bvll6ResultCode,
  bytesToHex,
  decodeFrame,
  encodedLength,
  encodeFrame,
  functionKind,
  functionTitle,
  hexToBytes,
  isKnownResultCode,
  resultCodeTitle,
  tryDecodeFrame,
} from "../src/index.js";
import { normalize } from "./helpers/frames.js";

const WHO_IS = "01 20 ffff 00 ff 10 08"; // NPDU: version 1, DNET 0xFFFF, hop 255; APDU Who-Is

interface Vector {
  readonly name: string;
  readonly hex: string;
  readonly frame: Bvll6Frame;
}

const vectors: readonly Vector[] = [
  // annex-u.md §2 worked examples (VMAC 1234 = 0004d2, 5678 = 00162e).
  {
    name: "BVLC-Result, Register-FD NAK (annex-u.md)",
    hex: "82 00 0009 0004d2 0090",
    frame: { kind: "BvlcResult", sourceVmac: 1234, resultCode: 0x0090 },
  },
  {
    name: "Address-Resolution (annex-u.md)",
    hex: "82 03 000a 0004d2 00162e",
    frame: { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 },
  },
  {
    name: "Forwarded-Address-Resolution (annex-u.md)",
    hex: "82 04 001c 0004d2 00162e fd00000000000000000000000000000a bac0",
    frame: {
      kind: "ForwardedAddressResolution",
      originalSourceVmac: 1234,
      targetVmac: 5678,
      originalSource: Bip6Address.parse("[fd00::a]:47808"),
    },
  },
  {
    name: "Virtual-Address-Resolution (annex-u.md)",
    hex: "82 06 0007 0004d2",
    frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 },
  },
  {
    name: "Virtual-Address-Resolution-ACK (annex-u.md)",
    hex: "82 07 000a 00162e 0004d2",
    frame: { kind: "VirtualAddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 },
  },
  {
    name: "Register-Foreign-Device TTL 60 (annex-u.md)",
    hex: "82 09 0009 0003e7 003c",
    frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 },
  },
  {
    name: "Delete-FDT-Entry fd00:1::f#47809 (annex-u.md)",
    hex: "82 0a 0019 0004d2 fd00000100000000000000000000000f bac1",
    frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 1234, entry: Bip6Address.parse("[fd00:1::f]:47809") },
  },
  // Our own, one or more for each remaining function.
  {
    name: "Original-Unicast-NPDU with a Who-Is",
    hex: `82 01 0012 0004d2 00162e ${WHO_IS}`,
    frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: hexToBytes(WHO_IS) },
  },
  {
    name: "Original-Unicast-NPDU with an empty NPDU",
    hex: "82 01 000a 000000 ffffff",
    frame: { kind: "OriginalUnicastNpdu", sourceVmac: 0, destinationVmac: 0xffffff, npdu: new Uint8Array(0) },
  },
  {
    name: "Original-Broadcast-NPDU from a random VMAC",
    hex: `82 02 000f 412345 ${WHO_IS}`,
    frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 0x412345, npdu: hexToBytes(WHO_IS) },
  },
  {
    name: "Address-Resolution-ACK (source = resolved node, destination = asker)",
    hex: "82 05 000a 00162e 0004d2",
    frame: { kind: "AddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 },
  },
  {
    name: "Forwarded-NPDU from [2001:db8::1]:47808",
    hex: `82 08 0021 0004d2 20010db8000000000000000000000001 bac0 ${WHO_IS}`,
    frame: {
      kind: "ForwardedNpdu",
      originalSourceVmac: 1234,
      originalSource: Bip6Address.parse("[2001:db8::1]:47808"),
      npdu: hexToBytes(WHO_IS),
    },
  },
  {
    name: "Forwarded-NPDU from a link-local source on port 0xffff",
    hex: "82 08 001a 7fffff fe800000000000000000000000000001 ffff 01",
    frame: {
      kind: "ForwardedNpdu",
      originalSourceVmac: 0x7fffff,
      originalSource: Bip6Address.parse("[fe80::1]:65535"),
      npdu: hexToBytes("01"),
    },
  },
  {
    name: "Register-Foreign-Device TTL 0xffff",
    hex: "82 09 0009 3fffff ffff",
    frame: { kind: "RegisterForeignDevice", sourceVmac: 0x3fffff, timeToLive: 0xffff },
  },
  {
    name: "Secure-BVLL (no VMAC)",
    hex: "82 0b 0008 deadbeef",
    frame: { kind: "SecureBvll", payload: hexToBytes("deadbeef") },
  },
  {
    name: "Secure-BVLL, header only",
    hex: "82 0b 0004",
    frame: { kind: "SecureBvll", payload: new Uint8Array(0) },
  },
  {
    name: "Distribute-Broadcast-To-Network",
    hex: `82 0c 000f 3fffff ${WHO_IS}`,
    frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 0x3fffff, npdu: hexToBytes(WHO_IS) },
  },
  {
    name: "Unknown function 0x0D",
    hex: "82 0d 0006 0102",
    frame: { kind: "Unknown", functionCode: 0x0d, payload: hexToBytes("0102") },
  },
  {
    name: "Unknown function 0xFF, header only",
    hex: "82 ff 0004",
    frame: { kind: "Unknown", functionCode: 0xff, payload: new Uint8Array(0) },
  },
];

const clean = (hex: string): string => hex.replace(/\s/g, "");

describe("byte vectors", () => {
  it("cover every function code 0x00-0x0C", () => {
    const codes = new Set(vectors.map((v) => hexToBytes(v.hex)[1]));
    for (let fn = 0; fn <= 0x0c; fn++) expect(codes.has(fn), functionTitle(fn)).toBe(true);
  });

  describe.each(vectors)("$name", ({ hex, frame }) => {
    it("decodes from hex", () => {
      const decoded = decodeFrame(hexToBytes(hex));
      expect(normalize(decoded)).toEqual(normalize(frame));
      expect(Object.keys(decoded).sort()).toEqual(Object.keys(frame).sort());
    });

    it("encodes to the same hex", () => {
      expect(bytesToHex(encodeFrame(frame))).toBe(clean(hex));
      expect(encodedLength(frame)).toBe(clean(hex).length / 2);
    });

    it("has a length field equal to its size and the function code of its kind", () => {
      const bytes = hexToBytes(hex);
      expect((bytes[2]! << 8) | bytes[3]!).toBe(bytes.length);
      if (frame.kind !== "Unknown") {
        expect(bytes[1]).toBe(Bvll6Function[frame.kind]);
        expect(functionKind(bytes[1]!)).toBe(frame.kind);
      }
    });
  });
});

describe("BVLC-Result codes", () => {
  // Every row of the annex-u.md result table (Annex U values, not Annex J's).
  const table = [
    [0x0000, "0000", "Successful-Completion", Bvll6ResultCode.SuccessfulCompletion],
    [0x0030, "0030", "Address-Resolution-NAK", Bvll6ResultCode.AddressResolutionNak],
    [0x0060, "0060", "Virtual-Address-Resolution-NAK", Bvll6ResultCode.VirtualAddressResolutionNak],
    [0x0090, "0090", "Register-Foreign-Device-NAK", Bvll6ResultCode.RegisterForeignDeviceNak],
    [0x00a0, "00a0", "Delete-Foreign-Device-Table-Entry-NAK", Bvll6ResultCode.DeleteForeignDeviceTableEntryNak],
    [0x00c0, "00c0", "Distribute-Broadcast-To-Network-NAK", Bvll6ResultCode.DistributeBroadcastToNetworkNak],
  ] as const;

  it.each(table)("0x%s: decodes, encodes and is named", (code, hex, title, constant) => {
    expect(constant).toBe(code);
    const wire = `82 00 0009 00162e ${hex}`;
    expect(decodeFrame(hexToBytes(wire))).toEqual({ kind: "BvlcResult", sourceVmac: 5678, resultCode: code });
    expect(bytesToHex(encodeFrame({ kind: "BvlcResult", sourceVmac: 5678, resultCode: code }))).toBe(clean(wire));
    expect(resultCodeTitle(code)).toBe(title);
    expect(isKnownResultCode(code)).toBe(true);
  });

  // A Python stack sends 0x0040..0x0070; such Results must still decode (annex-u.md §2).
  it.each([
    [0x0040, "0040"],
    [0x0050, "0050"],
    [0x0070, "0070"],
    [0xffff, "ffff"],
  ] as const)("unknown code 0x%s decodes without error and re-encodes", (code, hex) => {
    const wire = `82 00 0009 0004d2 ${hex}`;
    const result = tryDecodeFrame(hexToBytes(wire));
    expect(result).toEqual({ kind: "BvlcResult", sourceVmac: 1234, resultCode: code });
    expect(bytesToHex(encodeFrame({ kind: "BvlcResult", sourceVmac: 1234, resultCode: code }))).toBe(clean(wire));
    expect(isKnownResultCode(code)).toBe(false);
    expect(resultCodeTitle(code)).toBe(`Unknown-0x${hex}`);
  });

  it("has exactly the six Annex U codes", () => {
    expect(Object.values(Bvll6ResultCode).sort((a, b) => a - b)).toEqual([0x00, 0x30, 0x60, 0x90, 0xa0, 0xc0]);
  });
});
