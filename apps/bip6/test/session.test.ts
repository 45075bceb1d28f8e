/**
 * `bip6` in-process on a MemoryNetwork: records, sends, commands, every way of stopping, the
 * statistics as the last line, and failures. (The same CLI runs on real sockets in cli.test.ts
 * and in namespaces in netns/.)
 */
import { MemoryNetwork } from "@bip6/bip6-socket/memory";
import { afterEach, describe, expect, it } from "vitest";
import { type Line, type MemorySession, startMemorySession } from "./memory-session.ts";

const WHO_IS = "0120ffff00ff1008";
const sessions: MemorySession[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.abort.abort("SIGTERM");
});

function lan(hosts: string[]): MemoryNetwork {
  const net = new MemoryNetwork({ seed: 7 });
  net.addLink("lan");
  for (const h of hosts) net.addHost(h, [{ link: "lan" }]);
  return net;
}

function start(net: MemoryNetwork, host: string, argv: string[]): MemorySession {
  const s = startMemorySession(net, host, argv);
  sessions.push(s);
  return s;
}

const type = (t: string) => (l: Line) => l.type === t;

/** The order of record types, with repeats of the same type collapsed. */
function sequence(lines: Line[]): string[] {
  return lines.map((l) => l.type).filter((t, i, all) => t !== all[i - 1]);
}

describe("bip6 on a MemoryNetwork (in-process)", () => {
  it("--seconds: ready first, then stopping, close and the statistics as the last line; exit 0", async () => {
    const net = lan(["a"]);
    const s = start(net, "a", ["node", "-i", "mem0", "-d", "1234", "-s", "0.05"]);
    expect(await s.done).toBe(0);
    const lines = s.lines();
    expect(sequence(lines)).toEqual(["ready", "stopping", "close", "stats"]);
    expect(lines[0]).toMatchObject({
      type: "ready",
      schema: 1,
      role: "node",
      vmac: "0004d2",
      probing: false,
      address: "[fd00:1::1]:47808",
      interface: "mem0",
      multicastScope: 2,
    });
    expect(lines[1]).toMatchObject({ reason: "seconds" });
    const stats = lines.at(-1) as Line;
    expect(stats).toMatchObject({ type: "stats", final: true, cli: { records: 3, droppedRecords: 0, commands: 0 } });
    expect(Object.keys(stats)).toEqual(expect.arrayContaining(["transport", "port", "vmacTable"]));
    expect(s.stderr.text).toBe("");
  });

  it("a broadcast, a unicast by VMAC (Address-Resolution) and one by address (Virtual-Address-Resolution)", async () => {
    const net = lan(["a", "b"]);
    const a = start(net, "a", ["node", "-i", "mem0", "-d", "1", "--stdin"]);
    const b = start(net, "b", ["node", "-i", "mem0", "-d", "2", "--stdin"]);
    await a.waitFor(type("ready"), "a ready");
    await b.waitFor(type("ready"), "b ready");

    a.stdin.line(`{"cmd":"send","npdu":"${WHO_IS}","to":"broadcast","id":1}`);
    expect(await a.waitFor((l) => l.type === "sent" && l.id === 1, "sent 1")).toMatchObject({
      to: "broadcast",
      length: 8,
    });
    expect(await b.waitFor(type("npdu"), "b hears the broadcast")).toMatchObject({
      sourceVmac: "000001",
      source: "[fd00:1::1]:47808",
      broadcast: true,
      via: "multicast",
      npdu: WHO_IS,
    });

    // b knows a now (learned from the broadcast); a does not know b: Address-Resolution first.
    a.stdin.line(`send 0100 000002`);
    await a.waitFor((l) => l.type === "sent" && l.to === "000002", "unicast by VMAC");
    expect(await a.waitFor((l) => l.type === "peer" && l.vmac === "000002", "a learns b")).toMatchObject({
      change: "learned",
      address: "[fd00:1::2]:47808",
    });
    expect(await b.waitFor((l) => l.type === "npdu" && l.broadcast === false, "b gets the unicast")).toMatchObject({
      sourceVmac: "000001",
      via: "unicast",
      npdu: "0100",
    });

    // By address, from b to a: resolve, then send.
    b.stdin.line(`{"cmd":"resolve","address":"[fd00:1::1]:47808","id":"r"}`);
    expect(await b.waitFor(type("resolved"), "resolved")).toMatchObject({
      address: "[fd00:1::1]:47808",
      vmac: "000001",
      id: "r",
    });
    b.stdin.line(`send 0101 [fd00:1::1]:47808`);
    expect(await a.waitFor((l) => l.type === "npdu" && l.npdu === "0101", "a gets b's unicast")).toMatchObject({
      sourceVmac: "000002",
      broadcast: false,
    });

    a.stdin.line(`{"cmd":"status","id":9}`);
    const status = await a.waitFor(type("status"), "status");
    expect(status).toMatchObject({ id: 9, role: "node", vmac: "000001", probing: false, address: "[fd00:1::1]:47808" });
    expect(status.peers).toEqual([
      expect.objectContaining({ vmac: "000002", address: "[fd00:1::2]:47808", pinned: false }),
    ]);

    a.stdin.line(`{"cmd":"stats","id":"now"}`);
    const mid = await a.waitFor(type("stats"), "stats");
    expect(mid).toMatchObject({
      id: "now",
      final: false,
      transport: { sent: { OriginalBroadcastNpdu: 1, AddressResolution: 1 } },
    });

    a.stdin.line('{"cmd":"stop"}');
    expect(await a.done).toBe(0);
    expect(a.lines().at(-1)).toMatchObject({
      type: "stats",
      final: true,
      cli: { commands: 5, commandErrors: 0, sends: 2 },
    });
    expect(a.lines().find(type("stopping"))).toMatchObject({ reason: "command" });
    b.stdin.end();
    expect(await b.done).toBe(0);
    expect(b.lines().find(type("stopping"))).toMatchObject({ reason: "stdin-closed" });
  });

  it("--send with --to at start, repeated by --send-every", async () => {
    const net = lan(["a", "b"]);
    const b = start(net, "b", ["node", "-i", "mem0", "-d", "2", "--stdin"]);
    await b.waitFor(type("ready"), "b ready");
    const a = start(net, "a", [
      "node",
      "-i",
      "mem0",
      "-d",
      "1",
      "--send",
      WHO_IS,
      "--to",
      "broadcast",
      "--send-every",
      "20",
    ]);
    await b.waitFor(() => b.lines().filter(type("npdu")).length >= 3, "three broadcasts");
    a.abort.abort("SIGINT");
    expect(await a.done).toBe(0);
    expect(a.lines().filter(type("sent")).length).toBeGreaterThanOrEqual(3);
    expect(a.lines().find(type("stopping"))).toEqual(expect.objectContaining({ reason: "signal", signal: "SIGINT" }));
  });

  it("a send still waiting at stop is printed as send-failed CLOSED before the statistics", async () => {
    const net = lan(["a"]);
    const a = start(net, "a", ["node", "-i", "mem0", "-d", "1", "--send", "0100", "--to", "00abcd", "-s", "0.1"]);
    expect(await a.done).toBe(0);
    const lines = a.lines();
    expect(sequence(lines)).toEqual(["ready", "stopping", "close", "send-failed", "stats"]);
    expect(lines.find(type("send-failed"))).toMatchObject({ to: "00abcd", code: "CLOSED" });
    expect(lines.at(-1)).toMatchObject({ transport: { requests: { failed: { CLOSED: 1 } } } });
  });

  it("bad command lines get command-error records, with their id, and change nothing", async () => {
    const net = lan(["a"]);
    const a = start(net, "a", ["node", "-i", "mem0", "-d", "1", "--stdin"]);
    await a.waitFor(type("ready"), "ready");
    a.stdin.line("{oops", '{"cmd":"jump","id":5}', "x".repeat(70_000), "", "send 01 nowhere");
    a.stdin.line("stop");
    expect(await a.done).toBe(0);
    expect(a.lines().filter(type("command-error"))).toEqual([
      expect.objectContaining({ message: "not valid JSON" }),
      expect.objectContaining({ message: 'unknown command "jump": use send, resolve, status, stats, stop', id: 5 }),
      expect.objectContaining({ message: "line longer than 65536 characters" }),
      expect.objectContaining({ message: expect.stringMatching(/^send: "nowhere" is not a destination/) }),
    ]);
    expect(a.lines().at(-1)).toMatchObject({ cli: { commands: 5, commandErrors: 4 } });
  });

  it("a failed send (NPDU to our own address) is a send-failed record with the transport's code", async () => {
    const net = lan(["a"]);
    const a = start(net, "a", ["node", "-i", "mem0", "-d", "1", "--stdin"]);
    await a.waitFor(type("ready"), "ready");
    a.stdin.line("send 0100 [fd00:1::1]:47808");
    expect(await a.waitFor(type("send-failed"), "send-failed")).toMatchObject({
      to: "[fd00:1::1]:47808",
      code: "INVALID_DESTINATION",
    });
    a.stdin.end();
    expect(await a.done).toBe(0);
  });

  it("the reader of stdout going away (EPIPE) stops the run cleanly; nothing more is written", async () => {
    const net = lan(["a"]);
    const a = start(net, "a", ["node", "-i", "mem0", "-d", "1"]);
    await a.waitFor(type("ready"), "ready");
    a.stdout.fail();
    expect(await a.done).toBe(0);
    expect(sequence(a.lines())).toEqual(["ready"]);
  });

  it("a signal before the transport is open stops right after it opened", async () => {
    const net = lan(["a"]);
    const a = startMemorySession(net, "a", ["node", "-i", "mem0", "-d", "1"]);
    a.abort.abort("SIGTERM");
    expect(await a.done).toBe(0);
    expect(sequence(a.lines())).toEqual(["ready", "stopping", "close", "stats"]);
    expect(a.lines()[1]).toMatchObject({ reason: "signal", signal: "SIGTERM" });
  });

  it("a transport that cannot open: one line on stderr, nothing on stdout, exit 1", async () => {
    const net = lan(["a"]);
    net.createPort("a"); // holds [fd00:1::1]:47808
    const a = startMemorySession(net, "a", ["node", "-i", "mem0", "-d", "1"]);
    expect(await a.done).toBe(1);
    expect(a.stdout.text).toBe("");
    expect(a.stderr.text).toMatch(/^bip6: cannot start: .+ \(ADDRESS_IN_USE\)\n$/);
  });
});
