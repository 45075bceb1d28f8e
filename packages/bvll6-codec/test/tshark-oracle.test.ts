/**
 * tshark as an independent oracle (annex-u.md §7): frames produced by OUR ENCODER are put in a
 * pcap (raw IPv6, UDP port 47808, correct UDP checksum), tshark decodes them, and its bvlc.*
 * fields must agree with our decoder field by field, for every function 0x00-0x0C.
 *
 * What tshark 4.0 prints per function (checked by hand with `tshark -T pdml`):
 * - every function: bvlc.type, bvlc.function_ipv6, bvlc.length. bvlc.length's shown value is
 *   the function's fixed header size ("BVLC-Length: 10 of 18 bytes"), only its raw value is
 *   the length field, so the raw value is compared.
 * - VMACs (bvlc.virtual_source, bvlc.virtual_dest) are shown in decimal, raw value in hex.
 * - Forwarded-Address-Resolution: tshark reports the target VMAC as bvlc.virtual_dest.
 * - Forwarded-NPDU / Forwarded-Address-Resolution: bvlc.orig_source_addr + bvlc.orig_source_port.
 * - Delete-FDT-Entry: bvlc.fdt_ipv6 + bvlc.fdt_port. Register-Foreign-Device: bvlc.reg_ttl.
 * - Secure-BVLL (0x0B): tshark 4.0 decodes no field beyond type/function/length (it hands the
 *   payload to its BACnet security-wrapper code, which we do not compare).
 * - Unknown functions (0x0D+): type, function, bvlc.length shown as 0 ("0 of 6 bytes"); with
 *   3 or more payload octets tshark reads the first three as bvlc.virtual_source (the codec
 *   keeps them in `payload`, as Annex U defines no layout), with fewer it flags
 *   "[Malformed Packet: BVLC]".
 * - The Info column uses BACnet/IPv4 names for IPv6 functions; it is not used here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../test-support/required-tool.ts";
import { TSHARK_BVLC6_FIELDS } from "../../../test-support/tshark-bvlc-fields.ts";
import {
  Bip6Address,
  type Bvll6Frame,
  type Bvll6FrameKind,
  bytesToHex,
  decodeFrame,
  encodeFrame,
  formatVmac,
  hexToBytes,
  MAX_NPDU_LENGTH,
  readVmac,
} from "../src/index.js";
import { frameArbs } from "./helpers/frames.js";
import { ipv6UdpPacket, pcapFile } from "./helpers/pcap.js";

const TSHARK = tsharkPath;

/** One `<field>` or `<proto>` element of tshark's PDML output. */
interface PdmlNode {
  readonly name: string;
  readonly showname: string | undefined;
  readonly show: string | undefined;
  readonly value: string | undefined;
  readonly pos: number;
  readonly size: number;
}

/** A packet as name -> nodes (a name may repeat, like udp.port). */
type PdmlPacket = Map<string, PdmlNode[]>;

function unescapeXml(text: string): string {
  return text.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_m, e: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[e] ?? "",
  );
}

/** Enough of PDML for this test: every field/proto element with its attributes, per packet. */
function parsePdml(xml: string): PdmlPacket[] {
  const packets: PdmlPacket[] = [];
  for (const [, body] of xml.matchAll(/<packet>([\s\S]*?)<\/packet>/g)) {
    const packet: PdmlPacket = new Map();
    for (const [, attrs] of (body ?? "").matchAll(/<(?:field|proto)\s([^>]*?)\/?>/g)) {
      const a = new Map<string, string>();
      for (const [, k, v] of (attrs ?? "").matchAll(/([\w.-]+)="([^"]*)"/g)) a.set(k!, unescapeXml(v!));
      const name = a.get("name");
      if (!name) continue;
      const node: PdmlNode = {
        name,
        showname: a.get("showname"),
        show: a.get("show"),
        value: a.get("value"),
        pos: Number(a.get("pos")),
        size: Number(a.get("size")),
      };
      packet.set(name, [...(packet.get(name) ?? []), node]);
    }
    packets.push(packet);
  }
  return packets;
}

/** What tshark should show for a field: the raw octets (hex) and the number or text it shows. */
interface Expected {
  readonly value: string;
  readonly shown: number | string;
}

const vmacField = (vmac: number): Expected => ({ value: formatVmac(vmac), shown: vmac });
const u16Field = (n: number): Expected => ({ value: n.toString(16).padStart(4, "0"), shown: n });
const ipField = (a: Bip6Address): Expected => ({ value: bytesToHex(a.ipOctets()), shown: a.ip });

/** Sets the address field `ipName` and the port field `portName` of one B/IPv6 address. */
function setAddress(m: Map<string, Expected>, ipName: string, portName: string, a: Bip6Address): void {
  m.set(ipName, ipField(a)).set(portName, u16Field(a.port));
}

/** The bvlc.* fields tshark must print for a frame, derived from OUR DECODER's view of it. */
function expectedFields(bytes: Uint8Array): Map<string, Expected> {
  const f = decodeFrame(bytes);
  const m = new Map<string, Expected>([
    ["bvlc.type", { value: "82", shown: 0x82 }],
    ["bvlc.function_ipv6", { value: bytesToHex(bytes.subarray(1, 2)), shown: bytes[1]! }],
  ]);
  // Only the raw value: tshark shows the fixed header size here, not the length field.
  m.set("bvlc.length", { value: bytesToHex(bytes.subarray(2, 4)), shown: Number.NaN });
  switch (f.kind) {
    case "BvlcResult":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac)).set("bvlc.result", u16Field(f.resultCode));
      break;
    case "OriginalUnicastNpdu":
    case "AddressResolutionAck":
    case "VirtualAddressResolutionAck":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac)).set("bvlc.virtual_dest", vmacField(f.destinationVmac));
      break;
    case "OriginalBroadcastNpdu":
    case "VirtualAddressResolution":
    case "DistributeBroadcastToNetwork":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac));
      break;
    case "AddressResolution":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac)).set("bvlc.virtual_dest", vmacField(f.targetVmac));
      break;
    case "ForwardedAddressResolution":
      m.set("bvlc.virtual_source", vmacField(f.originalSourceVmac)).set("bvlc.virtual_dest", vmacField(f.targetVmac));
      setAddress(m, "bvlc.orig_source_addr", "bvlc.orig_source_port", f.originalSource);
      break;
    case "ForwardedNpdu":
      m.set("bvlc.virtual_source", vmacField(f.originalSourceVmac));
      setAddress(m, "bvlc.orig_source_addr", "bvlc.orig_source_port", f.originalSource);
      break;
    case "RegisterForeignDevice":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac)).set("bvlc.reg_ttl", u16Field(f.timeToLive));
      break;
    case "DeleteForeignDeviceTableEntry":
      m.set("bvlc.virtual_source", vmacField(f.sourceVmac));
      setAddress(m, "bvlc.fdt_ipv6", "bvlc.fdt_port", f.entry);
      break;
    case "Unknown":
      if (f.payload.length >= 3) m.set("bvlc.virtual_source", vmacField(readVmac(f.payload, 0)));
      break;
    case "SecureBvll":
      break;
  }
  return m;
}

/** Offset of the NPDU in the frame, for frames that carry one. */
function npduOffset(kind: Bvll6FrameKind): number | undefined {
  return { OriginalUnicastNpdu: 10, OriginalBroadcastNpdu: 7, ForwardedNpdu: 25, DistributeBroadcastToNetwork: 7 }[
    kind as string
  ];
}

const WHO_IS = hexToBytes("0120ffff00ff1008");
const I_AM = hexToBytes("0100 1000 c4020004d2 2205c4 9103 220104"); // I-Am device 1234
const addr = (text: string): Bip6Address => Bip6Address.parse(text);

/** Hand-picked frames: every function, annex-u.md examples, edge values, address forms. */
const handPicked: Bvll6Frame[] = [
  { kind: "BvlcResult", sourceVmac: 1234, resultCode: 0x0090 },
  ...[0x0000, 0x0030, 0x0060, 0x00a0, 0x00c0, 0x0040, 0xffff].map((resultCode): Bvll6Frame => ({
    kind: "BvlcResult",
    sourceVmac: 5678,
    resultCode,
  })),
  { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: I_AM },
  { kind: "OriginalUnicastNpdu", sourceVmac: 0, destinationVmac: 0xffffff, npdu: new Uint8Array(0) },
  { kind: "OriginalBroadcastNpdu", sourceVmac: 0x412345, npdu: WHO_IS },
  { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 },
  {
    kind: "ForwardedAddressResolution",
    originalSourceVmac: 1234,
    targetVmac: 5678,
    originalSource: addr("[fd00::a]:47808"),
  },
  {
    kind: "ForwardedAddressResolution",
    originalSourceVmac: 0x7fffff,
    targetVmac: 0,
    originalSource: addr("[::ffff:192.0.2.1]:1"),
  },
  { kind: "AddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 },
  { kind: "VirtualAddressResolution", sourceVmac: 1234 },
  { kind: "VirtualAddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 },
  { kind: "ForwardedNpdu", originalSourceVmac: 1234, originalSource: addr("[2001:db8::1]:47808"), npdu: WHO_IS },
  {
    kind: "ForwardedNpdu",
    originalSourceVmac: 0x3fffff,
    originalSource: addr("[fe80::1%eth0]:65535"),
    npdu: new Uint8Array(MAX_NPDU_LENGTH).fill(1),
  },
  { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: addr("[2001:db8:0:0:1:0:0:1]:0"), npdu: I_AM },
  { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 },
  { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 0xffff },
  { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 1234, entry: addr("[fd00:1::f]:47809") },
  { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 1234, entry: addr("[::]:47808") },
  { kind: "SecureBvll", payload: hexToBytes("0102030405060708") },
  { kind: "DistributeBroadcastToNetwork", sourceVmac: 1234, npdu: WHO_IS },
  { kind: "Unknown", functionCode: 0x0d, payload: hexToBytes("0102") },
];

/** Plus a few random frames of every kind, from a fixed seed so failures reproduce. */
const randomFrames: Bvll6Frame[] = (Object.keys(frameArbs) as Bvll6FrameKind[]).flatMap((kind) =>
  fc.sample(frameArbs[kind] as fc.Arbitrary<Bvll6Frame>, { numRuns: 4, seed: 0x5eed + kind.length }),
);

const frames = [...handPicked, ...randomFrames];

describeWithTool("tshark oracle", TSHARK, "apt-get install tshark", () => {
  let dir: string | undefined;
  let packets: PdmlPacket[] = [];
  const encoded = frames.map((f) => encodeFrame(f));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bvll6-tshark-"));
    const src = addr("fd00::1").ipOctets();
    const dst = addr("fd00::2").ipOctets();
    const file = join(dir, "frames.pcap");
    writeFileSync(
      file,
      pcapFile(
        encoded.map((payload) =>
          ipv6UdpPacket({ sourceIp: src, sourcePort: 47808, destinationIp: dst, destinationPort: 47808, payload }),
        ),
      ),
    );
    const run = spawnSync(TSHARK, ["-n", "-r", file, "-o", "udp.check_checksum:TRUE", "-T", "pdml"], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`tshark exited with ${String(run.status)}: ${run.stderr}`);
    packets = parsePdml(run.stdout);
    // BIP6_DUMP_PDML=file keeps tshark's full output for a human to read.
    if (process.env.BIP6_DUMP_PDML) writeFileSync(process.env.BIP6_DUMP_PDML, run.stdout);
  }, 180_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("covers every function 0x00-0x0C", () => {
    const codes = new Set(encoded.map((b) => b[1]));
    for (let fn = 0; fn <= 0x0c; fn++) expect(codes.has(fn)).toBe(true);
  });

  it("reads one packet per frame, each with a correct UDP checksum and our exact payload", () => {
    expect(packets).toHaveLength(frames.length);
    packets.forEach((p, i) => {
      expect(p.get("udp.checksum.status")?.[0]?.show, `frame ${i}`).toBe("1"); // 1 = Good
      expect(p.get("udp.length")?.[0]?.show).toBe(String(8 + encoded[i]!.length));
      expect(p.get("udp.payload")?.[0]?.value).toBe(bytesToHex(encoded[i]!));
      expect(p.has("bvlc"), `frame ${i} decoded as BVLC`).toBe(true);
    });
  });

  it.each(frames.map((f, i) => [i, f.kind] as const))(
    "frame %i (%s): tshark's bvlc.* fields equal our decode",
    (i, kind) => {
      const packet = packets[i]!;
      const bytes = encoded[i]!;
      const expected = expectedFields(bytes);
      for (const [name, want] of expected) {
        const nodes = packet.get(name);
        expect(nodes, `${name} missing`).toHaveLength(1);
        const node = nodes![0]!;
        expect(node.value, name).toBe(want.value);
        if (typeof want.shown === "string") expect(node.show, name).toBe(want.shown);
        else if (!Number.isNaN(want.shown)) expect(Number(node.show), name).toBe(want.shown); // "1234" or "0x0090"
      }
      // Fields that do not belong to this function must be absent.
      for (const name of TSHARK_BVLC6_FIELDS)
        if (!expected.has(name)) expect(packet.has(name), `${name} unexpected`).toBe(false);
      // tshark finds nothing malformed in the BVLL part of the functions it knows.
      const bvlcMalformed = (packet.get("_ws.malformed") ?? []).some((n) => n.showname?.includes("BVLC"));
      if (kind !== "Unknown" && kind !== "SecureBvll") expect(bvlcMalformed, "Malformed Packet: BVLC").toBe(false);
      // The BACnet NPDU dissector starts exactly where our decoder's NPDU view starts (checked
      // for well-formed NPDUs: tshark gives up before placing a proto on random octets).
      const at = npduOffset(kind);
      const frame = decodeFrame(bytes);
      if (at !== undefined && "npdu" in frame && frame.npdu.length >= 2 && frame.npdu[0] === 0x01) {
        expect(frame.npdu.byteOffset - bytes.byteOffset).toBe(at);
        expect(packet.get("bacnet")?.[0]?.pos).toBe(40 + 8 + at);
      }
    },
  );
});
