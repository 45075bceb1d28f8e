/**
 * One link, three nodes, each a Bip6Transport on a real socket in its own namespace: multicast
 * broadcasts, Address-Resolution, Virtual-Address-Resolution, unicast both ways.
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../helpers.ts";
import { settle, TransportChild } from "./transport-child.ts";

const usable = requireNetns();

describe.skipIf(!usable)("one link of three nodes (namespaces, real sockets)", () => {
  let t: Topology;
  const nodes: Record<"a" | "b" | "c", TransportChild> = {} as never;

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: ["a", "b", "c"].map((name) => ({ name, interfaces: [{ link: "lan" }] })),
    });
    const [a, b, c] = await Promise.all(
      (["a", "b", "c"] as const).map((name, i) =>
        TransportChild.start(name, t.host(name), { interface: "eth0", vmac: { deviceInstance: i + 1 } }),
      ),
    );
    Object.assign(nodes, { a, b, c });
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(nodes).map((n) => n.close()));
    await t?.destroy();
  });

  it("a multicast broadcast reaches each other node exactly once, and not its sender", async () => {
    const { a, b, c } = nodes;
    expect([a.address, b.address, c.address]).toEqual(["[fd00:1::1]:47808", "[fd00:1::2]:47808", "[fd00:1::3]:47808"]);
    await a.request("broadcast", { npdu: "0120ffff00ff1008" });
    await until(() => b.npdus().length >= 1 && c.npdus().length >= 1, "the broadcast at b and c");
    await settle();
    for (const n of [b, c]) {
      expect(n.npdus()).toEqual([
        {
          event: "npdu",
          npdu: "0120ffff00ff1008",
          sourceVmac: 1,
          source: "[fd00:1::1]:47808",
          broadcast: true,
          via: "multicast",
        },
      ]);
    }
    expect(a.npdus()).toEqual([]);
    const sa = await a.stats();
    expect(sa.transport.sent.OriginalBroadcastNpdu).toBe(1);
    expect(sa.port.multicastsSent).toBe(1);
    // Its own multicast does not come back (loopback is off), so no "own" drop either.
    expect(sa.transport.dropped.own).toBe(0);
  });

  it("unicast to a VMAC not yet known: Address-Resolution (multicast), ACK, delivery", async () => {
    const { b, c } = nodes;
    // b learned a from the broadcast, but has never heard of c (VMAC 3).
    expect(b.named("peer").map((p) => p.vmac)).toEqual([1]);
    await b.request("unicast", { npdu: "01000001", to: 3 });
    await until(() => c.npdus().some((m) => m.npdu === "01000001"), "b's unicast at c");
    expect(c.npdus().at(-1)).toEqual({
      event: "npdu",
      npdu: "01000001",
      sourceVmac: 2,
      source: "[fd00:1::2]:47808",
      broadcast: false,
      via: "unicast",
    });
    expect(b.named("peer").at(-1)).toMatchObject({ change: "learned", vmac: 3, address: "[fd00:1::3]:47808" });
    const sb = await b.stats();
    expect(sb.transport.sent.AddressResolution).toBe(1);
    expect(sb.transport.received.AddressResolutionAck).toBe(1);
    expect(sb.transport.resolution.resolved).toBe(1);
    const sc = await c.stats();
    expect(sc.transport.received.AddressResolution).toBe(1);
    expect(sc.transport.sent.AddressResolutionAck).toBe(1);
    // a heard the Address-Resolution for 3 on the group too, and did not answer it.
    expect((await nodes.a.stats()).transport.sent.AddressResolutionAck).toBe(0);
  });

  it("unicast by address: Virtual-Address-Resolution learns the VMAC first", async () => {
    const { a, c } = nodes;
    // a learned b from b's multicast Address-Resolution (every frame teaches its source), not c.
    expect(a.named("peer").map((p) => p.vmac)).toEqual([2]);
    await a.request("unicast", { npdu: "01000002", to: "[fd00:1::3]:47808" });
    await until(() => c.npdus().some((m) => m.npdu === "01000002"), "a's unicast at c");
    expect(c.npdus().at(-1)).toMatchObject({ sourceVmac: 1, source: "[fd00:1::1]:47808", broadcast: false });
    const sa = await a.stats();
    expect(sa.transport.sent.VirtualAddressResolution).toBe(1);
    expect(sa.transport.received.VirtualAddressResolutionAck).toBe(1);
    expect(sa.transport.resolution.virtualResolved).toBe(1);
    expect(a.named("peer").find((p) => p.vmac === 3)).toMatchObject({ address: "[fd00:1::3]:47808" });
    expect(await a.request("resolve", { address: "[fd00:1::3]:47808" })).toBe(3);
  });

  it("unicast both ways between known peers, no resolution on the wire", async () => {
    const { a, c } = nodes;
    const before = await c.stats();
    await c.request("unicast", { npdu: "01000003", to: 1 });
    await until(() => a.npdus().some((m) => m.npdu === "01000003"), "c's reply at a");
    await a.request("unicast", { npdu: "01000004", to: 3 });
    await until(() => c.npdus().some((m) => m.npdu === "01000004"), "a's unicast at c");
    expect(a.npdus().at(-1)).toMatchObject({ sourceVmac: 3, source: "[fd00:1::3]:47808", via: "unicast" });
    const after = await c.stats();
    expect(after.transport.sent.AddressResolution).toBe(before.transport.sent.AddressResolution);
    expect(after.transport.sent.OriginalUnicastNpdu).toBe((before.transport.sent.OriginalUnicastNpdu ?? 0) + 1);
  });
});
