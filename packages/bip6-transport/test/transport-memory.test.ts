import { DatagramPortError } from "@bip6/bip6-socket/memory";
import { Bip6Address, Bip6Error, bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  Bip6Transport,
  Bip6TransportError,
  eventRecord,
  ManualClock,
  type ReceivedNpdu,
  TRANSPORT_EVENT_NAMES,
} from "../src/index.js";
import { lab, record, settle } from "./helpers.js";
import { StubPort } from "./stub-port.js";

const WHO_IS = hexToBytes("0120ffff00ff1008");
const NPDU = hexToBytes("0104020304");

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e instanceof Bip6TransportError ? e.code : `other: ${String(e)}`;
  }
}

describe("open()", () => {
  it("the main entry needs a datagramPort: NO_DATAGRAM_PORT names the /node subpath", async () => {
    const e = await Bip6Transport.open({ interface: "lo" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Bip6TransportError);
    expect(e).toBeInstanceOf(Bip6Error);
    expect((e as Bip6TransportError).code).toBe("NO_DATAGRAM_PORT");
    expect((e as Error).message).toContain("@bip6/bip6-transport/node");
  });

  it("rejects bad options with INVALID_OPTION before touching the port", async () => {
    const { net, host } = lab();
    const h = host("a");
    const cases = [
      { vmac: { deviceInstance: 4194304 } },
      { vmac: { vmac: -1 } },
      { vmac: { nonsense: 1 } as never },
      { role: { kind: "router" } as never },
      { role: { kind: "foreign-device", bbmd: "not an address" } as const },
      { role: { kind: "bbmd", bdt: ["[fd00::1]:47808", "[fd00::1]:47808"] } as const },
      { resolution: { maxPending: 0 } },
      { resolution: { timeoutMs: Number.NaN } },
      { probe: { attempts: 11 } },
      { maxBuffered: 0 },
      { logger: { info: () => {} } as never },
      { port: 47808 },
      { interface: "eth0" },
    ];
    for (const [i, extra] of cases.entries()) {
      const port = net.createPort(h, { port: 40000 + i });
      expect(await rejection(Bip6Transport.open({ datagramPort: port, ...extra })), JSON.stringify(extra)).toBe(
        "INVALID_OPTION",
      );
      await port.close();
    }
  });

  it("a BBMD on a port that cannot multicast needs multicastLocal: false (NO_MULTICAST says so)", async () => {
    const port = new StubPort("[fd00:1::1]:47808", false);
    const e = (await Bip6Transport.open({ datagramPort: port, role: { kind: "bbmd" } }).catch(
      (x: unknown) => x,
    )) as Error;
    expect((e as Bip6TransportError).code).toBe("NO_MULTICAST");
    expect(e.message).toContain("multicastLocal: false");
  });

  it("an aborted signal rejects with ABORTED and leaves the port alone", async () => {
    const port = new StubPort();
    const ac = new AbortController();
    ac.abort();
    expect(await rejection(Bip6Transport.open({ datagramPort: port, signal: ac.signal }))).toBe("ABORTED");
    expect(port.listenerCount).toBe(0);
  });

  it("reports what it is: VMAC, address, role", async () => {
    const { host, open } = lab();
    const t = await open(host("a"), { vmac: { deviceInstance: 77 }, role: { kind: "node" } });
    expect([t.vmac, t.localAddress.toString(), t.role, t.closed]).toEqual([77, "[fd00:1::1]:47808", "node", false]);
    await t.close();
  });
});

describe("node to node on one link", () => {
  it("unicast by VMAC resolves, sends, and the peer gets the NPDU with our VMAC and address", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const got = record(b, "npdu");
    const sent = a.sendUnicast(NPDU, 2);
    clock.advance(0);
    await expect(sent).resolves.toBeUndefined();
    expect(got).toEqual([
      ["npdu", { npdu: NPDU, sourceVmac: 1, source: a.localAddress, broadcast: false, via: "unicast" }],
    ]);
    expect(a.peers().map((p) => [p.vmac, p.address.toString()])).toEqual([[2, "[fd00:1::2]:47808"]]);
    await Promise.all([a.close(), b.close()]);
  });

  it("broadcasts reach every other node once, as broadcast by multicast", async () => {
    const { clock, host, open } = lab();
    const [a, b, c] = await Promise.all(
      ["a", "b", "c"].map((n, i) => open(host(n), { vmac: { deviceInstance: i + 1 } })),
    );
    const heard: Array<[number, ReceivedNpdu]> = [];
    b?.on("npdu", (m) => heard.push([2, m]));
    c?.on("npdu", (m) => heard.push([3, m]));
    a?.on("npdu", (m) => heard.push([1, m]));
    await Promise.all([a?.sendBroadcast(WHO_IS), clock.advance(0)]);
    expect(heard.map(([who, m]) => [who, m.sourceVmac, m.broadcast, m.via])).toEqual([
      [2, 1, true, "multicast"],
      [3, 1, true, "multicast"],
    ]);
    await Promise.all([a, b, c].map((t) => t?.close()));
  });

  it('addresses a peer by "[ipv6]:port" text: Virtual-Address-Resolution, then unicast with its VMAC', async () => {
    const { clock, net, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 0x42 } });
    const frames: string[] = [];
    net.tap((r) => {
      if (r.event === "delivered") frames.push(bytesToHex(r.bytes).slice(0, 4));
    });
    const got = record(b, "npdu");
    const p = a.sendUnicast(NPDU, "[fd00:1::2]:47808");
    clock.advance(0);
    await p;
    expect(frames).toEqual(["8206", "8207", "8201"]);
    expect(got).toHaveLength(1);
    await expect(a.resolveVmac(b.localAddress)).resolves.toBe(0x42);
    await Promise.all([a.close(), b.close()]);
  });

  it("rejects a bad destination text with INVALID_DESTINATION, synchronously settled", async () => {
    const { host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    expect(await rejection(a.sendUnicast(NPDU, "[nope]:1"))).toBe("INVALID_DESTINATION");
    expect(await rejection(a.resolveVmac("fd00::zz"))).toBe("INVALID_DESTINATION");
    expect(a.stats().transport.requests.failed).toEqual({ INVALID_DESTINATION: 2 });
    await a.close();
  });

  it("a resolution nobody answers rejects at the deadline, after the backoff retries, on the manual clock", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 }, resolution: { timeoutMs: 3000 } });
    const failed = record(a, "resolution-failed");
    const p = a.sendUnicast(NPDU, 99);
    const outcome = rejection(p);
    clock.advance(2999);
    await settle();
    expect(failed).toEqual([]);
    clock.advance(1);
    expect(await outcome).toBe("RESOLUTION_TIMEOUT");
    expect(failed).toMatchObject([["resolution-failed", { kind: "address-resolution", vmac: 99, attempts: 3 }]]);
    expect(a.stats().transport.sent.AddressResolution).toBe(3);
    await a.close();
  });

  it("keeps one timer armed at a time", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    void a.sendUnicast(NPDU, 98).catch(() => {});
    void a.sendUnicast(NPDU, 99).catch(() => {});
    expect(clock.pendingTimers).toBe(1);
    await a.close();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("received NPDUs as an async iterator", () => {
  it("yields in order, ends on close", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const m of b) seen.push(m.npdu[0] as number);
    })();
    for (let i = 0; i < 3; i++) void a.sendBroadcast(Uint8Array.of(i));
    clock.advance(0);
    await settle();
    await b.close();
    await reading;
    expect(seen).toEqual([0, 1, 2]);
    await a.close();
  });

  it("a full buffer drops new NPDUs for that iterator only, counted", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const small = b.messages({ maxBuffered: 2 });
    const big = b.messages();
    for (let i = 0; i < 5; i++) void a.sendBroadcast(Uint8Array.of(i));
    clock.advance(0);
    expect(b.stats().transport.iteratorDrops).toBe(3);
    const first = [await small.next(), await small.next()].map((r) => (r.value as ReceivedNpdu).npdu[0]);
    expect(first).toEqual([0, 1]);
    let n = 0;
    for (let r = await Promise.race([big.next(), Promise.resolve(undefined)]); r !== undefined && !r.done;) {
      n++;
      if (n === 5) break;
      r = await big.next();
    }
    expect(n).toBe(5);
    await Promise.all([a.close(), b.close()]);
    expect((await small.next()).done).toBe(true);
  });

  it("a signal ends an iterator", async () => {
    const { host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const ac = new AbortController();
    const it = a.messages({ signal: ac.signal });
    const pending = it.next();
    ac.abort();
    expect((await pending).done).toBe(true);
    await a.close();
  });
});

describe("events", () => {
  it("a throwing listener is caught and counted; ingress and other listeners go on", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    b.on("npdu", () => {
      throw new Error("listener bug");
    });
    const got = record(b, "npdu");
    void a.sendBroadcast(WHO_IS);
    void a.sendBroadcast(WHO_IS);
    clock.advance(0);
    expect(got).toHaveLength(2);
    expect(b.stats().transport.listenerErrors).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it("on() returns a remover, and a signal removes too", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    let n1 = 0;
    let n2 = 0;
    const off = b.on("npdu", () => n1++);
    const ac = new AbortController();
    b.on("npdu", () => n2++, { signal: ac.signal });
    void a.sendBroadcast(WHO_IS);
    clock.advance(0);
    off();
    off();
    ac.abort();
    void a.sendBroadcast(WHO_IS);
    clock.advance(0);
    expect([n1, n2]).toEqual([1, 1]);
    await Promise.all([a.close(), b.close()]);
  });

  it("peer events: learned, then moved when the peer restarts on a new port", async () => {
    const { clock, net, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const hb = host("b");
    const b1 = await open(hb, { vmac: { deviceInstance: 2 } });
    const peers = record(a, "peer");
    void b1.sendBroadcast(WHO_IS);
    clock.advance(0);
    await b1.close();
    const b2 = await Bip6Transport.open({
      datagramPort: net.createPort(hb, { port: 47809 }),
      ownsPort: true,
      clock,
      vmac: { deviceInstance: 2 },
    });
    // Its broadcasts now go to [ff02::bac0]:47809, not our group port; its unicasts reach us.
    await Promise.all([b2.resolveVmac(a.localAddress), clock.advance(0)]);
    expect(peers.map(([, e]) => [e.change, e.address.toString(), e.previous?.toString()])).toEqual([
      ["learned", "[fd00:1::2]:47808", undefined],
      ["moved", "[fd00:1::2]:47809", "[fd00:1::2]:47808"],
    ]);
    // Replies follow the peer to its new port.
    const got = record(b2, "npdu");
    await Promise.all([a.sendUnicast(NPDU, 2), clock.advance(0)]);
    expect(got).toHaveLength(1);
    await Promise.all([a.close(), b2.close()]);
  });

  it("every event is JSON-ready through eventRecord()", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const lines: string[] = [];
    for (const name of TRANSPORT_EVENT_NAMES) b.on(name, (e) => lines.push(JSON.stringify(eventRecord(name, e))));
    void a.sendBroadcast(WHO_IS);
    clock.advance(0);
    await b.close();
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      { event: "peer", change: "learned", vmac: 1, address: "[fd00:1::1]:47808", at: 0 },
      {
        event: "npdu",
        npdu: "0120ffff00ff1008",
        sourceVmac: 1,
        source: "[fd00:1::1]:47808",
        broadcast: true,
        via: "multicast",
      },
      { event: "close", at: 0 },
    ]);
    await a.close();
  });

  it("socket errors reported after the fact become error events, never exceptions", async () => {
    const port = new StubPort();
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 } });
    const errors = record(t, "error");
    port.fail(new DatagramPortError("SEND_FAILED", "ENETUNREACH"));
    expect(errors.map(([, e]) => e.code)).toEqual(["SEND_FAILED"]);
    await t.close();
  });
});

describe("the shell applies the core's actions", () => {
  it("encodes a fan-out frame once and hands the same bytes to every destination", async () => {
    const port = new StubPort("[2001:db8::1]:47808");
    const bdt = ["[2001:db8:2::1]:47808", "[2001:db8:3::1]:47808"];
    const t = await Bip6Transport.open({
      datagramPort: port,
      vmac: { deviceInstance: 1 },
      role: { kind: "bbmd", bdt },
    });
    for (let i = 0; i < 3; i++) {
      port.receive(hexToBytes("820900090003e7003c"), Bip6Address.parse(`[2001:db8:f::${i + 1}]:47808`));
    }
    port.handed.length = 0;
    await t.sendBroadcast(WHO_IS);
    const forwarded = port.handed.filter((h) => h.hex.startsWith("8208"));
    expect(forwarded.map((h) => h.to.toString())).toEqual([
      ...bdt,
      "[2001:db8:f::1]:47808",
      "[2001:db8:f::2]:47808",
      "[2001:db8:f::3]:47808",
    ]);
    expect(new Set(forwarded.map((h) => h.bytes)).size).toBe(1);
    expect(forwarded[0]?.hex).toBe("8208002100000120010db8000000000000000000000001bac00120ffff00ff1008");
    expect(t.stats().transport.sent).toMatchObject({ OriginalBroadcastNpdu: 1, ForwardedNpdu: 5, BvlcResult: 3 });
    await t.close();
  });

  it("a fan-out destination the port refuses is reported; the others still get it; the last one settles the call", async () => {
    const port = new StubPort("[2001:db8::1]:47808");
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 }, role: { kind: "bbmd" } });
    for (let i = 0; i < 5; i++) {
      port.receive(hexToBytes("820900090003e7003c"), Bip6Address.parse(`[2001:db8:f::${i + 1}]:47808`));
    }
    const errors = record(t, "error");
    port.refuse.add("[2001:db8:f::2]:47808");
    port.handed.length = 0;
    await expect(t.sendBroadcast(WHO_IS)).resolves.toBeUndefined();
    const to = (): string[] => port.handed.filter((h) => h.hex.startsWith("8208")).map((h) => String(h.to));
    expect(to()).toEqual([
      "[2001:db8:f::1]:47808",
      "[2001:db8:f::3]:47808",
      "[2001:db8:f::4]:47808",
      "[2001:db8:f::5]:47808",
    ]);
    expect(errors).toHaveLength(1);
    expect(t.stats().transport).toMatchObject({ portRefusals: 1, sent: { ForwardedNpdu: 4 } });
    // The last destination refused: the call fails with the port's refusal.
    port.refuse.add("[2001:db8:f::5]:47808");
    port.handed.length = 0;
    expect(await rejection(t.sendBroadcast(WHO_IS))).toBe("INVALID_DESTINATION");
    expect(to()).toHaveLength(3);
    expect(t.stats().transport).toMatchObject({ portRefusals: 3, sent: { ForwardedNpdu: 7 } });
    await t.close();
  });

  it("a datagram the port refuses rejects its call (INVALID_DESTINATION for an unreachable zone), counted", async () => {
    const port = new StubPort();
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 } });
    port.refuse.add("[fd00:1::9]:47808");
    port.receive(hexToBytes("820600070004d2"), Bip6Address.parse("[fd00:1::8]:47808")); // learn nothing special
    const p = t.sendUnicast(NPDU, "[fd00:1::9]:47808");
    expect(await rejection(p)).toBe("INVALID_DESTINATION");
    expect(t.stats().transport.portRefusals).toBe(1);
    await t.close();
  });

  it("a send to a known peer by VMAC (the shell's fast path) counts, and a refusal rejects it", async () => {
    const port = new StubPort();
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 } });
    // 1234 speaks from [fd00:1::9]: the table knows it.
    port.receive(hexToBytes("820600070004d2"), Bip6Address.parse("[fd00:1::9]:47808"));
    const before = port.handed.length;
    await t.sendUnicast(NPDU, 1234);
    expect(port.handed.slice(before).map((h) => [h.hex, String(h.to)])).toEqual([
      ["8201000f0000010004d2" + bytesToHex(NPDU), "[fd00:1::9]:47808"],
    ]);
    expect(t.stats().transport.sent.OriginalUnicastNpdu).toBe(1);
    const completed = t.stats().transport.requests.completed;
    port.refuse.add("[fd00:1::9]:47808");
    expect(await rejection(t.sendUnicast(NPDU, 1234))).toBe("INVALID_DESTINATION");
    expect(t.stats().transport).toMatchObject({
      portRefusals: 1,
      requests: { completed, failed: { INVALID_DESTINATION: 1 } },
    });
    expect(t.stats().transport.sent.OriginalUnicastNpdu).toBe(1);
    await t.close();
  });

  it("stats() nests the transport's, the port's, the table's and the role's counters", async () => {
    const port = new StubPort("[2001:db8::1]:47808");
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 }, role: { kind: "bbmd" } });
    const s = t.stats();
    expect(Object.keys(s)).toEqual(["transport", "port", "vmacTable", "bbmd"]);
    expect(Object.isFrozen(s.transport.received)).toBe(true);
    expect(s.transport.received).toHaveProperty("ForwardedNpdu", 0);
    expect(s.transport.dropped).toHaveProperty("own", 0);
    expect(s.bbmd).toHaveProperty("registrations", 0);
    expect(t.bbmd()).toEqual({ bdt: [], fdt: [] });
    expect(t.registration()).toBeUndefined();
    await t.close();
  });
});

describe("close()", () => {
  it("is idempotent (same promise), rejects what waits with CLOSED, releases timer, listeners and port hooks", async () => {
    const clock = new ManualClock();
    const port = new StubPort();
    const t = await Bip6Transport.open({ datagramPort: port, clock, vmac: { deviceInstance: 1 } });
    let closeEvents = 0;
    t.on("close", () => closeEvents++);
    const waiting = rejection(t.sendUnicast(NPDU, 1234));
    expect(clock.pendingTimers).toBe(1);
    const c1 = t.close();
    const c2 = t.close();
    expect(c1).toBe(c2);
    expect(t.closed).toBe(true);
    await c1;
    expect(await waiting).toBe("CLOSED");
    expect(clock.pendingTimers).toBe(0);
    expect(port.listenerCount).toBe(0);
    expect(closeEvents).toBe(1);
    expect(await rejection(t.sendBroadcast(WHO_IS))).toBe("CLOSED");
    expect(t.on("npdu", () => {})).toBeTypeOf("function");
    // The injected port was not the transport's to close.
    expect(port.closeCalls).toBe(0);
  });

  it("closes an injected port only when told it owns it", async () => {
    const port = new StubPort();
    const t = await Bip6Transport.open({ datagramPort: port, ownsPort: true, vmac: { deviceInstance: 1 } });
    await t.close();
    expect(port.closeCalls).toBe(1);
  });

  it("aborting the open signal later closes the transport", async () => {
    const port = new StubPort();
    const ac = new AbortController();
    const t = await Bip6Transport.open({ datagramPort: port, signal: ac.signal, vmac: { deviceInstance: 1 } });
    ac.abort();
    expect(t.closed).toBe(true);
    await t.close();
  });

  it("a foreign device hands its Delete to the port before it closes", async () => {
    const { clock, host, open } = lab();
    const bbmdHost = host("bbmd");
    const bbmd = await open(bbmdHost, { vmac: { deviceInstance: 1 }, role: { kind: "bbmd" } });
    const fd = await open(host("fd"), {
      vmac: { deviceInstance: 999 },
      role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
    });
    clock.advance(0);
    expect(bbmd.bbmd()?.fdt.map((e) => e.vmac)).toEqual([999]);
    const removed = record(bbmd, "bbmd");
    await fd.close();
    clock.advance(0);
    expect(removed).toMatchObject([["bbmd", { type: "fdt-removed", reason: "deleted", vmac: 999 }]]);
    expect(bbmd.bbmd()?.fdt).toEqual([]);
    await bbmd.close();
  });
});

describe("a foreign device across a BBMD restart", () => {
  it("its broadcast the new BBMD NAKs (0x00C0) is sent again once re-registered, and reaches the link", async () => {
    const { clock, host, open } = lab();
    const bbmdHost = host("bbmd");
    const bbmdRole = { kind: "bbmd", acceptForeignDevices: true } as const;
    let bbmd = await open(bbmdHost, { vmac: { deviceInstance: 1 }, role: bbmdRole });
    const node = await open(host("node"), { vmac: { deviceInstance: 2 } });
    const fd = await open(host("fd"), {
      vmac: { deviceInstance: 999 },
      role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
    });
    clock.advance(0);
    expect(fd.registration()?.state).toBe("registered");
    // The BBMD restarts on the same address with an empty FDT.
    await bbmd.close();
    bbmd = await open(bbmdHost, { vmac: { deviceInstance: 1 }, role: bbmdRole });
    const heard = record(node, "npdu");
    await Promise.all([fd.sendBroadcast(WHO_IS), clock.advance(0)]);
    clock.advance(0);
    expect(heard.map(([, m]) => [m.sourceVmac, bytesToHex(m.npdu), m.relayedBy?.toString()])).toEqual([
      [999, bytesToHex(WHO_IS), bbmd.localAddress.toString()],
    ]);
    expect(fd.stats().transport.broadcastResend).toMatchObject({ kept: 1, resent: 1 });
    expect(fd.stats().transport.sent.DistributeBroadcastToNetwork).toBe(2);
    await Promise.all([fd.close(), node.close(), bbmd.close()]);
  });
});

describe("a foreign device with a random VMAC", () => {
  it("registers, then probes through the BBMD; under a VMAC in use it re-picks before presenting anything else", async () => {
    const { clock, net, host, open } = lab();
    const bbmd = await open(host("bbmd"), {
      vmac: { deviceInstance: 1 },
      role: { kind: "bbmd", acceptForeignDevices: true },
    });
    const owner = await open(host("owner"), { vmac: { vmac: 0x400001 } });
    const fdHost = host("fd");
    const fromFd: string[] = [];
    net.tap((r) => {
      if (r.event === "queued" && r.from.toString().startsWith("[fd00:1::3]")) fromFd.push(bytesToHex(r.bytes));
    });
    const candidates = [0x400001, 0x400002];
    const fd = await open(fdHost, {
      vmac: { random: true },
      random: (bytes: Uint8Array) => {
        const v = candidates.shift() ?? 0x400003;
        bytes.set([(v >> 16) & 0x3f, (v >> 8) & 0xff, v & 0xff]);
      },
      role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
    });
    const got = record(owner, "npdu");
    const sent = fd.sendBroadcast(WHO_IS);
    // A misconfigured node takes the device for a BBMD: no NAK goes out under the candidate.
    const stray = net.createPort(host("stray"));
    stray.send(hexToBytes("820900090004d2003c"), fd.localAddress);
    clock.advance(0);
    clock.advance(2000);
    await sent;
    expect(fd.vmac).toBe(0x400002);
    // Register and probe under the first candidate; the owner's ACK re-picks; register and probe
    // again; only then the broadcast, under the settled VMAC.
    const register = (v: string): string => `82090009${v}003c`;
    const probe = (v: string): string => `8203000a${v}${v}`;
    expect(fromFd).toEqual([
      register("400001"),
      probe("400001"),
      register("400002"),
      probe("400002"),
      probe("400002"),
      probe("400002"),
      "820c000f400002" + bytesToHex(WHO_IS),
    ]);
    expect(got.map(([, m]) => m.sourceVmac)).toEqual([0x400002]);
    expect(fd.stats().transport.dropped.probing).toBe(1);
    await Promise.all([fd.close(), owner.close(), bbmd.close(), stray.close()]);
  });
});

describe("a foreign device whose BBMD NAKs Address-Resolution (0x0030)", () => {
  it("rejects the waiting send at once with RESOLUTION_REFUSED, not at the deadline", async () => {
    const { clock, net, host, open } = lab();
    // A BBMD that registers us but will not resolve for us.
    const bbmd = net.createPort(host("bbmd"));
    bbmd.onDatagram((bytes, from) => {
      const fn = bytes[1];
      if (fn === 0x09) bbmd.send(hexToBytes("820000090000010000"), from);
      if (fn === 0x03) bbmd.send(hexToBytes("820000090000010030"), from);
    });
    const fd = await open(host("fd"), {
      vmac: { deviceInstance: 999 },
      role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
    });
    clock.advance(0);
    const failed = record(fd, "resolution-failed");
    const sent = fd.sendUnicast(NPDU, 1234);
    const outcome = rejection(sent);
    clock.advance(0);
    expect(await outcome).toBe("RESOLUTION_REFUSED");
    expect(clock.now()).toBeLessThan(1000);
    expect(failed).toMatchObject([["resolution-failed", { vmac: 1234, resultCode: 0x30, requests: 1 }]]);
    expect(fd.stats().transport.sent.AddressResolution).toBe(1);
    await Promise.all([fd.close(), bbmd.close()]);
  });
});

describe("re-entrancy", () => {
  /** Two stub ports wired so that a send is received at once, inside the sender's call. */
  function wiredPair(): [StubPort, StubPort] {
    const a = new StubPort("[fd00:1::1]:47808");
    const b = new StubPort("[fd00:1::2]:47808");
    a.send = (bytes) => b.receive(bytes.slice(), a.localAddress, "unicast");
    b.send = (bytes) => a.receive(bytes.slice(), b.localAddress, "unicast");
    a.multicast = (bytes) => b.receive(bytes.slice(), a.localAddress, "multicast");
    b.multicast = (bytes) => a.receive(bytes.slice(), b.localAddress, "multicast");
    return [a, b];
  }

  it("calls made by listeners while another call is being made each settle exactly once", async () => {
    const [pa, pb] = wiredPair();
    const a = await Bip6Transport.open({ datagramPort: pa, vmac: { deviceInstance: 1 } });
    const b = await Bip6Transport.open({ datagramPort: pb, vmac: { deviceInstance: 2 } });
    const settledCalls: string[] = [];
    const track = (name: string, p: Promise<unknown>): void => {
      p.then(
        () => settledCalls.push(`${name} ok`),
        (e: { code: string }) => settledCalls.push(`${name} ${e.code}`),
      );
    };
    // b answers every NPDU (inside a's send), and a answers b's answer (inside b's call), twice.
    let depth = 0;
    b.on("npdu", (m) => {
      if (m.npdu[0] === 1) track(`b-reply-${depth}`, b.sendUnicast(Uint8Array.of(2), 1));
    });
    a.on("npdu", (m) => {
      if (m.npdu[0] === 2 && depth++ < 2) track(`a-again-${depth}`, a.sendUnicast(Uint8Array.of(1), 2));
    });
    // The first send resolves VMAC 2 (Address-Resolution → ACK, all inside this call).
    track("a-first", a.sendUnicast(Uint8Array.of(1), 2));
    await settle();
    expect(settledCalls.sort()).toEqual(
      ["a-first ok", "a-again-1 ok", "a-again-2 ok", "b-reply-0 ok", "b-reply-1 ok", "b-reply-2 ok"].sort(),
    );
    expect(a.stats().transport.requests.completed).toBe(3);
    expect(b.stats().transport.requests.completed).toBe(3);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("re-entrancy: an outer call settled by what a listener's call caused", () => {
  it("still resolves exactly once", async () => {
    const port = new StubPort("[fd00:1::1]:47808");
    const t = await Bip6Transport.open({ datagramPort: port, vmac: { deviceInstance: 1 } });
    const peer = Bip6Address.parse("[fd00:1::3]:47808");
    const other = Bip6Address.parse("[fd00:1::4]:47808");
    // The outer call's Address-Resolution (to the group) makes another node broadcast at once ...
    port.multicast = () => port.receive(hexToBytes("8202000f000009" + "0120ffff00ff1008"), other, "multicast");
    // ... whose delivery makes a listener resolve an address; that datagram brings, at once,
    // the ACK the outer call waits for.
    port.send = (bytes, to) => {
      if (bytes[1] === 0x06) port.receive(hexToBytes("8205000a000003000001"), peer, "unicast");
      else port.handed.push({ bytes, hex: bytesToHex(bytes), to });
    };
    let inner: Promise<unknown> | undefined;
    t.on("npdu", () => {
      inner ??= t.resolveVmac("[fd00:1::3]:47808");
    });
    const outer = t.sendUnicast(Uint8Array.of(7), 3);
    await expect(outer).resolves.toBeUndefined();
    await expect(inner).resolves.toBe(3);
    expect(port.handed.map((h) => h.hex)).toEqual(["8201000b00000100000307"]);
    expect(t.stats().transport.requests.completed).toBe(2);
    await t.close();
  });
});
