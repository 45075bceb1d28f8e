import { Bip6Address } from "@bip6/bvll6-codec";
import { createTopology, type Host, type NodeChild, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatagramPortStats, NodeDatagramPortOptions } from "../src/index.js";
import type { AgentCommand, AgentInput } from "./fixtures/port-agent.js";

// Real sockets in network namespaces built for the test: two links (bridges in a hidden switch
// namespace), nothing in the root namespace. Under CI=true, missing support fails the run.
const usable = requireNetns();
const AGENT = new URL("./fixtures/port-agent.ts", import.meta.url).pathname;

type Message = { type: string } & Record<string, unknown>;

interface Agent {
  child: NodeChild;
  ready: { localAddress: string; localAddresses: string[]; group: string; groups: string[]; joinedGroup: boolean };
  next(type: string, timeoutMs?: number): Promise<Message>;
  command(c: AgentCommand): void;
  stats(): Promise<DatagramPortStats>;
}

const children: NodeChild[] = [];

async function agent(host: Host, options: NodeDatagramPortOptions, udp4Port?: number): Promise<Agent> {
  const input: AgentInput = { options, ...(udp4Port === undefined ? {} : { udp4Port }) };
  return agentWith(host, input);
}

async function agentWith(host: Host, input: AgentInput): Promise<Agent> {
  const child = host.spawnNode(AGENT, input);
  children.push(child);
  const next = (type: string, timeoutMs = 10_000): Promise<Message> =>
    child.message<Message>((m) => (m as Message).type === type, timeoutMs);
  const first = await child.message<Message>((m) => ["ready", "open-error"].includes((m as Message).type), 20_000);
  if (first.type !== "ready") throw Object.assign(new Error(String(first.message)), first);
  return {
    child,
    ready: first as unknown as Agent["ready"],
    next,
    command: (c) => child.send(c),
    stats: async () => {
      const answer = next("stats");
      child.send({ cmd: "stats" });
      return (await answer).stats as DatagramPortStats;
    },
  };
}

/** Sends a command and waits until the agent has carried it out. */
async function done(a: Agent, c: AgentCommand): Promise<void> {
  const sent = a.next("sent");
  a.command(c);
  await sent;
}

/** The next `n` datagrams an agent reports, in arrival order. */
async function datagrams(a: Agent, n: number): Promise<Message[]> {
  const got: Message[] = [];
  for (let i = 0; i < n; i++) got.push(await a.next("datagram"));
  return got;
}

/** Which of `addresses` a plain udp6 socket (no reuseAddr) of the agent can bind now. */
async function bindCheck(a: Agent, addresses: string[]): Promise<Record<string, unknown>> {
  const answer = a.next("bind-check");
  a.command({ cmd: "bind-check", addresses });
  return (await answer).free as Record<string, unknown>;
}

/** The IPv6 groups the kernel of `host` has joined on `dev`. */
async function joinedGroups(host: Host, dev: string): Promise<string[]> {
  const out = await host.exec("ip", ["-6", "maddr", "show", "dev", dev]);
  return [...out.matchAll(/inet6 (\S+)/g)].map((m) => m[1] as string);
}

/** Opens a port expected to fail; resolves with the error the agent reported. */
async function openError(host: Host, options: NodeDatagramPortOptions): Promise<Message> {
  const child = host.spawnNode(AGENT, { options } satisfies AgentInput);
  children.push(child);
  return child.message<Message>((m) => ["ready", "open-error"].includes((m as Message).type), 20_000);
}

async function closeAll(): Promise<void> {
  await Promise.all(
    children.splice(0).map(async (c) => {
      try {
        c.send({ cmd: "close" });
      } catch {
        // already gone
      }
      await c.exit(3000);
    }),
  );
}

describe.skipIf(!usable)("NodeDatagramPort in network namespaces", () => {
  let topo: Topology;
  beforeAll(async () => {
    topo = await createTopology({
      links: [
        { name: "lan1", prefix: "fd00:1::/64" },
        { name: "lan2", prefix: "fd00:2::/64" },
      ],
      hosts: [
        { name: "h1", interfaces: [{ link: "lan1" }] },
        { name: "h2", interfaces: [{ link: "lan1" }] },
        { name: "multi", interfaces: [{ link: "lan1" }, { link: "lan2" }] },
        { name: "h4", interfaces: [{ link: "lan2" }] },
        { name: "h3", interfaces: [{ link: "lan1" }] },
      ],
    });
  });
  afterAll(async () => {
    await closeAll();
    await topo?.destroy();
  });

  it("multicasts between two hosts on one link: via 'multicast', routable source, not looped back", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const a = await agent(h1, { interface: "eth0" });
    const b = await agent(h2, { interface: "eth0" });
    expect(a.ready.localAddress).toBe(`[${h1.address()}]:47808`);
    expect(a.ready.group).toBe("[ff02::bac0%eth0]:47808");
    expect(a.ready.joinedGroup).toBe(true);
    expect(a.ready.localAddresses).toContain(`[${h1.iface("eth0").linkLocal}%eth0]:47808`);

    const atB = b.next("datagram");
    a.command({ cmd: "multicast", hex: "8202000a0004d20120" });
    expect(await atB).toMatchObject({ hex: "8202000a0004d20120", from: `[${h1.address()}]:47808`, via: "multicast" });

    const atA = a.next("datagram");
    b.command({ cmd: "send", hex: "0102", to: `[${h1.address()}]:47808` });
    expect(await atA).toMatchObject({ hex: "0102", from: `[${h2.address()}]:47808`, via: "unicast" });
    expect(await a.stats()).toMatchObject({ multicastsSent: 1, multicastsReceived: 0, datagramsReceived: 1 });
    expect(await b.stats()).toMatchObject({ multicastsReceived: 1, datagramsReceived: 1 });
    await closeAll();
  });

  it("on a host with two interfaces, a port joined on eth1 hears only lan2's multicasts", async () => {
    const multi = topo.host("multi");
    const onEth1 = await agent(multi, { interface: "eth1", port: 47809 });
    const witness = await agent(multi, { interface: "eth0", port: 47809 });
    const lan1 = await agent(topo.host("h1"), { interface: "eth0", port: 47809 });
    const lan2 = await agent(topo.host("h4"), { interface: "eth0", port: 47809 });
    expect(onEth1.ready.localAddress).toBe(`[${multi.address("lan2")}]:47809`);
    expect(onEth1.ready.group).toBe("[ff02::bac0%eth1]:47809");

    const atWitness = witness.next("datagram");
    lan1.command({ cmd: "multicast", hex: "aa01" });
    expect(await atWitness).toMatchObject({ hex: "aa01", via: "multicast" });

    const atEth1 = onEth1.next("datagram");
    lan2.command({ cmd: "multicast", hex: "bb02" });
    expect(await atEth1).toMatchObject({ hex: "bb02", via: "multicast", from: `[${topo.host("h4").address()}]:47809` });
    // lan1's multicast reached the host (the witness heard it) but not the eth1 port.
    expect(await onEth1.stats()).toMatchObject({ datagramsReceived: 1, multicastsReceived: 1 });
    expect(await witness.stats()).toMatchObject({ datagramsReceived: 1 });
    await closeAll();
  });

  it("refuses an unknown interface name with UNKNOWN_INTERFACE, and one without IPv6 with NO_IPV6", async () => {
    const multi = topo.host("multi");
    expect(await openError(multi, { interface: "eth7" })).toMatchObject({
      type: "open-error",
      code: "UNKNOWN_INTERFACE",
    });
    await multi.exec("sysctl", ["-q", "-w", "net.ipv6.conf.eth1.disable_ipv6=1"]);
    try {
      expect(await openError(multi, { interface: "eth1" })).toMatchObject({ type: "open-error", code: "NO_IPV6" });
    } finally {
      await multi.exec("sysctl", ["-q", "-w", "net.ipv6.conf.eth1.disable_ipv6=0"]);
    }
    await closeAll();
  });

  it("talks link-local: unicast to fe80::…%eth0 arrives, and `from` keeps its zone for the answer", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const ll1 = h1.iface("eth0").linkLocal;
    const ll2 = h2.iface("eth0").linkLocal;
    const a = await agent(h1, { interface: "eth0", address: ll1, port: 47810 });
    const b = await agent(h2, { interface: "eth0", address: ll2, port: 47810 });
    expect(a.ready.localAddress).toBe(`[${ll1}%eth0]:47810`);

    const atB = b.next("datagram");
    a.command({ cmd: "send", hex: "01", to: `[${ll2}%eth0]:47810` });
    const got = await atB;
    expect(got).toMatchObject({ hex: "01", via: "unicast", from: `[${ll1}%eth0]:47810` });

    const atA = a.next("datagram");
    b.command({ cmd: "send", hex: "02", to: String(got.from) });
    expect(await atA).toMatchObject({ hex: "02", via: "unicast", from: `[${ll2}%eth0]:47810` });

    // A zone-less link-local destination gets the port's interface.
    const again = b.next("datagram");
    a.command({ cmd: "send", hex: "03", to: `[${ll2}]:47810` });
    expect(await again).toMatchObject({ hex: "03" });

    // Without a routable address to bind, multicasts leave with the link-local source.
    const mc = b.next("datagram");
    a.command({ cmd: "multicast", hex: "04" });
    expect(await mc).toMatchObject({ hex: "04", via: "multicast", from: `[${ll1}%eth0]:47810` });
    await closeAll();
  });

  it("shares port 47808 with a BACnet/IPv4 udp4 socket (ipv6Only)", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const a = await agent(h1, { interface: "eth0" }, 47808);
    const b = await agent(h2, { interface: "eth0" });
    const v4 = a.next("udp4");
    a.command({ cmd: "udp4-selftest" });
    expect(await v4).toMatchObject({ hex: "810b" });
    const atA = a.next("datagram");
    b.command({ cmd: "send", hex: "820b", to: `[${h1.address()}]:47808` });
    expect(await atA).toMatchObject({ hex: "820b", via: "unicast" });
    const mc = a.next("datagram");
    b.command({ cmd: "multicast", hex: "820c" });
    expect(await mc).toMatchObject({ hex: "820c", via: "multicast" });
    await closeAll();
  });

  it("releases the address and the group on close: a new port takes them over", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const first = await agent(h1, { interface: "eth0", port: 47811 });
    const closed = first.next("closed");
    first.command({ cmd: "close" });
    await closed;
    const second = await agent(h1, { interface: "eth0", port: 47811 });
    const sender = await agent(h2, { interface: "eth0", port: 47811 });
    const mc = second.next("datagram");
    sender.command({ cmd: "multicast", hex: "05" });
    expect(await mc).toMatchObject({ hex: "05", via: "multicast" });
    expect(Bip6Address.parse(second.ready.localAddress).port).toBe(47811);
    await closeAll();
  });

  it("a port on ff02 and ff05 hears each group once, with the group it came on; one on ff02 only never hears ff05", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const h3 = topo.host("h3");
    const P = 47812;
    const both = await agent(h1, { interface: "eth0", port: P, joinScopes: [5, 2, 5] });
    expect(both.ready.groups).toEqual([`[ff02::bac0%eth0]:${P}`, `[ff05::bac0%eth0]:${P}`]);
    expect(both.ready.group).toBe(`[ff02::bac0%eth0]:${P}`);
    // The peers.md C-stack case: a node that joined only ff02 beside one that broadcasts on ff05.
    const linkOnly = await agent(h3, { interface: "eth0", port: P });
    expect(linkOnly.ready.groups).toEqual([`[ff02::bac0%eth0]:${P}`]);
    // h3 joins ff05 on another UDP port, so ff05 frames do reach its interface: only the
    // group socket's binding keeps them away from linkOnly.
    const siteWitness = await agent(h3, { interface: "eth0", port: P + 1, scope: 5 });
    expect(await joinedGroups(h3, "eth0")).toEqual(expect.arrayContaining(["ff02::bac0", "ff05::bac0"]));
    const ll2 = h2.iface("eth0").linkLocal;
    const siteSender = await agent(h2, { interface: "eth0", port: P, scope: 5, joinGroup: false });
    const linkSender = await agent(h2, { interface: "eth0", port: P, address: ll2, joinGroup: false });
    expect(siteSender.ready.groups).toEqual([]);

    await done(siteSender, { cmd: "multicast", hex: "8205" });
    await done(linkSender, { cmd: "multicast", hex: "8202" });
    // A unicast after both: once it is in, each multicast had its chance to arrive (twice, if it were to).
    await done(siteSender, { cmd: "send", hex: "ee", to: both.ready.localAddress });
    await done(siteSender, { cmd: "send", hex: "ee", to: linkOnly.ready.localAddress });

    const atBoth = await datagrams(both, 3);
    const byHex = (list: Message[], hex: string): Message[] => list.filter((m) => m.hex === hex);
    expect(byHex(atBoth, "8205")).toEqual([
      expect.objectContaining({ via: "multicast", to: `[ff05::bac0%eth0]:${P}`, from: `[${h2.address()}]:${P}` }),
    ]);
    expect(byHex(atBoth, "8202")).toEqual([
      expect.objectContaining({ via: "multicast", to: `[ff02::bac0%eth0]:${P}`, from: `[${ll2}%eth0]:${P}` }),
    ]);
    expect(byHex(atBoth, "ee")).toEqual([expect.objectContaining({ via: "unicast", to: both.ready.localAddress })]);
    const atLinkOnly = await datagrams(linkOnly, 2);
    expect(atLinkOnly.map((m) => [m.hex, m.via, m.to]).sort()).toEqual([
      ["8202", "multicast", `[ff02::bac0%eth0]:${P}`],
      ["ee", "unicast", linkOnly.ready.localAddress],
    ]);
    expect(await both.stats()).toMatchObject({ datagramsReceived: 3, multicastsReceived: 2 });
    expect(await linkOnly.stats()).toMatchObject({ datagramsReceived: 2, multicastsReceived: 1 });
    expect(await siteWitness.stats()).toMatchObject({ datagramsReceived: 0 });
    await closeAll();
  });

  it("with multicastLoopback, a port on two groups hears its own multicast once, on the group it sent to", async () => {
    const h1 = topo.host("h1");
    const h2 = topo.host("h2");
    const P = 47815;
    const loud = await agent(h1, { interface: "eth0", port: P, joinScopes: [5], multicastLoopback: true });
    const peer = await agent(h2, { interface: "eth0", port: P, joinScopes: [5] });
    await done(loud, { cmd: "multicast", hex: "8201" });
    await done(peer, { cmd: "send", hex: "ee", to: loud.ready.localAddress });
    const atLoud = await datagrams(loud, 2);
    expect(atLoud.map((m) => [m.hex, m.via, m.to, m.from]).sort()).toEqual([
      ["8201", "multicast", `[ff02::bac0%eth0]:${P}`, loud.ready.localAddress],
      ["ee", "unicast", loud.ready.localAddress, peer.ready.localAddress],
    ]);
    expect(await datagrams(peer, 1)).toEqual([expect.objectContaining({ hex: "8201", to: `[ff02::bac0%eth0]:${P}` })]);
    expect(await loud.stats()).toMatchObject({ datagramsReceived: 2, multicastsReceived: 1, multicastsSent: 1 });
    await closeAll();
  });

  it("closes every group socket and leaves every group on close()", async () => {
    const h1 = topo.host("h1");
    const P = 47813;
    const a = await agent(h1, { interface: "eth0", port: P, joinScopes: [5, 8] });
    expect(a.ready.groups).toHaveLength(3);
    expect(await joinedGroups(h1, "eth0")).toEqual(expect.arrayContaining(["ff02::bac0", "ff05::bac0", "ff08::bac0"]));
    const closed = a.next("port-closed");
    a.command({ cmd: "close-port" });
    await closed;
    const addresses = [a.ready.localAddress, ...a.ready.groups];
    expect(await bindCheck(a, addresses)).toEqual(Object.fromEntries(addresses.map((x) => [x, true])));
    const left = await joinedGroups(h1, "eth0");
    for (const g of ["ff02::bac0", "ff05::bac0", "ff08::bac0"]) expect(left).not.toContain(g);
    await closeAll();
  });

  it("leaves nothing open when joining a later group fails: every socket closed, no group kept", async () => {
    const h1 = topo.host("h1");
    const P = 47814;
    const blocker = `[ff08::bac0%eth0]:${P}`;
    // A plain socket on the ff08 group address makes the third group socket's bind fail,
    // after the unicast, ff02 and ff05 sockets are bound and joined.
    const a = await agentWith(h1, {
      options: { interface: "eth0", port: P, joinScopes: [5, 8] },
      blockers: [blocker],
      stayOnError: true,
    }).then(
      () => {
        throw new Error("open() should have failed");
      },
      (e: unknown) => e as Message,
    );
    expect(a).toMatchObject({ type: "open-error", code: "ADDRESS_IN_USE" });
    expect(String(a.message)).toContain(blocker);
    const child = children[children.length - 1] as NodeChild;
    const check: Agent = {
      child,
      ready: { localAddress: "", localAddresses: [], group: "", groups: [], joinedGroup: false },
      next: (type, timeoutMs = 10_000) => child.message<Message>((m) => (m as Message).type === type, timeoutMs),
      command: (c) => child.send(c),
      stats: () => Promise.reject(new Error("no port")),
    };
    const addresses = [`[${h1.address()}]:${P}`, `[ff02::bac0%eth0]:${P}`, `[ff05::bac0%eth0]:${P}`];
    expect(await bindCheck(check, addresses)).toEqual(Object.fromEntries(addresses.map((x) => [x, true])));
    const left = await joinedGroups(h1, "eth0");
    for (const g of ["ff02::bac0", "ff05::bac0", "ff08::bac0"]) expect(left).not.toContain(g);
    await closeAll();
  });
});
