import { Bip6Address, type Via } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type CoreAction, type CoreOutput, TransportCore } from "../src/index.js";
import { addr, coreConfig, hex, kinds, wire } from "./helpers.js";

const ME = 5678; // 00162e
const PEER = addr("[fd00:1::7]:47808");
const BBMD = addr("[fd00:9::1]:47808");
const NPDU = hex("01040203");

function node(overrides: Parameters<typeof coreConfig>[0] = {}): TransportCore {
  const core = new TransportCore(coreConfig({ vmac: { mode: "instance", value: ME }, ...overrides }));
  core.start(0);
  return core;
}

function rx(core: TransportCore, bytes: string, from: Bip6Address, via: Via, now: number): CoreOutput {
  return core.receive(hex(bytes), from, via, now);
}

function settled(out: CoreOutput): Array<[number, string]> {
  const r: Array<[number, string]> = [];
  for (const a of out.actions) {
    if (a.type === "fail") r.push([a.request, a.error.code]);
    else if (a.type === "complete") r.push([a.request, "complete"]);
    else if (a.type === "resolved") r.push([a.request, `resolved ${a.vmac}`]);
    else if ((a.type === "send" || a.type === "multicast" || a.type === "fan-out") && a.request !== undefined)
      r.push([a.request, "sent"]);
  }
  return r;
}

function eventsOf(out: CoreOutput, name: string): unknown[] {
  return out.actions.flatMap((a: CoreAction) => (a.type === "event" && a.event.name === name ? [a.event.payload] : []));
}

describe("egress: unicast to a known VMAC", () => {
  it("sends Original-Unicast-NPDU straight to the table's address, completing the call", () => {
    const core = node();
    rx(core, "8202000f0004d20120ffff00ff1008", PEER, "multicast", 0);
    const out = core.sendUnicast(1, NPDU, 1234, 1);
    expect(wire(out)).toEqual(["[fd00:1::7]:47808 8201000e00162e0004d201040203"]);
    expect(settled(out)).toEqual([[1, "sent"]]);
  });
});

describe("egress: address resolution for an unknown VMAC", () => {
  it("as a node: Address-Resolution to the group, the NPDU queued, sent when the ACK arrives", () => {
    const core = node();
    const first = core.sendUnicast(1, NPDU, 1234, 0);
    expect(wire(first)).toEqual(["group 8203000a00162e0004d2"]);
    expect(settled(first)).toEqual([]);
    expect(core.pending).toBe(1);
    const ack = rx(core, "8205000a0004d200162e", PEER, "unicast", 40);
    expect(wire(ack)).toEqual(["[fd00:1::7]:47808 8201000e00162e0004d201040203"]);
    expect(settled(ack)).toEqual([[1, "sent"]]);
    expect(core.pending).toBe(0);
    expect(core.counters.resolution).toMatchObject({ started: 1, resolved: 1, retries: 0 });
  });

  it("copies a queued NPDU: the caller may reuse its buffer at once", () => {
    const core = node();
    const buffer = hex("01040203");
    core.sendUnicast(1, buffer, 1234, 0);
    buffer.fill(0xee);
    expect(wire(rx(core, "8205000a0004d200162e", PEER, "unicast", 1))).toEqual([
      "[fd00:1::7]:47808 8201000e00162e0004d201040203",
    ]);
  });

  it("any traffic that teaches the VMAC releases the queue, not only the ACK", () => {
    const core = node();
    core.sendUnicast(1, NPDU, 1234, 0);
    const out = rx(core, "8202000f0004d20120ffff00ff1008", PEER, "multicast", 5);
    expect(settled(out)).toEqual([[1, "sent"]]);
  });

  it("as a foreign device: Address-Resolution to the BBMD by unicast", () => {
    const core = node({
      role: {
        kind: "foreign-device",
        foreignDevice: { bbmd: BBMD, address: addr("[fd00:1::1]:47808"), timeToLive: 60 },
        beforeRegistration: "queue",
      },
    });
    expect(wire(core.sendUnicast(1, NPDU, 1234, 0))).toEqual(["[fd00:9::1]:47808 8203000a00162e0004d2"]);
  });

  it("as a BBMD: Bbmd.resolve (the group, and Forwarded-Address-Resolution to every peer)", () => {
    const self = addr("[fd00:1::1]:47808");
    const core = node({ role: { kind: "bbmd", bbmd: { address: self, bdt: [BBMD] } } });
    expect(wire(core.sendUnicast(1, NPDU, 1234, 0))).toEqual([
      "group 8203000a00162e0004d2",
      "[fd00:9::1]:47808 8204001c00162e0004d2fd000001000000000000000000000001bac0",
    ]);
  });

  it("retries with backoff (0, 500, 1500, 3500 ms), then rejects at the deadline with RESOLUTION_TIMEOUT", () => {
    const core = node();
    core.sendUnicast(1, NPDU, 1234, 0);
    const times: number[] = [];
    let final: CoreOutput | undefined;
    for (let t = 1; t <= 6000; t++) {
      const out = core.tick(t);
      if (wire(out).length > 0) times.push(t);
      if (settled(out).length > 0) final = out;
      if (final !== undefined) break;
    }
    expect(times).toEqual([500, 1500, 3500]);
    expect(final === undefined ? [] : settled(final)).toEqual([[1, "RESOLUTION_TIMEOUT"]]);
    expect(final === undefined ? [] : eventsOf(final, "resolution-failed")).toEqual([
      { kind: "address-resolution", vmac: 1234, attempts: 4, requests: 1, at: 5000 },
    ]);
    expect(core.counters.resolution).toMatchObject({ started: 1, retries: 3, failed: 1, pending: 0 });
    expect(core.wakeAt).toBeUndefined();
  });

  it("wakeAt names the next retry, so one timer suffices", () => {
    const core = node();
    expect(core.sendUnicast(1, NPDU, 1234, 0).wakeAt).toBe(500);
    expect(core.tick(500).wakeAt).toBe(1500);
  });

  it("a second send for the same VMAC joins the resolution under way (one Address-Resolution)", () => {
    const core = node();
    core.sendUnicast(1, NPDU, 1234, 0);
    expect(wire(core.sendUnicast(2, NPDU, 1234, 10))).toEqual([]);
    expect(settled(rx(core, "8205000a0004d200162e", PEER, "unicast", 20))).toEqual([
      [1, "sent"],
      [2, "sent"],
    ]);
  });

  it("caps the queue per VMAC and in total (QUEUE_FULL, nothing else changes)", () => {
    const core = node({
      resolution: {
        maxPending: 5,
        maxPendingPerVmac: 2,
        timeoutMs: 5000,
        retry: { initialMs: 500, factor: 2, maxMs: 2000 },
      },
    });
    const results = [
      core.sendUnicast(1, NPDU, 1, 0),
      core.sendUnicast(2, NPDU, 1, 0),
      core.sendUnicast(3, NPDU, 1, 0),
      core.sendUnicast(4, NPDU, 2, 0),
      core.sendUnicast(5, NPDU, 3, 0),
      core.sendUnicast(6, NPDU, 4, 0),
      core.sendUnicast(7, NPDU, 5, 0),
    ].flatMap(settled);
    expect(results).toEqual([
      [3, "QUEUE_FULL"],
      [7, "QUEUE_FULL"],
    ]);
    expect(core.pending).toBe(5);
  });

  it("a node whose port cannot multicast (loopback) rejects an unknown VMAC with NO_MULTICAST", () => {
    const core = node({ multicastAvailable: false });
    expect(settled(core.sendUnicast(1, NPDU, 1234, 0))).toEqual([[1, "NO_MULTICAST"]]);
    expect(core.pending).toBe(0);
  });
});

describe("egress: addressing a peer by [ipv6]:port (Virtual-Address-Resolution)", () => {
  it("asks the address its VMAC by unicast, then sends Original-Unicast-NPDU there with that VMAC", () => {
    const core = node();
    const target = addr("[fd00:1::20]:47809");
    const first = core.sendUnicast(1, NPDU, target, 0);
    expect(wire(first)).toEqual(["[fd00:1::20]:47809 8206000700162e"]);
    const ack = rx(core, "8207000a00004200162e", target, "unicast", 3);
    expect(wire(ack)).toEqual(["[fd00:1::20]:47809 8201000e00162e00004201040203"]);
    expect(core.table.lookup(0x42, 3)?.toString()).toBe(target.toString());
    // Known now: the next send needs no resolution.
    expect(wire(core.sendUnicast(2, NPDU, target, 4))).toEqual(["[fd00:1::20]:47809 8201000e00162e00004201040203"]);
  });

  it("resolveVmac answers from the table, or by Virtual-Address-Resolution with retries and a deadline", () => {
    const core = node();
    const target = addr("[fd00:1::20]:47808");
    expect(wire(core.resolveVmac(1, target, 0))).toEqual(["[fd00:1::20]:47808 8206000700162e"]);
    expect(wire(core.tick(500))).toEqual(["[fd00:1::20]:47808 8206000700162e"]);
    expect(settled(rx(core, "8207000a00004200162e", target, "unicast", 600))).toEqual([[1, "resolved 66"]]);
    expect(settled(core.resolveVmac(2, target, 700))).toEqual([[2, "resolved 66"]]);
    const lost = addr("[fd00:1::21]:47808");
    core.resolveVmac(3, lost, 1000);
    const end = core.tick(6000);
    expect(settled(end)).toEqual([[3, "RESOLUTION_TIMEOUT"]]);
    expect(eventsOf(end, "resolution-failed")).toMatchObject([{ kind: "virtual-address-resolution", address: lost }]);
  });
});

describe("egress: typed rejections of bad calls", () => {
  it("NPDU_TOO_LONG, INVALID_NPDU, INVALID_DESTINATION; nothing sent, nothing queued", () => {
    const core = node();
    const out = [
      core.sendUnicast(1, new Uint8Array(1498), 1234, 0),
      core.sendUnicast(2, [1, 2] as unknown as Uint8Array, 1234, 0),
      core.sendUnicast(3, NPDU, 0x1000000, 0),
      core.sendUnicast(4, NPDU, ME, 0),
      core.sendUnicast(5, NPDU, addr("[ff02::bac0]:47808"), 0),
      core.sendUnicast(6, NPDU, addr("[fd00:1::1]:47808"), 0),
      core.sendUnicast(7, NPDU, addr("[::ffff:192.0.2.1]:47808"), 0),
      core.sendBroadcast(8, new Uint8Array(1498), 0),
      core.resolveVmac(9, addr("[::]:47808"), 0),
    ];
    expect(out.flatMap(settled)).toEqual([
      [1, "NPDU_TOO_LONG"],
      [2, "INVALID_NPDU"],
      [3, "INVALID_DESTINATION"],
      [4, "INVALID_DESTINATION"],
      [5, "INVALID_DESTINATION"],
      [6, "INVALID_DESTINATION"],
      [7, "INVALID_DESTINATION"],
      [8, "NPDU_TOO_LONG"],
      [9, "INVALID_DESTINATION"],
    ]);
    expect(out.flatMap(wire)).toEqual([]);
    expect(core.pending).toBe(0);
  });

  it("a 1497-octet NPDU is fine", () => {
    expect(settled(node().sendBroadcast(1, new Uint8Array(1497), 0))).toEqual([[1, "sent"]]);
  });
});

describe("egress: broadcasts", () => {
  it("as a node: Original-Broadcast-NPDU to the group", () => {
    const out = node().sendBroadcast(1, NPDU, 0);
    expect(wire(out)).toEqual(["group 820200" + "0b00162e01040203"]);
    expect(settled(out)).toEqual([[1, "sent"]]);
  });

  it("as a node without multicast: NO_MULTICAST", () => {
    expect(settled(node({ multicastAvailable: false }).sendBroadcast(1, NPDU, 0))).toEqual([[1, "NO_MULTICAST"]]);
  });

  it("as a BBMD: the group and Forwarded-NPDU to every peer, one shared frame; the last datagram completes the call", () => {
    const self = addr("[fd00:1::1]:47808");
    const peer2 = addr("[fd00:8::1]:47808");
    const core = node({ role: { kind: "bbmd", bbmd: { address: self, bdt: [BBMD, peer2] } } });
    const out = core.sendBroadcast(1, NPDU, 0);
    expect(kinds(out)).toEqual(["multicast", "send", "send"]);
    const [, s1, s2] = out.actions as Array<Extract<CoreAction, { type: "send" }>>;
    expect(s1?.frame).toBe(s2?.frame);
    expect(settled(out)).toEqual([[1, "sent"]]);
    expect(wire(out)[1]).toBe("[fd00:9::1]:47808 8208001d00162efd000001000000000000000000000001bac001040203");
  });

  it("as a BBMD with nobody to reach (no group, no peers, no devices): completed at once", () => {
    const self = addr("[fd00:1::1]:47808");
    const core = node({ role: { kind: "bbmd", bbmd: { address: self, multicastLocal: false } } });
    expect(kinds(core.sendBroadcast(1, NPDU, 0))).toEqual(["complete"]);
  });
});

describe("close", () => {
  it("fails every waiting call with CLOSED, and every later call too", () => {
    const core = node();
    core.sendUnicast(1, NPDU, 1234, 0);
    core.resolveVmac(2, addr("[fd00:1::20]:47808"), 0);
    const out = core.close(10);
    expect(settled(out)).toEqual([
      [1, "CLOSED"],
      [2, "CLOSED"],
    ]);
    expect(out.wakeAt).toBeUndefined();
    expect(settled(core.sendUnicast(3, NPDU, 1234, 11))).toEqual([[3, "CLOSED"]]);
    expect(settled(core.sendBroadcast(4, NPDU, 11))).toEqual([[4, "CLOSED"]]);
    expect(core.close(12).actions).toEqual([]);
  });

  it("time never runs backwards inside", () => {
    const core = node();
    core.sendUnicast(1, NPDU, 1234, 1000);
    expect(core.tick(0).wakeAt).toBe(1500);
    expect(() => core.tick(Number.NaN)).toThrow(/finite/);
  });
});

describe("static peers", () => {
  it("a learned entry is used for every send until it expires (table TTL)", () => {
    const core = node({ vmacTable: { ttlMs: 10_000 } });
    rx(core, "8202000f0004d20120ffff00ff1008", Bip6Address.parse("[fd00:1::7]:47808"), "multicast", 0);
    expect(wire(core.sendUnicast(1, NPDU, 1234, 9_999))).toHaveLength(1);
    expect(wire(core.sendUnicast(2, NPDU, 1234, 10_000))).toEqual(["group 8203000a00162e0004d2"]);
  });
});
