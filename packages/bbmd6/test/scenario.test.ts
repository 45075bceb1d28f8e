// Two BBMDs, their local links and their foreign devices, wired through a small in-test
// network loop (no sockets). Every datagram goes through encodeFrame/decodeFrame.
import {
  Bip6Address,
  type Bvll6Frame,
  bytesToHex,
  decodeFrame,
  encodeFrame,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { Bbmd, type BbmdOutput } from "../src/index.js";

type Link = "A" | "B";

interface Datagram {
  readonly bytes: Uint8Array;
  readonly from: Bip6Address;
  /** A unicast destination, or the multicast group of a link. */
  readonly to: Bip6Address | Link;
}

interface Received {
  readonly npdu: string;
  readonly sourceVmac: Vmac;
  readonly source: string;
}

const addr = (text: string): Bip6Address => Bip6Address.parse(`[${text}]:47808`);

/** A plain node on a link, or a foreign device registered with a BBMD. */
class Node {
  readonly received: Received[] = [];
  readonly acks: { from: Vmac; via: string }[] = [];
  constructor(
    readonly name: string,
    readonly vmac: Vmac,
    readonly address: Bip6Address,
    readonly link: Link | undefined,
    readonly bbmd: Bip6Address | undefined,
  ) {}

  /** What this node does with a datagram, as any Annex U node or foreign device would. */
  receive(f: Bvll6Frame, from: Bip6Address, net: Net): void {
    if (from.equals(this.address)) return; // own multicast
    switch (f.kind) {
      case "OriginalBroadcastNpdu":
        if (this.link !== undefined) this.record(f.npdu, f.sourceVmac, from);
        break;
      case "ForwardedNpdu":
        // A foreign device accepts it only from its BBMD; a local node from its link's BBMD (multicast).
        if (f.originalSource.equals(this.address)) break;
        this.record(f.npdu, f.originalSourceVmac, f.originalSource);
        break;
      case "AddressResolution":
        if (f.targetVmac === this.vmac) net.send(this, from, ackFrame(this.vmac, f.sourceVmac));
        break;
      case "ForwardedAddressResolution":
        if (f.targetVmac === this.vmac) net.send(this, f.originalSource, ackFrame(this.vmac, f.originalSourceVmac));
        break;
      case "AddressResolutionAck":
        this.acks.push({ from: f.sourceVmac, via: from.toString() });
        break;
      default:
        break;
    }
  }

  broadcast(npdu: Uint8Array, net: Net): void {
    if (this.bbmd !== undefined) {
      net.send(this, this.bbmd, { kind: "DistributeBroadcastToNetwork", sourceVmac: this.vmac, npdu });
    } else {
      net.multicast(this, this.link as Link, { kind: "OriginalBroadcastNpdu", sourceVmac: this.vmac, npdu });
    }
  }

  resolve(target: Vmac, net: Net): void {
    const f: Bvll6Frame = { kind: "AddressResolution", sourceVmac: this.vmac, targetVmac: target };
    if (this.bbmd !== undefined) net.send(this, this.bbmd, f);
    else net.multicast(this, this.link as Link, f);
  }

  record(npdu: Uint8Array, sourceVmac: Vmac, source: Bip6Address): void {
    this.received.push({ npdu: bytesToHex(npdu), sourceVmac, source: source.toString() });
  }
}

function ackFrame(me: Vmac, asker: Vmac): Bvll6Frame {
  return { kind: "AddressResolutionAck", sourceVmac: me, destinationVmac: asker };
}

/** A BBMD member: the state machine plus what its own node received. */
class BbmdNode {
  readonly received: Received[] = [];
  readonly b: Bbmd;
  constructor(
    readonly name: string,
    readonly vmac: Vmac,
    readonly address: Bip6Address,
    readonly link: Link,
    bdt: Bip6Address[],
  ) {
    this.b = new Bbmd({ vmac, address, bdt });
  }

  receive(f: Bvll6Frame, from: Bip6Address, net: Net, via: Via): void {
    const out = this.b.handle(f, from, net.now, via);
    net.apply(this, out);
  }
}

type Member = Node | BbmdNode;

class Net {
  readonly queue: Datagram[] = [];
  readonly members: Member[] = [];
  now = 0;
  delivered = 0;

  add<M extends Member>(m: M): M {
    this.members.push(m);
    return m;
  }

  send(from: Member, to: Bip6Address, frame: Bvll6Frame): void {
    this.queue.push({ bytes: encodeFrame(frame), from: from.address, to });
  }

  multicast(from: Member, link: Link, frame: Bvll6Frame): void {
    this.queue.push({ bytes: encodeFrame(frame), from: from.address, to: link });
  }

  apply(from: BbmdNode, out: BbmdOutput): void {
    for (const a of out.actions) {
      if (a.type === "send") this.send(from, a.to, a.frame);
      else if (a.type === "multicast") this.multicast(from, from.link, a.frame);
      else if (a.type === "deliver")
        from.received.push({ npdu: bytesToHex(a.npdu), sourceVmac: a.sourceVmac, source: a.source.toString() });
    }
  }

  /** Delivers datagrams until none are left; fails on what would be a forwarding loop. */
  run(limit = 200): number {
    let count = 0;
    for (let d = this.queue.shift(); d !== undefined; d = this.queue.shift()) {
      if (++count > limit) throw new Error("forwarding loop: datagram limit exceeded");
      const f = decodeFrame(d.bytes);
      const to = d.to;
      for (const m of this.members) {
        const hit = typeof to === "string" ? m.link === to : m.address.equals(to);
        if (hit) m.receive(f, d.from, this, typeof to === "string" ? "multicast" : "unicast");
      }
    }
    this.delivered += count;
    return count;
  }
}

function world() {
  const net = new Net();
  const A = addr("fd00:a::1");
  const B = addr("fd00:b::1");
  const bdt = [A, B];
  const members = {
    bbmdA: net.add(new BbmdNode("bbmdA", 0xa1, A, "A", bdt)),
    bbmdB: net.add(new BbmdNode("bbmdB", 0xb1, B, "B", bdt)),
    a1: net.add(new Node("a1", 0x11, addr("fd00:a::11"), "A", undefined)),
    a2: net.add(new Node("a2", 0x12, addr("fd00:a::12"), "A", undefined)),
    b1: net.add(new Node("b1", 0x21, addr("fd00:b::11"), "B", undefined)),
    fa1: net.add(new Node("fa1", 0x31, addr("fd00:fa::1"), undefined, A)),
    fa2: net.add(new Node("fa2", 0x32, addr("fd00:fa::2"), undefined, A)),
    fb1: net.add(new Node("fb1", 0x41, addr("fd00:fb::1"), undefined, B)),
  };
  for (const fd of [members.fa1, members.fa2, members.fb1]) {
    net.send(fd, fd.bbmd as Bip6Address, { kind: "RegisterForeignDevice", sourceVmac: fd.vmac, timeToLive: 300 });
  }
  net.run();
  return { net, ...members };
}

describe("two BBMDs, their links and foreign devices", () => {
  it("registrations land in the right FDT", () => {
    const w = world();
    expect(w.bbmdA.b.snapshot(0).fdt.map((e) => e.address.toString())).toEqual([
      "[fd00:fa::1]:47808",
      "[fd00:fa::2]:47808",
    ]);
    expect(w.bbmdB.b.snapshot(0).fdt.map((e) => e.address.toString())).toEqual(["[fd00:fb::1]:47808"]);
  });

  const senders = ["a1", "a2", "b1", "fa1", "fa2", "fb1", "bbmdA", "bbmdB"] as const;
  for (const name of senders) {
    it(`one broadcast from ${name} reaches every other member exactly once, with its original source, and never loops`, () => {
      const w = world();
      const sender = w[name];
      const npdu = new Uint8Array([0x01, 0x00, 0x10, 0x08, senders.indexOf(name)]);
      w.net.queue.length = 0;
      if (sender instanceof BbmdNode) w.net.apply(sender, sender.b.broadcast(npdu, 1));
      else sender.broadcast(npdu, w.net);
      // 6 datagrams whoever sends, e.g. from a1: its multicast, A→B, A→fa1, A→fa2, B's multicast, B→fb1.
      expect(w.net.run()).toBe(6);
      for (const m of w.net.members) {
        const got = m.received.filter((r) => r.npdu === bytesToHex(npdu));
        if (m === sender) {
          expect(got, m.name).toEqual([]);
        } else {
          expect(got, m.name).toEqual([
            { npdu: bytesToHex(npdu), sourceVmac: sender.vmac, source: sender.address.toString() },
          ]);
        }
      }
    });
  }

  it("a foreign device of A resolves a node on B's link: the ACK goes straight to the device, once", () => {
    const w = world();
    w.fa1.resolve(w.b1.vmac, w.net);
    w.net.run();
    expect(w.fa1.acks).toEqual([{ from: 0x21, via: "[fd00:b::11]:47808" }]);
    for (const m of [w.a1, w.a2, w.fa2, w.fb1]) expect(m.acks).toEqual([]);
  });

  it("a node on A's link resolves BBMD B: B answers the original source, not BBMD A", () => {
    const w = world();
    w.a1.resolve(0xb1, w.net);
    w.net.run();
    expect(w.a1.acks).toEqual([{ from: 0xb1, via: "[fd00:b::1]:47808" }]);
  });

  it("every member broadcasting in turn: each hears each other one exactly once", () => {
    const w = world();
    const all = [w.a1, w.a2, w.b1, w.fa1, w.fa2, w.fb1, w.bbmdA, w.bbmdB];
    all.forEach((m, i) => {
      const npdu = new Uint8Array([0x01, 0x00, i]);
      if (m instanceof BbmdNode) w.net.apply(m, m.b.broadcast(npdu, 1));
      else m.broadcast(npdu, w.net);
    });
    w.net.run(1_000);
    for (const m of all) {
      const sources = m.received.map((r) => r.sourceVmac).sort((x, y) => x - y);
      expect(sources, m.name).toEqual(
        all
          .filter((o) => o !== m)
          .map((o) => o.vmac)
          .sort((x, y) => x - y),
      );
    }
  });
});
