/**
 * sniffOutput must format well-formed frames from the captured octets, without a record: the
 * property test in sniff-output.test.ts compares that byte path with the record path, and it
 * would compare the record path with itself if the byte path were never taken.
 */
import { hexToBytes } from "@bip6/bvll6-codec";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { decodeRecord } from "../src/decode/record.js";
import { readCapture, sniffOutput } from "../src/index.js";
import { bacnetPacket, chunked, classicPcap } from "./helpers.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

vi.mock(import("../src/decode/record.js"), async (original) => {
  const m = await original();
  return { ...m, decodeRecord: vi.fn(m.decodeRecord) };
});

async function lines(file: Uint8Array, json: boolean): Promise<string[]> {
  let text = "";
  for await (const c of sniffOutput(readCapture(chunked(file, 4096)), { json })) text += new TextDecoder().decode(c);
  return text.split("\n").filter((l) => l !== "");
}

describe("sniffOutput's byte path", () => {
  beforeEach(() => {
    vi.mocked(decodeRecord).mockClear();
  });

  it.each([false, true])("prints every well-formed function without building a record (json=%s)", async (json) => {
    expect(await lines(syntheticCapture(), json)).toHaveLength(13);
    expect(decodeRecord).not.toHaveBeenCalled();
  });

  it("builds a record for a malformed frame only", async () => {
    const file = classicPcap([
      { seconds: 1, fraction: 0, data: bacnetPacket({ kind: "VirtualAddressResolution", sourceVmac: 1 }) },
      { seconds: 1, fraction: 1, data: bacnetPacket(hexToBytes("8203000a0004d2")) }, // length field 10, datagram 7
    ]);
    const out = await lines(file, false);
    expect(out).toHaveLength(2);
    expect(out[1]).toContain("[malformed LENGTH_MISMATCH]");
    expect(decodeRecord).toHaveBeenCalledTimes(1);
  });
});
