import { afterEach, describe, expect, it } from "vitest";
import { createBip6Transport } from "../src/index.ts";
import { BacnetClient, type BacnetClientInstance, nextEvent } from "./support/client.ts";
import { StubHub } from "./support/stub-datalink.ts";
import { serveDevice } from "./fixtures/device.ts";
import { runScenario } from "./fixtures/scenario.ts";
import { serveSegmented } from "./fixtures/segmenting-device.ts";

const open: BacnetClientInstance[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function clientOn(hub: StubHub, vmac: number, address: string): Promise<BacnetClientInstance> {
  const client = new BacnetClient({ transport: createBip6Transport({ transport: hub.add({ vmac, address }) }) });
  open.push(client);
  await nextEvent(client, "listening");
  return client;
}

describe("two clients through the stub hub", () => {
  it("runs the whole scenario", async () => {
    const hub = new StubHub();
    const device = await clientOn(hub, 1234, "[fd00:1::1]:47808");
    serveDevice(device, { deviceId: 1234, name: "dev-1234", descriptionLength: 1453 });
    const operator = await clientOn(hub, 0x400001, "[fd00:1::2]:47808");
    const result = await runScenario(operator, 1234);
    expect(result).toMatchObject({
      iAm: { deviceId: 1234, address: "0004d2", maxApdu: 1476 },
      objectName: "dev-1234",
      cov: { initial: 21.5, afterWrite: 42.25 },
      readBack: 42.25,
      error: "BacnetError - Class:1 - Code:31",
      descriptionLength: 1453,
    });
    console.log(result);
  });
});

describe("segmented response", () => {
  it("reassembles a 4000-character value sent in segments of 1476-octet APDUs", async () => {
    const hub = new StubHub();
    const seg = hub.add({ vmac: 4321, address: "[fd00:1::3]:47808" });
    const log = serveSegmented(seg, "s".repeat(4000));
    const operator = await clientOn(hub, 0x400001, "[fd00:1::2]:47808");
    const result = await operator.readProperty({ address: "0010e1" }, { type: 8, instance: 4321 }, 28);
    expect(String(result.values[0]?.value).length).toBe(4000);
    expect(log).toMatchObject({ segmentsSent: 3, acks: 3, completed: 1, largestNpdu: 1478 });
  });
});
