import { Bip6Address } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { FLAGS } from "../src/flags.ts";
import { parseArgs, type RunOptions } from "../src/parse.ts";

function runOptions(argv: string[]): RunOptions {
  const o = parseArgs(argv);
  if (o.command !== "run") throw new Error(`expected a run, got ${o.command}`);
  return o;
}

/** The UsageError message for argv (fails the test when argv parses). */
function usageError(argv: string[]): { code: string; message: string } {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return { code: (e as UsageError).code, message: (e as UsageError).message };
  }
  throw new Error(`parsed: ${argv.join(" ")}`);
}

describe("parseArgs: what a command line runs", () => {
  it("a node with defaults: port 47808, scope 2, random VMAC, transport's join scopes", () => {
    expect(runOptions(["node", "--interface", "eth0"])).toEqual({
      command: "run",
      role: "node",
      interface: "eth0",
      address: undefined,
      port: 47808,
      scope: 2,
      joinScopes: undefined,
      vmac: { kind: "random" },
      bdt: [],
      acceptForeignDevices: false,
      maxForeignDevices: undefined,
      maxTtl: undefined,
      allowLoopback: false,
      bbmd: undefined,
      ttl: undefined,
      sends: [],
      sendEveryMs: undefined,
      seconds: undefined,
      stdin: false,
      log: undefined,
    });
  });

  it("a BBMD with its BDT (repeated), policy flags, --flag=value and short flags", () => {
    const o = runOptions([
      "bbmd",
      "-i",
      "eth1",
      "-p0",
      "--address=fd00:1::1",
      "--bdt",
      "[fd00:2::1]:47808",
      "--bdt=[fd00:3::1]:47809",
      "--accept-foreign-devices",
      "--max-foreign-devices",
      "10",
      "--max-ttl",
      "600",
      "--allow-loopback",
      "-d",
      "1001",
      "--scope",
      "5",
      "--join-scope",
      "2,5",
      "--join-scope",
      "14",
    ]);
    expect(o).toMatchObject({
      role: "bbmd",
      interface: "eth1",
      port: 0,
      address: "fd00:1::1",
      bdt: ["[fd00:2::1]:47808", "[fd00:3::1]:47809"],
      acceptForeignDevices: true,
      maxForeignDevices: 10,
      maxTtl: 600,
      allowLoopback: true,
      vmac: { kind: "instance", deviceInstance: 1001 },
      scope: 5,
      joinScopes: [2, 5, 14],
    });
  });

  it("a foreign device with --bbmd and --ttl; --vmac in every VMAC notation", () => {
    const o = runOptions(["fd", "-i", "eth0", "--bbmd", "[fd00:1::1]:47808", "--ttl", "60", "--vmac", "0x0004D2"]);
    expect(o).toMatchObject({ role: "fd", bbmd: "[fd00:1::1]:47808", ttl: 60, vmac: { kind: "fixed", vmac: 1234 } });
    expect(runOptions(["node", "-i", "lo", "--vmac", "00:04:d2"]).vmac).toEqual({ kind: "fixed", vmac: 1234 });
    expect(runOptions(["node", "-i", "lo", "--first-random-vmac", "412345"]).vmac).toEqual({
      kind: "random",
      first: 0x412345,
    });
  });

  it("--send/--to: one --to for all, or one per --send, to a VMAC, an address or broadcast", () => {
    const one = runOptions([
      "node",
      "-i",
      "lo",
      "--send",
      "01 20 ff ff 00 ff 10 08",
      "--send",
      "0100",
      "--to",
      "broadcast",
    ]);
    expect(one.sends.map((s) => [Array.from(s.npdu), s.to])).toEqual([
      [[0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08], { kind: "broadcast" }],
      [[0x01, 0x00], { kind: "broadcast" }],
    ]);
    const each = runOptions([
      "node",
      "-i",
      "lo",
      "--send",
      "0100",
      "--to",
      "0004d2",
      "--send",
      "0101",
      "--to",
      "[::1]:9",
    ]);
    expect(each.sends[0]?.to).toEqual({ kind: "vmac", vmac: 1234 });
    const to = each.sends[1]?.to;
    expect(to?.kind === "address" && to.address.equals(Bip6Address.parse("[::1]:9"))).toBe(true);
    const bare = runOptions(["node", "-i", "lo", "--send", "0100", "--to", "fd00::5"]).sends[0]?.to;
    expect(bare?.kind === "address" && bare.address.toString()).toBe("[fd00::5]:47808");
    expect(
      runOptions(["node", "-i", "lo", "--send", "0100", "--to", "broadcast", "--send-every", "250"]).sendEveryMs,
    ).toBe(250);
  });

  it("--seconds takes fractions; --stdin and --log", () => {
    expect(runOptions(["node", "-i", "lo", "-s", "0.25", "--stdin", "--log", "debug"])).toMatchObject({
      seconds: 0.25,
      stdin: true,
      log: "debug",
    });
  });

  it("--help and --version win over everything else, even a bad command line", () => {
    expect(parseArgs(["--help"])).toEqual({ command: "help" });
    expect(parseArgs(["node", "-h"])).toEqual({ command: "help" });
    expect(parseArgs(["--version"])).toEqual({ command: "version" });
    expect(parseArgs(["bogus", "--version"])).toEqual({ command: "version" });
  });
});

describe("parseArgs: every mistake is one line naming the flag (exit status 2)", () => {
  const cases: [string[], string, string][] = [
    [[], "UNKNOWN_COMMAND", "no command: bip6 node|bbmd|fd --interface IFACE … (bip6 --help for more)"],
    [["router", "-i", "lo"], "UNKNOWN_COMMAND", 'unknown command "router": use node, bbmd or fd'],
    [["node", "extra", "-i", "lo"], "UNKNOWN_COMMAND", 'unexpected argument "extra" after node'],
    [["node", "-i", "lo", "--colour"], "UNKNOWN_FLAG", "unknown flag --colour (bip6 --help lists them)"],
    [["node", "-i", "lo", "-z"], "UNKNOWN_FLAG", "unknown flag -z (bip6 --help lists them)"],
    [["node", "-i", "lo", "--bdt", "[::1]:1"], "UNKNOWN_FLAG", "--bdt is for bip6 bbmd, not bip6 node"],
    [["bbmd", "-i", "lo", "--ttl", "60"], "UNKNOWN_FLAG", "--ttl is for bip6 fd, not bip6 bbmd"],
    [["node"], "BAD_COMBINATION", "--interface is required (e.g. --interface eth0, or --interface lo for ::1)"],
    [["node", "--interface"], "MISSING_VALUE", "--interface needs a value: --interface IFACE"],
    [["node", "-i", "lo", "--stdin=yes"], "MISSING_VALUE", '--stdin takes no value (got "yes")'],
    [["node", "-i", "lo", "-p", "70000"], "BAD_VALUE", '--port must be an integer 0-65535, got "70000"'],
    [["node", "-i", "lo", "-p", "-1"], "BAD_VALUE", '--port must be an integer 0-65535, got "-1"'],
    [["node", "-i", "lo", "--port", "1", "--port", "2"], "BAD_COMBINATION", "--port is given twice"],
    [["node", "-i", "lo", "--scope", "15"], "BAD_VALUE", '--scope must be an integer 1-14, got "15"'],
    [["node", "-i", "lo", "--join-scope", "2,x"], "BAD_VALUE", '--join-scope takes scopes 1-14 (e.g. 2,5), got "2,x"'],
    [
      ["node", "-i", "lo", "-d", "4194304"],
      "BAD_VALUE",
      '--device-instance must be an integer 0-4194303, got "4194304"',
    ],
    [["node", "-i", "lo", "--vmac", "12345"], "BAD_VALUE", '--vmac must be six hex digits (e.g. 0004d2), got "12345"'],
    [
      ["node", "-i", "lo", "--vmac", "000001", "-d", "1"],
      "BAD_COMBINATION",
      "--device-instance and --vmac exclude each other: give one",
    ],
    [
      ["node", "-i", "lo", "--first-random-vmac", "0004d2"],
      "BAD_VALUE",
      "--first-random-vmac must be a random-range VMAC 400000-7fffff, got 0004d2",
    ],
    [["fd", "-i", "lo"], "BAD_COMBINATION", "bip6 fd needs --bbmd [ipv6]:port"],
    [
      ["fd", "-i", "lo", "--bbmd", "0004d2"],
      "BAD_VALUE",
      '--bbmd must be a B/IPv6 address like [fd00::1]:47808, got "0004d2"',
    ],
    [
      ["bbmd", "-i", "lo", "--bdt", "nowhere"],
      "BAD_VALUE",
      '--bdt must be a B/IPv6 address like [fd00::1]:47808, got "nowhere"',
    ],
    [["fd", "-i", "lo", "--bbmd", "[::1]:1", "--ttl", "0"], "BAD_VALUE", '--ttl must be an integer 1-65535, got "0"'],
    [["node", "-i", "lo", "--send", "0100"], "BAD_COMBINATION", "--send needs --to: a VMAC, [ipv6]:port or broadcast"],
    [
      ["node", "-i", "lo", "--to", "broadcast"],
      "BAD_COMBINATION",
      "--to without --send: give the NPDU to send with --send HEX",
    ],
    [
      ["node", "-i", "lo", "--send", "01", "--send", "02", "--send", "03", "--to", "broadcast", "--to", "000001"],
      "BAD_COMBINATION",
      "3 --send and 2 --to: give one --to for all of them, or one per --send",
    ],
    [
      ["node", "-i", "lo", "--send", "012", "--to", "broadcast"],
      "BAD_VALUE",
      '--send: "012" is not an NPDU in hex (an even number of hex digits, e.g. 0120ffff00ff1008)',
    ],
    [["node", "-i", "lo", "--send", "", "--to", "broadcast"], "BAD_VALUE", "--send: the NPDU is empty"],
    [
      ["node", "-i", "lo", "--send", "00".repeat(1498), "--to", "broadcast"],
      "BAD_VALUE",
      "--send: the NPDU is 1498 octets; a BVLL6 frame carries at most 1497",
    ],
    [
      ["node", "-i", "lo", "--send", "0100", "--to", "everyone"],
      "BAD_VALUE",
      '--to: "everyone" is not a destination: give a VMAC (six hex digits, e.g. 0004d2), [ipv6]:port or broadcast',
    ],
    [
      ["node", "-i", "lo", "--send-every", "100"],
      "BAD_COMBINATION",
      "--send-every repeats the --send NPDUs: give at least one --send",
    ],
    [
      ["node", "-i", "lo", "-s", "0"],
      "BAD_VALUE",
      '--seconds must be a number of seconds > 0 (at most 2147483), got "0"',
    ],
    [
      ["node", "-i", "lo", "-s", "1e3"],
      "BAD_VALUE",
      '--seconds must be a number of seconds > 0 (at most 2147483), got "1e3"',
    ],
    [["node", "-i", "lo", "--log", "trace"], "BAD_VALUE", '--log must be one of debug, info, warn, error, got "trace"'],
  ];
  for (const [argv, code, message] of cases) {
    it(`${argv.join(" ").slice(0, 60) || "(nothing)"} → ${code}`, () => {
      const e = usageError(argv);
      expect(e).toEqual({ code, message });
      expect(e.message).not.toContain("\n");
    });
  }

  it("every flag of the table is reachable by its long name (and short one)", () => {
    for (const f of FLAGS) {
      if (f.key === "help" || f.key === "version") continue;
      const argv = f.arg === undefined ? [`--${f.long}`] : [`--${f.long}`, "x"];
      // Parsing gets past the flag scanner: any error is about the value or the combination.
      try {
        parseArgs(["bbmd", ...argv]);
      } catch (e) {
        expect((e as UsageError).message).not.toMatch(/^unknown flag/);
      }
      if (f.short !== undefined) {
        try {
          parseArgs(["bbmd", `-${f.short}`, ...(f.arg === undefined ? [] : ["x"])]);
        } catch (e) {
          expect((e as UsageError).message).not.toMatch(/^unknown flag/);
        }
      }
    }
  });
});
