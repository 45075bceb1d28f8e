/**
 * tshark as the oracle of a real exchange captured in network namespaces (issue 9 §1): the
 * demo's BACnet devices, each on a Bip6Transport of its own in its own namespace, talk across
 * two links behind a router, and tcpdump records what the BBMD's interface sees (Ethernet
 * frames, multicasts on ff02::bac0 included). Every bvlc.*, bacnet.* and bacapp.* field tshark
 * decodes there must equal bip6-sniff's --json and -T fields on the same file, and the
 * analysis finds nothing wrong with it.
 *
 *   lan fd00:1::/64                          remote fd00:2::/64
 *   bbmd ::1  (device 1, BBMD; tcpdump)      fd ::1 (device 31, foreign device of bbmd)
 *   node ::2  (device 11)
 *                     router r: ::ff01 on each link
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTopology, type NodeChild, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../test-support/required-tool.ts";
import { LinkType, readCapture } from "../src/index.js";
import { chunked, runCli } from "./helpers.js";
import { compareFields, compareJson, type OracleReport } from "./oracle.js";

const usable = requireNetns();
const fixture = new URL("./fixtures/demo-device.ts", import.meta.url).href;

type Message = Record<string, unknown>;

describe.skipIf(!usable)("a real exchange captured in namespaces", () => {
  describeWithTool("with tcpdump", "/usr/bin/tcpdump", "apt-get install tcpdump", () => {
    describeWithTool("and tshark", tsharkPath, "apt-get install tshark", () => {
      let t: Topology | undefined;
      let tcpdump: ChildProcess | undefined;
      const devices: NodeChild[] = [];
      let dir = "";
      let path = "";
      let file: Uint8Array = new Uint8Array(0);

      beforeAll(async () => {
        t = await createTopology({
          links: [{ name: "lan" }, { name: "remote" }],
          hosts: [
            { name: "bbmd", interfaces: [{ link: "lan", address: "fd00:1::1" }] },
            { name: "node", interfaces: [{ link: "lan", address: "fd00:1::2" }] },
            { name: "fd", interfaces: [{ link: "remote", address: "fd00:2::1" }] },
          ],
          routers: [{ name: "r", links: ["lan", "remote"] }],
        });
        // tcpdump on the BBMD's interface, its capture on standard output; --immediate-mode so
        // that nothing waits in the kernel's buffer when it is stopped.
        const capture = spawn(
          "ip",
          [
            "netns",
            "exec",
            t.host("bbmd").netns,
            "tcpdump",
            "-i",
            "eth0",
            "--immediate-mode",
            "-U",
            "-n",
            "-w",
            "-",
            "udp port 47808",
          ],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        tcpdump = capture;
        const chunks: Buffer[] = [];
        capture.stdout.on("data", (d: Buffer) => chunks.push(d));
        await new Promise<void>((resolve, reject) => {
          let err = "";
          capture.stderr.setEncoding("utf8").on("data", (d: string) => {
            err += d;
            if (err.includes("listening on eth0")) resolve();
          });
          capture.on("exit", (code) => reject(new Error(`tcpdump exited with ${String(code)}: ${err}`)));
        });
        const exited = new Promise<void>((resolve) => capture.on("close", () => resolve()));

        const start = (host: string, input: Message): NodeChild => {
          const child = (t as Topology).host(host).spawnNode(fixture, input);
          devices.push(child);
          return child;
        };
        const bbmd = start("bbmd", { instance: 1, name: "BBMD", role: "bbmd" });
        await bbmd.message((m) => (m as Message).ready === true);
        const node = start("node", { instance: 11, name: "Workstation", role: "node" });
        await node.message((m) => (m as Message).ready === true);
        const fd = start("fd", { instance: 31, name: "Remote", role: "foreign-device", bbmd: "[fd00:1::1]:47808" });
        await fd.message((m) => (m as Message).registered === true);

        const read = async (who: NodeChild, to: number | string, instance: number, name: string): Promise<void> => {
          who.send({ cmd: "read", to, instance });
          const got = (await who.message((m) => (m as Message).read === instance)) as Message;
          expect(got.name).toBe(name);
        };
        // By address: Virtual-Address-Resolution, then ReadProperty to the BBMD's device.
        await read(node, "[fd00:1::1]:47808", 1, "BBMD");
        // By VMAC: Address-Resolution on the group; the BBMD forwards it to its foreign device.
        await read(node, 31, 31, "Remote");
        // Who-Is on the group, relayed to the foreign device; both answer I-Am.
        node.send({ cmd: "who-is" });
        await node.message((m) => (m as Message).iAm === 1);
        await node.message((m) => (m as Message).iAm === 31);
        // The foreign device's Who-Is 1: Distribute-Broadcast, Forwarded-NPDU on the group, I-Am back.
        fd.send({ cmd: "who-is", instance: 1 });
        await fd.message((m) => (m as Message).iAm === 1);
        // Leaving: Delete-Foreign-Device-Table-Entry and its Result.
        for (const d of [fd, node, bbmd]) {
          d.send({ cmd: "stop" });
          await d.message((m) => (m as Message).closed === true);
          await d.exit();
        }
        capture.kill("SIGINT");
        await exited;
        file = new Uint8Array(Buffer.concat(chunks));
        dir = mkdtempSync(join(tmpdir(), "bip6-netns-oracle-"));
        path = join(dir, "lan.pcap");
        writeFileSync(path, file);
      });

      afterAll(async () => {
        for (const d of devices) d.kill();
        if (tcpdump?.exitCode === null) tcpdump.kill("SIGKILL");
        await t?.destroy();
        if (dir !== "") rmSync(dir, { recursive: true, force: true });
      });

      it("captured Ethernet frames of the exchange: every function the BBMD's link carries", async () => {
        const functions = new Set<number>();
        for await (const p of readCapture(chunked(file, 4096))) {
          expect(p.linkType).toBe(LinkType.Ethernet);
          functions.add(p.data[14 + 48 + 1] as number);
        }
        // VAR + ACK, unicast, Address-Resolution (group), Forwarded-Address-Resolution,
        // Original-Broadcast (group), Forwarded-NPDU, Distribute-Broadcast, Register, Delete, Result.
        expect([...functions].sort((a, b) => a - b)).toEqual([
          0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0c,
        ]);
      });

      it("agrees with tshark: --json and -T fields, every bvlc/bacnet/bacapp field of every frame", async () => {
        const json: OracleReport = await compareJson(file, path, [47808]);
        const fields: OracleReport = await compareFields(file, path, [47808]);
        // What the BBMD's link carries, no more: registration and its Result, VAR and its ACK,
        // the read of the BBMD's device and its ACK, Address-Resolution and its forward, Who-Is,
        // the BBMD's I-Am and the forward, the foreign device's Distribute-Broadcast, the I-Am
        // back and the forward on the group, Delete and its Result. The workstation and the
        // foreign device reach each other through the router, past the BBMD's interface.
        expect(json.frames).toBe(16);
        expect(fields.frames).toBe(json.frames);
        expect(json.names).toEqual(
          expect.arrayContaining(["bvlc.orig_source_addr", "bacapp.who_is.low_limit", "bacapp.object_name"]),
        );
      });

      it("has no findings: a clean exchange", async () => {
        const r = await runCli(["-r", "f", "-q", "-z", "bip6,findings"], { f: file });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain("Findings (0):\n  none\n");
      });
    });
  });
});
