/**
 * `bip6-sniff demo`: a BBMD and three foreign devices on ::1 (real sockets, free ports), the
 * story they play frame by frame, the summary without findings, every output option on the
 * demo's frames, two demos side by side, and nothing left open afterwards — in process and
 * as a process of its own.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCapture } from "../src/index.js";
import { DEMO_DEVICES, DemoError, startDemo } from "../src/node/index.js";
import { Bip6Error } from "@bip6/bvll6-codec";
import { chunked, runCli } from "./helpers.js";
import { openHandles } from "../../../test-support/open-handles.ts";

/** The start-up note's ports, by device name. */
function portsOf(stderr: string): Map<string, string> {
  const names = new Map(DEMO_DEVICES.map((d) => [d.instance.toString(16).padStart(6, "0"), d.name]));
  return new Map(
    [...stderr.matchAll(/([0-9a-f]{6}) port (\d+)/g)].map((m) => [m[2] as string, names.get(m[1] as string) as string]),
  );
}

/** Frame lines without number and time, each `[::1]:port` replaced by the device's name. */
function story(stdout: string, stderr: string): string[] {
  const names = portsOf(stderr);
  return stdout
    .split("\n")
    .filter((l) => /^\s*\d+\s+\d+\.\d{6} /.test(l))
    .map((l) => l.replace(/^\s*\d+\s+\S+ /, "").replace(/\[::1\]:(\d+)/g, (_, p: string) => names.get(p) ?? `?${p}`));
}

/** Waits until no UDP socket is open any more (the limit is a guard, not a timing assertion). */
async function socketsClosed(limitMs = 10_000): Promise<void> {
  const give = Date.now() + limitMs;
  while (openHandles().sockets > 0) {
    if (Date.now() > give) throw new Error(`sockets still open: ${JSON.stringify(openHandles())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("bip6-sniff demo", () => {
  it("plays the story: registrations, Who-Is/I-Am, three ReadPropertys (direct, by VMAC, by address), deletes", async () => {
    const { code, stdout, stderr } = await runCli(["demo"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(
      /^bip6-sniff: demo: on ::1 a BBMD \(VMAC 000001 port \d+\) and three foreign devices \(00000b port \d+, 00000c port \d+, 00000d port \d+\), sniffed through the socket tap\n$/,
    );
    expect(portsOf(stderr).size).toBe(4);
    expect(story(stdout, stderr)).toEqual([
      "Workstation → BBMD Register-Foreign-Device src 00000b ttl 60",
      "BBMD → Workstation BVLC-Result src 000001 result 0x0000 Successful-Completion",
      "Boiler → BBMD Register-Foreign-Device src 00000c ttl 60",
      "BBMD → Boiler BVLC-Result src 000001 result 0x0000 Successful-Completion",
      "Chiller → BBMD Register-Foreign-Device src 00000d ttl 60",
      "BBMD → Chiller BVLC-Result src 000001 result 0x0000 Successful-Completion",
      "Workstation → BBMD Distribute-Broadcast-To-Network src 00000b Who-Is 12-12",
      "BBMD → Boiler Forwarded-NPDU src 00000b orig Workstation Who-Is 12-12",
      "BBMD → Chiller Forwarded-NPDU src 00000b orig Workstation Who-Is 12-12",
      "Boiler → Workstation Original-Unicast-NPDU src 00000c dst 00000b I-Am device,12",
      "Workstation → Boiler Original-Unicast-NPDU src 00000b dst 00000c ReadProperty-Request device,12 object-name",
      'Boiler → Workstation Original-Unicast-NPDU src 00000c dst 00000b ReadProperty-ACK device,12 object-name "Boiler"',
      "Boiler → BBMD Address-Resolution src 00000c target 00000d",
      "BBMD → Workstation Forwarded-Address-Resolution src 00000c target 00000d orig Boiler",
      "BBMD → Chiller Forwarded-Address-Resolution src 00000c target 00000d orig Boiler",
      "Chiller → Boiler Address-Resolution-ACK src 00000d dst 00000c",
      "Boiler → Chiller Original-Unicast-NPDU src 00000c dst 00000d ReadProperty-Request device,13 object-name",
      'Chiller → Boiler Original-Unicast-NPDU src 00000d dst 00000c ReadProperty-ACK device,13 object-name "Chiller"',
      "Workstation → Chiller Virtual-Address-Resolution src 00000b",
      "Chiller → Workstation Virtual-Address-Resolution-ACK src 00000d dst 00000b",
      "Workstation → Chiller Original-Unicast-NPDU src 00000b dst 00000d ReadProperty-Request device,13 object-name",
      'Chiller → Workstation Original-Unicast-NPDU src 00000d dst 00000b ReadProperty-ACK device,13 object-name "Chiller"',
      "Workstation → BBMD Delete-Foreign-Device-Table-Entry src 00000b entry Workstation",
      "BBMD → Workstation BVLC-Result src 000001 result 0x0000 Successful-Completion",
      "Boiler → BBMD Delete-Foreign-Device-Table-Entry src 00000c entry Boiler",
      "BBMD → Boiler BVLC-Result src 000001 result 0x0000 Successful-Completion",
      "Chiller → BBMD Delete-Foreign-Device-Table-Entry src 00000d entry Chiller",
      "BBMD → Chiller BVLC-Result src 000001 result 0x0000 Successful-Completion",
    ]);
    // Frame numbers from 1, times relative to the first frame, as for a capture.
    expect(stdout).toMatch(/^ {3}1 {3}0\.000000 \[::1\]:\d+ → /);
    expect(stdout).toMatch(/\n {2}28 {3}\d\.\d{6} /);
    // Then the summary: every registration deleted, both resolutions answered, no findings.
    expect(stdout).toContain("\nbip6-sniff summary\n28 BACnet/IPv6 frames (0 malformed) in 28 packets, ");
    expect(stdout.match(/: deleted\n/g)).toHaveLength(3);
    expect(stdout).toMatch(/ {2}Address-Resolution {11}asked 1, answered 1, unanswered 0;/);
    expect(stdout).toMatch(/ {2}Virtual-Address-Resolution {3}asked 1, answered 1, unanswered 0;/);
    expect(stdout).toMatch(/Findings \(0\):\n {2}none\n=+\n$/);
  });

  it("reads the names the devices answer with, and closes every socket", async () => {
    const demo = await startDemo();
    expect(demo.ports).toHaveLength(4);
    expect(new Set(demo.ports).size).toBe(4);
    let packets = 0;
    for await (const p of demo.packets) {
      expect(p.number).toBe(++packets);
    }
    await demo.stop();
    expect(packets).toBe(28);
    expect(Object.fromEntries(demo.reads)).toEqual({
      "11 read 12": "Boiler",
      "12 read 13": "Chiller",
      "11 read 13": "Chiller",
    });
    await socketsClosed();
  });

  it("runs twice at once, on different ports (port 0), with the same story", async () => {
    const [a, b] = await Promise.all([runCli(["demo"]), runCli(["demo"])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ports = [...portsOf(a.stderr).keys(), ...portsOf(b.stderr).keys()];
    expect(new Set(ports).size).toBe(8);
    expect(story(a.stdout, a.stderr)).toEqual(story(b.stdout, b.stderr));
    await socketsClosed();
  });

  it("leaves no socket and no timer behind in the process that ran it", async () => {
    await socketsClosed();
    const before = openHandles();
    const r = await runCli(["demo", "-q"]);
    expect(r.code).toBe(0);
    await socketsClosed();
    expect(openHandles().timers).toBeLessThanOrEqual(before.timers);
  });

  it("as a process of its own, ends by itself with status 0 (a socket or timer left open would keep it running)", async () => {
    const dir = fileURLToPath(new URL("..", import.meta.url));
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const child = spawn(tsx, ["--conditions=@bip6/source", "src/cli.ts", "demo"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    try {
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(0);
      expect(out).toContain("Findings (0):\n  none\n");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});

describe("the demo as a packet source: every option works on its frames", () => {
  it("-V: the packet details, the APDU tree with the object-name", async () => {
    const r = await runCli(["demo", "-V", "-Y", "frame.number == 12"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Frame 12: 81 bytes on wire/);
    expect(r.stdout).toContain("\nBACnet Virtual Link Control\n    Type: BACnet/IPv6 (Annex U) (0x82)\n");
    expect(r.stdout).toContain(
      "\nBuilding Automation and Control Network APDU\n    0011 .... = APDU Type: Complex-ACK (3)\n",
    );
    expect(r.stdout).toContain("\n    Object Name\n        Object Name: Boiler\n");
  });

  it("-x: the hex dump of each frame (IPv6, UDP, BVLL6 octets)", async () => {
    const r = await runCli(["demo", "-x", "-c", "1"]);
    expect(r.code).toBe(0);
    const dump = r.stdout.split("\n\n")[0] as string;
    // 57 octets: 40 IPv6 + 8 UDP + Register-Foreign-Device (82 09 0009 00000b 003c).
    expect(dump.split("\n")).toHaveLength(4);
    expect(dump).toMatch(/^0000 {2}60 00 00 00 00 11 11 40 00 00 00 00 00 00 00 00 /);
    expect(dump).toMatch(/\n0030 {2}82 09 00 09 00 00 0b 00 3c +\.{8}<$/);
  });

  it("--json: one object per frame and no summary; with --summary the summary as one more line", async () => {
    const plain = await runCli(["demo", "--json"]);
    expect(plain.lines).toHaveLength(28);
    const frames = plain.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(frames.map((f) => f["frame.number"])).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(frames[11]).toMatchObject({ "ipv6.src": "::1", "bvlc.function_ipv6": 1, "bacapp.object_name": "Boiler" });
    const summary = await runCli(["demo", "--json", "--summary"]);
    expect(summary.lines).toHaveLength(29);
    const last = JSON.parse(summary.lines[28] as string) as { "bip6.summary": { frames: number; findings: [] } };
    expect(last["bip6.summary"]).toMatchObject({ frames: 28, findings: [] });
  });

  it("-T fields with -Y, and -T json", async () => {
    const fields = await runCli([
      "demo",
      "-T",
      "fields",
      "-e",
      "frame.number",
      "-e",
      "bvlc.virtual_source",
      "-e",
      "bvlc.virtual_dest",
      "-Y",
      "bvlc.function_ipv6 == 0x04",
      "-E",
      "header=y",
    ]);
    expect(fields.stdout).toBe("frame.number\tbvlc.virtual_source\tbvlc.virtual_dest\n14\t12\t13\n15\t12\t13\n");
    const json = JSON.parse((await runCli(["demo", "-T", "json", "-Y", "bacapp.confirmed_service == 12"])).stdout) as {
      _source: { layers: { frame: Record<string, string> } };
    }[];
    expect(json.map((p) => p._source.layers.frame["frame.number"])).toEqual(["11", "12", "17", "18", "21", "22"]);
  });

  it("-q -z bip6,SECTION: only the sections asked for", async () => {
    const r = await runCli(["demo", "-q", "-z", "bip6,fd"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("Register-Foreign-Device src");
    expect(r.stdout).toContain("Foreign devices and BBMDs:\n");
    expect(r.stdout).not.toContain("Findings");
    expect(r.stdout.match(/\(VMAC 00000[bcd]\) → BBMD \[::1\]:\d+: deleted\n/g)).toHaveLength(3);
  });

  it("-c N stops the story after N frames; the devices still leave and every socket closes", async () => {
    const r = await runCli(["demo", "-c", "8", "-q", "-z", "bip6,functions"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\n8 BACnet/IPv6 frames (0 malformed) in 8 packets, ");
    await socketsClosed();
  });

  it("-w FILE -Y: writes the frames shown, as raw IPv6", async () => {
    const r = await runCli(["demo", "-q", "-Y", "bvlc.function_ipv6 in {0x09, 0x0a}", "-w", "d.pcap"]);
    expect(r.code).toBe(0);
    const written = [];
    for await (const p of readCapture(chunked(r.written["d.pcap"] as Uint8Array, 100))) written.push(p.data[49]);
    expect(written).toEqual([0x09, 0x09, 0x09, 0x0a, 0x0a, 0x0a]);
  });

  it("a signal before the story starts ends it at once: status 0, nothing sent, every socket closed", async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await runCli(["demo"], {}, undefined, { signal: stop.signal });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Findings (0):\n  none\n");
    await socketsClosed();
  });

  it("DemoError is a Bip6Error with its code", () => {
    const e = new DemoError("STALLED", "the network did not go quiet");
    expect(e).toBeInstanceOf(Bip6Error);
    expect(e).toMatchObject({ name: "DemoError", code: "STALLED" });
  });
});
