/**
 * tshark as the oracle of the demo network (issue 9 §1): the demo writes its real exchange on
 * ::1 with -w, tshark decodes that capture (told the demo's ephemeral ports with
 * `-d udp.port==N,bvlc`), and every bvlc.*, bacnet.* and bacapp.* field it shows must equal
 * bip6-sniff's --json and -T fields on the same file. The values the demo's tiny APDU encoder
 * means are pinned in tshark's own words.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../test-support/required-tool.ts";
import { LinkType, readCapture, udp6Checksum } from "../src/index.js";
import { chunked, runCli } from "./helpers.js";
import { compareFields, compareJson, tsharkFieldRows } from "./oracle.js";

describeWithTool("tshark oracle on the demo network's capture", tsharkPath, "apt-get install tshark", () => {
  let dir = "";
  let path = "";
  let file: Uint8Array = new Uint8Array(0);
  let ports: number[] = [];
  beforeAll(async () => {
    const r = await runCli(["demo", "-q", "-w", "demo.pcap"]);
    expect(r.code, r.stderr).toBe(0);
    file = r.written["demo.pcap"] as Uint8Array;
    const seen = new Set<number>();
    for await (const p of readCapture(chunked(file, 4096))) {
      seen.add((p.data[40] as number) * 256 + (p.data[41] as number));
      seen.add((p.data[42] as number) * 256 + (p.data[43] as number));
    }
    ports = [...seen].sort((a, b) => a - b);
    dir = mkdtempSync(join(tmpdir(), "bip6-demo-oracle-"));
    path = join(dir, "demo.pcap");
    writeFileSync(path, file);
  });
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("is a raw-IPv6 pcap of 28 datagrams between the demo's four ports, every UDP checksum valid (ours and tshark's check)", async () => {
    expect(ports).toHaveLength(4);
    const packets = [];
    for await (const p of readCapture(chunked(file, 4096))) packets.push({ ...p, data: p.data.slice() });
    expect(packets).toHaveLength(28);
    for (const p of packets) {
      expect(p.linkType).toBe(LinkType.Ipv6);
      const udp = p.data.slice(40);
      const sent = (udp[6] as number) * 256 + (udp[7] as number);
      udp[6] = 0;
      udp[7] = 0;
      expect(udp6Checksum(p.data.subarray(8, 24), p.data.subarray(24, 40), udp)).toBe(sent);
    }
    // With checksum validation on, tshark marks each "Good" (1), and decodes each as BVLL6.
    const rows = tsharkFieldRows(path, ports, ["udp.checksum.status", "bvlc.type"], ["-o", "udp.check_checksum:TRUE"]);
    expect(rows).toEqual(Array(28).fill(["1", "0x82"]));
  });

  it("agrees with --json on every bvlc/bacnet/bacapp field of every frame, values in order", async () => {
    const report = await compareJson(file, path, ports);
    expect(report.frames).toBe(28);
    // The demo's exchange shows these layers' fields (names tshark's; bvlc.length compared below).
    expect(report.names).toEqual(
      expect.arrayContaining([
        "bvlc.virtual_source",
        "bvlc.virtual_dest",
        "bvlc.result",
        "bvlc.orig_source_addr",
        "bvlc.reg_ttl",
        "bvlc.fdt_ipv6",
        "bacnet.control_expect",
        "bacapp.who_is.low_limit",
        "bacapp.instance_number",
        "bacapp.vendor_identifier",
        "bacapp.invoke_id",
        "bacapp.property_identifier",
        "bacapp.object_name",
      ]),
    );
  });

  it("agrees with -T fields on every such field, column by column (bvlc.length: ours is the length field)", async () => {
    const report = await compareFields(file, path, ports);
    expect(report.frames).toBe(28);
    const ours = await runCli(
      ["-r", "f", "--port", ports.join(","), "-T", "fields", "-e", "bvlc.length", "-e", "udp.length"],
      {
        f: file,
      },
    );
    for (const line of ours.lines) {
      const [length, udp] = line.split("\t").map(Number) as [number, number];
      expect(length).toBe(udp - 8);
    }
  });

  it("decodes the demo encoder's APDUs as the encoder means them (tshark's values)", () => {
    const names = [
      "bacapp.type",
      "bacapp.unconfirmed_service",
      "bacapp.confirmed_service",
      "bacapp.who_is.low_limit",
      "bacapp.who_is.high_limit",
      "bacapp.instance_number",
      "bacapp.vendor_identifier",
      "bacapp.invoke_id",
      "bacapp.property_identifier",
      "bacapp.object_name",
    ];
    const rows = tsharkFieldRows(path, ports, names).filter((r) => r[0] !== "");
    expect(rows.map((r) => r.join("|"))).toEqual([
      // Who-Is 12-12: the Distribute-Broadcast and its two Forwarded-NPDUs.
      "1|8||12|12|||||",
      "1|8||12|12|||||",
      "1|8||12|12|||||",
      // I-Am device,12, vendor 0.
      "1|0||||12|0|||",
      // ReadProperty device,12 object-name, and its ACK "Boiler"; then device 13 twice, "Chiller".
      "0||12|||12||1|77|",
      "3||12|||12||1|77|Boiler",
      "0||12|||13||1|77|",
      "3||12|||13||1|77|Chiller",
      "0||12|||13||2|77|",
      "3||12|||13||2|77|Chiller",
    ]);
  });
});
