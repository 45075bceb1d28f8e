import { bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { Bip6BacnetError, annexJResult, parseClientFrame, wrapNpdu } from "../src/index.ts";

/** `hex` in a Buffer, as the client hands frames over (its buffers are larger than the frame). */
function clientBuffer(hex: string, size = 1476): Buffer {
  const out = Buffer.alloc(size);
  out.set(hexToBytes(hex));
  return out;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Bip6BacnetError);
    return (error as Bip6BacnetError).code;
  }
  return undefined;
}

describe("parseClientFrame", () => {
  it("reads an Original-Unicast-NPDU (0x0a): the NPDU after the 4-octet header, up to the length", () => {
    // A ReadProperty request (device 1234, object-name) in a 1476-octet client buffer.
    const hex = "810a001101040005000c0c020004d2194d";
    const frame = parseClientFrame(clientBuffer(hex), 17);
    expect(frame.kind).toBe("unicast");
    expect(bytesToHex((frame as { npdu: Uint8Array }).npdu)).toBe("01040005000c0c020004d2194d");
  });

  it("reads an Original-Broadcast-NPDU (0x0b): a Who-Is", () => {
    const frame = parseClientFrame(clientBuffer("810b000801001008"), 8);
    expect(frame).toMatchObject({ kind: "broadcast" });
    expect(bytesToHex((frame as { npdu: Uint8Array }).npdu)).toBe("01001008");
  });

  it("reads Distribute-Broadcast-To-Network (0x09) like a broadcast", () => {
    const frame = parseClientFrame(clientBuffer("8109000801001008"), 8);
    expect(frame.kind).toBe("distribute-broadcast");
    expect(bytesToHex((frame as { npdu: Uint8Array }).npdu)).toBe("01001008");
  });

  it("reads Register-Foreign-Device (0x05) with its 2-octet TTL", () => {
    expect(parseClientFrame(clientBuffer("81050006003c"), 6)).toEqual({ kind: "register", timeToLive: 60 });
    expect(parseClientFrame(clientBuffer("81050006ffff"), 6)).toEqual({ kind: "register", timeToLive: 65535 });
  });

  it("reads a Forwarded-NPDU (0x04): the NPDU after the 10-octet header with the IPv4 origin", () => {
    const frame = parseClientFrame(clientBuffer("8104000ec0a80001bac001001008"), 14);
    expect(frame.kind).toBe("forwarded");
    expect(bytesToHex((frame as { npdu: Uint8Array }).npdu)).toBe("01001008");
  });

  it("names every other function by its code (Result, BDT, FDT, Secure-BVLL, unknown)", () => {
    expect(parseClientFrame(clientBuffer("810000060000"), 6)).toEqual({ kind: "other", code: 0x00 });
    expect(parseClientFrame(clientBuffer("81020004"), 4)).toEqual({ kind: "other", code: 0x02 });
    expect(parseClientFrame(clientBuffer("81080004"), 4)).toEqual({ kind: "other", code: 0x08 });
    expect(parseClientFrame(clientBuffer("810c0004"), 4)).toEqual({ kind: "other", code: 0x0c });
    expect(parseClientFrame(clientBuffer("81ff0004"), 4)).toEqual({ kind: "other", code: 0xff });
  });

  it("returns a view of the client's buffer, not a copy", () => {
    const buffer = clientBuffer("810b000801001008");
    const frame = parseClientFrame(buffer, 8) as { npdu: Uint8Array };
    buffer[7] = 0x09;
    expect(frame.npdu[3]).toBe(0x09);
  });

  it("refuses what is not an Annex J frame with MALFORMED_FRAME", () => {
    expect(codeOf(() => parseClientFrame("810b0008", 4))).toBe("MALFORMED_FRAME");
    expect(codeOf(() => parseClientFrame(clientBuffer("810b0008"), 3))).toBe("MALFORMED_FRAME");
    expect(codeOf(() => parseClientFrame(clientBuffer("810b0008"), 4.5))).toBe("MALFORMED_FRAME");
    expect(codeOf(() => parseClientFrame(clientBuffer("810b0008"), "8"))).toBe("MALFORMED_FRAME");
    // BACnet/IPv6's own type octet is not what the client writes.
    expect(codeOf(() => parseClientFrame(clientBuffer("820b000801001008"), 8))).toBe("MALFORMED_FRAME");
    // The length field must say what the client passed as length.
    expect(codeOf(() => parseClientFrame(clientBuffer("810b000901001008"), 8))).toBe("MALFORMED_FRAME");
    // A unicast with nothing after the header.
    expect(codeOf(() => parseClientFrame(clientBuffer("810a0004"), 4))).toBe("MALFORMED_FRAME");
    // Register-Foreign-Device is exactly 6 octets.
    expect(codeOf(() => parseClientFrame(clientBuffer("81050007003c00"), 7))).toBe("MALFORMED_FRAME");
  });

  it("says when the client wrote past its buffer (an APDU too large to send unsegmented)", () => {
    const buffer = clientBuffer("810a05dc", 1476); // length field 1500 in a 1476-octet buffer
    expect(() => parseClientFrame(buffer, 1500)).toThrow(/wrote 1500 octets into its 1476-octet buffer/);
  });

  it("refuses an NPDU over 1497 octets with NPDU_TOO_LONG, accepts exactly 1497", () => {
    const longest = Buffer.alloc(4 + 1497, 0x01);
    longest.set([0x81, 0x0a, (1501 >> 8) & 0xff, 1501 & 0xff]);
    expect((parseClientFrame(longest, 1501) as { npdu: Uint8Array }).npdu.length).toBe(1497);
    const over = Buffer.alloc(4 + 1498, 0x01);
    over.set([0x81, 0x0b, (1502 >> 8) & 0xff, 1502 & 0xff]);
    expect(codeOf(() => parseClientFrame(over, 1502))).toBe("NPDU_TOO_LONG");
  });
});

describe("wrapNpdu", () => {
  it("frames a unicast NPDU as 0x81 0x0a with the total length", () => {
    const framed = wrapNpdu(hexToBytes("0100300c0c020004d2194d"), false);
    expect(Buffer.isBuffer(framed)).toBe(true);
    expect(framed.toString("hex")).toBe("810a000f0100300c0c020004d2194d");
  });

  it("frames a broadcast NPDU as 0x81 0x0b", () => {
    expect(wrapNpdu(hexToBytes("01001008"), true).toString("hex")).toBe("810b000801001008");
  });

  it("copies the NPDU, so the transport may reuse its receive buffer", () => {
    const npdu = hexToBytes("01001008");
    const framed = wrapNpdu(npdu, true);
    npdu[3] = 0;
    expect(framed[7]).toBe(0x08);
  });

  it("frames the largest NPDU (1497 octets) into 1501 octets with length 0x05dd", () => {
    const framed = wrapNpdu(new Uint8Array(1497), false);
    expect(framed.length).toBe(1501);
    expect(framed.subarray(0, 4).toString("hex")).toBe("810a05dd");
  });
});

describe("annexJResult", () => {
  it("writes a BVLC-Result the client decodes: 81 00 0006 and the code", () => {
    expect(annexJResult(0).toString("hex")).toBe("810000060000");
    expect(annexJResult(0x0030).toString("hex")).toBe("810000060030");
  });
});
