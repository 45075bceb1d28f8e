import { MemoryNetwork } from "@bip6/bip6-socket/memory";
import { Bip6Transport } from "@bip6/bip6-transport";
import { afterEach, describe, expect, it } from "vitest";
import { type Bip6ClientTransport, type TransportOpenOptions, createBip6Transport } from "../src/index.ts";
import { type DeviceLog, type DeviceSpec, serveDevice } from "./fixtures/device.ts";
import { type ScenarioResult, discover, runScenario } from "./fixtures/scenario.ts";
import { serveSegmented } from "./fixtures/segmenting-device.ts";
import { BacnetClient, type BacnetClientInstance, nextEvent } from "./support/client.ts";

// Real @bacnet-js/client instances over the real transport on an in-memory network: the
// scenario of the namespace tests, deterministic and without sockets.

const DEVICE = { deviceId: 1234, name: "device-1234", descriptionLength: 1453 } as const;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type Started = { client: BacnetClientInstance; transport: Bip6ClientTransport };

function startClient(options: TransportOpenOptions): Started {
  const transport = createBip6Transport(options);
  const client = new BacnetClient({ transport, apduTimeout: 3000 });
  closers.push(() => transport.close());
  return { client, transport };
}

async function openClient(options: TransportOpenOptions): Promise<Started> {
  const started = startClient(options);
  await nextEvent(started.client, "listening");
  return started;
}

function host(net: MemoryNetwork, name: string, link: string, port?: number) {
  const datagramPort = net.createPort(net.addHost(name, [{ link }]), port === undefined ? {} : { port });
  closers.push(() => datagramPort.close());
  return datagramPort;
}

async function serve(net: MemoryNetwork, link: string, spec: DeviceSpec): Promise<DeviceLog> {
  const device = await openClient({ datagramPort: host(net, "device", link), vmac: { deviceInstance: spec.deviceId } });
  return serveDevice(device.client, spec);
}

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

describe("two clients on one in-memory link", () => {
  it("Who-Is → I-Am, ReadProperty(Multiple), SubscribeCOV + notification, WriteProperty, an error, 1476 octets", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    await serve(net, "lan", DEVICE);
    const operator = await openClient({ datagramPort: host(net, "operator", "lan"), vmac: { vmac: 0x400001 } });
    expectScenario(await runScenario(operator.client, DEVICE.deviceId));
    expect(operator.transport.stats()).toMatchObject({ sendsFailed: 0, clientFailures: 0, errorsUnheard: 0 });
  });

  it("a Who-Is sent before listening is held and answered", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    await serve(net, "lan", DEVICE);
    const operator = startClient({ datagramPort: host(net, "operator", "lan"), vmac: { vmac: 0x400001 } });
    const iAm = discover(operator.client, DEVICE.deviceId); // sends the Who-Is now, before listening
    expect(operator.transport.state).toBe("opening");
    await expect(iAm).resolves.toMatchObject({ address: "0004d2" });
    expect(operator.transport.stats().sendsQueued).toBe(1);
  });

  it("a device known by [ipv6]:port answers a segmented read of 4000 characters", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    // A raw transport, not a client: a client would answer the ReadProperty itself (with an error).
    const segmenter = await Bip6Transport.open({
      datagramPort: host(net, "segmenter", "lan", 47809),
      vmac: { deviceInstance: 4321 },
    });
    closers.push(() => segmenter.close());
    const log = serveSegmented(segmenter, "s".repeat(4000));
    const operator = await openClient({ datagramPort: host(net, "operator", "lan"), vmac: { vmac: 0x400001 } });
    const receiver = await operator.transport.resolveReceiver("[fd00:1::1]:47809");
    expect(receiver).toBe("0010e1");
    const value = await operator.client.readProperty({ address: receiver }, { type: 8, instance: 4321 }, 28);
    expect(String(value.values[0]?.value)).toBe("s".repeat(4000));
    expect(log).toMatchObject({ segmentsSent: 3, acks: 3, completed: 1, largestNpdu: 1478 });
  });

  it("a response one octet too large never leaves the device; the device answers with an error instead", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    const log = await serve(net, "lan", { ...DEVICE, descriptionLength: 1454 });
    const operator = await openClient({ datagramPort: host(net, "operator", "lan"), vmac: { vmac: 0x400001 } });
    const reading = operator.client.readProperty({ address: "0004d2" }, { type: 8, instance: 1234 }, 28);
    await expect(reading).rejects.toThrow("BacnetError - Class:5 - Code:54"); // segmentation-not-supported
    expect(log.failedResponses).toHaveLength(1);
    expect(log.failedResponses[0]).toMatch(/wrote 1477 octets into its 1476-octet buffer/);
  });
});

describe("lifecycle on the real transport", () => {
  it("aborting the caller's signal closes the transport and the adapter emits close", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    const controller = new AbortController();
    const { transport } = await openClient({
      datagramPort: host(net, "node", "lan"),
      vmac: { vmac: 0x400001 },
      signal: controller.signal,
    });
    const closed = new Promise((resolve) => transport.on("close", () => resolve(undefined)));
    controller.abort();
    await closed;
    expect(transport.state).toBe("closed");
    expect(transport.datalink?.closed).toBe(true);
  });

  it("a VMAC nobody answers for: the transport gives up and SEND_FAILED reaches the client's error event", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    const { client, transport } = await openClient({
      datagramPort: host(net, "node", "lan"),
      vmac: { vmac: 0x400001 },
      resolution: { timeoutMs: 50 },
    });
    const failed = new Promise<Error>((resolve) => client.on("error", resolve));
    client.readProperty({ address: "00abcd" }, { type: 8, instance: 43981 }, 77).catch(() => undefined);
    const error = await failed;
    expect(error).toMatchObject({ code: "SEND_FAILED", receiver: "00abcd" });
    expect((error.cause as { code?: string }).code).toBe("RESOLUTION_TIMEOUT");
    expect(transport.stats().sendsFailed).toBe(1);
  });

  it("a signal aborted before the open: OPEN_FAILED on the client's error event, then close", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    const { client, transport } = startClient({
      datagramPort: host(net, "node", "lan"),
      signal: AbortSignal.abort(),
    });
    const errors: Error[] = [];
    client.on("error", (error: Error) => errors.push(error));
    await new Promise((resolve) => transport.on("close", () => resolve(undefined)));
    expect(errors[0]).toMatchObject({ code: "OPEN_FAILED" });
  });
});

describe("two in-memory links: the operator is a foreign device of a BBMD on the device's link", () => {
  it("registers through the client, then the whole scenario works across the BBMD", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lanA");
    net.addLink("lanB");
    const bbmdPort = host(net, "bbmd", "lanA");
    await openClient({ datagramPort: bbmdPort, vmac: { deviceInstance: 100 }, role: { kind: "bbmd", bdt: [] } });
    await serve(net, "lanA", { ...DEVICE, iAm: "broadcast" });
    const operator = await openClient({
      datagramPort: host(net, "operator", "lanB"),
      vmac: { vmac: 0x400001 },
      role: { kind: "foreign-device", bbmd: bbmdPort.localAddress, timeToLive: 60 },
    });
    await operator.client.registerForeignDevice({ address: "bbmd:47808" }, 60);
    expect(operator.transport.datalink?.registration()?.state).toBe("registered");
    expectScenario(await runScenario(operator.client, DEVICE.deviceId));
    expect(operator.transport.stats()).toMatchObject({ registrationsAnswered: 1, sendsFailed: 0 });
  });

  it("whoIsThroughBBMD() as the foreign device reaches the device too", async () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lanA");
    net.addLink("lanB");
    const bbmdPort = host(net, "bbmd", "lanA");
    await openClient({ datagramPort: bbmdPort, vmac: { deviceInstance: 100 }, role: { kind: "bbmd", bdt: [] } });
    await serve(net, "lanA", DEVICE);
    const operator = await openClient({
      datagramPort: host(net, "operator", "lanB"),
      vmac: { vmac: 0x400001 },
      role: { kind: "foreign-device", bbmd: bbmdPort.localAddress, timeToLive: 60 },
    });
    await operator.client.registerForeignDevice({ address: "bbmd:47808" }, 60);
    const iAm = nextEvent<[{ payload: { deviceId: number }; header: { sender: { address: string } } }]>(
      operator.client,
      "iAm",
    );
    operator.client.whoIsThroughBBMD({ address: bbmdPort.localAddress.toString() });
    const [content] = await iAm;
    expect(content.payload.deviceId).toBe(1234);
    expect(content.header.sender.address).toBe("0004d2");
    expect(operator.transport.stats().distributeBroadcastsSent).toBe(1);
  });
});
