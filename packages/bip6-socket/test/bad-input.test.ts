import { describe, expect, it } from "vitest";
import { describeValue } from "@bip6/bvll6-codec";
import { DatagramPortError, MemoryNetwork, NodeDatagramPort } from "../src/index.js";

// Bad input gets a typed error with a code, never a TypeError from deep inside.
const junk: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  "",
  "x",
  {},
  Object.create(null),
  { prefix: Object.create(null) },
  [{ link: "lan", name: Object.create(null) }],
  { port: Object.create(null) },
  { scope: Object.create(null) },
  [],
  [null],
  [{}],
  [{ link: 5 }],
  [{ link: "lan", name: 5 }],
  [{ link: "lan", name: "a b" }],
  [{ link: "lan", address: 5 }],
  () => 1,
  Symbol("s"),
  10n,
  { prefix: 5 },
  { impairments: null },
  { impairments: { loss: "1" } },
  { seed: null },
  { interface: 5 },
  { address: 5 },
  { scope: "2" },
  { joinScopes: [null] },
  { joinScopes: "5" },
  { port: null },
  { tap: 5 },
];

async function codeOf(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    expect(e, e instanceof Error ? e.message : describeValue(e)).toBeInstanceOf(DatagramPortError);
    return (e as DatagramPortError).code;
  }
}

describe("bad arguments", () => {
  it("MemoryNetwork and its ports answer every kind of junk with a DatagramPortError", async () => {
    let calls = 0;
    for (const j of junk) {
      const any = j as never;
      const net = new MemoryNetwork();
      net.addLink("lan");
      const host = net.addHost("h", [{ link: "lan" }]);
      const port = net.createPort(host, { port: 0 });
      const attempts: (() => unknown)[] = [
        () => new MemoryNetwork(any),
        () => net.addLink(any),
        () => net.addLink(`l${calls}`, any),
        () => net.addHost(`h${calls}`, any),
        () => net.addHost(any, [{ link: "lan" }]),
        () => net.createPort(any),
        () => net.createPort(host, any),
        () => net.setImpairments("lan", any),
        () => net.setImpairments(any, undefined),
        () => net.host(any),
        () => net.advance(any),
        () => net.tap(any),
        () => host.iface(any),
        () => host.address(any),
        () => port.send(any, port.localAddress),
        () => port.send(Uint8Array.of(1), any),
        () => port.multicast(any),
        () => port.onDatagram(any),
        () => port.onError(any),
        () => port.tap(any),
      ];
      for (const attempt of attempts) {
        calls++;
        await codeOf(attempt);
      }
    }
    expect(calls).toBe(junk.length * 20);
  });

  it("NodeDatagramPort.open answers junk options with a DatagramPortError and leaves nothing open", async () => {
    for (const j of junk) {
      const options = typeof j === "object" && j !== null && !Array.isArray(j) ? { interface: "lo", port: 0, ...j } : j;
      const code = await codeOf(async () => (await NodeDatagramPort.open(options as never)).close());
      // `{}` and the like are valid once interface and port are filled in.
      if (options !== j && code === undefined) continue;
      expect(code, describeValue(j)).toBeDefined();
    }
  });
});
