import { bytesToHex, encodeFrame } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { FrameEncoder } from "../src/shell/frame-encoder.js";

describe("FrameEncoder.encodeUnicast (the fast path of a send to a known peer)", () => {
  it("writes the codec's octets for Original-Unicast-NPDU, every NPDU length and VMAC edge", () => {
    const encoder = new FrameEncoder();
    const vmacs = [0, 1, 0x1234, 0x3fffff, 0x400000, 0xabcdef, 0xffffff];
    for (const length of [0, 1, 54, 55, 1000, 1497]) {
      const npdu = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      for (const sourceVmac of vmacs) {
        const destinationVmac = vmacs[(sourceVmac + length) % vmacs.length] as number;
        const ours = bytesToHex(encoder.encodeUnicast(sourceVmac, destinationVmac, npdu));
        const codec = bytesToHex(encodeFrame({ kind: "OriginalUnicastNpdu", sourceVmac, destinationVmac, npdu }));
        expect(ours).toBe(codec);
      }
    }
  });

  it("pins the bytes of annex-u.md's layout: 82 01 length, source VMAC, destination VMAC, NPDU", () => {
    const out = new FrameEncoder().encodeUnicast(1234, 5678, new Uint8Array([0x01, 0x20]));
    expect(bytesToHex(out)).toBe("8201000c0004d200162e0120");
  });

  it("forgets the frame it held, so a fan-out run re-encodes its own frame after a fast-path send", () => {
    const encoder = new FrameEncoder();
    const frame = { kind: "VirtualAddressResolution", sourceVmac: 7 } as const;
    encoder.encode(frame);
    expect(encoder.current).toBe(frame);
    encoder.encodeUnicast(1, 2, new Uint8Array(3));
    expect(encoder.current).toBeUndefined();
    expect(bytesToHex(encoder.encode(frame))).toBe("82060007000007");
  });
});
