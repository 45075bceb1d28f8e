import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { type Host, type NodeChild, type Topology, createTopology, requireNetns } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentExpectations, readmeCode } from "../../../test-support/readme-example.ts";
import type { ScenarioResult } from "./fixtures/scenario.ts";
import type { NetnsNodeCommand, NetnsNodeInput } from "./fixtures/netns-node.ts";

// Two real @bacnet-js/client instances (and more) on real BACnet/IPv6 sockets, each in its own
// network namespace: one link, then two links behind a router with a BBMD and a foreign device.
// Timings and sizes are printed as observations; nothing here asserts on time.
const usable = requireNetns();
const NODE = new URL("./fixtures/netns-node.ts", import.meta.url).pathname;

type Message = { type: string } & Record<string, unknown>;

/** The part of a transport's `stats()` these tests read. */
interface TransportStatsView {
  transport: { received: Record<string, number> };
  port: { datagramsSent: number; bytesSent: number; datagramsReceived: number };
  bbmd?: { distributeBroadcasts: number; originalBroadcasts: number };
}

interface BacnetNode {
  readonly child: NodeChild;
  readonly ready: { vmac: string; address: string; openMs: number };
  run(command: NetnsNodeCommand, answer: string, timeoutMs?: number): Promise<Message>;
}

const children: NodeChild[] = [];

async function startNode(host: Host, input: NetnsNodeInput): Promise<BacnetNode> {
  const child = host.spawnNode(NODE, input);
  children.push(child);
  const ready = await child.message<Message>((m) => ["ready", "failed"].includes((m as Message).type), 20_000);
  if (ready.type !== "ready") throw new Error(`${host.name} did not start: ${JSON.stringify(ready)}`);
  return {
    child,
    ready: ready as unknown as BacnetNode["ready"],
    async run(command, answer, timeoutMs = 30_000) {
      const reply = child.message<Message>((m) => [answer, "failed"].includes((m as Message).type), timeoutMs);
      child.send(command);
      const message = await reply;
      if (message.type === "failed") throw new Error(`${host.name}: ${command.cmd} failed: ${String(message.message)}`);
      return message;
    },
  };
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.splice(0).map(async (child) => {
      try {
        child.send({ cmd: "close" } satisfies NetnsNodeCommand);
      } catch {
        // already gone
      }
      await child.exit(5000);
    }),
  );
}

/**
 * Runs the first ```ts block under `heading` of a document as a program of its own on `host`
 * (imports as written: the file sits in this package, so they resolve as they would for a
 * user), and checks that it exits 0 having printed what its comments say.
 */
async function runDocumentExample(host: Host, document: URL, heading: string): Promise<string[]> {
  const code = readmeCode(readFileSync(document, "utf8"), heading);
  const dir = new URL("../.vitest/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`example-${host.name}.ts`, dir);
  writeFileSync(file, code);
  const child = host.spawnNode(file.pathname);
  children.push(child);
  const code_ = await child.exit(30_000);
  const printed = child.stdout.trimEnd().split("\n");
  expect({ exit: code_, printed, stderr: child.stderr }).toEqual({
    exit: 0,
    printed: commentExpectations(code),
    stderr: "",
  });
  return printed;
}

const DEVICE = { deviceId: 1234, name: "device-1234", descriptionLength: 1453 } as const;
const SEGMENTED = { port: 47809, deviceInstance: 4321, length: 4000 } as const;

function expectScenario(result: ScenarioResult): void {
  expect(result).toMatchObject({
    iAm: { deviceId: 1234, address: "0004d2", maxApdu: 1476 },
    objectName: "device-1234",
    multiple: { 77: "device-1234", 121: "bip6 test fixture", 62: 1476 },
    cov: { initial: 21.5, afterWrite: 42.25 },
    readBack: 42.25,
    error: "BacnetError - Class:1 - Code:31",
    descriptionLength: 1453,
  });
}

describe.skipIf(!usable)("@bacnet-js/client over BACnet/IPv6 in network namespaces", () => {
  describe("one link: a device and an operator", () => {
    let t: Topology;
    let device: BacnetNode;
    let operator: BacnetNode;
    beforeAll(async () => {
      t = await createTopology({
        links: [{ name: "lan" }],
        hosts: [
          { name: "device", interfaces: [{ link: "lan" }] },
          { name: "operator", interfaces: [{ link: "lan" }] },
          { name: "newcomer", interfaces: [{ link: "lan" }] },
        ],
      });
      device = await startNode(t.host("device"), {
        transport: { interface: "eth0", vmac: { deviceInstance: DEVICE.deviceId } },
        serve: DEVICE,
        segmented: SEGMENTED,
      });
      operator = await startNode(t.host("operator"), { transport: { interface: "eth0" } });
    });
    afterAll(async () => {
      await stopAll();
      await t?.destroy();
    });

    it("Who-Is, ReadProperty(Multiple), SubscribeCOV with a notification, WriteProperty, an error, a 1476-octet response", async () => {
      const { result } = (await operator.run(
        { cmd: "scenario", deviceId: DEVICE.deviceId },
        "scenario",
      )) as unknown as {
        result: ScenarioResult;
      };
      expectScenario(result);
      expect(device.ready).toMatchObject({ vmac: "0004d2", address: "[fd00:1::1]:47808" });
      expect(operator.ready.vmac).toMatch(/^[4-7][0-9a-f]{5}$/); // random, probed (H.7.2)
      console.log("one link, operator → device:", JSON.stringify(result.timings), "open", operator.ready.openMs, "ms");
    });

    it("addresses a device by [ipv6]:port (Virtual-Address-Resolution) and reassembles a segmented response", async () => {
      const answer = await operator.run(
        { cmd: "segmented", address: "[fd00:1::1]:47809", deviceInstance: SEGMENTED.deviceInstance },
        "segmented",
      );
      expect(answer).toMatchObject({ receiver: "0010e1", length: SEGMENTED.length });
      const stats = (await device.run({ cmd: "stats" }, "stats")) as unknown as {
        segmentedLog: { segmentsSent: number; largestNpdu: number; completed: number };
      };
      expect(stats.segmentedLog).toMatchObject({ segmentsSent: 3, completed: 1, largestNpdu: 1478 });
      console.log("one link, segmented:", JSON.stringify(answer), JSON.stringify(stats.segmentedLog));
    });

    it("the README example, run as a program on a third host, finds the device and prints its name", async () => {
      await runDocumentExample(t.host("newcomer"), new URL("../README.md", import.meta.url), "## Example");
    });

    it("nothing was refused or failed on either side", async () => {
      for (const [name, node] of Object.entries({ device, operator })) {
        const { adapter, transport } = (await node.run({ cmd: "stats" }, "stats")) as unknown as {
          adapter: { sendsFailed: number; clientFailures: number; rejected: Record<string, number> };
          transport: TransportStatsView;
        };
        const { datagramsSent, bytesSent, datagramsReceived } = transport.port;
        console.log(
          `one link, ${name}: ${datagramsSent} datagrams sent (${bytesSent} octets), ${datagramsReceived} received`,
        );
        expect(adapter.sendsFailed).toBe(0);
        expect(adapter.clientFailures).toBe(0);
        expect(Object.values(adapter.rejected).every((n) => n === 0)).toBe(true);
      }
    });
  });

  describe("two links behind a router: the operator is a foreign device of a BBMD on the device's link", () => {
    let t: Topology;
    let operator: BacnetNode;
    let bbmd: BacnetNode;
    let device: BacnetNode;
    beforeAll(async () => {
      t = await createTopology({
        links: [{ name: "lanA" }, { name: "lanB" }],
        hosts: [
          { name: "bbmd", interfaces: [{ link: "lanA" }] },
          { name: "device", interfaces: [{ link: "lanA" }] },
          { name: "operator", interfaces: [{ link: "lanB" }] },
          { name: "visitor", interfaces: [{ link: "lanB" }] },
        ],
        routers: [{ name: "router", links: ["lanA", "lanB"] }],
      });
      bbmd = await startNode(t.host("bbmd"), {
        transport: { interface: "eth0", vmac: { deviceInstance: 100 }, role: { kind: "bbmd", bdt: [] } },
      });
      device = await startNode(t.host("device"), {
        transport: { interface: "eth0", vmac: { deviceInstance: DEVICE.deviceId } },
        serve: { ...DEVICE, iAm: "broadcast" },
        segmented: SEGMENTED,
      });
      operator = await startNode(t.host("operator"), {
        transport: {
          interface: "eth0",
          role: { kind: "foreign-device", bbmd: `[${t.host("bbmd").address()}]:47808`, timeToLive: 60 },
        },
      });
    });
    afterAll(async () => {
      await stopAll();
      await t?.destroy();
    });

    it("registerForeignDevice() resolves from the transport's own registration", async () => {
      const answer = await operator.run({ cmd: "register" }, "registered");
      expect(answer).toMatchObject({ registration: { state: "registered", timeToLive: 60 } });
      console.log("two links, registration:", answer.ms, "ms");
    });

    it("the whole scenario works through the BBMD: replies reach the foreign device's VMAC", async () => {
      const { result } = (await operator.run(
        { cmd: "scenario", deviceId: DEVICE.deviceId },
        "scenario",
      )) as unknown as {
        result: ScenarioResult;
      };
      expectScenario(result);
      console.log("two links, foreign device → device:", JSON.stringify(result.timings));
    });

    it("a segmented response across the router, the device addressed by [ipv6]:port", async () => {
      const answer = await operator.run(
        {
          cmd: "segmented",
          address: `[${t.host("device").address()}]:47809`,
          deviceInstance: SEGMENTED.deviceInstance,
        },
        "segmented",
      );
      expect(answer).toMatchObject({ receiver: "0010e1", length: SEGMENTED.length });
      console.log("two links, segmented:", JSON.stringify(answer));
    });

    it("the traffic went through the BBMD: the device's broadcast I-Am relayed, the Who-Is distributed", async () => {
      const stats = async (node: BacnetNode) =>
        ((await node.run({ cmd: "stats" }, "stats")) as unknown as { transport: TransportStatsView }).transport;
      const [atBbmd, atDevice, atOperator] = await Promise.all([stats(bbmd), stats(device), stats(operator)]);
      expect(atBbmd.bbmd?.distributeBroadcasts).toBeGreaterThanOrEqual(1); // the operator's Who-Is
      expect(atBbmd.bbmd?.originalBroadcasts).toBeGreaterThanOrEqual(1); // the device's I-Am
      expect(atOperator.transport.received.ForwardedNpdu).toBeGreaterThanOrEqual(1);
      expect(atDevice.transport.received.ForwardedNpdu).toBeGreaterThanOrEqual(1);
      for (const [name, s] of Object.entries({ bbmd: atBbmd, device: atDevice, operator: atOperator })) {
        const { datagramsSent, bytesSent, datagramsReceived } = s.port;
        console.log(
          `two links, ${name}: ${datagramsSent} datagrams sent (${bytesSent} octets), ${datagramsReceived} received`,
        );
      }
    });

    it("the guide's foreign-device program, run on another host of the far link, reads the device", async () => {
      expect(t.host("bbmd").address()).toBe("fd00:1::1"); // the address the guide names
      await runDocumentExample(
        t.host("visitor"),
        new URL("../../../docs/guides/bacnet-js-ipv6.md", import.meta.url),
        "## 5. BBMDs and foreign devices",
      );
    });
  });
});
