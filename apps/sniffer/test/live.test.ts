/**
 * Live capture (-i through tcpdump), -D, the capture tool's failures, and listen (no
 * privileges, bip6-socket's NodeDatagramPort), each on a real network in namespaces the test
 * builds and removes. The tool-missing and permission cases run with a PATH the test controls.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToHex, encodeFrame } from "@bip6/bvll6-codec";
import { createTopology, type NodeChild, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeWithTool } from "../../../test-support/required-tool.ts";
import { runCli } from "./helpers.js";
import { WHO_IS } from "./scenario.js";

const dir = fileURLToPath(new URL("..", import.meta.url));
const fixture = new URL("./fixtures/send-frames.ts", import.meta.url).href;
const running: ChildProcess[] = [];
const senders: NodeChild[] = [];

afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const s of senders.splice(0)) {
    s.send("stop");
    await s.exit().catch(() => undefined);
  }
});

/** The CLI as a process inside the namespace `netns`; resolves its exit code and output. `onOutput` sees stdout as it comes. */
function sniffIn(
  netns: string,
  args: string[],
  onOutput?: (text: string, child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    "ip",
    ["netns", "exec", netns, process.execPath, "--conditions=@bip6/source", "--import", "tsx", "src/cli.ts", ...args],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    onOutput?.(stdout, child);
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const hex = (f: Parameters<typeof encodeFrame>[0]): string => bytesToHex(encodeFrame(f));

describe("live capture without a usable tool", () => {
  let tools = "";
  beforeAll(() => {
    tools = mkdtempSync(join(tmpdir(), "bip6-sniff-tools-"));
    // A tcpdump that fails as the real one does without CAP_NET_RAW.
    writeFileSync(
      join(tools, "tcpdump"),
      '#!/bin/sh\necho "tcpdump: eth0: You don\'t have permission to capture on that device" >&2\n' +
        'echo "(socket: Operation not permitted)" >&2\nexit 1\n',
    );
    chmodSync(join(tools, "tcpdump"), 0o755);
  });
  afterAll(() => rmSync(tools, { recursive: true, force: true }));

  it("says that dumpcap or tcpdump is needed, and how to listen without them", async () => {
    const { code, stderr, stdout } = await runCli(["-i", "eth0"], {}, new Uint8Array(0), { path: "/nonexistent-bin" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "bip6-sniff: -i eth0: live capture needs dumpcap or tcpdump on PATH (apt-get install tcpdump); " +
        "to see BACnet broadcasts without either, and without privileges: bip6-sniff listen -i eth0\n",
    );
  });

  it("passes on the tool's permission error, with what to do", async () => {
    const { code, stderr } = await runCli(["-i", "eth0"], {}, new Uint8Array(0), { path: tools });
    expect(code).toBe(1);
    expect(stderr).toContain('capturing on eth0 with tcpdump, filter "udp port 47808"\n');
    expect(stderr).toContain(
      "bip6-sniff: tcpdump: eth0: You don't have permission to capture on that device (socket: Operation not permitted) (capturing needs root or CAP_NET_RAW for tcpdump; without privileges: bip6-sniff listen -i eth0)\n",
    );
  });

  it("-D lists the system's interfaces when no tool is there", async () => {
    const { code, stdout, stderr } = await runCli(["-D"], {}, new Uint8Array(0), { path: "/nonexistent-bin" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\. lo\n/m);
    expect(stderr).toContain("no dumpcap or tcpdump on PATH");
  });
});

const usable = requireNetns();

describe.skipIf(!usable)("on a network in namespaces", () => {
  let t: Topology;
  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: [
        { name: "sniffer", interfaces: [{ link: "lan" }] },
        { name: "device", interfaces: [{ link: "lan" }] },
      ],
    });
  });
  afterAll(() => t?.destroy());

  async function sender(frames: { hex: string; to: string }[]): Promise<void> {
    const s = t.host("device").spawnNode(fixture, { frames, iface: "eth0", port: 47808 });
    senders.push(s);
    await s.message((m) => (m as { ready?: boolean }).ready === true);
  }

  describeWithTool("live capture with tcpdump", "/usr/bin/tcpdump", "apt-get install tcpdump", () => {
    it("captures with -i, decodes, and stops after -c packets", async () => {
      const sniffer = t.host("sniffer");
      await sender([
        { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff02::bac0" },
        { hex: hex({ kind: "VirtualAddressResolution", sourceVmac: 1234 }), to: sniffer.address() },
      ]);
      const r = await sniffIn(sniffer.netns, [
        "-i",
        "eth0",
        "-c",
        "4",
        "-T",
        "fields",
        "-e",
        "bvlc.function_ipv6",
        "-e",
        "ipv6.src",
        "-e",
        "bacapp.unconfirmed_service",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(4);
      // The sender is bound to "::": its multicasts leave from its link-local address.
      const device = t.host("device");
      expect(new Set(lines)).toEqual(
        new Set([`0x02\t${device.iface("eth0").linkLocal}\t8`, `0x06\t${device.address()}\t`]),
      );
      expect(r.stderr).toContain('capturing on eth0 with dumpcap, filter "udp port 47808"');
    });

    it("stops at -a duration: and prints the summary; -f narrows what the tool captures", async () => {
      const sniffer = t.host("sniffer");
      await sender([{ hex: hex({ kind: "VirtualAddressResolution", sourceVmac: 77 }), to: sniffer.address() }]);
      const r = await sniffIn(sniffer.netns, [
        "-i",
        "eth0",
        "-a",
        "duration:2",
        "-q",
        "-z",
        "bip6,vmacs",
        "-f",
        "udp dst port 47808",
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`VMAC table (as seen on the wire):\n  00004d  [${t.host("device").address()}]:47808`);
    });

    it("answers a capture tool failure (no such interface) with its message and exit 1", async () => {
      const r = await sniffIn(t.host("sniffer").netns, ["-i", "nosuch0", "-c", "1"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('bip6-sniff: dumpcap: There is no device named "nosuch0". (No such device exists)\n');
    });
  });

  it("listen: joins the BACnet groups on the interface without capture privileges and decodes what arrives", async () => {
    const sniffer = t.host("sniffer");
    await sender([
      { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff02::bac0" },
      { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff05::bac0" },
      {
        hex: hex({ kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 1, npdu: WHO_IS }),
        to: sniffer.address(),
      },
    ]);
    const r = await sniffIn(sniffer.netns, [
      "listen",
      "-i",
      "eth0",
      "--scope",
      "2,5",
      "-c",
      "6",
      "-T",
      "fields",
      "-e",
      "ipv6.dst",
      "-e",
      "bvlc.function_ipv6",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `listen: listening on [${sniffer.address()}]:47808, joined [ff02::bac0%eth0]:47808, [ff05::bac0%eth0]:47808`,
    );
    const lines = new Set(r.stdout.split("\n").filter((l) => l !== ""));
    expect(lines).toEqual(new Set(["ff02::bac0\t0x02", "ff05::bac0\t0x02", `${sniffer.address()}\t0x01`]));
  });

  it("listen: Ctrl-C (SIGINT) ends it cleanly, and the summary is still printed", async () => {
    const sniffer = t.host("sniffer");
    await sender([{ hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff02::bac0" }]);
    let signalled = false;
    const r = await sniffIn(sniffer.netns, ["listen", "-i", "eth0", "--summary"], (out, child) => {
      if (!signalled && out.includes("Who-Is")) {
        signalled = true;
        child.kill("SIGINT");
      }
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Original-Broadcast-NPDU src 0004d2 Who-Is\n/);
    expect(r.stdout).toContain("bip6-sniff summary\n");
    expect(r.stdout).toContain("Findings (0):\n  none\n");
  });
});
