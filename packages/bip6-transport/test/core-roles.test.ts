import { Bip6Address, type Via } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type CoreAction, type CoreOutput, TransportCore } from "../src/index.js";
import { addr, coreConfig, hex, kinds, wire } from "./helpers.js";

const ME = 999; // 0003e7
const SELF = addr("[fd00:1::1]:47808");
const BBMD = addr("[fd00:9::1]:47808");
const PEER = addr("[fd00:9::7]:47808");
const WHO_IS = "0120ffff00ff1008";

function foreignDevice(beforeRegistration: "queue" | "fail" = "queue", timeoutMs = 5000): TransportCore {
  return new TransportCore(
    coreConfig({
      vmac: { mode: "instance", value: ME },
      role: {
        kind: "foreign-device",
        foreignDevice: { bbmd: BBMD, address: SELF, timeToLive: 60 },
        beforeRegistration,
      },
      resolution: {
        maxPending: 256,
        maxPendingPerVmac: 16,
        timeoutMs,
        retry: { initialMs: 500, factor: 2, maxMs: 2000 },
      },
    }),
  );
}

function rx(core: TransportCore, bytes: string, from: Bip6Address, now: number, via: Via = "unicast"): CoreOutput {
  return core.receive(hex(bytes), from, via, now);
}

function named(out: CoreOutput, name: string): unknown[] {
  return out.actions.flatMap((a: CoreAction) => (a.type === "event" && a.event.name === name ? [a.event.payload] : []));
}

function settled(out: CoreOutput): Array<[number, string]> {
  return out.actions.flatMap((a): Array<[number, string]> => {
    if (a.type === "fail") return [[a.request, a.error.code]];
    if (a.type === "complete") return [[a.request, "complete"]];
    if ((a.type === "send" || a.type === "multicast" || a.type === "fan-out") && a.request !== undefined)
      return [[a.request, "sent"]];
    return [];
  });
}

describe("foreign device (annex-u.md §5)", () => {
  it("registers on start: Register-Foreign-Device (VMAC 999, TTL 60) to the BBMD", () => {
    const core = foreignDevice();
    expect(wire(core.start(0))).toEqual(["[fd00:9::1]:47808 820900090003e7003c"]);
    expect(core.registration()).toMatchObject({ state: "registering", bbmd: BBMD, timeToLive: 60 });
  });

  it("any non-success Result from the BBMD while registering is a refusal with its code (bac-py's 0x0050)", () => {
    const core = foreignDevice();
    core.start(0);
    const out = rx(core, "820000090000010050", BBMD, 10);
    expect(named(out, "registration")).toEqual([{ type: "refused", resultCode: 0x50, at: 10, retryAt: 1000 }]);
    expect(named(out, "unknown-result")).toEqual([{ resultCode: 0x50, from: BBMD, sourceVmac: 1, at: 10 }]);
    expect(core.registration()?.lastRefusal).toEqual({ resultCode: 0x50, at: 10 });
    // The retry stands: a new Register at 1 s.
    expect(wire(core.tick(1000))).toEqual(["[fd00:9::1]:47808 820900090003e7003c"]);
  });

  it("a standard 0x0090 is the state machine's own refusal, reported once", () => {
    const core = foreignDevice();
    core.start(0);
    const out = rx(core, "820000090000010090", BBMD, 10);
    expect(named(out, "registration")).toEqual([
      { type: "state", from: "registering", to: "refused", reason: "nak", at: 10 },
      { type: "refused", resultCode: 0x90, at: 10, retryAt: 1000 },
    ]);
  });

  it("a Result from anyone but the BBMD moves nothing", () => {
    const core = foreignDevice();
    core.start(0);
    expect(named(rx(core, "820000090000010000", PEER, 10), "registration")).toEqual([]);
    expect(core.registration()?.state).toBe("registering");
  });

  it("holds broadcasts until registered, then sends them as Distribute-Broadcast-To-Network", () => {
    const core = foreignDevice();
    core.start(0);
    expect(wire(core.sendBroadcast(1, hex(WHO_IS), 5))).toEqual([]);
    expect(core.registration()?.queuedBroadcasts).toBe(1);
    const ok = rx(core, "820000090000010000", BBMD, 20);
    expect(kinds(ok)).toEqual(["event:peer", "event:registration", "event:registration", "send"]);
    expect(wire(ok)).toEqual(["[fd00:9::1]:47808 820c000f0003e7" + WHO_IS]);
    expect(settled(ok)).toEqual([[1, "sent"]]);
    // Registered: straight to the BBMD, never to the group.
    expect(wire(core.sendBroadcast(2, hex(WHO_IS), 30))).toEqual(["[fd00:9::1]:47808 820c000f0003e7" + WHO_IS]);
  });

  it("beforeRegistration: fail rejects a broadcast before registration with NOT_REGISTERED", () => {
    const core = foreignDevice("fail");
    core.start(0);
    expect(settled(core.sendBroadcast(1, hex(WHO_IS), 5))).toEqual([[1, "NOT_REGISTERED"]]);
  });

  it("a held broadcast rejects with NOT_REGISTERED at its deadline", () => {
    const core = foreignDevice("queue", 3000);
    core.start(0);
    core.sendBroadcast(1, hex(WHO_IS), 0);
    const outs: CoreOutput[] = [];
    for (let w = core.wakeAt; w !== undefined && w <= 3000; w = core.wakeAt) outs.push(core.tick(w));
    expect(outs.flatMap(settled)).toEqual([[1, "NOT_REGISTERED"]]);
  });

  it("a Distribute-Broadcast NAK while registered re-registers at once", () => {
    const core = foreignDevice();
    core.start(0);
    rx(core, "820000090000010000", BBMD, 10);
    const out = rx(core, "8200000900000100c0", BBMD, 500);
    expect(wire(out)).toEqual(["[fd00:9::1]:47808 820900090003e7003c"]);
    expect(named(out, "registration")).toEqual([
      { type: "state", from: "registered", to: "registering", reason: "distribute-broadcast-nak", at: 500 },
    ]);
  });

  describe("broadcasts the BBMD NAKs (0x00C0: it lost us) are sent again once re-registered", () => {
    const OK = "820000090000010000";
    const DBTN_NAK = "8200000900000100c0";
    const REGISTER = "[fd00:9::1]:47808 820900090003e7003c";
    const npdu = (i: number): string => "0120ffff00ff10" + i.toString(16).padStart(2, "0");
    const dbtn = (i: number): string => "[fd00:9::1]:47808 820c000f0003e7" + npdu(i);
    function registered(timeoutMs = 5000): TransportCore {
      const core = foreignDevice("queue", timeoutMs);
      core.start(0);
      rx(core, OK, BBMD, 10);
      return core;
    }

    it("only the NAKed ones, oldest first, before what was held meanwhile", () => {
      const core = registered();
      expect(wire(core.sendBroadcast(1, hex(npdu(1)), 100))).toEqual([dbtn(1)]);
      // The BBMD restarts: the next two are NAKed, in order.
      expect(wire(core.sendBroadcast(2, hex(npdu(2)), 200))).toEqual([dbtn(2)]);
      expect(wire(core.sendBroadcast(3, hex(npdu(3)), 201))).toEqual([dbtn(3)]);
      expect(wire(rx(core, DBTN_NAK, BBMD, 210))).toEqual([REGISTER]);
      // The second NAK is an echo of the same loss, not a refusal of the new Register.
      const echo = rx(core, DBTN_NAK, BBMD, 211);
      expect(wire(echo)).toEqual([]);
      expect(named(echo, "registration")).toEqual([]);
      expect(wire(core.sendBroadcast(4, hex(npdu(4)), 215))).toEqual([]); // held: not registered
      const ok = rx(core, OK, BBMD, 220);
      expect(wire(ok)).toEqual([dbtn(2), dbtn(3), dbtn(4)]);
      expect(settled(ok)).toEqual([[4, "sent"]]);
      expect(core.counters.broadcastResend).toEqual({
        kept: 2,
        resent: 2,
        dropped: { cap: 0, refused: 0, deadline: 0, closed: 0 },
      });
      // Done: a later renewal resends nothing.
      expect(wire(rx(core, OK, BBMD, 30_000))).toEqual([]);
    });

    it(`keeps the 8 most recent; more NAKs than that are dropped as "cap"`, () => {
      const core = registered();
      for (let i = 1; i <= 10; i++) core.sendBroadcast(i, hex(npdu(i)), 100 + i);
      for (let i = 1; i <= 10; i++) rx(core, DBTN_NAK, BBMD, 200 + i);
      const ok = rx(core, OK, BBMD, 300);
      expect(wire(ok)).toEqual([3, 4, 5, 6, 7, 8, 9, 10].map(dbtn));
      expect(core.counters.broadcastResend).toMatchObject({ kept: 8, resent: 8, dropped: { cap: 2 } });
    });

    it(`a refused re-registration drops them ("refused"): the next confirmation sends nothing old`, () => {
      const core = registered();
      core.sendBroadcast(1, hex(npdu(1)), 100);
      rx(core, DBTN_NAK, BBMD, 110);
      rx(core, "820000090000010090", BBMD, 120);
      expect(wire(core.tick(core.wakeAt ?? 0))).toEqual([REGISTER]);
      expect(wire(rx(core, OK, BBMD, 2000))).toEqual([]);
      expect(core.counters.broadcastResend).toMatchObject({ kept: 1, resent: 0, dropped: { refused: 1 } });
    });

    it(`still unconfirmed at resolution.timeoutMs after the NAK: dropped ("deadline")`, () => {
      const core = registered(3000);
      core.sendBroadcast(1, hex(npdu(1)), 100);
      rx(core, DBTN_NAK, BBMD, 110);
      for (let w = core.wakeAt; w !== undefined && w <= 3110; w = core.wakeAt) core.tick(w);
      expect(core.counters.broadcastResend.dropped.deadline).toBe(1);
      expect(wire(rx(core, OK, BBMD, 3200))).toEqual([]);
    });

    it(`closing before the confirmation drops them ("closed")`, () => {
      const core = registered();
      core.sendBroadcast(1, hex(npdu(1)), 100);
      rx(core, DBTN_NAK, BBMD, 110);
      core.close(120);
      expect(core.counters.broadcastResend).toMatchObject({ kept: 1, resent: 0, dropped: { closed: 1 } });
    });
  });

  describe("BVLC-Result NAKs that answer a waiting resolution", () => {
    it("0x0030 from its BBMD fails every waiting Address-Resolution at once with RESOLUTION_REFUSED", () => {
      const core = foreignDevice();
      core.start(0);
      rx(core, "820000090000010000", BBMD, 10);
      expect(wire(core.sendUnicast(1, hex("01"), 1234, 20))).toEqual(["[fd00:9::1]:47808 8203000a0003e70004d2"]);
      core.sendUnicast(2, hex("01"), 1234, 21);
      core.sendUnicast(3, hex("01"), 5678, 22);
      const out = rx(core, "820000090000010030", BBMD, 30);
      expect(settled(out)).toEqual([
        [1, "RESOLUTION_REFUSED"],
        [2, "RESOLUTION_REFUSED"],
        [3, "RESOLUTION_REFUSED"],
      ]);
      const fail = out.actions.find((a) => a.type === "fail");
      expect(fail?.type === "fail" ? fail.error.message : "").toBe(
        "the BBMD [fd00:9::1]:47808 answered the Address-Resolution for VMAC 0004d2 with BVLC-Result NAK 0x0030",
      );
      expect(named(out, "resolution-failed")).toEqual([
        { kind: "address-resolution", vmac: 1234, attempts: 1, requests: 2, resultCode: 0x30, at: 30 },
        { kind: "address-resolution", vmac: 5678, attempts: 1, requests: 1, resultCode: 0x30, at: 30 },
      ]);
      expect(core.counters.resolution).toMatchObject({ refused: 2, pending: 0 });
      expect(core.counters.dropped["unexpected-result"]).toBe(0);
      // Nothing is retried afterwards.
      expect(wire(core.tick(10_000))).toEqual([]);
    });

    it("0x0030 from anyone else, or with nothing waiting, is only counted", () => {
      const core = foreignDevice();
      core.start(0);
      rx(core, "820000090000010000", BBMD, 10);
      rx(core, "820000090000010030", BBMD, 15);
      core.sendUnicast(1, hex("01"), 1234, 20);
      expect(settled(rx(core, "820000090000070030", PEER, 30))).toEqual([]);
      expect(core.counters.dropped["unexpected-result"]).toBe(2);
      expect(core.pending).toBe(1);
    });

    it("0x0030 from the node being resolved (the C stack's answer) carries its VMAC: the send goes to it", () => {
      const core = new TransportCore(coreConfig());
      core.start(0);
      expect(wire(core.sendUnicast(1, hex("01"), 5678, 0))).toEqual(["group 8203000a0004d200162e"]);
      const out = rx(core, "8200000900162e0030", PEER, 10);
      expect(wire(out)).toEqual(["[fd00:9::7]:47808 8201000b0004d200162e01"]);
      expect(settled(out)).toEqual([[1, "sent"]]);
    });
  });

  it("delivers a Forwarded-NPDU from its BBMD with the original source, and the BBMD as relay", () => {
    const core = foreignDevice();
    core.start(0);
    rx(core, "820000090000010000", BBMD, 10);
    const out = rx(core, "820800210004d2fd00000000000000000000000000000abac0" + WHO_IS, BBMD, 20);
    expect(out.actions.filter((a) => a.type === "deliver")).toEqual([
      {
        type: "deliver",
        message: {
          npdu: hex(WHO_IS),
          sourceVmac: 1234,
          source: addr("[fd00::a]:47808"),
          broadcast: true,
          via: "unicast",
          relayedBy: BBMD,
        },
      },
    ]);
    expect(core.table.lookup(1234, 20)?.toString()).toBe("[fd00::a]:47808");
  });

  it("answers a Forwarded-Address-Resolution from its BBMD to the original source", () => {
    const core = foreignDevice();
    core.start(0);
    const out = rx(core, "8204001c0004d20003e7fd00000000000000000000000000000abac0", BBMD, 20);
    expect(wire(out)).toEqual(["[fd00::a]:47808 8205000a0003e70004d2"]);
  });

  it("ignores the local group's broadcasts while registered", () => {
    const core = foreignDevice();
    core.start(0);
    rx(core, "820000090000010000", BBMD, 10);
    const out = rx(core, "8202000f0004d2" + WHO_IS, PEER, 20, "multicast");
    expect(out.actions.some((a) => a.type === "deliver")).toBe(false);
    expect(core.counters.dropped["local-broadcast-while-registered"]).toBe(1);
  });

  it("close sends Delete-Foreign-Device-Table-Entry (own VMAC, own address) first, then fails what waits", () => {
    const core = foreignDevice();
    core.start(0);
    core.sendBroadcast(1, hex(WHO_IS), 5);
    const out = core.close(10);
    expect(wire(out)).toEqual(["[fd00:9::1]:47808 820a00190003e7fd000001000000000000000000000001bac0"]);
    expect(kinds(out)).toEqual(["event:registration", "send", "fail"]);
    expect(settled(out)).toEqual([[1, "CLOSED"]]);
  });
});

describe("BBMD (annex-u.md §4) through the core", () => {
  function bbmd(): TransportCore {
    const core = new TransportCore(
      coreConfig({
        vmac: { mode: "instance", value: 1 },
        role: { kind: "bbmd", bbmd: { address: SELF, bdt: [BBMD] } },
      }),
    );
    core.start(0);
    return core;
  }
  const FD = addr("[fd00:5::f]:47808");

  it("accepts a registration (consumed by the BBMD, not NAKed by the node rules) and reports it", () => {
    const core = bbmd();
    const out = rx(core, "820900090003e7003c", FD, 0);
    expect(wire(out)).toEqual(["[fd00:5::f]:47808 820000090000010000"]);
    expect(named(out, "bbmd")).toMatchObject([{ type: "fdt-added", address: FD, vmac: 999, timeToLive: 60 }]);
    expect(core.bbmdSnapshot(0)?.fdt.map((e) => e.address.toString())).toEqual(["[fd00:5::f]:47808"]);
  });

  it("delivers a registered device's Distribute-Broadcast and fans it out as Forwarded-NPDU", () => {
    const core = bbmd();
    rx(core, "820900090003e7003c", FD, 0);
    const out = rx(core, "820c000f0003e7" + WHO_IS, FD, 10);
    expect(kinds(out)).toEqual(["deliver", "multicast", "send"]);
    const forwarded = "820800210003e7fd00000500000000000000000000000fbac0" + WHO_IS;
    expect(wire(out)).toEqual([`group ${forwarded}`, `[fd00:9::1]:47808 ${forwarded}`]);
    const d = out.actions[0];
    expect(
      d?.type === "deliver" ? [d.message.source.toString(), d.message.broadcast, d.message.relayedBy] : [],
    ).toEqual(["[fd00:5::f]:47808", true, undefined]);
  });

  it("a stranger's unicast costs at most one answer: no fan-out of its Address-Resolution or broadcast", () => {
    const core = bbmd();
    for (let i = 0; i < 5; i++) rx(core, "820900090003e7003c", Bip6Address.parse(`[fd00:5::${i + 1}]:47808`), 0);
    const stranger = addr("[2001:db8:bad::1]:47808");
    expect(wire(rx(core, "8203000a0004d20004d3", stranger, 1))).toEqual([]);
    expect(wire(rx(core, "8202000f0004d2" + WHO_IS, stranger, 1))).toEqual([]);
    expect(wire(rx(core, "8203000a0004d2000001", stranger, 1))).toEqual([
      "[2001:db8:bad::1]:47808 8205000a0000010004d2",
    ]);
    expect(core.counters.dropped).toMatchObject({ "not-from-local-link": 1, "multicast-only": 1 });
  });

  it("its own broadcast to many is one fan-out action over the BBMD's sends, carrying the call", () => {
    const core = bbmd();
    for (let i = 0; i < 4; i++) rx(core, "820900090003e7003c", Bip6Address.parse(`[fd00:5::${i + 1}]:47808`), 0);
    const out = core.sendBroadcast(7, hex(WHO_IS), 10);
    expect(kinds(out)).toEqual(["multicast", "fan-out"]);
    const fan = out.actions[1];
    expect(fan?.type === "fan-out" ? [fan.destinations.length, fan.request] : []).toEqual([5, 7]);
    expect(wire(out)[1]).toBe("[fd00:9::1]:47808 820800210000" + "01fd000001000000000000000000000001bac0" + WHO_IS);
  });

  it("reports an expired registration at the wake-up it asked for", () => {
    const core = bbmd();
    const out = rx(core, "820900090003e7003c", FD, 0);
    expect(out.wakeAt).toBe(90_000);
    expect(named(core.tick(90_000), "bbmd")).toMatchObject([{ type: "fdt-removed", reason: "expired" }]);
  });

  it("with multicastLocal off (a BBMD alone, e.g. on ::1) resolves through its foreign devices", () => {
    const core = new TransportCore(
      coreConfig({
        vmac: { mode: "instance", value: 1 },
        role: { kind: "bbmd", bbmd: { address: SELF, multicastLocal: false } },
      }),
    );
    core.start(0);
    rx(core, "820900090003e7003c", FD, 0);
    expect(wire(core.sendUnicast(1, hex("01"), 1234, 1))).toEqual([
      "[fd00:5::f]:47808 8204001c0000010004d2fd000001000000000000000000000001bac0",
    ]);
  });
});
