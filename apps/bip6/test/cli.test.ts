/**
 * `bip6` as a process on ::1 (real sockets, port 0 or a port it found taken): --help and
 * --version, exit statuses with their one stderr line, signals, standard input, and a foreign
 * device deleting its FDT entry when stopped.
 */
import { execFile } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { underCi } from "../../../test-support/ci.ts";
import { usage } from "../src/usage.ts";
import { APP_DIR, CliProcess, killAll, type Line, runToEnd } from "./cli-process.ts";

afterEach(killAll);

const version = (JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as { version: string }).version;

function holdPort(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: "udp6", ipv6Only: true });
    s.once("error", reject);
    s.bind(0, "::1", () => resolve(s));
  });
}

const last = (lines: Line[]): Line | undefined => lines.at(-1);

const DIST = join(APP_DIR, "dist", "cli.js");

describe("the built command (dist/cli.js, what the package's bin points at)", () => {
  // `npm test` builds every package first; a bare `vitest run` may not have.
  it.skipIf(!underCi && !existsSync(DIST))("starts with a shebang and runs under node: --help, --version", async () => {
    expect(readFileSync(DIST, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const pkg = JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ bip6: "./dist/cli.js" });
    const run = (args: string[]): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile(process.execPath, [DIST, ...args], (e, stdout, stderr) =>
          e ? reject(new Error(stderr)) : resolve(stdout),
        ),
      );
    expect(await run(["--help"])).toBe(usage());
    expect(await run(["--version"])).toBe(`${version}\n`);
  });
});

describe("bip6 as a process", () => {
  it("--help prints the usage (what the README shows), --version the package's version; status 0", async () => {
    const help = await runToEnd(["--help"]);
    expect(help).toMatchObject({ code: 0, stdout: usage(), stderr: "" });
    const v = await runToEnd(["--version"]);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("a bad command line: one line on stderr, nothing on stdout, status 2 (never Node's own parser error)", async () => {
    for (const [args, line] of [
      [["node"], "bip6: --interface is required (e.g. --interface eth0, or --interface lo for ::1)\n"],
      [["node", "-i", "lo", "--prot", "0"], "bip6: unknown flag --prot (bip6 --help lists them)\n"],
      [["fd", "-i", "lo"], "bip6: bip6 fd needs --bbmd [ipv6]:port\n"],
    ] as const) {
      const r = await runToEnd(args);
      expect(r, args.join(" ")).toMatchObject({ code: 2, stdout: "", stderr: line });
    }
  });

  it("a transport that cannot start: one line on stderr, status 1 (unknown interface, port in use, loopback BBMD)", async () => {
    const unknown = await runToEnd(["node", "-i", "bip6nope0", "-d", "1"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(
      /^bip6: cannot start: no network interface named bip6nope0 \(known: .*\) \(UNKNOWN_INTERFACE\)\n$/,
    );

    const held = await holdPort();
    try {
      const busy = await runToEnd(["node", "-i", "lo", "-p", String(held.address().port), "-d", "1"]);
      expect(busy.code).toBe(1);
      expect(busy.stdout).toBe("");
      expect(busy.stderr).toMatch(/^bip6: cannot start: cannot bind .*address already in use.* \(ADDRESS_IN_USE\)\n$/);
    } finally {
      held.close();
    }

    const bbmd = await runToEnd(["bbmd", "-i", "lo", "-p", "0", "-d", "1"]);
    expect(bbmd.code).toBe(1);
    expect(bbmd.stderr).toMatch(/^bip6: cannot start: .*loopback.* \(INVALID_OPTION\)\n$/);
    expect(bbmd.stderr.split("\n")).toHaveLength(2);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal}: stopping, close and the statistics as the last line; status 0`, async () => {
      const p = CliProcess.start("node", ["node", "-i", "lo", "-p", "0", "-d", "7"]);
      const ready = await p.waitFor((l) => l.type === "ready", "ready");
      expect(ready).toMatchObject({ role: "node", vmac: "000007", interface: "lo" });
      expect(ready.address).toMatch(/^\[::1\]:\d+$/);
      p.kill(signal);
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.lines.map((l) => l.type)).toEqual(["ready", "stopping", "close", "stats"]);
      expect(p.lines[1]).toMatchObject({ reason: "signal", signal });
      expect(last(p.lines)).toMatchObject({ type: "stats", final: true });
      expect(p.stderr).toBe("");
    });
  }

  it("--stdin: commands answered in order; the end of input stops cleanly", async () => {
    const r = await runToEnd(
      ["node", "-i", "lo", "-p", "0", "-d", "7", "--stdin"],
      ['{"cmd":"status","id":1}', "send 0120ffff00ff1008 broadcast", "bogus"].join("\n"),
    );
    expect(r.code).toBe(0);
    const types = r.lines.map((l) => l.type);
    expect(types.slice(0, 2)).toEqual(["ready", "status"]);
    expect(types.slice(2, 4).sort()).toEqual(["command-error", "send-failed"]);
    expect(types.slice(4)).toEqual(["stopping", "close", "stats"]);
    // Loopback has no multicast: a node there cannot broadcast.
    expect(r.lines.find((l) => l.type === "send-failed")).toMatchObject({ to: "broadcast", code: "NO_MULTICAST" });
    expect(r.lines.find((l) => l.type === "stopping")).toMatchObject({ reason: "stdin-closed" });
  });

  it("--log debug writes the transport's log to stderr as JSON lines, stdout stays records", async () => {
    const r = await runToEnd(["node", "-i", "lo", "-p", "0", "-d", "7", "--log", "info", "-s", "0.2"]);
    expect(r.code).toBe(0);
    const logs = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs.map((l) => l.msg)).toEqual(["BACnet/IPv6 transport open", "BACnet/IPv6 transport closed"]);
    expect(logs[0]).toMatchObject({ level: "info", vmac: 7, role: "node" });
    expect(r.lines.map((l) => l.type)).toEqual(["ready", "stopping", "close", "stats"]);
  });

  it("SIGTERM to a registered foreign device: its BBMD gets the Delete and drops the entry", async () => {
    const bbmd = CliProcess.start("bbmd", [
      "bbmd",
      "-i",
      "lo",
      "-p",
      "0",
      "-d",
      "1",
      "--allow-loopback",
      "--accept-foreign-devices",
      "--stdin",
    ]);
    const address = (await bbmd.waitFor((l) => l.type === "ready", "BBMD ready")).address as string;
    const fd = CliProcess.start("fd", ["fd", "-i", "lo", "-p", "0", "-d", "11", "--bbmd", address, "--ttl", "60"]);
    await fd.waitFor((l) => l.type === "registration" && l.to === "registered", "registered");
    const added = await bbmd.waitFor((l) => l.type === "bbmd" && l.event === "fdt-added", "fdt-added");
    expect(added).toMatchObject({ vmac: "00000b", ttl: 60 });
    fd.kill("SIGTERM");
    expect((await fd.exited).code).toBe(0);
    expect(
      fd.lines
        .filter((l) => (l.type !== "peer" && l.type !== "registration") || l.event === "state")
        .map((l) => l.type),
    ).toEqual(["ready", "registration", "stopping", "registration", "close", "stats"]);
    expect(last(fd.lines)).toMatchObject({ transport: { sent: { DeleteForeignDeviceTableEntry: 1 } } });
    expect(await bbmd.waitFor((l) => l.type === "bbmd" && l.event === "fdt-removed", "fdt-removed")).toMatchObject({
      vmac: "00000b",
      reason: "deleted",
      address: added.address,
    });
    bbmd.command("status");
    expect(await bbmd.waitFor((l) => l.type === "status", "status")).toMatchObject({ fdt: [] });
    bbmd.endInput();
    expect((await bbmd.exited).code).toBe(0);
  });

  it("--address binds the address asked for, and refuses one the interface does not have (status 1)", async () => {
    const p = CliProcess.start("node", ["node", "-i", "lo", "--address", "::1", "-p", "0", "-d", "7", "--stdin"]);
    expect((await p.waitFor((l) => l.type === "ready", "ready")).address).toMatch(/^\[::1\]:\d+$/);
    p.endInput();
    expect((await p.exited).code).toBe(0);
    const wrong = await runToEnd(["node", "-i", "lo", "--address", "fd00:99::1", "-p", "0", "-d", "7"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^bip6: cannot start: .*fd00:99::1.* \(ADDRESS_NOT_AVAILABLE\)\n$/);
  });

  it("BBMD policy flags: no --accept-foreign-devices refuses (0x0090); --max-ttl clamps; --max-foreign-devices caps", async () => {
    const bbmd = (extra: string[]): CliProcess =>
      CliProcess.start("bbmd", ["bbmd", "-i", "lo", "-p", "0", "-d", "1", "--allow-loopback", "--stdin", ...extra]);
    const fd = (bbmdAddress: string, instance: number): CliProcess =>
      CliProcess.start(`fd${instance}`, [
        "fd",
        "-i",
        "lo",
        "-p",
        "0",
        "-d",
        String(instance),
        "--bbmd",
        bbmdAddress,
        "--ttl",
        "60",
        "--stdin",
      ]);
    const closed = bbmd([]);
    const open = bbmd(["--accept-foreign-devices", "--max-ttl", "30", "--max-foreign-devices", "1"]);
    const closedAt = (await closed.waitFor((l) => l.type === "ready", "ready")).address as string;
    const openAt = (await open.waitFor((l) => l.type === "ready", "ready")).address as string;

    const refused = fd(closedAt, 11);
    expect(await refused.waitFor((l) => l.type === "registration" && l.event === "refused", "refusal")).toMatchObject({
      resultCode: "0x0090",
    });
    expect(await closed.waitFor((l) => l.type === "bbmd", "bbmd event")).toMatchObject({
      event: "registration-refused",
      reason: "not-accepting",
    });

    const first = fd(openAt, 12);
    await first.waitFor((l) => l.type === "registration" && l.to === "registered", "registered");
    expect(await open.waitFor((l) => l.type === "bbmd" && l.event === "fdt-added", "fdt-added")).toMatchObject({
      ttl: 30,
    });
    const second = fd(openAt, 13);
    expect(await second.waitFor((l) => l.type === "registration" && l.event === "refused", "refusal")).toMatchObject({
      resultCode: "0x0090",
    });
    expect(await open.waitFor((l) => l.type === "bbmd" && l.event === "registration-refused", "refused")).toMatchObject(
      {
        reason: "full",
      },
    );
    for (const p of [refused, first, second, closed, open]) p.endInput();
    for (const p of [refused, first, second, closed, open]) expect((await p.exited).code).toBe(0);
  });
});
