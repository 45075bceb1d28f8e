/**
 * A C-stack-like node on another link broadcasts from its link-local address (peers.md: it
 * binds to `::`), to ff05::bac0. Its BBMD learns it with the zone (same link) and relays the
 * address unchanged, as the standard says; on the far link that original source is
 * unreachable: the far BBMD and the node behind it raise `unreachable-source` and never learn
 * it as a peer of their own link.
 *
 *   lan1: bbmd1 fd00:1::1 (VMAC 1), n1 fd00:1::2 (VMAC 11)
 *   lan2: bbmd2 fd00:2::1 (VMAC 2), c: a raw socket on fe80::…%eth0 (VMAC 0000c8)
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawPeer } from "./raw-peer.ts";
import { until } from "../helpers.ts";
import { settle, TransportChild } from "./transport-child.ts";

const usable = requireNetns();

describe.skipIf(!usable)("a relayed link-local original source from another link", () => {
  let t: Topology;
  let bbmd1: TransportChild;
  let bbmd2: TransportChild;
  let n1: TransportChild;
  let c: RawPeer;
  let linkLocal: string;

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan1" }, { name: "lan2" }],
      hosts: [
        { name: "bbmd1", interfaces: [{ link: "lan1", address: "fd00:1::1" }] },
        { name: "n1", interfaces: [{ link: "lan1", address: "fd00:1::2" }] },
        { name: "bbmd2", interfaces: [{ link: "lan2", address: "fd00:2::1" }] },
        { name: "c", interfaces: [{ link: "lan2", address: "fd00:2::2" }] },
      ],
      routers: [{ name: "r", links: ["lan1", "lan2"] }],
    });
    [bbmd1, bbmd2, n1] = await Promise.all([
      TransportChild.start("bbmd1", t.host("bbmd1"), {
        interface: "eth0",
        vmac: { deviceInstance: 1 },
        role: { kind: "bbmd", bdt: ["[fd00:2::1]:47808"] },
      }),
      TransportChild.start("bbmd2", t.host("bbmd2"), {
        interface: "eth0",
        vmac: { deviceInstance: 2 },
        role: { kind: "bbmd", bdt: ["[fd00:1::1]:47808"] },
      }),
      TransportChild.start("n1", t.host("n1"), { interface: "eth0", vmac: { deviceInstance: 11 } }),
    ]);
    linkLocal = t.host("c").iface("eth0").linkLocal;
    c = await RawPeer.start(t.host("c"), `${linkLocal}%eth0`);
  });

  afterAll(async () => {
    await Promise.allSettled([bbmd1?.close(), bbmd2?.close(), n1?.close(), c?.close()]);
    await t?.destroy();
  });

  it("raises unreachable-source at the far BBMD and at the node behind it; the near BBMD learns it with its zone", async () => {
    // Original-Broadcast-NPDU from VMAC 0000c8 carrying a Who-Is, to site-local ff05::bac0.
    await c.send("8202000f0000c80120ffff00ff1008", "[ff05::bac0%eth0]:47808");
    await until(() => n1.named("unreachable-source").length === 1, "the event at n1");
    await settle();

    expect(bbmd2.npdus()).toEqual([
      expect.objectContaining({ sourceVmac: 0xc8, source: `[${linkLocal}%eth0]:47808`, via: "multicast" }),
    ]);
    expect(bbmd2.named("peer")).toEqual([
      expect.objectContaining({ vmac: 0xc8, address: `[${linkLocal}%eth0]:47808` }),
    ]);
    expect(bbmd2.named("unreachable-source")).toEqual([]);

    const relayed = `[${linkLocal}]:47808`;
    expect(bbmd1.named("unreachable-source")).toEqual([
      expect.objectContaining({
        source: relayed,
        sourceVmac: 0xc8,
        relayedBy: "[fd00:2::1]:47808",
        frame: "ForwardedNpdu",
      }),
    ]);
    expect(n1.named("unreachable-source")).toEqual([
      expect.objectContaining({
        source: relayed,
        sourceVmac: 0xc8,
        relayedBy: "[fd00:1::1]:47808",
        frame: "ForwardedNpdu",
      }),
    ]);
    for (const far of [bbmd1, n1]) {
      expect((await far.request<{ vmac: number }[]>("peers")).map((p) => p.vmac)).not.toContain(0xc8);
      expect((await far.stats()).transport.unreachableSources).toBe(1);
    }
    console.log(
      `[observed] relayed link-local source: delivered at bbmd1 ${JSON.stringify(bbmd1.npdus().map((m) => m.source))}, ` +
        `at n1 ${JSON.stringify(n1.npdus().map((m) => m.source))}; peers learned: bbmd1 ${JSON.stringify(
          bbmd1.named("peer").map((p) => p.vmac),
        )}, n1 ${JSON.stringify(n1.named("peer").map((p) => p.vmac))}`,
    );
  });
});
