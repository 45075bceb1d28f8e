/**
 * tshark as the oracle of a real capture (the demo network's, a namespace's): every `bvlc.*`,
 * `bacnet.*` and `bacapp.*` field tshark decodes, compared with bip6-sniff's `--json` and
 * `-T fields` on the same file, field by field and occurrence by occurrence.
 */
import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import { tsharkPath } from "../../../test-support/required-tool.ts";
import { runCli } from "./helpers.js";

/** The layers compared. */
const COMPARED = /^(?:bvlc|bacnet|bacapp)\./;

/**
 * Where tshark 4.0 and bip6-sniff differ on purpose (README "Limits"): tshark's `bvlc.length`
 * is the function's fixed header size, ours the length field; `--json` leaves it out.
 */
export const DIFFERENT_ON_PURPOSE = new Set(["bvlc.length"]);

/** One packet's fields as tshark shows them: name → every `show` value, in document order. */
export type TsharkPacket = Map<string, string[]>;

/** tshark's arguments to decode BACnet/IPv6 on `ports` (it decodes only 47808 by itself). */
export function decodeAs(ports: readonly number[]): string[] {
  return ports.filter((p) => p !== 47808).flatMap((p) => ["-d", `udp.port==${p},bvlc`]);
}

function tshark(args: readonly string[]): string {
  const r = spawnSync(tsharkPath, ["-n", ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
    env: { ...process.env, TZ: "UTC" },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tshark exited with ${String(r.status)}: ${r.stderr}`);
  return r.stdout;
}

/** The text of an XML attribute value as tshark escapes it in PDML. */
export const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");

/** The compared fields of every packet of `file`, from tshark's PDML. */
export function tsharkPackets(file: string, ports: readonly number[]): TsharkPacket[] {
  return tshark(["-r", file, ...decodeAs(ports), "-T", "pdml"])
    .split("<packet>")
    .slice(1)
    .map((packet) => {
      const fields: TsharkPacket = new Map();
      for (const m of packet.matchAll(/<field name="([^"]+)" showname="[^"]*" size="\d+" pos="\d+" show="([^"]*)"/g)) {
        const name = m[1] as string;
        if (!COMPARED.test(name)) continue;
        const list = fields.get(name) ?? [];
        list.push(unescape(m[2] as string));
        fields.set(name, list);
      }
      return fields;
    });
}

/** tshark's `-T fields` rows (every occurrence, comma-separated) for `names`; `extra`: more tshark options. */
export function tsharkFieldRows(
  file: string,
  ports: readonly number[],
  names: readonly string[],
  extra: readonly string[] = [],
): string[][] {
  return tshark([
    "-r",
    file,
    ...decodeAs(ports),
    ...extra,
    "-T",
    "fields",
    "-E",
    "occurrence=a",
    ...names.flatMap((n) => ["-e", n]),
  ])
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}

/** tshark's `show` text as our JSON value would print: hex numbers as decimal. */
function tsharkValue(show: string): string {
  return /^0x[0-9a-f]+$/i.test(show) ? String(Number(show)) : show;
}

/** Our JSON value as tshark's `show` text: booleans as 1/0. */
function ourValue(v: unknown): string {
  return typeof v === "boolean" ? (v ? "1" : "0") : String(v);
}

/** What a comparison covered. */
export interface OracleReport {
  readonly frames: number;
  /** Distinct field names compared. */
  readonly names: readonly string[];
  /** Field occurrences compared. */
  readonly values: number;
}

/**
 * bip6-sniff's `--json` on `file` against tshark's PDML: per frame, the same compared field
 * names, each with the same values in the same order.
 */
export async function compareJson(file: Uint8Array, path: string, ports: readonly number[]): Promise<OracleReport> {
  const theirs = tsharkPackets(path, ports);
  const r = await runCli(["-r", "f", "--port", ports.join(","), "--json"], { f: file });
  expect(r.code, r.stderr).toBe(0);
  const ours = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(ours).toHaveLength(theirs.length);
  const names = new Set<string>();
  let values = 0;
  theirs.forEach((t, i) => {
    const mine = ours[i] as Record<string, unknown>;
    const where = `frame ${i + 1}`;
    const compared = [...t.keys()].filter((n) => !DIFFERENT_ON_PURPOSE.has(n));
    expect(
      Object.keys(mine)
        .filter((k) => COMPARED.test(k))
        .sort(),
      `${where}: field names`,
    ).toEqual(compared.sort());
    for (const name of compared) {
      const want = (t.get(name) as string[]).map(tsharkValue);
      const got = [mine[name]].flat().map(ourValue);
      expect(got, `${where} ${name}`).toEqual(want);
      names.add(name);
      values += want.length;
    }
  });
  return { frames: theirs.length, names: [...names].sort(), values };
}

/**
 * bip6-sniff's `-T fields` against tshark's, for every compared field tshark shows in `file`:
 * the same text in every column of every row (bvlc.length aside: ours is the length field).
 */
export async function compareFields(file: Uint8Array, path: string, ports: readonly number[]): Promise<OracleReport> {
  const names = [...new Set(tsharkPackets(path, ports).flatMap((p) => [...p.keys()]))].sort();
  const theirs = tsharkFieldRows(path, ports, names);
  const r = await runCli(["-r", "f", "--port", ports.join(","), "-T", "fields", ...names.flatMap((n) => ["-e", n])], {
    f: file,
  });
  expect(r.code, r.stderr).toBe(0);
  const ours = r.lines.map((l) => l.split("\t"));
  expect(ours).toHaveLength(theirs.length);
  let values = 0;
  ours.forEach((row, i) =>
    names.forEach((name, j) => {
      if (DIFFERENT_ON_PURPOSE.has(name)) return;
      const want = theirs[i]?.[j] ?? "";
      expect(row[j] ?? "", `frame ${i + 1} ${name}`).toBe(want);
      if (want !== "") values++;
    }),
  );
  return { frames: theirs.length, names, values };
}
