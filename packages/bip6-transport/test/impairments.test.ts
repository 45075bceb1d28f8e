import { hexToBytes } from "@bip6/bvll6-codec";
import type { RandomSource } from "@bip6/vmac-cache";
import { describe, expect, it } from "vitest";
import { lab, record, settle } from "./helpers.js";

const WHO_IS = hexToBytes("0120ffff00ff1008");

/** Random VMACs in turn: `first`, then distinct ones derived from `salt`. */
function vmacs(first: number, salt: number): RandomSource {
  let n = 0;
  return (bytes) => {
    const v = n++ === 0 ? first : 0x400000 + salt * 0x100 + n;
    bytes[0] = (v >> 16) & 0x3f;
    bytes[1] = (v >> 8) & 0xff;
    bytes[2] = v & 0xff;
  };
}

describe("on a lossy, duplicating, reordering link (seeded, so every run is the same)", () => {
  it("address resolution retries through 40% loss", async () => {
    const { clock, net, host, open } = lab({ seed: 3 });
    net.setImpairments("lan", { loss: 0.4 });
    const a = await open(host("a"), { vmac: { deviceInstance: 1 }, resolution: { timeoutMs: 10_000 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      a.sendUnicast(Uint8Array.of(1, i), 2).then(
        () => results.push("ok"),
        (e: { code: string }) => results.push(e.code),
      );
      clock.advance(10);
    }
    clock.advance(10_000);
    await settle();
    expect(results).toHaveLength(10);
    expect(results.every((r) => r === "ok")).toBe(true);
    expect(a.stats().transport.resolution.retries).toBeGreaterThan(0);
    expect(net.stats().lost).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  });

  it("duplicated datagrams: each call settles once, duplicate ACKs change nothing, NPDUs are not deduplicated", async () => {
    const { clock, net, host, open } = lab({ seed: 5 });
    net.setImpairments("lan", { duplicate: 1 });
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const got = record(b, "npdu");
    let settledCount = 0;
    void a.sendUnicast(Uint8Array.of(7), 2).then(() => settledCount++);
    clock.advance(0);
    await settle();
    expect(settledCount).toBe(1);
    // Two Address-Resolutions arrive, each answered, each answer doubled: four ACKs, one send.
    expect(a.stats().transport.received.AddressResolutionAck).toBe(4);
    expect(a.stats().transport.sent.OriginalUnicastNpdu).toBe(1);
    // The datalink delivers what the wire carries; duplicate suppression is the application's.
    expect(got).toHaveLength(2);
    await Promise.all([a.close(), b.close()]);
  });

  it("reordered datagrams all arrive, and replies still find their peer", async () => {
    const { clock, net, host, open } = lab({ seed: 11 });
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    await Promise.all([a.resolveVmac(b.localAddress), clock.advance(0)]);
    net.setImpairments("lan", { reorder: 0.7 });
    const got: number[] = [];
    b.on("npdu", (m) => got.push(m.npdu[0] as number));
    for (let i = 0; i < 20; i++) void a.sendUnicast(Uint8Array.of(i), 2);
    clock.advance(0);
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(got).not.toEqual([...got].sort((x, y) => x - y));
    await Promise.all([a.close(), b.close()]);
  });

  it("a foreign device registers through loss, then its held broadcast goes out", async () => {
    const { clock, net, host, open } = lab({ seed: 2 });
    const bbmd = await open(host("bbmd"), { vmac: { deviceInstance: 1 }, role: { kind: "bbmd" } });
    net.setImpairments("lan", { loss: 0.5 });
    const fd = await open(host("fd"), {
      vmac: { deviceInstance: 999 },
      role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
      resolution: { timeoutMs: 60_000 },
    });
    const states = record(fd, "registration");
    let sent = false;
    void fd.sendBroadcast(WHO_IS).then(() => (sent = true));
    clock.advance(30_000);
    await settle();
    expect(fd.registration()?.state).toBe("registered");
    expect(sent).toBe(true);
    expect(fd.stats().foreignDevice?.registersSent).toBeGreaterThan(1);
    expect(states.some(([, e]) => e.type === "confirmed")).toBe(true);
    net.setImpairments("lan", undefined);
    await Promise.all([fd.close(), bbmd.close()]);
  });
});

describe("two nodes that picked the same random VMAC", () => {
  it("starting together: both see the other's probe, and end with different VMACs", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { random: vmacs(0x412345, 1) });
    const b = await open(host("b"), { random: vmacs(0x412345, 2) });
    expect(a.vmac).toBe(b.vmac);
    clock.advance(5000);
    expect(a.vmac).not.toBe(b.vmac);
    expect(a.stats().transport.vmac.probing || b.stats().transport.vmac.probing).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it("one after the other: the first defends its VMAC, the second moves", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { random: vmacs(0x412345, 1) });
    clock.advance(1000);
    const changes = record(a, "vmac-changed");
    const b = await open(host("b"), { random: vmacs(0x412345, 2) });
    const bChanges = record(b, "vmac-changed");
    clock.advance(5000);
    expect(a.vmac).toBe(0x412345);
    expect(changes).toEqual([]);
    expect(bChanges.map(([, e]) => e.reason)).toEqual(["probe-answered"]);
    expect(b.vmac).not.toBe(0x412345);
    await Promise.all([a.close(), b.close()]);
  });

  it("a collision at run time (a node restored with a copied VMAC) makes the random one move", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { random: vmacs(0x412345, 1) });
    clock.advance(1000);
    const collisions = record(a, "vmac-collision");
    // A node configured with exactly that VMAC, which does not probe.
    const b = await open(host("b"), { vmac: { vmac: 0x412345 } });
    void b.sendBroadcast(WHO_IS);
    clock.advance(2000);
    expect(collisions.map(([, e]) => e.action)).toEqual(["repick"]);
    expect(a.vmac).not.toBe(0x412345);
    expect(b.vmac).toBe(0x412345);
    await Promise.all([a.close(), b.close()]);
  });
});
