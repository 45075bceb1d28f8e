import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopology, type Host, type NodeChild, type Topology } from "../src/index.js";
import { type EchoMessage, fixture, type SendResult, usable } from "./helpers.js";

const PORT = 47808;

/** Starts the echo fixture in `host` and waits until it is bound. */
async function startEcho(host: Host, extra: { group?: string; iface?: string } = {}): Promise<NodeChild> {
  const echo = host.spawnNode(fixture("udp-echo.ts"), { port: PORT, ...extra });
  await echo.message((m) => (m as EchoMessage).type === "ready");
  return echo;
}

/** Sends one datagram from `host` and returns what came back. */
async function sendFrom(host: Host, input: { to: string; data: string; iface?: string }): Promise<SendResult> {
  const sender = host.spawnNode(fixture("udp-send.ts"), { port: PORT, timeoutMs: 3_000, ...input });
  const result = await sender.message<SendResult>();
  await sender.exit();
  return result;
}

function received(echo: NodeChild): Promise<Extract<EchoMessage, { type: "received" }>> {
  return echo.message((m) => (m as EchoMessage).type === "received");
}

describe.skipIf(!usable)("two hosts on one link", () => {
  let t: Topology;
  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: [
        { name: "a", interfaces: [{ link: "lan" }] },
        { name: "b", interfaces: [{ link: "lan" }] },
      ],
    });
  });
  afterAll(() => t?.destroy());

  it("gives documented default names and addresses, and real link-local addresses", () => {
    const a = t.host("a");
    expect(t.prefix).toMatch(new RegExp(`^b6t-${process.pid}-\\d+-$`));
    expect(a.netns).toBe(`${t.prefix}a`);
    expect(a.interfaces.map((f) => [f.name, f.link, f.address])).toEqual([["eth0", "lan", "fd00:1::1"]]);
    expect(t.host("b").address()).toBe("fd00:1::2");
    expect(t.host("b").address("lan")).toBe("fd00:1::2");
    expect(a.iface("eth0").linkLocal).toMatch(/^fe80::[0-9a-f:]+$/);
    expect(a.iface("eth0").linkLocal).not.toBe(t.host("b").iface("eth0").linkLocal);
    expect(a.iface("eth0").index).toBeGreaterThan(1);
    expect(t.link("lan").prefix).toBe("fd00:1::/64");
    expect(t.namespaces).toEqual([`${t.prefix}a`, `${t.prefix}b`, `${t.prefix}_switch`]);
  });

  it("exec runs inside the namespace and reports the interface as built", async () => {
    const out = await t.host("a").exec("ip", ["-6", "-j", "addr", "show", "dev", "eth0"]);
    const [entry] = JSON.parse(out) as { operstate: string; addr_info: { local: string; tentative?: boolean }[] }[];
    expect(entry?.operstate).toBe("UP");
    const locals = entry?.addr_info.map((x) => x.local);
    expect(locals).toContain("fd00:1::1");
    expect(locals).toContain(t.host("a").iface("eth0").linkLocal);
    expect(entry?.addr_info.some((x) => x.tentative)).toBe(false);
    // The root namespace's interfaces are not visible in there.
    const links = JSON.parse(await t.host("a").exec("ip", ["-j", "link"])) as { ifname: string }[];
    expect(links.map((l) => l.ifname).sort()).toEqual(["eth0", "lo"]);
  });

  it("exec rejects with the command's stderr on a non-zero exit", async () => {
    await expect(t.host("a").exec("ip", ["link", "show", "dev", "nope0"])).rejects.toMatchObject({
      code: "COMMAND_FAILED",
      message: expect.stringContaining("nope0"),
    });
  });

  it("hosts reach each other over their ULAs", async () => {
    const echo = await startEcho(t.host("b"));
    const result = await sendFrom(t.host("a"), { to: t.host("b").address(), data: "ula" });
    expect(result).toEqual({ type: "answer", data: "ula", from: "fd00:1::2" });
    expect(await received(echo)).toMatchObject({ data: "ula", from: "fd00:1::1" });
    echo.send({ type: "stop" });
    expect(await echo.exit()).toBe(0);
  });

  it("hosts reach each other over link-local addresses with a zone", async () => {
    const b = t.host("b").iface("eth0");
    const echo = await startEcho(t.host("b"));
    const result = await sendFrom(t.host("a"), { to: `${b.linkLocal}%eth0`, data: "ll" });
    expect(result).toMatchObject({ type: "answer", data: "ll" });
    const got = await received(echo);
    expect(got.from.replace(/%.*$/, "")).toBe(t.host("a").iface("eth0").linkLocal);
    echo.kill();
  });

  it("link-scope multicast to ff02::bac0 reaches a host that joined it on eth0", async () => {
    const echo = await startEcho(t.host("a"), { group: "ff02::bac0", iface: "eth0" });
    const result = await sendFrom(t.host("b"), { to: "ff02::bac0", iface: "eth0", data: "who-is" });
    expect(result).toMatchObject({ type: "answer", data: "who-is" });
    const got = await received(echo);
    expect(got.data).toBe("who-is");
    expect(got.from.replace(/%.*$/, "")).toBe(t.host("b").iface("eth0").linkLocal);
    echo.kill();
  });
});

describe.skipIf(!usable)("a host with two interfaces on two links", () => {
  let t: Topology;
  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "l1" }, { name: "l2", prefix: "fd00:beef:0:2::/64" }],
      hosts: [
        { name: "multi", interfaces: [{ link: "l1" }, { link: "l2", name: "bip1", address: "fd00:beef:0:2::abcd" }] },
        { name: "b", interfaces: [{ link: "l1" }] },
        { name: "c", interfaces: [{ link: "l2" }] },
      ],
    });
  });
  afterAll(() => t?.destroy());

  it("names and addresses each interface as specified", () => {
    const m = t.host("multi");
    expect(m.interfaces.map((f) => [f.name, f.link, f.address])).toEqual([
      ["eth0", "l1", "fd00:1::1"],
      ["bip1", "l2", "fd00:beef:0:2::abcd"],
    ]);
    expect(m.address()).toBe("fd00:1::1");
    expect(m.address("l2")).toBe("fd00:beef:0:2::abcd");
    expect(m.iface("bip1").index).not.toBe(m.iface("eth0").index);
    expect(t.host("c").address()).toBe("fd00:beef:0:2::3");
    expect(() => m.iface("eth1")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => t.host("b").address("l2")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("reaches the host on each link through the matching interface", async () => {
    const echoB = await startEcho(t.host("b"));
    const echoC = await startEcho(t.host("c"));
    expect(await sendFrom(t.host("multi"), { to: t.host("b").address(), data: "to-b" })).toMatchObject({
      type: "answer",
    });
    expect(await received(echoB)).toMatchObject({ from: "fd00:1::1" });
    expect(await sendFrom(t.host("multi"), { to: t.host("c").address(), data: "to-c" })).toMatchObject({
      type: "answer",
    });
    expect(await received(echoC)).toMatchObject({ from: "fd00:beef:0:2::abcd" });
    echoB.kill();
    echoC.kill();
  });

  it("keeps the two links apart: no route from l1 to l2 without a router", async () => {
    const result = await sendFrom(t.host("b"), { to: t.host("c").address(), data: "nope" });
    expect(result).toEqual({ type: "error", code: "ENETUNREACH" });
  });
});

describe.skipIf(!usable)("a router between two links", () => {
  let t: Topology;
  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "l1" }, { name: "l2" }],
      hosts: [
        { name: "h1", interfaces: [{ link: "l1" }] },
        { name: "h2", interfaces: [{ link: "l2" }] },
      ],
      routers: [{ name: "r", links: ["l1", "l2"] }],
    });
  });
  afterAll(() => t?.destroy());

  it("gives the router prefix::ff01 on each link and hosts a default route via it", async () => {
    const r = t.router("r");
    expect(r.kind).toBe("router");
    expect(r.interfaces.map((f) => [f.name, f.address])).toEqual([
      ["eth0", "fd00:1::ff01"],
      ["eth1", "fd00:2::ff01"],
    ]);
    expect(t.routers).toHaveLength(1);
    expect(() => t.host("r")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(await t.host("h1").exec("ip", ["-6", "route", "show", "default"])).toContain("via fd00:1::ff01 dev eth0");
    expect(await r.exec("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).toBe("1\n");
  });

  it("a host on link 1 reaches a host on link 2 through the router", async () => {
    const echo = await startEcho(t.host("h2"));
    const result = await sendFrom(t.host("h1"), { to: t.host("h2").address(), data: "routed" });
    expect(result).toEqual({ type: "answer", data: "routed", from: "fd00:2::2" });
    expect(await received(echo)).toMatchObject({ data: "routed", from: "fd00:1::1" });
    echo.kill();
  });
});
