/**
 * tshark as an independent oracle: the captures are written to a temp file, tshark decodes
 * them, and every field it prints must equal our `--json` output (numbers compared as numbers,
 * since tshark prints e.g. `bvlc.type` as "0x82" and VMACs in decimal), with the same set of
 * fields per frame. Two captures: the synthetic one of fixtures/synthetic.ts (classic pcap, raw IPv6), and the same frames in a
 * big-endian pcapng with an Ethernet/VLAN interface in microseconds and a Linux-cooked-v2
 * interface in nanoseconds, some behind IPv6 extension headers and on port 47809.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFrame } from "@bip6/bvll6-codec";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../test-support/required-tool.ts";
import { TSHARK_BVLC6_FIELDS } from "../../../test-support/tshark-bvlc-fields.ts";
import { HEX_FIELDS, ipv6UdpPacket, OWN_FIELDS } from "../src/index.js";
import { SYNTHETIC_FILTER_CASES } from "./filter-cases.js";
import { concat, epb, ethernet, idb, runCli, shb, sll2, withExtensionHeaders, runSynthetic } from "./helpers.js";
import { SYNTHETIC_START_SECONDS, syntheticCapture, syntheticDatagrams } from "./fixtures/synthetic.js";

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

/** The synthetic frames in a big-endian pcapng: two interfaces, extension headers, port 47809. */
function pcapngVariant(): Uint8Array {
  const blocks = syntheticDatagrams().map((d, i) => {
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
    const seconds = BigInt(SYNTHETIC_START_SECONDS + i);
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

/** tshark's -T fields output for `fields`, one array of columns per packet. */
function tsharkFields(file: string, extra: string[], fields: readonly string[]): string[][] {
  const args = ["-n", "-r", file, ...extra, "-T", "fields", "-E", "occurrence=a", ...fields.flatMap((f) => ["-e", f])];
  const r = spawnSync(TSHARK, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
    env: { ...process.env, TZ: "UTC" },
  });
  if (r.status !== 0) throw new Error(`tshark exited with ${String(r.status)}: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}

/**
 * Own fields tshark shows with the same meaning. Not bvlc.length (tshark shows the function's
 * header size there, not the length field).
 */
const COMPARABLE_FIELDS = OWN_FIELDS.map((f) => f.name).filter((n) => n !== "bvlc.length");

function compare(all: Record<string, unknown>[], theirs: Layers[]): void {
  expect(all).toHaveLength(theirs.length);
  // The NPDU's bacnet.* / bacapp.* fields are the decoder's, checked by its own tshark oracle.
  const ours = all.map((r) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => FIELDS.includes(k) || k === "bip6.error")),
  );
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
    writeFileSync(join(dir, "synthetic.pcap"), syntheticCapture());
    writeFileSync(join(dir, "variant.pcapng"), pcapngVariant());
  });
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("agrees with tshark field by field on the synthetic capture (every function 0x00-0x0C)", async () => {
    const theirs = tshark(join(dir, "synthetic.pcap"), []);
    const { code, lines } = await runSynthetic(["--json"]);
    expect(code).toBe(0);
    const ours = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(ours.map((r) => r["bvlc.function_ipv6"]))).toEqual(new Set(Array.from({ length: 13 }, (_, i) => i)));
    compare(ours, theirs);
  });

  it("selects the same frames with display filters of the synthetic cases (every fourth: each costs a tshark run)", () => {
    for (const [filter, frames] of SYNTHETIC_FILTER_CASES.filter((_, i) => i % 4 === 0)) {
      const got = tsharkFields(join(dir, "synthetic.pcap"), ["-Y", filter], ["frame.number"]).map((c) => Number(c[0]));
      expect(got, filter).toEqual(frames);
    }
  });

  it.each([
    ["synthetic.pcap", [] as string[], [] as string[]],
    ["variant.pcapng", ["-d", "udp.port==47809,bvlc"], ["--port", "47809"]],
  ])("prints every own field of %s as tshark's -T fields does", async (name, tsharkArgs, ourArgs) => {
    const theirs = tsharkFields(join(dir, name), tsharkArgs, COMPARABLE_FIELDS);
    const file = readFileSync(join(dir, name));
    const { code, lines } = await runCli(
      ["-r", "f", ...ourArgs, "-T", "fields", ...COMPARABLE_FIELDS.flatMap((f) => ["-e", f])],
      { f: file },
      new Uint8Array(0),
    );
    expect(code).toBe(0);
    const ours = lines.map((l) => l.split("\t"));
    expect(ours).toHaveLength(theirs.length);
    ours.forEach((row, i) =>
      COMPARABLE_FIELDS.forEach((f, j) => expect(row[j] ?? "", `frame ${i + 1} ${f}`).toBe(theirs[i]?.[j] ?? "")),
    );
  });

  it("writes -T json layers whose fields tshark writes with the same values", async () => {
    const r = spawnSync(TSHARK, ["-n", "-r", join(dir, "synthetic.pcap"), "-T", "json"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TZ: "UTC" },
    });
    type Packet = { _index: string; _source: { layers: Record<string, Record<string, unknown>> } };
    const theirs = JSON.parse(r.stdout) as Packet[];
    const ours = JSON.parse((await runSynthetic(["-T", "json"])).stdout) as Packet[];
    expect(ours).toHaveLength(theirs.length);
    ours.forEach((p, i) => {
      const t = theirs[i] as Packet;
      expect(p._index).toBe(t._index);
      for (const [layer, fields] of Object.entries(p._source.layers)) {
        const tl = t._source.layers[layer] ?? {};
        for (const [k, v] of Object.entries(fields)) {
          if (!COMPARABLE_FIELDS.includes(k) || !(k in tl)) continue;
          expect(v, `frame ${i + 1} ${k}`).toEqual(tl[k]);
        }
      }
      // The BVLC layer has exactly tshark's fields.
      expect(Object.keys(p._source.layers.bvlc ?? {}).sort(), `frame ${i + 1}`).toEqual(
        Object.keys(t._source.layers.bvlc ?? {})
          .filter((k) => !k.startsWith("_ws"))
          .sort(),
      );
    });
  });

  it("shows in hexadecimal exactly the fields tshark shows in hexadecimal, padded to their width", () => {
    const r = spawnSync(TSHARK, ["-G", "fields"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const table = new Map(
      r.stdout
        .split("\n")
        .map((l) => l.split("\t"))
        .filter((c) => c[0] === "F")
        .map((c) => [c[2] as string, { type: c[3] as string, base: c[5] as string }]),
    );
    const width: Record<string, number> = { FT_UINT8: 2, FT_UINT16: 4, FT_UINT24: 6, FT_UINT32: 8 };
    for (const name of [...OWN_FIELDS.map((f) => f.name), ...HEX_FIELDS.keys()]) {
      const t = table.get(name);
      expect(t, `${name} is a tshark field`).toBeDefined();
      if (t?.base === "BASE_HEX") expect(HEX_FIELDS.get(name), name).toBe(width[t.type]);
      else expect(HEX_FIELDS.has(name), name).toBe(false);
    }
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
