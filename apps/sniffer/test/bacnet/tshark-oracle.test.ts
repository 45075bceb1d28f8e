/**
 * tshark as an independent oracle for the NPDU/APDU decoder: every frame of frames.ts goes
 * into a capture (IPv6/UDP port 47808, BVLL6 Original-Unicast-, Original-Broadcast- and
 * Forwarded-NPDU framing, written with the sniffer's own pcap writer), tshark decodes it with
 * `-T pdml`, and its `bacnet.*` / `bacapp.*` fields must equal ours field by field: the same
 * names in the same order, the same values and octet offsets, and the same labels (its
 * `showname` without the bit picture).
 *
 * Where tshark 4.0 legitimately differs, the rules below say so by field name (TSHARK_QUIRKS,
 * ourLabelIsIntended); frames that are malformed on purpose are compared up to their first
 * problem only, since each decoder then recovers its own way (`prefixOf`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bip6Address, type Bvll6Frame, encodeFrame } from "@bip6/bvll6-codec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../../test-support/required-tool.ts";
import { type DecodedField, decodeNpdu, vendorName } from "../../src/bacnet/index.js";
import { ipv6UdpPacket, pcapFile } from "../../src/index.js";
import { FRAMES, octets, type TestFrame } from "./frames.js";
import { flatten } from "./helpers.js";
import { unescape } from "../oracle.js";

/** One named field as tshark shows it in PDML. */
interface TsharkField {
  name: string;
  showname: string;
  show: string;
  pos: number;
}

const SOURCE = Bip6Address.parse("[fd00::1]:47808");
const DEST = Bip6Address.parse("[fd00::2]:47808");
/** IPv6 (40) + UDP (8) before the BVLL6 frame. */
const UDP_PAYLOAD_AT = 48;

/** Frame i goes into the i-th framing, so each framing carries every kind of NPDU somewhere. */
function bvll(npdu: Uint8Array, i: number): { frame: Bvll6Frame; npduAt: number } {
  switch (i % 3) {
    case 0:
      return { frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu }, npduAt: 10 };
    case 1:
      return { frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu }, npduAt: 7 };
    default:
      return {
        frame: {
          kind: "ForwardedNpdu",
          originalSourceVmac: 1234,
          originalSource: Bip6Address.parse("[fd00::9]:47809"),
          npdu,
        },
        npduAt: 25,
      };
  }
}

function capture(): { file: Uint8Array; npduAt: number[] } {
  const npduAt: number[] = [];
  const packets = FRAMES.map((f, i) => {
    const { frame, npduAt: at } = bvll(octets(f), i);
    npduAt.push(UDP_PAYLOAD_AT + at);
    const data = ipv6UdpPacket({
      sourceIp: SOURCE.ipOctets(),
      sourcePort: 47808,
      destinationIp: DEST.ipOctets(),
      destinationPort: 47808,
      payload: encodeFrame(frame),
    });
    return { seconds: 1_700_000_000 + i, microseconds: 0, data };
  });
  return { file: pcapFile(packets), npduAt };
}

/** tshark's bacnet.* / bacapp.* fields per packet, in document order. */
function tsharkFields(file: string): TsharkField[][] {
  const r = spawnSync(tsharkPath, ["-n", "-r", file, "-T", "pdml"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tshark exited with ${String(r.status)}: ${r.stderr}`);
  return r.stdout
    .split("<packet>")
    .slice(1)
    .map((packet) =>
      [
        ...packet.matchAll(
          /<field name="((?:bacnet|bacapp)\.[^"]*)" showname="([^"]*)" size="\d+" pos="(\d+)" show="([^"]*)"/g,
        ),
      ].map((m) => ({
        name: m[1] as string,
        showname: unescape(m[2] as string),
        pos: Number(m[3]),
        show: unescape(m[4] as string),
      })),
    );
}

/**
 * Where tshark 4.0 shows a field otherwise and we do not follow it, by field name:
 * - offset: tshark's position of the character set and code page octets is wrong (it points
 *   outside the packet), so only their values are compared;
 * - value: tshark prints REAL/Double with 15 significant digits (we give the exact number),
 *   and its present-value octet string starts with the tag header octet(s).
 */
const TSHARK_QUIRKS = {
  offsetIgnored: new Set(["bacapp.string_character_set", "bacapp.code_page"]),
  numeric: new Set(["bacapp.present_value.real", "bacapp.present_value.double"]),
  octetStringWithHeader: new Set(["bacapp.present_value.octet_string"]),
};

/**
 * Labels we write differently on purpose: tshark says `Unknown (1000)` for proprietary and
 * unassigned values where we say `proprietary-property (1000)`; it prints REALs with 15 digits
 * where we print the shortest text that reads back as the same REAL; it shows a binary
 * present-value as its number where we add its name (`active (1)`).
 */
function ourLabelIsIntended(t: TsharkField, ours: DecodedField): boolean {
  if (/: Unknown \(\d+\)$/.test(t.showname) && /: (proprietary|reserved)-[a-z-]+ \(\d+\)$/.test(ours.label))
    return true;
  if (t.name === "bacapp.present_value.real" || t.name === "bacapp.present_value.double") return true;
  if (t.name === "bacapp.present_value.enum_index") return ours.label.endsWith(` (${t.show})`);
  if (t.name === "bacapp.present_value.octet_string") return true;
  return false;
}

const stripPicture = (label: string): string => label.replace(/^[01. ]+ = /, "");

/** Our value as tshark's `show` text. */
function asShow(f: DecodedField): string {
  if (typeof f.value === "boolean") return f.value ? "1" : "0";
  return String(f.value);
}

/** tshark's `show`, normalised: hex numbers to decimal, byte strings without colons. */
function normalShow(t: TsharkField): string {
  if (/^0x[0-9a-f]+$/i.test(t.show)) return String(Number(t.show));
  if (/^([0-9a-f]{2}:)+[0-9a-f]{2}$/.test(t.show)) return t.show.replace(/:/g, "");
  return t.show;
}

/** The fields of a frame to compare: all, or for a malformed one those before its first problem. */
function prefixOf(f: TestFrame, npdu: Uint8Array): number {
  if (f.malformed !== true) return Number.POSITIVE_INFINITY;
  return decodeNpdu(npdu).problems[0]?.offset ?? npdu.length;
}

describeWithTool("tshark oracle: NPDU and APDU fields", tsharkPath, "apt-get install tshark", () => {
  let dir = "";
  let theirs: TsharkField[][] = [];
  let npduAt: number[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bip6-bacnet-oracle-"));
    const c = capture();
    npduAt = c.npduAt;
    writeFileSync(join(dir, "bacnet.pcap"), c.file);
    theirs = tsharkFields(join(dir, "bacnet.pcap"));
  });
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("decodes every frame as BACnet", () => {
    expect(theirs).toHaveLength(FRAMES.length);
    for (const fields of theirs) expect(fields.some((f) => f.name === "bacnet.version")).toBe(true);
  });

  describe.each(FRAMES.map((f, i) => [f.name, f, i] as const))("%s", (_, f, i) => {
    it("has tshark's fields, values, offsets and labels", () => {
      const npdu = octets(f);
      const at = npduAt[i] as number;
      const limit = prefixOf(f, npdu);
      const ours = flatten(decodeNpdu(npdu, 0, npdu.length, { vendorName }).fields).filter(
        (x) => /^(bacnet|bacapp)\./.test(x.name) && x.offset < limit,
      );
      const tshark = (theirs[i] as TsharkField[]).filter(
        (t) => t.pos - at < limit || TSHARK_QUIRKS.offsetIgnored.has(t.name),
      );
      const cut = Number.isFinite(limit) ? Math.min(ours.length, tshark.length) : tshark.length;
      expect(
        ours.slice(0, cut).map((x) => x.name),
        "field names in order",
      ).toEqual(tshark.slice(0, cut).map((t) => t.name));
      if (!Number.isFinite(limit)) expect(ours).toHaveLength(tshark.length);
      tshark.slice(0, cut).forEach((t, k) => {
        const o = ours[k] as DecodedField;
        const where = `${t.name} #${k}`;
        if (!TSHARK_QUIRKS.offsetIgnored.has(t.name)) expect(o.offset, `${where} offset`).toBe(t.pos - at);
        if (TSHARK_QUIRKS.numeric.has(t.name))
          expect(Math.abs((o.value as number) - Number(t.show)), where).toBeLessThan(1e-9);
        else if (TSHARK_QUIRKS.octetStringWithHeader.has(t.name))
          expect(normalShow(t).endsWith(asShow(o)), where).toBe(true);
        else expect(asShow(o), `${where} value`).toBe(normalShow(t));
        if (!ourLabelIsIntended(t, o)) expect(stripPicture(o.label), `${where} label`).toBe(stripPicture(t.showname));
      });
    });
  });
});
