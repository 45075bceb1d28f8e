/**
 * `-T fields` as the CLI writes it (octets into its output buffer) against the library's
 * `fieldsFormatter().line()` strings, frame by frame, over every option that shapes a line.
 */
import { describe, expect, it } from "vitest";
import {
  Analyzer,
  compileFilter,
  fieldsFormatter,
  type FieldsOptions,
  readCapture,
  sniffOutput,
} from "../src/index.js";
import { chunked } from "./helpers.js";
import { syntheticCapture } from "./fixtures/synthetic.js";
import { sitePackets } from "../bench/site/traffic.js";
import { pcapHeader, pcapRecord } from "../src/index.js";

const FIELDS = [
  "frame.number",
  "frame.time_relative",
  "ipv6.src",
  "ipv6.addr",
  "udp.port",
  "bvlc.function_ipv6",
  "bvlc.result",
  "bvlc.virtual_source",
  "bvlc.orig_source_addr",
  "bacnet.control",
  "bacnet.control_expect",
  "bacapp.type",
  "bacapp.confirmed_service",
  "bacapp.unconfirmed_service",
  "bacapp.instance_number",
  "bacapp.object_name",
  "bacapp.pduflags",
  "bacapp",
  "bip6.finding",
];

function siteCapture(): Uint8Array {
  const parts: Uint8Array[] = [pcapHeader()];
  let n = 0;
  for (const p of sitePackets()) {
    parts.push(
      pcapRecord({ seconds: Math.floor(p.microseconds / 1e6), microseconds: p.microseconds % 1e6, data: p.data }),
    );
    if (++n === 400) break;
  }
  return Buffer.concat(parts);
}

async function both(file: Uint8Array, fields: FieldsOptions): Promise<{ written: string; lines: string }> {
  const formatter = fieldsFormatter(fields);
  let lines = fields.header === true ? formatter.header : "";
  let written = "";
  for await (const c of sniffOutput(readCapture(chunked(file, 700)), {
    format: "fields",
    fields,
    onShown: (frame) => (lines += `${formatter.line(frame)}\n`),
  })) {
    written += new TextDecoder("utf-8", { fatal: true }).decode(c);
  }
  return { written, lines };
}

describe("-T fields written as octets", () => {
  const options: FieldsOptions[] = [
    { fields: FIELDS },
    { fields: FIELDS, header: true, separator: ",", quote: "d", aggregator: ";" },
    { fields: FIELDS, separator: " \u2192 ", quote: "s", occurrence: "l" },
    { fields: FIELDS, occurrence: "f" },
    { fields: FIELDS, occurrence: 2, aggregator: "|" },
  ];
  for (const [i, o] of options.entries()) {
    it(`is line() byte for byte, options ${i}`, async () => {
      for (const file of [syntheticCapture(), siteCapture()]) {
        const { written, lines } = await both(file, o);
        expect(written.length).toBeGreaterThan(0);
        expect(written).toBe(lines);
      }
    });
  }
});

describe("text lines with the analysis and a filter reading the NPDU's facts", () => {
  // The three share one walk of each NPDU (the frame's): the summaries must not change.
  it("are the plain text lines byte for byte", async () => {
    const text = async (withAnalysis: boolean): Promise<string> => {
      let out = "";
      const options = withAnalysis
        ? { analyzer: new Analyzer(), filter: compileFilter("bacapp.type >= 0 or not bacapp.type") }
        : {};
      for await (const c of sniffOutput(readCapture(chunked(siteCapture(), 700)), options))
        out += new TextDecoder().decode(c);
      return out;
    };
    const plain = await text(false);
    expect(plain.split("\n").length).toBeGreaterThan(400);
    expect(plain).toMatch(/ ReadProperty-Request /);
    expect(await text(true)).toBe(plain);
  });
});
