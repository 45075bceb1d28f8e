import type { Bip6Address } from "@bip6/bvll6-codec";
import { formatVmac, type Via } from "@bip6/bvll6-codec";
import type { RandomSource } from "@bip6/vmac-cache";
import { describe, expect, it } from "vitest";
import { type CoreAction, type CoreOutput, TransportCore } from "../src/index.js";
import { addr, coreConfig, hex, wire } from "./helpers.js";

const OTHER = addr("[fd00:1::7]:47808");
const BBMD = addr("[fd00:9::1]:47808");
const NPDU = hex("01040203");

/** A random source that yields the given random VMACs in turn (0x400000 | 22 bits). */
function vmacs(...values: number[]): RandomSource {
  let i = 0;
  return (bytes) => {
    const v = values[Math.min(i++, values.length - 1)] as number;
    bytes[0] = (v >> 16) & 0x3f;
    bytes[1] = (v >> 8) & 0xff;
    bytes[2] = v & 0xff;
  };
}

function randomNode(overrides: Parameters<typeof coreConfig>[0] = {}): { core: TransportCore; started: CoreOutput } {
  const core = new TransportCore(
    coreConfig({
      vmac: { mode: "random", value: undefined },
      random: vmacs(0x400001, 0x400002, 0x400003),
      ...overrides,
    }),
  );
  return { core, started: core.start(0) };
}

/** A foreign device of BBMD (queueing before registration) with the given random VMACs in turn; not started. */
function randomForeignDevice(...values: number[]): TransportCore {
  return new TransportCore(
    coreConfig({
      vmac: { mode: "random", value: undefined },
      random: vmacs(...values),
      role: {
        kind: "foreign-device",
        foreignDevice: { bbmd: BBMD, address: addr("[fd00:1::1]:47808"), timeToLive: 60 },
        beforeRegistration: "queue",
      },
    }),
  );
}

function rx(core: TransportCore, bytes: string, from: Bip6Address, via: Via, now: number): CoreOutput {
  return core.receive(hex(bytes), from, via, now);
}

/** Ticks at every wake-up up to `until`, as the shell's timer would; returns every output. */
function runUntil(core: TransportCore, until: number): CoreOutput[] {
  const outs: CoreOutput[] = [];
  for (let w = core.wakeAt; w !== undefined && w <= until; w = core.wakeAt) outs.push(core.tick(w));
  return outs;
}

function named(out: CoreOutput, name: string): unknown[] {
  return out.actions.flatMap((a: CoreAction) => (a.type === "event" && a.event.name === name ? [a.event.payload] : []));
}

function settled(out: CoreOutput): Array<[number, string]> {
  return out.actions.flatMap((a): Array<[number, string]> => {
    if (a.type === "fail") return [[a.request, a.error.code]];
    if ((a.type === "send" || a.type === "multicast" || a.type === "fan-out") && a.request !== undefined)
      return [[a.request, "sent"]];
    return [];
  });
}

describe("VMAC from the device instance (H.7.2)", () => {
  it("is the instance itself, used at once (no probe)", () => {
    const core = new TransportCore(coreConfig({ vmac: { mode: "instance", value: 4194303 } }));
    expect(wire(core.start(0))).toEqual([]);
    expect(core.vmac).toBe(4194303);
    expect(core.probing).toBe(false);
  });
});

describe("random VMAC: the duplicate probe (H.7.2, annex-u.md §1)", () => {
  it("picks 0x400000-0x7FFFFF and asks for it three times, 300 ms apart (source = target = the candidate)", () => {
    const { core, started } = randomNode();
    expect(core.vmac).toBe(0x400001);
    const probe = "group 8203000a" + "400001" + "400001";
    expect(wire(started)).toEqual([probe]);
    expect(wire(core.tick(299))).toEqual([]);
    expect(wire(core.tick(300))).toEqual([probe]);
    expect(wire(core.tick(600))).toEqual([probe]);
    expect(core.probing).toBe(true);
    expect(core.tick(899).wakeAt).toBe(900);
    expect(core.probing).toBe(true);
    core.tick(900);
    expect(core.probing).toBe(false);
    expect(core.counters.vmac.probesSent).toBe(3);
  });

  it("holds sends while probing and releases them, in order, once the VMAC is taken", () => {
    const { core } = randomNode();
    rx(core, "8202000f0004d20120ffff00ff1008", OTHER, "multicast", 10); // teaches 1234
    expect(wire(core.sendUnicast(1, NPDU, 1234, 20))).toEqual([]);
    expect(wire(core.sendBroadcast(2, NPDU, 30))).toEqual([]);
    expect(core.pending).toBe(2);
    const outs = runUntil(core, 900);
    const out = outs[outs.length - 1] as CoreOutput;
    expect(wire(out)).toEqual(["[fd00:1::7]:47808 8201000e4000010004d201040203", "group 8202000b40000101040203"]);
    expect(settled(out)).toEqual([
      [1, "sent"],
      [2, "sent"],
    ]);
  });

  it("answers nothing with the candidate while probing (it is not ours yet)", () => {
    const { core } = randomNode();
    expect(wire(rx(core, "820600070004d2", OTHER, "unicast", 10))).toEqual([]);
    expect(wire(rx(core, "8203000a0004d2400001", OTHER, "multicast", 10))).toEqual([]);
  });

  it("an answer to the probe makes it pick another candidate and probe that one", () => {
    const { core } = randomNode();
    const out = rx(core, "8205000a400001400001", OTHER, "unicast", 100);
    expect(named(out, "vmac-collision")).toEqual([
      { vmac: 0x400001, from: OTHER, frame: "AddressResolutionAck", action: "probe", at: 100 },
    ]);
    expect(named(out, "vmac-changed")).toEqual([
      { previous: 0x400001, vmac: 0x400002, reason: "probe-answered", at: 100 },
    ]);
    expect(wire(out)).toEqual(["group 8203000a400002400002"]);
    expect(core.vmac).toBe(0x400002);
    runUntil(core, 999);
    expect(core.probing).toBe(true);
    runUntil(core, 1000);
    expect(core.probing).toBe(false);
  });

  it("any frame carrying the candidate from elsewhere counts as an answer", () => {
    const { core } = randomNode();
    rx(core, "8202000f4000010120ffff00ff1008", OTHER, "multicast", 50);
    expect(core.vmac).toBe(0x400002);
  });

  it("NAKs nothing with the candidate while probing: Register / Delete / Distribute-Broadcast dropped (probing)", () => {
    const { core } = randomNode();
    expect(wire(rx(core, "820900090004d2003c", OTHER, "unicast", 10))).toEqual([]);
    expect(wire(rx(core, "820a00190004d2fd000001000000000000000000000007bac0", OTHER, "unicast", 10))).toEqual([]);
    expect(wire(rx(core, "820c000f0004d20120ffff00ff1008", OTHER, "unicast", 10))).toEqual([]);
    expect(core.counters.dropped.probing).toBe(3);
    runUntil(core, 900);
    // Settled: the same request gets the node's NAK with its VMAC.
    expect(wire(rx(core, "820900090004d2003c", OTHER, "unicast", 910))).toEqual([
      "[fd00:1::7]:47808 820000094000010090",
    ]);
  });

  it("a random VMAC on a port without multicast cannot be probed: taken as is", () => {
    const { core, started } = randomNode({ multicastAvailable: false });
    expect(wire(started)).toEqual([]);
    expect(core.probing).toBe(false);
  });

  it("a foreign device sends nothing but its Register under the candidate before the probe, then only the probe", () => {
    // Register first: a BBMD relays a unicast Address-Resolution only from a registered foreign
    // device (annex-u.md §4), so an unregistered device's probe would reach nobody.
    const core = randomForeignDevice(0x400001);
    const lines = [...wire(core.start(0))];
    lines.push(...wire(core.sendBroadcast(1, NPDU, 1)), ...wire(core.sendUnicast(2, NPDU, 1234, 1)));
    lines.push(...wire(core.resolveVmac(3, OTHER, 1)));
    for (const frame of ["820900090004d2003c", "820c000b0004d201040203", "820600070004d2"]) {
      lines.push(...wire(rx(core, frame, OTHER, "unicast", 2)));
    }
    lines.push(...wire(rx(core, "820000090000010000", BBMD, "unicast", 10)));
    for (const out of runUntil(core, 909)) lines.push(...wire(out));
    expect(lines).toEqual([
      "[fd00:9::1]:47808 82090009400001003c",
      "[fd00:9::1]:47808 8203000a400001400001",
      "[fd00:9::1]:47808 8203000a400001400001",
      "[fd00:9::1]:47808 8203000a400001400001",
    ]);
    expect(core.counters.dropped.probing).toBe(2);
    // Settled: the held calls go, in order (1234 was learned at OTHER from its frames meanwhile).
    const go = core.tick(910);
    expect(core.probing).toBe(false);
    expect(wire(go)).toEqual([
      "[fd00:9::1]:47808 820c000b40000101040203",
      "[fd00:1::7]:47808 8201000e4000010004d201040203",
    ]);
    expect(go.actions.filter((a) => a.type === "resolved")).toEqual([{ type: "resolved", request: 3, vmac: 1234 }]);
  });

  it("a broadcast the BBMD NAKed waits for a re-picked VMAC's probe before it is resent", () => {
    const core = randomForeignDevice(0x400001, 0x400002);
    core.start(0);
    rx(core, "820000090000010000", BBMD, "unicast", 10);
    runUntil(core, 910);
    expect(wire(core.sendBroadcast(1, NPDU, 1000))).toEqual(["[fd00:9::1]:47808 820c000b40000101040203"]);
    rx(core, "8200000900000100c0", BBMD, "unicast", 1010); // the BBMD restarted: re-register
    // Meanwhile another node turns up with our VMAC: re-pick, register under the new one.
    expect(wire(rx(core, "8205000a400001400001", OTHER, "unicast", 1020))).toEqual([
      "[fd00:9::1]:47808 82090009400002003c",
    ]);
    const ok = rx(core, "820000090000010000", BBMD, "unicast", 1030);
    expect(wire(ok)).toEqual(["[fd00:9::1]:47808 8203000a400002400002"]); // the probe, not the broadcast
    const later = runUntil(core, 1930).flatMap((o) => wire(o));
    expect(later.slice(-1)).toEqual(["[fd00:9::1]:47808 820c000b40000201040203"]);
    expect(core.counters.broadcastResend).toMatchObject({ kept: 1, resent: 1 });
  });

  it("a broadcast waiting behind a re-picked VMAC's probe survives another loss of the registration", () => {
    const core = randomForeignDevice(0x400001, 0x400002);
    core.start(0);
    rx(core, "820000090000010000", BBMD, "unicast", 10);
    runUntil(core, 910);
    core.sendBroadcast(1, NPDU, 1000);
    rx(core, "8200000900000100c0", BBMD, "unicast", 1010);
    rx(core, "8205000a400001400001", OTHER, "unicast", 1020); // re-pick 0x400002
    rx(core, "820000090000010000", BBMD, "unicast", 1030); // registered; probing
    // The BBMD restarts again while the new VMAC is probed: register again, keep the broadcast.
    expect(wire(rx(core, "8200000900000100c0", BBMD, "unicast", 1040))).toEqual([
      "[fd00:9::1]:47808 82090009400002003c",
    ]);
    rx(core, "820000090000010000", BBMD, "unicast", 1050);
    const later = runUntil(core, 2000).flatMap((o) => wire(o));
    expect(later.filter((l) => l.includes(" 820c"))).toEqual(["[fd00:9::1]:47808 820c000b40000201040203"]);
    expect(core.counters.broadcastResend).toMatchObject({ resent: 1, dropped: { refused: 0, deadline: 0 } });
  });

  it("a foreign device probes through its BBMD once registered", () => {
    const core = randomForeignDevice(0x400001);
    expect(wire(core.start(0))).toEqual(["[fd00:9::1]:47808 82090009400001003c"]);
    expect(core.probing).toBe(true);
    const ok = rx(core, "820000090000010000", BBMD, "unicast", 10);
    expect(wire(ok)).toEqual(["[fd00:9::1]:47808 8203000a400001400001"]);
    runUntil(core, 909);
    expect(core.probing).toBe(true);
    runUntil(core, 910);
    expect(core.probing).toBe(false);
  });
});

describe("VMAC collisions at run time", () => {
  it("a random VMAC re-picks and re-probes when another address uses it", () => {
    const { core } = randomNode();
    runUntil(core, 900);
    expect(core.probing).toBe(false);
    const out = rx(core, "8202000f4000010120ffff00ff1008", OTHER, "multicast", 2000);
    expect(named(out, "vmac-collision")).toEqual([
      { vmac: 0x400001, from: OTHER, frame: "OriginalBroadcastNpdu", action: "repick", at: 2000 },
    ]);
    expect(named(out, "vmac-changed")).toEqual([{ previous: 0x400001, vmac: 0x400002, reason: "collision", at: 2000 }]);
    expect(wire(out)).toEqual(["group 8203000a400002400002"]);
    expect(core.probing).toBe(true);
    expect(core.table.lookup(0x400001, 2000)).toBeUndefined(); // our old VMAC is not learned as theirs
    expect(core.counters.vmac).toMatchObject({ collisions: 1, changes: 1 });
  });

  it("an instance VMAC only reports (and the frame is dropped, nothing learned)", () => {
    const core = new TransportCore(coreConfig({ vmac: { mode: "instance", value: 1234 } }));
    core.start(0);
    const out = rx(core, "8202000f0004d20120ffff00ff1008", OTHER, "multicast", 5);
    expect(named(out, "vmac-collision")).toEqual([
      { vmac: 1234, from: OTHER, frame: "OriginalBroadcastNpdu", action: "report", at: 5 },
    ]);
    expect(named(out, "vmac-changed")).toEqual([]);
    expect(out.actions.some((a) => a.type === "deliver")).toBe(false);
    expect(core.vmac).toBe(1234);
    expect(core.counters.dropped["vmac-collision"]).toBe(1);
  });

  it("a relayed frame with our VMAC from another original source is a collision too", () => {
    const core = new TransportCore(coreConfig({ vmac: { mode: "fixed", value: 1234 } }));
    core.start(0);
    const out = rx(core, "820800210004d2fd00000000000000000000000000000abac00120ffff00ff1008", BBMD, "multicast", 5);
    expect(named(out, "vmac-collision")).toMatchObject([{ from: addr("[fd00::a]:47808"), action: "report" }]);
  });

  it("a BBMD with a random VMAC reports, never re-picks (its registrations know it by it)", () => {
    const self = addr("[fd00:1::1]:47808");
    const core = new TransportCore(
      coreConfig({
        vmac: { mode: "random", value: undefined },
        random: vmacs(0x400001, 0x400002),
        role: { kind: "bbmd", bbmd: { address: self } },
      }),
    );
    core.start(0);
    runUntil(core, 900);
    const out = rx(core, "8202000f4000010120ffff00ff1008", OTHER, "multicast", 1000);
    expect(named(out, "vmac-collision")).toMatchObject([{ action: "report" }]);
    expect(core.vmac).toBe(0x400001);
  });

  it("another node's probe for our VMAC is answered (we defend it), not a collision", () => {
    const core = new TransportCore(coreConfig({ vmac: { mode: "instance", value: 1234 } }));
    core.start(0);
    const out = rx(core, "8203000a0004d20004d2", OTHER, "multicast", 5);
    expect(wire(out)).toEqual(["[fd00:1::7]:47808 8205000a0004d20004d2"]);
    expect(named(out, "vmac-collision")).toEqual([]);
    expect(core.counters.vmac.probesAnswered).toBe(1);
    expect(core.table.size).toBe(0);
  });

  it("a foreign device with a random VMAC re-registers with the new one after a collision", () => {
    const core = randomForeignDevice(0x400001, 0x400002);
    core.start(0);
    rx(core, "820000090000010000", BBMD, "unicast", 10);
    const out = rx(core, "8205000a400001400001", OTHER, "unicast", 20);
    expect(wire(out)).toEqual(["[fd00:9::1]:47808 82090009400002003c"]);
    expect(formatVmac(core.vmac)).toBe("400002");
  });
});
