import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { demoCapture, parseCli, run, USAGE, VERSION } from "../src/index.js";
import { bacnetPacket, chunked, classicPcap, MemoryWritable, runCli } from "./helpers.js";

const vr = (vmac: number, from?: string, to?: string): Uint8Array =>
  bacnetPacket({ kind: "VirtualAddressResolution", sourceVmac: vmac }, from, to);

describe("bip6-sniff run()", () => {
  it("reads a file given with -r", async () => {
    const { code, lines, stderr } = await runCli(["-r", "a.pcap"], { "a.pcap": demoCapture() });
    expect([code, lines.length, stderr]).toEqual([0, 13, ""]);
  });

  it("reads standard input with -r -", async () => {
    const { code, lines } = await runCli(["-r", "-", "--json"], {}, demoCapture());
    expect(code).toBe(0);
    expect(lines.map((l) => (JSON.parse(l) as Record<string, number>)["bvlc.function_ipv6"])).toEqual([
      6, 7, 3, 5, 1, 2, 4, 9, 0, 12, 8, 11, 10,
    ]);
  });

  it("ignores other UDP ports unless --port names them (repeated or comma-separated)", async () => {
    const file = classicPcap([
      { seconds: 0, fraction: 0, data: vr(1, "[fd00::1]:47808", "[fd00::2]:47808") },
      { seconds: 0, fraction: 1, data: vr(2, "[fd00::1]:47809", "[fd00::2]:47809") },
      { seconds: 0, fraction: 2, data: vr(3, "[fd00::1]:50000", "[fd00::2]:5353") },
    ]);
    const numbers = async (argv: string[]): Promise<string[]> =>
      (await runCli([...argv, "-r", "f"], { f: file })).lines.map((l) => l.slice(0, 4).trim());
    expect(await numbers([])).toEqual(["1"]);
    expect(await numbers(["--port", "47809"])).toEqual(["2"]);
    expect(await numbers(["--port", "47809", "--port", "5353"])).toEqual(["2", "3"]);
    expect(await numbers(["--port", "47808,47809"])).toEqual(["1", "2"]);
    const none = await runCli(["-r", "f", "--port", "1"], { f: file });
    expect(none.stderr).toContain("3 packet(s), none BACnet/IPv6 on UDP port 1");
  });

  it("shows a malformed frame with its error and keeps going", async () => {
    const broken = bacnetPacket(Uint8Array.of(0x82, 0x03, 0x00, 0x0a, 0x00));
    const file = classicPcap([
      { seconds: 0, fraction: 0, data: vr(1) },
      { seconds: 0, fraction: 1, data: broken },
      { seconds: 0, fraction: 2, data: vr(3) },
    ]);
    const { code, lines } = await runCli(["-r", "f"], { f: file });
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("[malformed LENGTH_MISMATCH]");
    expect(lines[2]).toContain("Virtual-Address-Resolution src 000003");
  });

  it("prints every frame before the damage of a truncated file, then a message, and exits 1", async () => {
    const file = demoCapture();
    const { code, lines, stderr } = await runCli(["-r", "cut.pcap"], {
      "cut.pcap": file.subarray(0, file.length - 20),
    });
    expect(code).toBe(1);
    expect(lines).toHaveLength(12);
    expect(stderr).toMatch(/^bip6-sniff: cut\.pcap: capture damaged: file ends inside record 13 .*\[TRUNCATED\]\n$/);
    const garbage = await runCli(["-r", "-"], {}, new TextEncoder().encode("hello world, not a capture"));
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain(
      "not a pcap or pcapng file (starts with 0x68656c6c) (at file offset 0) [BAD_MAGIC]",
    );
  });

  it("exits 1 with the system's message when the file cannot be opened", async () => {
    const { code, stderr } = await runCli(["-r", "missing.pcap"]);
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read missing.pcap: ENOENT");
  });

  it("stops after -c COUNT frames", async () => {
    const { code, lines } = await runCli(["demo", "-c", "3"]);
    expect([code, lines.length]).toEqual([0, 3]);
  });

  it("writes the demo capture with demo -w", async () => {
    const written: Record<string, Uint8Array> = {};
    const stdout = new MemoryWritable();
    const code = await run(["demo", "-w", "demo.pcap"], {
      stdin: chunked(new Uint8Array(0), 1),
      stdout,
      stderr: new MemoryWritable(),
      writeFile: async (path, bytes) => {
        written[path] = bytes;
      },
    });
    expect(code).toBe(0);
    expect(written["demo.pcap"]).toEqual(demoCapture());
  });

  it("prints help and the package version", async () => {
    expect((await runCli(["--help"])).stdout).toBe(USAGE);
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect((await runCli(["--version"])).stdout).toBe(`bip6-sniff ${pkg.version}\n`);
  });

  it.each([
    [[], "no capture given"],
    [["-r"], "argument missing"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["-r", "f", "--port", "0"], "--port wants a UDP port 1-65535"],
    [["-r", "f", "--port", "http"], "--port wants a UDP port"],
    [["-r", "f", "-c", "0"], "-c wants a positive whole number"],
    [["-r", "f", "extra"], 'unexpected argument "extra"'],
    [["demo", "-r", "f"], "drop -r"],
    [["-r", "f", "-w", "g"], "-w is only for demo"],
  ])("rejects %j with exit status 2", async (argv, message) => {
    const { code, stderr, stdout } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("--help");
    expect(stdout).toBe("");
  });

  it("parses the command line into options", () => {
    expect(parseCli(["-r", "-", "--json", "-c", "5", "--port", "1,2"])).toEqual({
      command: "read",
      input: "-",
      json: true,
      count: 5,
      ports: [1, 2],
      write: undefined,
    });
  });

  it("stops quietly when the reader of its output goes away (EPIPE)", async () => {
    let writes = 0;
    const stdout = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, cb) {
        writes++;
        cb(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const stderr = new MemoryWritable();
    // Enough frames for several 64 KiB output chunks.
    const many = classicPcap(Array.from({ length: 5000 }, (_, i) => ({ seconds: i, fraction: 0, data: vr(i) })));
    const code = await run(["-r", "-"], { stdin: chunked(many, 65536), stdout, stderr });
    expect(code).toBe(0);
    expect(writes).toBe(1);
    expect(stderr.text).toBe("");
  });
});
