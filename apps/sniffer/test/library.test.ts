/**
 * The browser-safe library end to end, with nothing but the main entry: this file also runs in
 * headless Chromium (vitest.config.ts), which is what the decoder page needs — capture reader,
 * packet walk, field tree, display filter, formatters, analysis and report, without Node.
 */
import { describe, expect, it } from "vitest";
import {
  Analyzer,
  compileFilter,
  dissect,
  formatDetail,
  formatReport,
  readCapture,
  sniffOutput,
  walkFields,
} from "../src/index.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let s = "";
  const decoder = new TextDecoder();
  for await (const c of chunks) s += decoder.decode(c);
  return s;
}

describe("the library without Node", () => {
  it("reads, filters, decodes to the BACnet service and prints like the CLI", async () => {
    const out = await text(
      sniffOutput(readCapture(once(syntheticCapture())), { filter: compileFilter("bacapp || bvlc.result") }),
    );
    expect(out.split("\n")).toEqual([
      "   5   0.006000 [fd00::2]:47808 → [fd00::3]:47808 Original-Unicast-NPDU src 0004d2 dst 00162e ReadProperty-Request device,5678 object-name",
      "   6   0.007500 [fd00::2]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is",
      "   9   0.012000 [fd00::1]:47808 → [fd00:2::9]:47809 BVLC-Result src 000064 result 0x0000 Successful-Completion",
      "  10   0.013500 [fd00:2::9]:47809 → [fd00::1]:47808 Distribute-Broadcast-To-Network src 0003e7 Who-Is",
      "  11   0.015000 [fd00::1]:47808 → [ff02::bac0]:47808 Forwarded-NPDU src 0003e7 orig [fd00:2::9]:47809 Who-Is",
      "",
    ]);
  });

  it("gives the field tree of a frame and the same -T fields values", async () => {
    const names: string[] = [];
    let detail = "";
    const fields = await text(
      sniffOutput(readCapture(once(syntheticCapture())), {
        format: "fields",
        fields: { fields: ["bvlc.virtual_source", "bacapp.confirmed_service", "bacapp.instance_number"] },
        filter: compileFilter("frame.number == 5"),
        onShown: (frame) => {
          const tree = dissect(frame);
          walkFields(tree, (f, depth) => {
            if (depth === 0) names.push(f.name);
          });
          detail = formatDetail(tree);
        },
      }),
    );
    expect(fields).toBe("1234\t12\t5678\n");
    expect(names).toEqual(["frame", "ipv6", "udp", "bvlc", "bacnet", "bacapp"]);
    expect(detail).toContain("\n    Service Choice: readProperty (12)\n");
  });

  it("analyses a capture: a clean one has no findings", async () => {
    const analyzer = new Analyzer();
    await text(sniffOutput(readCapture(once(syntheticCapture())), { analyzer, format: "none" }));
    const report = analyzer.report();
    expect(report.findings).toEqual([]);
    expect(formatReport(report, ["findings"], 13)).toContain("Findings (0):\n  none\n");
  });
});
