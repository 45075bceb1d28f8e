/**
 * tshark as an independent oracle: the captures are written to a temp file, tshark decodes
 * them, and every field it prints must equal our `--json` output (numbers compared as numbers,
 * since tshark prints e.g. `bvlc.type` as "0x82" and VMACs in decimal), with the same set of
 * fields per frame. Two captures: the demo (classic pcap, raw IPv6), and the same frames in a
 * big-endian pcapng with an Ethernet/VLAN interface in microseconds and a Linux-cooked-v2
 * interface in nanoseconds, some behind IPv6 extension headers and on port 47809.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFrame } from "@bip6/bvll6-codec";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../test-support/required-tool.ts";
import { TSHARK_BVLC6_FIELDS } from "../../../test-support/tshark-bvlc-fields.ts";
import { demoCapture, demoDatagrams, DEMO_START_SECONDS, ipv6UdpPacket } from "../src/index.js";
import { concat, epb, ethernet, idb, runCli, shb, sll2, withExtensionHeaders } from "./helpers.js";

const TSHARK = tsharkPath;

const FIELDS = [
  "frame.number",
  "frame.time_epoch",
  "frame.len",
  "ipv6.src",
  "ipv6.dst",
  "udp.srcport",
  "udp.dstport",
  // Not bvlc.length: tshark shows the function's header size there, not the length field.
  ...TSHARK_BVLC6_FIELDS.filter((f) => f !== "bvlc.length"),
];
const TEXT_FIELDS = new Set(["ipv6.src", "ipv6.dst", "bvlc.orig_source_addr", "bvlc.fdt_ipv6"]);

/** The demo's frames in a big-endian pcapng: two interfaces, extension headers, port 47809. */
function pcapngVariant(): Uint8Array {
  const blocks = demoDatagrams().map((d, i) => {
    const port = (p: number): number => (p === 47808 ? 47809 : p);
    let packet = ipv6UdpPacket({
      sourceIp: d.from.ipOctets(),
      sourcePort: port(d.from.port),
      destinationIp: d.to.ipOctets(),
      destinationPort: port(d.to.port),
      payload: encodeFrame(d.frame),
    });
    if (i % 3 === 1)
      packet = withExtensionHeaders(packet, [
        [0, new Uint8Array(6)],
        [60, new Uint8Array(14)],
      ]);
    const seconds = BigInt(DEMO_START_SECONDS + i);
    return i % 2 === 0
      ? epb(0, seconds * 1_000_000n + BigInt(i * 7), ethernet(packet, [10]), false)
      : epb(1, seconds * 1_000_000_000n + BigInt(i * 123_457), sll2(packet), false);
  });
  return concat(shb(false), idb(1, false), idb(276, false, 9), ...blocks);
}

type Layers = Record<string, string[]>;

function tshark(file: string, extra: string[]): Layers[] {
  const args = ["-n", "-r", file, ...extra, "-T", "json", ...FIELDS.flatMap((f) => ["-e", f])];
  const r = spawnSync(TSHARK, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tshark exited with ${String(r.status)}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { _source: { layers: Layers } }[]).map((p) => p._source.layers);
}

function compare(ours: Record<string, unknown>[], theirs: Layers[]): void {
  expect(ours).toHaveLength(theirs.length);
  theirs.forEach((layers, i) => {
    const mine = ours[i] as Record<string, unknown>;
    const where = `frame ${i + 1}`;
    expect(Object.keys(mine).sort(), where).toEqual(Object.keys(layers).sort());
    for (const [name, values] of Object.entries(layers)) {
      expect(values, `${where} ${name}`).toHaveLength(1);
      const value = values[0] as string;
      if (TEXT_FIELDS.has(name)) expect(mine[name], `${where} ${name}`).toBe(value);
      else if (name === "frame.time_epoch") expect(Math.abs((mine[name] as number) - Number(value))).toBeLessThan(1e-6);
      else expect(mine[name], `${where} ${name}`).toBe(Number(value));
    }
  });
}

describeWithTool("tshark oracle", TSHARK, "apt-get install tshark", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bip6-sniff-oracle-"));
    writeFileSync(join(dir, "demo.pcap"), demoCapture());
    writeFileSync(join(dir, "variant.pcapng"), pcapngVariant());
  });
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("agrees with tshark field by field on the demo capture (every function 0x00-0x0C)", async () => {
    const theirs = tshark(join(dir, "demo.pcap"), []);
    const { code, lines } = await runCli(["demo", "--json"]);
    expect(code).toBe(0);
    const ours = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(ours.map((r) => r["bvlc.function_ipv6"]))).toEqual(new Set(Array.from({ length: 13 }, (_, i) => i)));
    compare(ours, theirs);
  });

  it("agrees with tshark on a big-endian pcapng with two link types, resolutions and extension headers", async () => {
    const file = pcapngVariant();
    const theirs = tshark(join(dir, "variant.pcapng"), ["-d", "udp.port==47809,bvlc"]);
    const { code, lines } = await runCli(["-r", "v", "--json", "--port", "47809"], { v: file });
    expect(code).toBe(0);
    compare(
      lines.map((l) => JSON.parse(l) as Record<string, unknown>),
      theirs,
    );
  });
});
