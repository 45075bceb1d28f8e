/**
 * Peers that behave like the C BACnet Stack (peers.md), on a real link in namespaces: a sender
 * that multicasts to site-local ff05::bac0, and one that sends from its link-local address.
 * The peers are raw UDP sockets (fixtures/raw-peer.ts): every octet they send is written here.
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawPeer } from "./raw-peer.ts";
import { until } from "../helpers.ts";
import { settle, TransportChild } from "./transport-child.ts";

const usable = requireNetns();

/** Original-Broadcast-NPDU from VMAC 3fffff (the C stack's clients) carrying a Who-Is. */
const C_STACK_WHO_IS = "8202000f3fffff0120ffff00ff1008";

describe.skipIf(!usable)("multicast scope: a C-stack-like sender broadcasting to ff05::bac0", () => {
  let t: Topology;
  let both: TransportChild; // default joinScopes: ff02 and ff05
  let ff02: TransportChild; // joinScopes [2]: link-local only
  let cStack: RawPeer;

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: ["both", "ff02", "c"].map((name) => ({ name, interfaces: [{ link: "lan" }] })),
    });
    [both, ff02] = await Promise.all([
      TransportChild.start("both", t.host("both"), { interface: "eth0", vmac: { deviceInstance: 10 } }),
      TransportChild.start("ff02", t.host("ff02"), {
        interface: "eth0",
        vmac: { deviceInstance: 20 },
        joinScopes: [2],
      }),
    ]);
    cStack = await RawPeer.start(t.host("c"), t.host("c").address());
  });

  afterAll(async () => {
    await Promise.allSettled([both?.close(), ff02?.close(), cStack?.close()]);
    await t?.destroy();
  });

  it("a node joining ff02 and ff05 (the default) hears it; one joining only ff02 does not", async () => {
    await cStack.send(C_STACK_WHO_IS, "[ff05::bac0%eth0]:47808");
    await until(() => both.npdus().length === 1, "the ff05 broadcast at the default node");
    await settle();
    expect(both.npdus()).toEqual([
      {
        event: "npdu",
        npdu: "0120ffff00ff1008",
        sourceVmac: 0x3fffff,
        source: "[fd00:1::3]:47808",
        broadcast: true,
        via: "multicast",
      },
    ]);
    expect(ff02.npdus()).toEqual([]);
    expect((await ff02.stats()).port.datagramsReceived).toBe(0);
  });

  it("the node answers the sender by unicast to the VMAC it learned (an I-Am, say)", async () => {
    // I-Am of device 10: max APDU 1476, segmentation both, vendor 4.
    const iAm = "01001000c40200000a2205c491002104";
    await both.request("unicast", { npdu: iAm, to: 0x3fffff });
    await until(() => cStack.received.length === 1, "the unicast at the C-stack-like peer");
    const length = (10 + iAm.length / 2).toString(16).padStart(4, "0");
    expect(cStack.received).toEqual([{ hex: `8201${length}00000a3fffff${iAm}`, from: "[fd00:1::1]:47808" }]);
  });
});

describe.skipIf(!usable)("link-local: a sender on the same link using its fe80:: address", () => {
  let t: Topology;
  let node: TransportChild;
  let ll: RawPeer;
  let llAddress: string;

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: ["node", "ll"].map((name) => ({ name, interfaces: [{ link: "lan" }] })),
    });
    node = await TransportChild.start("node", t.host("node"), { interface: "eth0", vmac: { deviceInstance: 1 } });
    const linkLocal = t.host("ll").iface("eth0").linkLocal;
    llAddress = `[${linkLocal}%eth0]:47808`;
    ll = await RawPeer.start(t.host("ll"), `${linkLocal}%eth0`);
  });

  afterAll(async () => {
    await Promise.allSettled([node?.close(), ll?.close()]);
    await t?.destroy();
  });

  it("its broadcast is learned with the zone of the interface it arrived on", async () => {
    // Original-Broadcast-NPDU from VMAC 0000c8, from fe80::…%eth0 to ff02::bac0.
    await ll.send("8202000f0000c80120ffff00ff1008", "[ff02::bac0%eth0]:47808");
    await until(() => node.npdus().length === 1, "the link-local broadcast");
    expect(node.npdus()[0]).toMatchObject({ sourceVmac: 0xc8, source: llAddress, via: "multicast" });
    expect(node.named("peer")).toEqual([
      expect.objectContaining({ change: "learned", vmac: 0xc8, address: llAddress }),
    ]);
    expect(await node.request("peers")).toEqual([{ vmac: 0xc8, address: llAddress }]);
  });

  it("it is answered there: a unicast to its VMAC, and a Virtual-Address-Resolution-ACK", async () => {
    await node.request("unicast", { npdu: "0100", to: 0xc8 });
    await until(() => ll.received.length === 1, "the unicast at the link-local peer");
    expect(ll.received[0]).toEqual({ hex: "8201000c0000010000c80100", from: "[fd00:1::1]:47808" });

    // Virtual-Address-Resolution from 0000c8 to the node's routable address.
    await ll.send("820600070000c8", "[fd00:1::1]:47808");
    await until(() => ll.received.length === 2, "the VAR-ACK at the link-local peer");
    expect(ll.received[1]).toEqual({ hex: "8207000a0000010000c8", from: "[fd00:1::1]:47808" });
    const s = await node.stats();
    expect(s.transport.sent.VirtualAddressResolutionAck).toBe(1);
    expect(s.transport.unreachableSources).toBe(0);
  });
});
