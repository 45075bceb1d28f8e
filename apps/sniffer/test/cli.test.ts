import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCli, readCapture, USAGE, type CapturedPacket } from "../src/index.js";
import { run, VERSION } from "../src/node/index.js";
import { bacnetPacket, chunked, classicPcap, ethernet, MemoryWritable, runCli, runSynthetic } from "./helpers.js";
import { syntheticCapture } from "./fixtures/synthetic.js";

const vr = (vmac: number, from?: string, to?: string): Uint8Array =>
  bacnetPacket({ kind: "VirtualAddressResolution", sourceVmac: vmac }, from, to);

async function packetsOf(file: Uint8Array): Promise<CapturedPacket[]> {
  const out: CapturedPacket[] = [];
  const reader = readCapture(chunked(file, 4096));
  for await (const p of reader) out.push({ ...p, data: p.data.slice() });
  return out;
}

/** A packet that is not BACnet/IPv6: UDP to port 53. */
const dns = vr(9, "[fd00::1]:5353", "[fd00::2]:53");

describe("bip6-sniff run()", () => {
  it("reads a file given with -r", async () => {
    const { code, lines, stderr } = await runCli(["-r", "a.pcap"], { "a.pcap": syntheticCapture() });
    expect([code, lines.length, stderr]).toEqual([0, 13, ""]);
  });

  it("reads standard input with -r -", async () => {
    const { code, lines } = await runCli(["-r", "-", "--json"], {}, syntheticCapture());
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
    const file = syntheticCapture();
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

  it("counts packets read with -c, as tshark does: other traffic and filtered frames count too", async () => {
    const file = classicPcap([
      { seconds: 0, fraction: 0, data: vr(1) },
      { seconds: 0, fraction: 1, data: dns },
      { seconds: 0, fraction: 2, data: vr(3) },
      { seconds: 0, fraction: 3, data: vr(4) },
      { seconds: 0, fraction: 4, data: vr(5) },
    ]);
    const numbers = async (argv: string[]): Promise<string[]> =>
      (await runCli(["-r", "f", ...argv], { f: file })).lines.map((l) => l.slice(0, 4).trim());
    expect(await numbers(["-c", "3"])).toEqual(["1", "3"]);
    // Frames 4 and 5 match, but -c 3 stops reading before them (tshark -c 3 -Y … shows none either).
    expect(await numbers(["-c", "3", "-Y", "bvlc.virtual_source >= 4"])).toEqual([]);
    expect(await numbers(["-c", "5", "-Y", "bvlc.virtual_source >= 4"])).toEqual(["4", "5"]);
    expect(await numbers(["-a", "packets:2"])).toEqual(["1"]);
  });

  it("writes the frames that pass -Y with -w, keeping the input's link type and timestamps", async () => {
    const eth = classicPcap(
      [
        { seconds: 5, fraction: 1, data: ethernet(vr(1)) },
        { seconds: 6, fraction: 2, data: ethernet(dns) },
        { seconds: 7, fraction: 3, data: ethernet(vr(2)) },
      ],
      { linkType: 1 },
    );
    const { code, written, lines } = await runCli(["-r", "e", "-Y", "bvlc.virtual_source == 2", "-w", "out.pcap"], {
      e: eth,
    });
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const back = await packetsOf(written["out.pcap"] as Uint8Array);
    expect(back.map((p) => [p.linkType, p.seconds, p.nanoseconds, p.data])).toEqual([[1, 7, 3000, ethernet(vr(2))]]);
    // -q writes without printing; the synthetic capture round-trips through -w.
    const all = await runSynthetic(["-q", "-w", "d.pcap"]);
    expect(all.lines).toEqual([]);
    expect((await packetsOf(all.written["d.pcap"] as Uint8Array)).map((p) => p.data)).toEqual(
      (await packetsOf(syntheticCapture())).map((p) => p.data),
    );
    // A filter that passes nothing still leaves a valid, empty capture.
    const none = await runSynthetic(["-q", "-Y", "frame.number > 99", "-w", "n.pcap", "-F", "pcapng"]);
    expect(await packetsOf(none.written["n.pcap"] as Uint8Array)).toEqual([]);
  });

  it("prints help and the package version", async () => {
    expect((await runCli(["--help"])).stdout).toBe(USAGE);
    expect((await runCli(["-h"])).stdout).toBe(USAGE);
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect((await runCli(["--version"])).stdout).toBe(`bip6-sniff ${pkg.version}\n`);
    expect((await runCli(["-v"])).stdout).toBe(`bip6-sniff ${pkg.version}\n`);
  });

  it("lists the fields it knows with -G fields", async () => {
    const { code, stdout } = await runCli(["-G", "fields"]);
    expect(code).toBe(0);
    expect(stdout).toContain("bvlc.virtual_source\tbvlc\n");
    expect(stdout).toContain("ipv6.addr\tipv6\teither of ipv6.src, ipv6.dst\n");
    expect(stdout).toContain("bip6.finding\tbip6\t");
  });

  it.each([
    [[], "no capture given: use -r FILE, -r -, -i IFACE, listen -i IFACE or demo"],
    [["-r"], "option -r needs a value (FILE)"],
    [["--read"], "option --read needs a value (FILE)"],
    [["--bogus"], 'unknown option "--bogus"'],
    [["-k"], 'unknown option "-k"'],
    [["-Vk"], 'unknown option "-k" (in "-Vk")'],
    [["--json=yes"], "option --json takes no value"],
    [["-r", "f", "--port", "0"], '--port wants a UDP port 1-65535, got "0"'],
    [["-r", "f", "--port", "http"], '--port wants a UDP port 1-65535, got "http"'],
    [["-r", "f", "-c", "0"], '-c wants a positive whole number, got "0"'],
    [["-r", "f", "-c", "ten"], '-c wants a positive whole number, got "ten"'],
    [["-r", "f", "extra"], 'unexpected argument "extra" (commands: listen, demo)'],
    [["demo", "-r", "f"], "demo sniffs its own network: drop -r / -i"],
    [["demo", "--port", "47809"], "demo picks free ports on ::1 itself: drop --port"],
    [["-r", "f", "-i", "eth0"], "-r and -i both name an input: give one"],
    [["-r", "f", "-t", "x"], '-t wants one of a ad adoy d dd e r u ud udoy, got "x"'],
    [["-r", "f", "-T", "pdml"], '-T wants text, fields, json or jsonl, got "pdml"'],
    [["-r", "f", "-T", "fields"], "-T fields needs at least one -e FIELD"],
    [["-r", "f", "-e", "ipv6.src"], "-e goes with -T fields or -T json"],
    [["-r", "f", "-T", "fields", "-e", "x", "-E", "quote=x"], '-E quote= wants d, s or n, got "x"'],
    [
      ["-r", "f", "-T", "fields", "-e", "x", "-E", "bogus=1"],
      '-E wants header=, separator=, occurrence=, aggregator= or quote=, got "bogus=1"',
    ],
    [["-r", "f", "--json", "-V"], "-V goes with text output, not -T jsonl/--json"],
    [["-r", "f", "--json", "-T", "fields"], "--json and -T fields ask for two output formats"],
    [
      ["-r", "f", "-z", "io,phs"],
      '-z wants bip6,SECTION with SECTION one of summary functions talkers vmacs fd resolution findings, got "io,phs"',
    ],
    [["-r", "f", "-F", "pcap"], "-F goes with -w FILE"],
    [["-r", "f", "-w", "o", "-F", "erf"], '-F wants pcap or pcapng, got "erf"'],
    [["-r", "f", "-a", "minutes:3"], '-a wants duration:SECONDS or packets:N, got "minutes:3"'],
    [["-r", "f", "-a", "duration:5"], "-a duration: is for live capture and listen"],
    [["-r", "f", "-f", "udp"], "-f is for live capture with -i"],
    [["listen"], "listen needs -i IFACE: the interface whose BACnet groups to join"],
    [["listen", "-i", "lo", "--scope", "16"], '--scope wants a multicast scope 1-14, got "16"'],
    [["-r", "f", "--scope", "5"], "--scope goes with listen"],
    [["-G", "protocols"], '-G wants "fields", got "protocols"'],
  ])("answers %j with one line and exit status 2", async (argv, message) => {
    const { code, stderr, stdout } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(`bip6-sniff: ${message} (see bip6-sniff --help)\n`);
    expect(stdout).toBe("");
  });

  it("answers a bad -Y with the column of the offending character and a caret line", async () => {
    const { code, stderr } = await runSynthetic(["-Y", "bvlc.type == 1 )"]);
    expect(code).toBe(2);
    expect(stderr).toBe('bip6-sniff: -Y: unexpected ")" at column 16\n  bvlc.type == 1 )\n                 ^\n');
    const unknown = await runSynthetic(["-Y", "ipv6.src == fd00::1 && bvlc.tipe"]);
    expect(unknown.stderr).toBe(
      'bip6-sniff: -Y: "bvlc.tipe" is neither a field nor a protocol bip6-sniff knows at column 24\n' +
        "  ipv6.src == fd00::1 && bvlc.tipe\n" +
        "                         ^^^^^^^^^\n",
    );
    const field = await runSynthetic(["-T", "fields", "-e", "ipv6.sorce"]);
    expect([field.code, field.stderr]).toEqual([
      2,
      'bip6-sniff: -e: "ipv6.sorce" is neither a field nor a protocol bip6-sniff knows\n',
    ]);
  });

  it("parses the command line into options", () => {
    expect(parseCli(["-r", "-", "--json", "-c", "5", "--port", "1,2", "-Y", "bvlc", "-t", "ud"])).toMatchObject({
      command: "read",
      input: "-",
      format: "jsonl",
      count: 5,
      ports: [1, 2],
      displayFilter: "bvlc",
      time: "ud",
      captureFilter: "udp port 1 or udp port 2",
      write: undefined,
    });
    // Short switches cluster, values attach, --long=value works, and -E options collect.
    expect(parseCli(["-qVr", "x", "-c7", "--display-filter=udp", "-z", "bip6,fd", "--summary"])).toMatchObject({
      input: "x",
      format: "none",
      detail: true,
      count: 7,
      displayFilter: "udp",
      statistics: ["fd", "summary"],
    });
    expect(
      parseCli([
        "-r",
        "x",
        "-T",
        "fields",
        "-e",
        "a.b",
        "-e",
        "c.d",
        "-E",
        "header=y",
        "-E",
        "separator=/s",
        "-E",
        "occurrence=2",
      ]).fields,
    ).toEqual({
      fields: ["a.b", "c.d"],
      header: true,
      separator: " ",
      occurrence: 2,
    });
    expect(parseCli(["-i", "eth0", "--port", "47809", "-a", "duration:3"])).toMatchObject({
      command: "live",
      interface: "eth0",
      captureFilter: "udp port 47809",
      durationSeconds: 3,
    });
    expect(parseCli(["listen", "-i", "eth0", "--scope", "2,5"])).toMatchObject({ command: "listen", scopes: [2, 5] });
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
