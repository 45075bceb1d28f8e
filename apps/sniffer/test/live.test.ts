/**
 * Live capture (-i through tcpdump), -D, the capture tool's failures, and listen (no
 * privileges, bip6-socket's NodeDatagramPort), each on a real network in namespaces the test
 * builds and removes. The tool-missing and permission cases run with a PATH the test controls.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToHex, encodeFrame } from "@bip6/bvll6-codec";
import { createTopology, type NodeChild, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeWithTool } from "../../../test-support/required-tool.ts";
import { runCli } from "./helpers.js";
import { README_LIVE_COMMANDS } from "./readme-live.js";
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

/**
 * The CLI as a process inside the namespace `netns` (with `path` as its PATH when given);
 * resolves its exit code and output. `onOutput` sees stdout as it comes.
 */
function sniffIn(
  netns: string,
  args: string[],
  onOutput?: (text: string, child: ChildProcess) => void,
  path?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, "--conditions=@bip6/source", "--import", "tsx", "src/cli.ts", ...args];
  const command = path === undefined ? node : ["/usr/bin/env", `PATH=${path}`, ...node];
  const child = spawn("ip", ["netns", "exec", netns, ...command], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
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
  let onlyTcpdump = "";
  beforeAll(async () => {
    onlyTcpdump = mkdtempSync(join(tmpdir(), "bip6-sniff-tcpdump-"));
    symlinkSync("/usr/bin/tcpdump", join(onlyTcpdump, "tcpdump"));
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: [
        { name: "sniffer", interfaces: [{ link: "lan" }] },
        { name: "device", interfaces: [{ link: "lan" }] },
      ],
    });
  });
  afterAll(async () => {
    rmSync(onlyTcpdump, { recursive: true, force: true });
    await t?.destroy();
  });

  async function sender(frames: { hex: string; to: string }[]): Promise<void> {
    const s = t.host("device").spawnNode(fixture, { frames, iface: "eth0", port: 47808 });
    senders.push(s);
    await s.message((m) => (m as { ready?: boolean }).ready === true);
  }

  describeWithTool("live capture", "/usr/bin/tcpdump", "apt-get install tcpdump", () => {
    it("captures with -i through tcpdump, decodes, and stops after -c packets", async () => {
      const sniffer = t.host("sniffer");
      await sender([
        { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff02::bac0" },
        { hex: hex({ kind: "VirtualAddressResolution", sourceVmac: 1234 }), to: sniffer.address() },
      ]);
      // A PATH with tcpdump but no dumpcap, so tcpdump is the one used.
      const r = await sniffIn(sniffer.netns, [...README_LIVE_COMMANDS.capture], undefined, onlyTcpdump);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('capturing on eth0 with tcpdump, filter "udp port 47808"');
      const lines = r.stdout.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(4);
      // The sender is bound to "::": its multicasts leave from its link-local address.
      const device = t.host("device");
      expect(new Set(lines.map((l) => l.slice(16)))).toEqual(
        new Set([
          `[${device.iface("eth0").linkLocal}]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is`,
          `[${device.address()}]:47808 → [${sniffer.address()}]:47808 Virtual-Address-Resolution src 0004d2`,
        ]),
      );
    });

    it("stops at -a duration: and prints the summary (through dumpcap, the first choice)", async () => {
      const sniffer = t.host("sniffer");
      await sender([{ hex: hex({ kind: "VirtualAddressResolution", sourceVmac: 77 }), to: sniffer.address() }]);
      const r = await sniffIn(sniffer.netns, [...README_LIVE_COMMANDS.duration]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('capturing on eth0 with dumpcap, filter "udp port 47808"');
      expect(r.stdout).toContain(`VMAC table (as seen on the wire):\n  00004d  [${t.host("device").address()}]:47808`);
    });

    it("hands -f to the capture tool", async () => {
      const sniffer = t.host("sniffer");
      await sender([
        { hex: hex({ kind: "VirtualAddressResolution", sourceVmac: 77 }), to: sniffer.address() },
        { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 77, npdu: WHO_IS }), to: "ff02::bac0" },
      ]);
      // Only what is sent to this host's own address: the multicasts never reach bip6-sniff.
      const filter = `udp port 47808 and dst host ${sniffer.address()}`;
      const r = await sniffIn(sniffer.netns, ["-i", "eth0", "-c", "3", "-f", filter, "-T", "fields", "-e", "ipv6.dst"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${sniffer.address()}\n`.repeat(3));
    });

    it("answers a capture tool failure (no such interface) with its message and exit 1", async () => {
      const r = await sniffIn(t.host("sniffer").netns, ["-i", "nosuch0", "-c", "1"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('bip6-sniff: dumpcap: There is no device named "nosuch0". (No such device exists)\n');
    });
  });

  it("listen: joins the BACnet groups on the interface without capture privileges and decodes what arrives", async () => {
    const sniffer = t.host("sniffer");
    const device = t.host("device");
    await sender([
      { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff02::bac0" },
      { hex: hex({ kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS }), to: "ff05::bac0" },
      {
        hex: hex({ kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 1, npdu: WHO_IS }),
        to: sniffer.address(),
      },
    ]);
    const want = [
      `[${device.iface("eth0").linkLocal}]:47808 → [ff02::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is`,
      // For the site-scope group the kernel picks the routable source address.
      `[${device.address()}]:47808 → [ff05::bac0]:47808 Original-Broadcast-NPDU src 0004d2 Who-Is`,
      `[${device.address()}]:47808 → [${sniffer.address()}]:47808 Original-Unicast-NPDU src 0004d2 dst 000001 Who-Is`,
    ];
    const seen = (out: string): Set<string> =>
      new Set(
        out
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => l.slice(16)),
      );
    let stopped = false;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    // It listens until stopped (Ctrl-C): once all three have come in (or after 10 s, to fail with what came).
    const r = await sniffIn(sniffer.netns, [...README_LIVE_COMMANDS.listen], (out, child) => {
      deadline ??= setTimeout(() => child.kill("SIGINT"), 10_000);
      if (!stopped && want.every((w) => seen(out).has(w))) {
        stopped = true;
        child.kill("SIGINT");
      }
    });
    clearTimeout(deadline);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `listen: listening on [${sniffer.address()}]:47808, joined [ff02::bac0%eth0]:47808, [ff05::bac0%eth0]:47808`,
    );
    expect(seen(r.stdout)).toEqual(new Set(want));
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
