/**
 * The rules of annex-u.md §3–§5 end to end: a transport on a MemoryNetwork, driven by a plain
 * port that sends hand-made frames (bytes from annex-u.md) and records what comes back on the
 * wire, and when, on the manual clock.
 */
import type { MemoryDatagramPort } from "@bip6/bip6-socket/memory";
import { type Bip6Address, bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { Bip6Transport } from "../src/index.js";
import type { Bip6TransportOptions } from "../src/options.js";
import { lab, record } from "./helpers.js";

const WHO_IS = "0120ffff00ff1008";

interface Rig {
  t: Bip6Transport;
  /** A peer port on fd00:1::2 that speaks raw BVLL6. */
  peer: MemoryDatagramPort;
  /** What reached the peer: `at via hex`. */
  heard: string[];
  send(hex: string, to?: Bip6Address): void;
  multicast(hex: string): void;
  advance(ms: number): void;
  lab: ReturnType<typeof lab>;
}

async function rig(
  options: Partial<Bip6TransportOptions> = {},
  transportPort: { multicastLoopback?: boolean } = {},
): Promise<Rig> {
  const l = lab();
  const th = l.host("t"); // fd00:1::1
  const ph = l.host("p"); // fd00:1::2
  // The peer listens before the transport opens: it sees the first datagram (a probe, a Register).
  const peer = l.net.createPort(ph);
  const heard: string[] = [];
  peer.onDatagram((bytes, _from, via) => heard.push(`${l.clock.now()} ${via} ${bytesToHex(bytes)}`));
  const t = await Bip6Transport.open({
    datagramPort: l.net.createPort(th, transportPort),
    ownsPort: true,
    clock: l.clock,
    vmac: { deviceInstance: 5678 },
    ...options,
  });
  return {
    t,
    peer,
    heard,
    lab: l,
    send: (hex, to = t.localAddress) => peer.send(hexToBytes(hex), to),
    multicast: (hex) => peer.multicast(hexToBytes(hex)),
    advance: (ms) => l.clock.advance(ms),
  };
}

describe("node answers on the wire", () => {
  it("Address-Resolution for us → ACK to the asker", async () => {
    const r = await rig();
    r.multicast("8203000a0004d200162e");
    r.advance(0);
    expect(r.heard).toEqual(["0 unicast 8205000a00162e0004d2"]);
  });

  it("Forwarded-Address-Resolution for us (re-multicast by a BBMD) → ACK to the original source, not the BBMD", async () => {
    const r = await rig();
    const asker = r.lab.net.createPort(r.lab.host("asker"), {}); // fd00:1::3
    const got: string[] = [];
    asker.onDatagram((b, _from, via) => {
      if (via === "unicast") got.push(bytesToHex(b)); // it hears the group's FAR too
    });
    r.multicast("8204001c0004d200162e" + "fd000001000000000000000000000003bac0");
    r.advance(0);
    expect(got).toEqual(["8205000a00162e0004d2"]);
    expect(r.heard).toEqual([]);
  });

  it("Virtual-Address-Resolution → ACK, unicast to the asker", async () => {
    const r = await rig();
    r.send("820600070004d2");
    r.advance(0);
    expect(r.heard).toEqual(["0 unicast 8207000a00162e0004d2"]);
  });

  it("Register / Delete / Distribute-Broadcast at a non-BBMD → 0x0090 / 0x00A0 / 0x00C0 with our VMAC", async () => {
    const r = await rig();
    r.send("820900090004d2003c");
    r.send("820a00190004d2fd00000100000000000000000000000fbac1");
    r.send("820c000f0004d2" + WHO_IS);
    r.advance(0);
    expect(r.heard).toEqual([
      "0 unicast 8200000900162e0090",
      "0 unicast 8200000900162e00a0",
      "0 unicast 8200000900162e00c0",
    ]);
  });

  it("a unicast for another VMAC, Secure-BVLL, unknown functions and garbage: nothing delivered, nothing answered", async () => {
    const r = await rig();
    const got = record(r.t, "npdu");
    r.send("820100120004d2000001" + WHO_IS);
    r.send("820b0006abcd");
    r.send("820d0005ff");
    r.send("8203");
    r.advance(0);
    expect(got).toEqual([]);
    expect(r.heard).toEqual([]);
    expect(r.t.stats().transport.dropped).toMatchObject({
      "not-for-me": 1,
      "secure-bvll": 1,
      "unknown-function": 1,
      malformed: 1,
    });
  });

  it("a confirmed request by broadcast is discarded; an unconfirmed one is delivered", async () => {
    const r = await rig();
    const got = record(r.t, "npdu");
    r.multicast("82020013" + "0004d2" + "0104" + "0005010c0c00000001");
    r.multicast("8202000f0004d2" + WHO_IS);
    r.advance(0);
    expect(got.map(([, m]) => bytesToHex(m.npdu))).toEqual([WHO_IS]);
  });

  it("our own multicast coming back is dropped by its source address", async () => {
    const r = await rig({}, { multicastLoopback: true });
    // Another port on our host gets our multicasts too (loopback), and so do we.
    const got = record(r.t, "npdu");
    await r.t.sendBroadcast(hexToBytes(WHO_IS));
    r.advance(0);
    expect(got).toEqual([]);
    expect(r.t.stats().transport.dropped.own).toBe(1);
    expect(r.heard).toEqual([`0 multicast 8202000f00162e${WHO_IS}`]);
  });

  it("a relayed link-local original source: delivered, reported, not learned", async () => {
    const r = await rig();
    const events = record(r.t, "unreachable-source", "npdu");
    r.multicast("820800210004d2fe800000000000000000000000000009bac0" + WHO_IS);
    r.advance(0);
    expect(events.map(([name]) => name)).toEqual(["unreachable-source", "npdu"]);
    expect(r.t.peers()).toEqual([]);
  });
});

describe("egress on the wire", () => {
  it("unknown VMAC: Address-Resolution to the group at 0, 500, 1500, 3500 ms, RESOLUTION_TIMEOUT at 5000", async () => {
    const r = await rig();
    const outcome = r.t.sendUnicast(hexToBytes("01"), 1234).catch((e: { code: string }) => e.code);
    r.advance(6000);
    expect(r.heard).toEqual([0, 500, 1500, 3500].map((ms) => `${ms} multicast 8203000a00162e0004d2`));
    expect(await outcome).toBe("RESOLUTION_TIMEOUT");
  });

  it("the ACK releases the queued NPDU at once, to the address that answered", async () => {
    const r = await rig();
    const sent = r.t.sendUnicast(hexToBytes("01020304"), 1234);
    r.advance(0);
    r.send("8205000a0004d200162e");
    r.advance(0);
    await sent;
    expect(r.heard).toEqual(["0 multicast 8203000a00162e0004d2", "0 unicast 8201000e00162e0004d201020304"]);
  });

  it('"[ipv6]:port": Virtual-Address-Resolution, retried, then Original-Unicast-NPDU with the VMAC learned', async () => {
    const r = await rig();
    const sent = r.t.sendUnicast(hexToBytes("01"), "[fd00:1::2]:47808");
    r.advance(500);
    r.send("8207000a00004200162e");
    r.advance(0);
    await sent;
    expect(r.heard).toEqual([
      "0 unicast 8206000700162e",
      "500 unicast 8206000700162e",
      "500 unicast 8201000b00162e00004201",
    ]);
  });

  it("queue caps reject at once with QUEUE_FULL; the rest still resolve or time out", async () => {
    const r = await rig({ resolution: { maxPending: 3, maxPendingPerVmac: 2 } });
    const outcomes = [1234, 1234, 1234, 99, 98].map((v) =>
      r.t.sendUnicast(hexToBytes("01"), v).then(
        () => "ok",
        (e: { code: string }) => e.code,
      ),
    );
    r.advance(0);
    r.send("8205000a0004d200162e");
    r.advance(6000);
    expect(await Promise.all(outcomes)).toEqual(["ok", "ok", "QUEUE_FULL", "RESOLUTION_TIMEOUT", "QUEUE_FULL"]);
  });
});

describe("VMAC on the wire", () => {
  it("a random VMAC is probed three times, 300 ms apart, before anything is sent with it", async () => {
    const r = await rig({
      vmac: undefined,
      random: (b) => {
        b[0] = 0x12;
        b[1] = 0x34;
        b[2] = 0x56;
      },
    });
    const sent = r.t.sendBroadcast(hexToBytes(WHO_IS));
    r.advance(1000);
    await sent;
    expect(r.heard).toEqual([
      "0 multicast 8203000a523456523456",
      "300 multicast 8203000a523456523456",
      "600 multicast 8203000a523456523456",
      `900 multicast 8202000f523456${WHO_IS}`,
    ]);
  });
});

describe("foreign device against a BBMD that is a raw port", () => {
  async function fdRig(): Promise<Rig> {
    return rig({
      vmac: { deviceInstance: 999 },
      role: { kind: "foreign-device", bbmd: "[fd00:1::2]:47808", timeToLive: 60 },
    });
  }

  it("registers, and a refusal with bac-py's 0x0050 is reported with its code; retries go on", async () => {
    const r = await fdRig();
    const events = record(r.t, "registration", "unknown-result");
    r.advance(0);
    r.send("820000090000010050");
    r.advance(1000);
    expect(r.heard).toEqual(["0 unicast 820900090003e7003c", "1000 unicast 820900090003e7003c"]);
    expect(
      events.map(([n, e]) => `${n} ${"type" in e ? e.type : ""} ${"resultCode" in e ? e.resultCode : ""}`),
    ).toEqual(["unknown-result  80", "registration refused 80"]);
  });

  it("a Distribute-Broadcast NAK while registered re-registers at once; close sends the Delete", async () => {
    const r = await fdRig();
    r.advance(0);
    r.send("820000090000010000");
    r.advance(0);
    await r.t.sendBroadcast(hexToBytes(WHO_IS));
    r.send("8200000900000100c0");
    r.advance(0);
    await r.t.close();
    r.advance(0);
    expect(r.heard).toEqual([
      "0 unicast 820900090003e7003c",
      `0 unicast 820c000f0003e7${WHO_IS}`,
      "0 unicast 820900090003e7003c",
      "0 unicast 820a00190003e7fd000001000000000000000000000001bac0",
    ]);
  });
});
