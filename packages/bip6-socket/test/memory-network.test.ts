import { Bip6Address } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type DatagramPort, MemoryNetwork, mulberry32, type Via, type WireRecord } from "../src/index.js";
import { thrown } from "./helpers.js";

interface Seen {
  data: number[];
  from: string;
  via: Via;
}

function record(port: DatagramPort): Seen[] {
  const seen: Seen[] = [];
  port.onDatagram((bytes, from, via) => seen.push({ data: Array.from(bytes), from: from.toString(), via }));
  return seen;
}

/** Two links; a and b on lan1, c on lan2, r on both. Manual delivery: nothing moves unasked. */
function twoLinks(options: ConstructorParameters<typeof MemoryNetwork>[0] = {}): MemoryNetwork {
  const net = new MemoryNetwork({ delivery: "manual", ...options });
  net.addLink("lan1");
  net.addLink("lan2");
  net.addHost("a", [{ link: "lan1" }]);
  net.addHost("b", [{ link: "lan1" }]);
  net.addHost("c", [{ link: "lan2" }]);
  net.addHost("r", [{ link: "lan1" }, { link: "lan2" }]);
  return net;
}

describe("MemoryNetwork topology", () => {
  it("numbers hosts into default addresses: link prefix + host number, fe80::<n> zoned by interface", () => {
    const net = twoLinks();
    expect(net.host("a").address().toString()).toBe("[fd00:1::1]:0");
    expect(net.host("c").address("lan2").toString()).toBe("[fd00:2::3]:0");
    const r = net.host("r");
    expect(r.interfaces.map((i) => [i.name, i.link, i.address?.ip, i.linkLocal.host])).toEqual([
      ["eth0", "lan1", "fd00:1::4", "fe80::4%eth0"],
      ["eth1", "lan2", "fd00:2::4", "fe80::4%eth1"],
    ]);
  });

  it("rejects duplicate names and addresses, unknown links and bad prefixes with INVALID_TOPOLOGY", () => {
    const net = twoLinks();
    expect(thrown(() => net.addLink("lan1")).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("a", [{ link: "lan1" }])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("x", [{ link: "nope" }])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("x", [{ link: "lan1", address: "fd00:1::1" }])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("x", [{ link: "lan1", address: "fe80::99" }])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("x", [{ link: "lan1", linkLocal: "fe80::1" }])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addHost("x", [])).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.addLink("l3", { prefix: "fd00:3::1" })).code).toBe("INVALID_TOPOLOGY");
    expect(thrown(() => net.host("zz")).code).toBe("INVALID_TOPOLOGY");
    net.addLink("l3", { prefix: "2001:db8:3::/64" });
    expect(net.addHost("x", [{ link: "l3" }]).address().ip).toBe("2001:db8:3::5");
  });

  it("validates createPort: unknown interface, foreign address, address in use, options", () => {
    const net = twoLinks();
    expect(thrown(() => net.createPort("a", { interface: "eth7" })).code).toBe("UNKNOWN_INTERFACE");
    expect(thrown(() => net.createPort("a", { address: "fd00:1::2" })).code).toBe("ADDRESS_NOT_AVAILABLE");
    expect(thrown(() => net.createPort("a", { address: "nonsense" })).code).toBe("INVALID_OPTION");
    expect(thrown(() => net.createPort("a", { port: 65536 })).code).toBe("INVALID_OPTION");
    expect(thrown(() => net.createPort("a", { scope: 16 })).code).toBe("INVALID_OPTION");
    net.createPort("a");
    expect(thrown(() => net.createPort("a")).code).toBe("ADDRESS_IN_USE");
    // The same port number on the host's link-local address is another binding.
    expect(net.createPort("a", { address: "fe80::1" }).localAddress.toString()).toBe("[fe80::1%eth0]:47808");
    const other = new MemoryNetwork();
    other.addLink("lan1");
    const stranger = other.addHost("a", [{ link: "lan1" }]);
    expect(thrown(() => net.createPort(stranger)).code).toBe("INVALID_TOPOLOGY");
  });

  it("hands out ephemeral ports from 49152 for port 0", () => {
    const net = twoLinks();
    expect(net.createPort("a", { port: 0 }).localAddress.port).toBe(49152);
    expect(net.createPort("a", { port: 0 }).localAddress.port).toBe(49153);
  });

  it("lists the interface's addresses as localAddresses, the bound one first", () => {
    const net = twoLinks();
    const p = net.createPort("r", { interface: "eth1", port: 47809 });
    expect(p.localAddresses.map(String)).toEqual(["[fd00:2::4]:47809", "[fe80::4%eth1]:47809"]);
    expect(p.group.toString()).toBe("[ff02::bac0%eth1]:47809");
    expect(net.createPort("r", { scope: 5 }).group.toString()).toBe("[ff05::bac0%eth0]:47808");
  });
});

describe("MemoryNetwork delivery", () => {
  it("in manual mode delivers nothing until flush(), which returns the count", () => {
    const net = twoLinks();
    const a = net.createPort("a");
    const b = net.createPort("b");
    const seen = record(b);
    a.send(Uint8Array.of(1), b.localAddress);
    a.send(Uint8Array.of(2), b.localAddress);
    expect(seen).toEqual([]);
    expect(net.inFlight).toBe(2);
    expect(net.flush()).toBe(2);
    expect(seen.map((s) => s.data[0])).toEqual([1, 2]);
    expect(net.flush()).toBe(0);
  });

  it("in microtask mode delivers after the sender's synchronous code, never during send()", async () => {
    const net = new MemoryNetwork();
    net.addLink("l");
    const a = net.createPort(net.addHost("a", [{ link: "l" }]));
    const b = net.createPort(net.addHost("b", [{ link: "l" }]));
    const seen = record(b);
    a.send(Uint8Array.of(1), b.localAddress);
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toHaveLength(1);
  });

  it("routes a routable unicast across links, and keeps link-local traffic on its link", () => {
    const net = twoLinks();
    const a = net.createPort("a");
    const c = net.createPort("c");
    const cLinkLocal = net.createPort("c", { address: "fe80::3" });
    const rLinkLocal = net.createPort("r", { interface: "eth0", address: "fe80::4" });
    const atC = record(c);
    const atCl = record(cLinkLocal);
    const atR = record(rLinkLocal);
    a.send(Uint8Array.of(1), c.localAddress);
    a.send(Uint8Array.of(2), Bip6Address.parse("[fe80::3]:47808")); // c's link-local, but on lan2
    a.send(Uint8Array.of(3), Bip6Address.parse("[fe80::4]:47808")); // r on lan1: reachable
    net.flush();
    expect(atC).toEqual([{ data: [1], from: "[fd00:1::1]:47808", via: "unicast" }]);
    expect(atCl).toEqual([]);
    expect(atR).toEqual([{ data: [3], from: "[fd00:1::1]:47808", via: "unicast" }]);
    expect(net.stats().unreachable).toBe(1);
  });

  it("gives a link-local sender the receiver's interface as zone, so the answer goes back", () => {
    const net = twoLinks();
    const r = net.createPort("r", { interface: "eth1", address: "fe80::4" });
    const c = net.createPort("c", { address: "fe80::3" });
    const atC = record(c);
    r.send(Uint8Array.of(1), Bip6Address.parse("[fe80::3%eth1]:47808"));
    net.flush();
    expect(atC).toEqual([{ data: [1], from: "[fe80::4%eth0]:47808", via: "unicast" }]);
    const atR = record(r);
    c.send(Uint8Array.of(2), Bip6Address.parse(atC[0]?.from ?? ""));
    net.flush();
    expect(atR).toEqual([{ data: [2], from: "[fe80::3%eth1]:47808", via: "unicast" }]);
  });

  it("multicasts on the sender's link only, to ports that joined that group on that port number", () => {
    const net = twoLinks();
    const a = net.createPort("a");
    const b = net.createPort("b");
    const bOther = net.createPort("b", { port: 47809 });
    const bNoJoin = net.createPort("b", { address: "fe80::2", joinGroup: false });
    const bSite = net.createPort("b", { port: 47810, scope: 5 });
    const c = net.createPort("c");
    const rLan1 = net.createPort("r", { interface: "eth0" });
    const rLan2 = net.createPort("r", { interface: "eth1" });
    const seen = [b, bOther, bNoJoin, bSite, c, rLan1, rLan2, a].map(record);
    a.multicast(Uint8Array.of(0xbc));
    net.flush();
    expect(seen.map((s) => s.length)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    expect(seen[0]).toEqual([{ data: [0xbc], from: "[fd00:1::1]:47808", via: "multicast" }]);
    expect(b.joinedGroup).toBe(true);
    expect(bNoJoin.joinedGroup).toBe(false);
  });

  it("delivers a multicast to the ports that joined its group on the sender's link, whatever the scope, with that group as `to`", () => {
    const net = twoLinks();
    const site = net.createPort("a", { scope: 5 });
    const both = net.createPort("b", { joinScopes: [5] });
    const linkOnly = net.createPort("b", { address: "fe80::2" });
    const otherLink = net.createPort("c", { scope: 5 }); // lan2: no multicast routing between links
    const router = net.createPort("r", { interface: "eth1", scope: 5 }); // r on lan2 too
    const routerLan1 = net.createPort("r", { interface: "eth0", scope: 5, joinScopes: [2] });
    const tos: string[][] = [both, linkOnly, otherLink, router, routerLan1].map((p) => {
      const seen: string[] = [];
      p.onDatagram((_b, _f, via, to) => seen.push(`${via} ${to.toString()}`));
      return seen;
    });
    site.multicast(Uint8Array.of(5));
    net.flush();
    expect(tos).toEqual([["multicast [ff05::bac0%eth0]:47808"], [], [], [], ["multicast [ff05::bac0%eth0]:47808"]]);
    expect(both.groups.map(String)).toEqual(["[ff02::bac0%eth0]:47808", "[ff05::bac0%eth0]:47808"]);
  });

  it("keeps an interface-local (ff01) multicast on the sending interface: only its own host, with loopback", () => {
    const net = twoLinks();
    const sender = net.createPort("r", { interface: "eth0", scope: 1, multicastLoopback: true });
    const sameIface = net.createPort("r", { interface: "eth0", address: "fe80::4", scope: 1 });
    const otherIface = net.createPort("r", { interface: "eth1", scope: 1 });
    const neighbour = net.createPort("a", { scope: 1 });
    const seen = [sender, sameIface, otherIface, neighbour].map(record);
    sender.multicast(Uint8Array.of(1));
    net.flush();
    expect(seen.map((x) => x.length)).toEqual([1, 1, 0, 0]);
    const quiet = net.createPort("a", { address: "fe80::1", scope: 1 });
    quiet.multicast(Uint8Array.of(2));
    net.flush();
    // Without loopback nobody hears it, not even the port beside it on host a.
    expect(seen.map((x) => x.length)).toEqual([1, 1, 0, 0]);
  });

  it("keeps multicasts off the sending host unless multicastLoopback is set (then the sender hears itself too)", () => {
    const net = twoLinks();
    const quiet = net.createPort("a");
    const neighbour = net.createPort("a", { address: "fe80::1" });
    const seenQuiet = [quiet, neighbour].map(record);
    quiet.multicast(Uint8Array.of(1));
    net.flush();
    expect(seenQuiet.map((s) => s.length)).toEqual([0, 0]);
    const loud = net.createPort("b", { multicastLoopback: true });
    const neighbourB = net.createPort("b", { address: "fe80::2" });
    const seenLoud = [loud, neighbourB].map(record);
    loud.multicast(Uint8Array.of(2));
    net.flush();
    expect(seenLoud.map((s) => s.map((x) => x.via))).toEqual([["multicast"], ["multicast"]]);
  });

  it("drops deliveries to a port closed before they arrive, and frees its binding at once", async () => {
    const net = twoLinks();
    const a = net.createPort("a");
    const b = net.createPort("b");
    const seen = record(b);
    a.send(Uint8Array.of(1), b.localAddress);
    await b.close();
    net.flush();
    expect(seen).toEqual([]);
    expect(net.stats()).toMatchObject({ queued: 1, delivered: 0, unreachable: 1 });
    expect(net.createPort("b").localAddress.equals(b.localAddress)).toBe(true);
  });

  it("caps the in-flight queue: beyond maxInFlight datagrams are dropped and counted", () => {
    const net = twoLinks({ maxInFlight: 3 });
    const a = net.createPort("a");
    const b = net.createPort("b");
    const seen = record(b);
    for (let i = 0; i < 5; i++) a.send(Uint8Array.of(i), b.localAddress);
    expect(net.stats()).toMatchObject({ queued: 3, overflow: 2, inFlight: 3 });
    net.flush();
    expect(seen.map((s) => s.data[0])).toEqual([0, 1, 2]);
  });

  it("reports every event to a network tap", () => {
    const net = twoLinks({ impairments: { loss: 1 } });
    const events: WireRecord[] = [];
    const off = net.tap((r) => events.push(r));
    const a = net.createPort("a");
    const b = net.createPort("b");
    a.send(Uint8Array.of(1), b.localAddress);
    a.send(Uint8Array.of(1), Bip6Address.parse("[fd00:9::9]:1"));
    net.setImpairments("lan1", undefined);
    net.setImpairments("lan1", {});
    a.send(Uint8Array.of(2), b.localAddress);
    net.flush();
    expect(events.map((e) => e.event)).toEqual(["lost", "unreachable", "queued", "delivered"]);
    expect(events[3]?.to.equals(b.localAddress)).toBe(true);
    off();
    a.send(Uint8Array.of(3), b.localAddress);
    expect(events).toHaveLength(4);
  });

  it("rejects bad options with INVALID_OPTION", () => {
    expect(thrown(() => new MemoryNetwork({ impairments: { loss: 1.5 } })).code).toBe("INVALID_OPTION");
    expect(thrown(() => new MemoryNetwork({ impairments: { delayMs: -1 } })).code).toBe("INVALID_OPTION");
    expect(thrown(() => new MemoryNetwork({ maxInFlight: 0 })).code).toBe("INVALID_OPTION");
    expect(thrown(() => new MemoryNetwork({ seed: 1.5 })).code).toBe("INVALID_OPTION");
    expect(thrown(() => new MemoryNetwork({ delivery: "later" as "manual" })).code).toBe("INVALID_OPTION");
    expect(thrown(() => new MemoryNetwork().advance(-1)).code).toBe("INVALID_OPTION");
    expect(thrown(() => twoLinks().setImpairments("lan1", { reorder: -0.1 })).code).toBe("INVALID_OPTION");
  });
});

describe("MemoryNetwork impairments and clock", () => {
  it("mulberry32 gives the reference sequence for seed 1", () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it("holds delayed datagrams until advance() reaches their time, and taps them at that time", () => {
    const net = twoLinks({ startTime: 1000 });
    net.addLink("slow", { impairments: { delayMs: 50 } });
    const s = net.createPort(net.addHost("s", [{ link: "slow" }]));
    const b = net.createPort("b");
    const at: number[] = [];
    b.tap((r) => at.push(r.at));
    const seen = record(b);
    s.send(Uint8Array.of(1), b.localAddress); // impairments of the sender's link apply
    expect(net.flush()).toBe(0);
    expect(net.advance(49)).toBe(0);
    expect(net.now).toBe(1049);
    expect(net.advance(10)).toBe(1);
    expect(seen).toHaveLength(1);
    expect(at).toEqual([1050]);
    expect(net.now).toBe(1059);
  });

  it("drops everything at loss 1 and duplicates everything at duplicate 1", () => {
    const lossy = twoLinks({ impairments: { loss: 1 } });
    const a = lossy.createPort("a");
    const b = lossy.createPort("b");
    const seen = record(b);
    for (let i = 0; i < 10; i++) a.send(Uint8Array.of(i), b.localAddress);
    lossy.flush();
    expect(seen).toEqual([]);
    expect(lossy.stats().lost).toBe(10);

    const dup = twoLinks({ impairments: { duplicate: 1 } });
    const a2 = dup.createPort("a");
    const b2 = dup.createPort("b");
    const seen2 = record(b2);
    a2.send(Uint8Array.of(1), b2.localAddress);
    a2.send(Uint8Array.of(2), b2.localAddress);
    dup.flush();
    expect(seen2.map((s) => s.data[0])).toEqual([1, 1, 2, 2]);
    expect(dup.stats().duplicated).toBe(2);
  });

  it("gives each receiver its own copy", () => {
    const net = twoLinks({ impairments: { duplicate: 1 } });
    const a = net.createPort("a");
    const b = net.createPort("b");
    const sent: Uint8Array[] = [];
    a.tap((r) => sent.push(r.bytes));
    const got: Uint8Array[] = [];
    const firstOctets: number[] = [];
    b.onDatagram((bytes) => {
      got.push(bytes);
      firstOctets.push(bytes[0] as number);
      bytes[0] = 0xff;
    });
    a.send(Uint8Array.of(1), b.localAddress);
    net.flush();
    // Each copy arrives intact although the listener scribbled over the one before it.
    expect(firstOctets).toEqual([1, 1]);
    expect(got[0]).not.toBe(got[1]);
    // Nor does a receiver's scribbling reach what the sender's tap recorded.
    expect(Array.from(sent[0] ?? [])).toEqual([1]);
  });

  it("reorders at reorder 1 without losing or adding datagrams", () => {
    const net = twoLinks({ impairments: { reorder: 1 }, seed: 3 });
    const a = net.createPort("a");
    const b = net.createPort("b");
    const seen = record(b);
    for (let i = 0; i < 20; i++) a.send(Uint8Array.of(i), b.localAddress);
    net.flush();
    const order = seen.map((s) => s.data[0] as number);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(net.stats().reordered).toBe(20);
  });

  it("replays exactly from its seed, and another seed gives another run", () => {
    const run = (seed: number): string => {
      const net = twoLinks({ seed, impairments: { loss: 0.3, duplicate: 0.2, reorder: 0.3, jitterMs: 20 } });
      const a = net.createPort("a");
      const b = net.createPort("b");
      const seen = record(b);
      for (let i = 0; i < 40; i++) a.send(Uint8Array.of(i), b.localAddress);
      net.advance(100);
      return seen.map((s) => s.data[0]).join(",");
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });
});
