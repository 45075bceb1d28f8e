/**
 * Costs of the adapter, each beside a baseline measured in the same run:
 *
 * - sendUnicast: `send()` of the 17-octet ReadProperty frame the client builds (in its
 *   1476-octet buffer) to a VMAC receiver, onto a datalink whose `sendUnicast` only counts.
 *   Baseline: the least any adapter must do: copy the NPDU out of the client's buffer, read
 *   the receiver's hex, call the same datalink and handle a rejection of its promise.
 * - receive: a 50-octet NPDU from the datalink to a `message` listener (Annex J header, fresh
 *   Buffer, receiver string). Baseline: the same Buffer allocation and copy, the same hex
 *   string, and an `emit` on a plain EventEmitter.
 * - readProperty: round trips of the real client through the adapter and the real transport
 *   on an in-memory network (a client serving a device on the other side), sequentially.
 *   Baseline: NPDU echo round trips of two bare transports on the same network, so the ratio
 *   is what the client and the adapter cost on top of the datalink.
 *
 * Run from the repository root: `npx tsx packages/bacnet-js/bench/run.ts`. The last line of
 * stdout is the JSON result.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import { MemoryNetwork } from "@bip6/bip6-socket";
import { Bip6Transport } from "@bip6/bip6-transport";
import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import { compare, consume, measure, summarize, type Measurement } from "../../../bench/harness.js";
import { type Bip6Datalink, createBip6Transport } from "../src/index.js";

type ClientClass = new (options: { transport: unknown; apduTimeout?: number }) => {
  on(event: string, listener: (...args: never[]) => void): unknown;
  readProperty(
    receiver: { address: string },
    objectId: { type: number; instance: number },
    property: number,
  ): Promise<unknown>;
  readPropertyResponse(...args: unknown[]): void;
  close(): void;
};
const Client = (createRequire(import.meta.url)("@bacnet-js/client") as { default: ClientClass }).default;

let sent = 0;
const resolved = Promise.resolve();
const listeners = new Map<string, (value: unknown) => void>();
const countingDatalink: Bip6Datalink = {
  vmac: 0x400001,
  localAddress: Bip6Address.parse("[fd00:1::2]:47808"),
  role: "node",
  closed: false,
  sendUnicast(npdu: Uint8Array, to: Vmac | Bip6Address) {
    sent += npdu.length + (typeof to === "number" ? 1 : 0);
    return resolved;
  },
  sendBroadcast: () => resolved,
  resolveVmac: () => Promise.resolve(0),
  on(name: string, listener: (value: never) => void) {
    listeners.set(name, listener as (value: unknown) => void);
    return () => listeners.delete(name);
  },
  registration: () => undefined,
  close: () => resolved,
} as Bip6Datalink;

const adapter = createBip6Transport({ transport: countingDatalink });
adapter.open();
await adapter.whenOpen();

// The frame the client writes for ReadProperty(device 1234, object-name), in its buffer.
const clientBuffer = Buffer.alloc(1476);
clientBuffer.set(Buffer.from("810a001101040275000c0c020004d2194d", "hex"));

const sendAdapter = measure((n) => {
  for (let i = 0; i < n; i++) adapter.send(clientBuffer, 17, "0004d2");
});
const sendBaseline = measure((n) => {
  for (let i = 0; i < n; i++) {
    countingDatalink
      .sendUnicast(new Uint8Array(clientBuffer.subarray(4, 17)), Number.parseInt("0004d2", 16))
      .then(undefined, (error: unknown) => consume(String(error).length));
  }
});

const npdu50 = new Uint8Array(50).map((_, i) => (i * 7 + 1) & 0xff);
const received = { npdu: npdu50, sourceVmac: 1234, source: undefined, broadcast: false, via: "unicast" };
adapter.on("message", (buffer, from) => consume(buffer.length + from.length));
const deliver = listeners.get("npdu") as (value: unknown) => void;
const receiveAdapter = measure((n) => {
  for (let i = 0; i < n; i++) deliver(received);
});
const plain = new EventEmitter();
plain.on("message", (buffer: Buffer, from: string) => consume(buffer.length + from.length));
const receiveBaseline = measure((n) => {
  for (let i = 0; i < n; i++) {
    const out = Buffer.allocUnsafe(54);
    out.set(npdu50, 4);
    plain.emit("message", out, (1234).toString(16).padStart(6, "0"));
  }
});

/** Sequential async round trips: samples of `perSample` each, median and spread. */
async function roundTrips(once: () => Promise<unknown>, perSample: number, samples = 7): Promise<Measurement> {
  for (let i = 0; i < perSample; i++) await once(); // warm-up
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < perSample; i++) await once();
    rates.push((perSample * 1000) / (performance.now() - t0));
  }
  return summarize(rates);
}

const net = new MemoryNetwork({ seed: 1 });
net.addLink("lan");
const portOf = (name: string) => net.createPort(net.addHost(name, [{ link: "lan" }]));

const device = new Client({
  transport: createBip6Transport({ datagramPort: portOf("device"), vmac: { deviceInstance: 1234 } }),
});
device.on(
  "readProperty",
  (msg: { header: { sender: unknown }; invokeId: number; payload: { objectId: unknown; property: unknown } }) =>
    device.readPropertyResponse(msg.header.sender, msg.invokeId, msg.payload.objectId, msg.payload.property, [
      { type: 7, value: "device-1234" },
    ]),
);
const operatorTransport = createBip6Transport({ datagramPort: portOf("operator"), vmac: { vmac: 0x400001 } });
const operator = new Client({ transport: operatorTransport, apduTimeout: 5000 });
await operatorTransport.whenOpen();
const readClient = await roundTrips(
  () => operator.readProperty({ address: "0004d2" }, { type: 8, instance: 1234 }, 77),
  500,
);

const echo = await Bip6Transport.open({ datagramPort: portOf("echo"), vmac: { deviceInstance: 7 } });
const pinger = await Bip6Transport.open({ datagramPort: portOf("pinger"), vmac: { vmac: 0x400002 } });
echo.on("npdu", (m) => void echo.sendUnicast(m.npdu, m.sourceVmac));
let answered: (() => void) | undefined;
pinger.on("npdu", () => answered?.());
const request = Buffer.from("01040275000c0c020004d2194d", "hex");
const readBaseline = await roundTrips(
  () =>
    new Promise<void>((resolve) => {
      answered = resolve;
      void pinger.sendUnicast(request, 7);
    }),
  500,
);
operator.close();
device.close();
await Promise.all([echo.close(), pinger.close()]);
if (sent === 0 || adapter.stats().unicastsSent === 0) throw new Error("bench: nothing was sent");

const result = {
  sendUnicast: compare(sendAdapter, sendBaseline),
  receive: compare(receiveAdapter, receiveBaseline),
  readPropertyRoundTrip: compare(readClient, readBaseline),
};
const fmt = (x: number): string => x.toLocaleString("en-US");
console.error(
  `send(): ${fmt(sendAdapter.opsPerSecond)} frames/s; baseline copy+call ${fmt(sendBaseline.opsPerSecond)}/s; ratio ${result.sendUnicast.ratio}`,
);
console.error(
  `receive: ${fmt(receiveAdapter.opsPerSecond)} frames/s; baseline wrap+emit ${fmt(receiveBaseline.opsPerSecond)}/s; ratio ${result.receive.ratio}`,
);
console.error(
  `readProperty round trips (client + adapter + transport, memory): ${fmt(readClient.opsPerSecond)}/s; ` +
    `bare transport echo ${fmt(readBaseline.opsPerSecond)}/s; ratio ${result.readPropertyRoundTrip.ratio}`,
);
console.log(JSON.stringify(result));
