import { Bip6Address, type Via } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type CoreAction, type CoreOutput, TransportCore } from "../src/index.js";
import { addr, coreConfig, hex, wire } from "./helpers.js";

// We are VMAC 5678 (00162e) at [fd00:1::1]:47808 (link-local fe80::1%eth0); the asker in the
// annex-u.md examples is VMAC 1234 (0004d2).
const ME = 5678;
const ASKER = addr("[fd00:1::7]:47808");
const BBMD = addr("[fd00:9::1]:47808");

function node(overrides: Parameters<typeof coreConfig>[0] = {}): TransportCore {
  const core = new TransportCore(coreConfig({ vmac: { mode: "instance", value: ME }, ...overrides }));
  core.start(0);
  return core;
}

function rx(core: TransportCore, bytes: string, from: Bip6Address = ASKER, via: Via = "unicast", now = 0): CoreOutput {
  return core.receive(hex(bytes), from, via, now);
}

function delivered(out: CoreOutput): Array<Extract<CoreAction, { type: "deliver" }>["message"]> {
  return out.actions.flatMap((a) => (a.type === "deliver" ? [a.message] : []));
}

function events(out: CoreOutput, name: string): unknown[] {
  return out.actions.flatMap((a) => (a.type === "event" && a.event.name === name ? [a.event.payload] : []));
}

const WHO_IS = "0120ffff00ff1008"; // routed Who-Is (DNET 0xffff, hop count 255)
const CONFIRMED = "0104" + "0005010c0c00000001" + "19" + "55"; // expecting-reply ReadProperty request, type 0

describe("ingress step 1: decode", () => {
  it("drops each malformed datagram, counted by its decode code, and answers nothing", () => {
    const core = node();
    const cases: Record<string, string> = {
      TRUNCATED_HEADER: "8203",
      WRONG_BVLC_TYPE: "810a0004",
      LENGTH_MISMATCH: "8206000b0004d2",
      TOO_SHORT: "820300070004d2",
      TOO_LONG: "8206000a0004d2000000",
    };
    for (const bytes of Object.values(cases)) expect(rx(core, bytes).actions).toEqual([]);
    const c = core.counters;
    expect(c.malformed).toEqual({
      TRUNCATED_HEADER: 1,
      WRONG_BVLC_TYPE: 1,
      LENGTH_MISMATCH: 1,
      TOO_SHORT: 1,
      TOO_LONG: 1,
    });
    expect(c.dropped.malformed).toBe(5);
  });
});

describe("ingress step 2: own datagrams, by source address", () => {
  it("drops a datagram from our own unicast address even with another VMAC", () => {
    const core = node();
    // A Virtual-Address-Resolution would be answered if it came from anyone else.
    expect(rx(core, "820600070004d2", addr("[fd00:1::1]:47808")).actions).toEqual([]);
    expect(core.counters.dropped.own).toBe(1);
  });

  it("drops one from every other address of our interface with our port (link-local included)", () => {
    const core = node();
    expect(rx(core, "820600070004d2", addr("[fe80::1%eth0]:47808")).actions).toEqual([]);
    expect(core.counters.dropped.own).toBe(1);
    // Same host, another port: somebody else.
    expect(wire(rx(core, "820600070004d2", addr("[fd00:1::1]:47809")))).toEqual([
      "[fd00:1::1]:47809 820700" + "0a00162e0004d2",
    ]);
  });

  it("drops a relayed frame whose original source is one of our addresses", () => {
    const core = node();
    const fwd = "82080021" + "00162e" + "fd000001000000000000000000000001bac0" + WHO_IS;
    expect(delivered(rx(core, fwd, BBMD, "multicast"))).toEqual([]);
    expect(core.counters.dropped["own-relayed"]).toBe(1);
  });
});

describe("ingress step 3: provenance (who may send which function, and how)", () => {
  const cases: Array<[string, string, Via, string]> = [
    ["Original-Broadcast-NPDU by unicast", "8202000f0004d2" + WHO_IS, "unicast", "multicast-only"],
    ["Original-Unicast-NPDU on the group", "820100120004d200162e" + WHO_IS, "multicast", "unicast-only"],
    [
      "Virtual-Address-Resolution on the group (every node would answer)",
      "820600070004d2",
      "multicast",
      "unicast-only",
    ],
    ["Register-Foreign-Device on the group", "820900090004d2003c", "multicast", "unicast-only"],
    [
      "Delete-FDT-Entry on the group",
      "820a00190004d2fd000001000000000000000000000007bac0",
      "multicast",
      "unicast-only",
    ],
    ["Distribute-Broadcast on the group", "820c000f0004d2" + WHO_IS, "multicast", "unicast-only"],
    ["BVLC-Result on the group", "820000090004d20000", "multicast", "unicast-only"],
    ["Address-Resolution-ACK on the group", "8205000a0004d200162e", "multicast", "unicast-only"],
    ["Virtual-Address-Resolution-ACK on the group", "8207000a0004d200162e", "multicast", "unicast-only"],
    [
      "Forwarded-NPDU by unicast at a plain node",
      "820800210004d2fd00000000000000000000000000000abac0" + WHO_IS,
      "unicast",
      "relay-not-trusted",
    ],
    [
      "Forwarded-Address-Resolution by unicast at a plain node",
      "8204001c0004d200162efd00000000000000000000000000000abac0",
      "unicast",
      "relay-not-trusted",
    ],
    ["Secure-BVLL", "820b0006abcd", "unicast", "secure-bvll"],
    ["an unknown function", "820d0005ff", "unicast", "unknown-function"],
  ];
  for (const [name, bytes, via, reason] of cases) {
    it(`drops ${name} (${reason}), answering and learning nothing`, () => {
      const core = node();
      expect(rx(core, bytes, ASKER, via).actions).toEqual([]);
      expect(core.counters.dropped[reason as "own"]).toBe(1);
      expect(core.table.size).toBe(0);
    });
  }

  it("a foreign device takes relays only from its BBMD, by unicast", () => {
    const core = node({
      role: {
        kind: "foreign-device",
        foreignDevice: { bbmd: BBMD, address: addr("[fd00:1::1]:47808"), timeToLive: 60 },
        beforeRegistration: "queue",
      },
    });
    const fwd = "820800210004d2fd00000000000000000000000000000abac0" + WHO_IS;
    expect(delivered(rx(core, fwd, addr("[fd00:9::2]:47808")))).toEqual([]);
    expect(delivered(rx(core, fwd, BBMD, "multicast"))).toEqual([]);
    expect(core.counters.dropped["relay-not-trusted"]).toBe(2);
    expect(delivered(rx(core, fwd, BBMD)).map((m) => m.source.toString())).toEqual(["[fd00::a]:47808"]);
  });

  it("a BBMD takes relays only from BDT peers", () => {
    const self = addr("[fd00:1::1]:47808");
    const core = node({ role: { kind: "bbmd", bbmd: { address: self, bdt: [BBMD], multicastLocal: true } } });
    const fwd = "820800210004d2fd00000000000000000000000000000abac0" + WHO_IS;
    expect(delivered(rx(core, fwd, ASKER))).toEqual([]);
    expect(core.counters.dropped["relay-not-trusted"]).toBe(1);
    const out = rx(core, fwd, BBMD);
    expect(delivered(out).map((m) => [m.source.toString(), m.relayedBy?.toString()])).toEqual([
      ["[fd00::a]:47808", "[fd00:9::1]:47808"],
    ]);
    // Re-multicast unchanged to the local link (original source kept).
    expect(wire(out)).toEqual(["group 820800210004d2fd00000000000000000000000000000abac0" + WHO_IS]);
  });
});

describe("ingress step 4: VMAC learning", () => {
  it("learns the sender of a direct frame", () => {
    const core = node();
    rx(core, "8202000f0004d2" + WHO_IS, ASKER, "multicast");
    expect(core.table.lookup(1234, 0)?.toString()).toBe(ASKER.toString());
  });

  it("learns the original source of a Forwarded-NPDU, never the relaying BBMD", () => {
    const core = node();
    const out = rx(core, "820800210004d2fd00000000000000000000000000000abac0" + WHO_IS, BBMD, "multicast");
    expect(core.table.lookup(1234, 0)?.toString()).toBe("[fd00::a]:47808");
    expect(core.table.lookupVmac(BBMD, 0)).toBeUndefined();
    expect(delivered(out)).toEqual([
      {
        npdu: hex(WHO_IS),
        sourceVmac: 1234,
        source: addr("[fd00::a]:47808"),
        broadcast: true,
        via: "multicast",
        relayedBy: BBMD,
      },
    ]);
  });

  it("learns the original source of a Forwarded-Address-Resolution", () => {
    const core = node();
    rx(core, "8204001c0004d200162efd00000000000000000000000000000abac0", BBMD, "multicast");
    expect(core.table.lookup(1234, 0)?.toString()).toBe("[fd00::a]:47808");
  });

  it("a relayed link-local original source is unreachable: counted, reported, delivered, never learned", () => {
    const core = node();
    const out = rx(core, "820800210004d2fe800000000000000000000000000009bac0" + WHO_IS, BBMD, "multicast");
    expect(core.table.size).toBe(0);
    expect(core.counters.unreachableSources).toBe(1);
    expect(events(out, "unreachable-source")).toEqual([
      { source: addr("[fe80::9]:47808"), sourceVmac: 1234, relayedBy: BBMD, frame: "ForwardedNpdu", at: 0 },
    ]);
    expect(delivered(out)).toHaveLength(1);
  });

  it("a Forwarded-Address-Resolution for us from a link-local original source gets no ACK out of our interface", () => {
    const core = node();
    const out = rx(core, "8204001c0004d200162efe800000000000000000000000000009bac0", BBMD, "multicast");
    expect(wire(out)).toEqual([]);
    expect(core.counters.dropped["unreachable-asker"]).toBe(1);
    expect(core.table.size).toBe(0);
  });

  it("refuses a relayed original source that names no node (multicast, ::, port 0, IPv4-mapped)", () => {
    const core = node();
    for (const os of [
      "ff020000000000000000000000000001bac0",
      "00000000000000000000000000000000bac0",
      "fd00000000000000000000000000000a0000",
      "00000000000000000000ffffc0000207bac0",
    ]) {
      expect(delivered(rx(core, "820800210004d2" + os + WHO_IS, BBMD, "multicast"))).toEqual([]);
    }
    expect(core.counters.dropped["invalid-original-source"]).toBe(4);
    expect(core.table.size).toBe(0);
  });

  it("reports a learned peer, and a peer that moved to a new port (and follows it)", () => {
    const core = node();
    const first = rx(core, "8202000f0004d2" + WHO_IS, ASKER, "multicast", 10);
    expect(events(first, "peer")).toEqual([{ change: "learned", vmac: 1234, address: ASKER, at: 10 }]);
    const moved = ASKER.withPort(47809);
    const second = rx(core, "8202000f0004d2" + WHO_IS, moved, "multicast", 20);
    expect(events(second, "peer")).toEqual([{ change: "moved", vmac: 1234, address: moved, previous: ASKER, at: 20 }]);
    const send = core.sendUnicast(1, hex("01"), 1234, 30);
    expect(wire(send)).toEqual(["[fd00:1::7]:47809 820100" + "0b00162e0004d201"]);
  });

  it("refreshes an entry on traffic, so it outlives the table TTL while the peer talks", () => {
    const core = node({ vmacTable: { ttlMs: 1000 } });
    rx(core, "8202000f0004d2" + WHO_IS, ASKER, "multicast", 0);
    rx(core, "8202000f0004d2" + WHO_IS, ASKER, "multicast", 900);
    expect(core.table.lookup(1234, 1800)?.toString()).toBe(ASKER.toString());
    expect(core.table.lookup(1234, 1900)).toBeUndefined();
  });
});

describe("node answers (annex-u.md §3, bytes from its examples)", () => {
  it("Address-Resolution for us: ACK (source us, destination the asker) to the asker", () => {
    const out = rx(node(), "8203000a0004d200162e", ASKER, "multicast");
    expect(wire(out)).toEqual(["[fd00:1::7]:47808 8205000a00162e0004d2"]);
  });

  it("Address-Resolution for another VMAC: learned, not answered", () => {
    const core = node();
    expect(wire(rx(core, "8203000a0004d2000001", ASKER, "multicast"))).toEqual([]);
    expect(core.table.size).toBe(1);
  });

  it("Forwarded-Address-Resolution for us: ACK to the original source inside it, not the BBMD", () => {
    const out = rx(node(), "8204001c0004d200162efd00000000000000000000000000000abac0", BBMD, "multicast");
    expect(wire(out)).toEqual(["[fd00::a]:47808 8205000a00162e0004d2"]);
  });

  it("Virtual-Address-Resolution: ACK by unicast to the asker", () => {
    expect(wire(rx(node(), "820600070004d2"))).toEqual(["[fd00:1::7]:47808 8207000a00162e0004d2"]);
  });

  it("Register / Delete / Distribute-Broadcast at a non-BBMD: 0x0090 / 0x00A0 / 0x00C0 with our VMAC", () => {
    const core = node();
    expect(wire(rx(core, "820900090004d2003c"))).toEqual(["[fd00:1::7]:47808 8200000900162e0090"]);
    expect(wire(rx(core, "820a00190004d2fd00000100000000000000000000000fbac1"))).toEqual([
      "[fd00:1::7]:47808 8200000900162e00a0",
    ]);
    expect(wire(rx(core, "820c000f0004d2" + WHO_IS))).toEqual(["[fd00:1::7]:47808 8200000900162e00c0"]);
  });

  it("delivers an Original-Unicast-NPDU for us, drops one for another VMAC", () => {
    const core = node();
    const mine = rx(core, "820100120004d200162e" + WHO_IS);
    expect(delivered(mine)).toEqual([
      { npdu: hex(WHO_IS), sourceVmac: 1234, source: ASKER, broadcast: false, via: "unicast" },
    ]);
    expect(delivered(rx(core, "820100120004d2000001" + WHO_IS))).toEqual([]);
    expect(core.counters.dropped["not-for-me"]).toBe(1);
    expect(core.counters.delivered).toEqual({ unicast: 1, broadcast: 0 });
  });

  it("discards a confirmed-request APDU that arrived by broadcast, delivers it by unicast", () => {
    const core = node();
    const len = (n: string): string => (n.length / 2 + 7).toString(16).padStart(4, "0");
    expect(delivered(rx(core, `8202${len(CONFIRMED)}0004d2${CONFIRMED}`, ASKER, "multicast"))).toEqual([]);
    expect(core.counters.dropped["confirmed-request-broadcast"]).toBe(1);
    const ulen = (CONFIRMED.length / 2 + 10).toString(16).padStart(4, "0");
    expect(delivered(rx(core, `8201${ulen}0004d200162e${CONFIRMED}`))).toHaveLength(1);
    // Unconfirmed (Who-Is) and network-layer messages by broadcast are delivered.
    expect(delivered(rx(core, "8202000f0004d2" + WHO_IS, ASKER, "multicast"))).toHaveLength(1);
    expect(delivered(rx(core, "8202000a0004d2018000", ASKER, "multicast"))).toHaveLength(1);
  });

  it("reports a BVLC-Result code Annex U does not define, with its sender", () => {
    const core = node();
    const out = rx(core, "820000090004d20050");
    expect(events(out, "unknown-result")).toEqual([{ resultCode: 0x50, from: ASKER, sourceVmac: 1234, at: 0 }]);
    expect(core.counters.unknownResults).toBe(1);
    // A defined code nobody asked for is only counted.
    expect(events(rx(core, "820000090004d20000"), "unknown-result")).toEqual([]);
    expect(core.counters.dropped["unexpected-result"]).toBe(2);
  });

  it("an Address-Resolution-ACK for another VMAC is not ours: dropped before learning", () => {
    const core = node();
    expect(rx(core, "8205000a0004d2000001").actions).toEqual([]);
    expect(core.counters.dropped["not-for-me"]).toBe(1);
    expect(core.table.size).toBe(0);
  });
});

describe("bounded work per stranger's datagram", () => {
  it("no single datagram yields more than one datagram from a node", () => {
    const core = node();
    const frames = [
      "8203000a0004d200162e",
      "8204001c0004d200162efd00000000000000000000000000000abac0",
      "820600070004d2",
      "820900090004d2003c",
      "820a00190004d2fd00000100000000000000000000000fbac1",
      "820c000f0004d2" + WHO_IS,
      "8202000f0004d2" + WHO_IS,
      "820000090004d20050",
    ];
    for (const f of frames) {
      for (const via of ["unicast", "multicast"] as const) {
        expect(wire(rx(core, f, BBMD, via)).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it("a flood of new VMACs stays within the table's cap", () => {
    const core = node({ vmacTable: { capacity: 64 } });
    for (let i = 0; i < 1000; i++) {
      const from = Bip6Address.fromIp(`fd00:1::${(i + 16).toString(16)}`, 47808);
      const vmac = (0x100 + i).toString(16).padStart(6, "0");
      rx(core, `8202000f${vmac}${WHO_IS}`, from, "multicast");
    }
    expect(core.table.size).toBe(64);
    expect(core.table.stats().evictions).toBe(1000 - 64);
  });
});
