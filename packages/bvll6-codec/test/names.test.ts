/** Function and result-code names, kind lookups, frameSourceVmac, hex helpers and constants. */
import { describe, expect, it } from "vitest";
import {
  Bip6Address,
  type Bvll6Frame,
  Bvll6Function,
  BVLC_TYPE_IPV6,
  BVLL6_HEADER_LENGTH,
  bytesToHex,
  FDT_GRACE_SECONDS,
  frameSourceVmac,
  functionKind,
  functionTitle,
  hexToBytes,
  MAX_APDU_LENGTH,
  MAX_BVLL6_LENGTH,
  MAX_NPDU_LENGTH,
  MAX_TIME_TO_LIVE,
} from "../src/index.js";

describe("function names", () => {
  // Codes and names from the annex-u.md §2 table.
  const table = [
    [0x00, "BVLC-Result", "BvlcResult"],
    [0x01, "Original-Unicast-NPDU", "OriginalUnicastNpdu"],
    [0x02, "Original-Broadcast-NPDU", "OriginalBroadcastNpdu"],
    [0x03, "Address-Resolution", "AddressResolution"],
    [0x04, "Forwarded-Address-Resolution", "ForwardedAddressResolution"],
    [0x05, "Address-Resolution-ACK", "AddressResolutionAck"],
    [0x06, "Virtual-Address-Resolution", "VirtualAddressResolution"],
    [0x07, "Virtual-Address-Resolution-ACK", "VirtualAddressResolutionAck"],
    [0x08, "Forwarded-NPDU", "ForwardedNpdu"],
    [0x09, "Register-Foreign-Device", "RegisterForeignDevice"],
    [0x0a, "Delete-Foreign-Device-Table-Entry", "DeleteForeignDeviceTableEntry"],
    [0x0b, "Secure-BVLL", "SecureBvll"],
    [0x0c, "Distribute-Broadcast-To-Network", "DistributeBroadcastToNetwork"],
  ] as const;

  it.each(table)("0x%i is %s (%s)", (code, title, kind) => {
    expect(functionTitle(code)).toBe(title);
    expect(functionKind(code)).toBe(kind);
    expect(Bvll6Function[kind]).toBe(code);
  });

  it("has exactly 13 functions", () => {
    expect(Object.keys(Bvll6Function)).toHaveLength(13);
  });

  it("unknown codes have a generated title and no kind", () => {
    expect(functionTitle(0x0d)).toBe("Unknown-0x0d");
    expect(functionTitle(0xff)).toBe("Unknown-0xff");
    expect(functionKind(0x0d)).toBeUndefined();
    expect(functionKind(-1)).toBeUndefined();
  });
});

describe("frameSourceVmac", () => {
  const a = Bip6Address.parse("[fd00::1]:47808");
  const n = new Uint8Array(0);
  it.each<[Bvll6Frame, number | undefined]>([
    [{ kind: "BvlcResult", sourceVmac: 1, resultCode: 0 }, 1],
    [{ kind: "OriginalUnicastNpdu", sourceVmac: 2, destinationVmac: 99, npdu: n }, 2],
    [{ kind: "OriginalBroadcastNpdu", sourceVmac: 3, npdu: n }, 3],
    [{ kind: "AddressResolution", sourceVmac: 4, targetVmac: 99 }, 4],
    [{ kind: "ForwardedAddressResolution", originalSourceVmac: 5, targetVmac: 99, originalSource: a }, 5],
    [{ kind: "AddressResolutionAck", sourceVmac: 6, destinationVmac: 99 }, 6],
    [{ kind: "VirtualAddressResolution", sourceVmac: 7 }, 7],
    [{ kind: "VirtualAddressResolutionAck", sourceVmac: 8, destinationVmac: 99 }, 8],
    [{ kind: "ForwardedNpdu", originalSourceVmac: 9, originalSource: a, npdu: n }, 9],
    [{ kind: "RegisterForeignDevice", sourceVmac: 10, timeToLive: 99 }, 10],
    [{ kind: "DeleteForeignDeviceTableEntry", sourceVmac: 11, entry: a }, 11],
    [{ kind: "SecureBvll", payload: n }, undefined],
    [{ kind: "DistributeBroadcastToNetwork", sourceVmac: 12, npdu: n }, 12],
    [{ kind: "Unknown", functionCode: 0x0d, payload: n }, undefined],
  ])("%o", (frame, vmac) => {
    expect(frameSourceVmac(frame)).toBe(vmac);
  });
});

describe("hex helpers", () => {
  it("bytesToHex is lower case without separators", () => {
    expect(bytesToHex(new Uint8Array([0x82, 0x0a, 0x00, 0xff]))).toBe("820a00ff");
    expect(bytesToHex(new Uint8Array(0))).toBe("");
  });

  it("hexToBytes ignores spaces, colons and dashes, any case", () => {
    expect([...hexToBytes("82 0A:00-fF")]).toEqual([0x82, 0x0a, 0x00, 0xff]);
    expect(hexToBytes("")).toHaveLength(0);
  });

  it.each(["8", "820", "zz", "0x82", "82 0"])("hexToBytes(%j) throws INVALID_HEX", (text) => {
    expect(() => hexToBytes(text)).toThrow(expect.objectContaining({ code: "INVALID_HEX" }));
  });
});

describe("constants", () => {
  it("match annex-u.md §1-§4", () => {
    expect(BVLC_TYPE_IPV6).toBe(0x82);
    expect(BVLL6_HEADER_LENGTH).toBe(4);
    expect(MAX_NPDU_LENGTH).toBe(1497);
    expect(MAX_APDU_LENGTH).toBe(1476);
    expect(MAX_BVLL6_LENGTH).toBe(25 + 1497);
    expect(MAX_TIME_TO_LIVE).toBe(65535);
    expect(FDT_GRACE_SECONDS).toBe(30);
  });
});
