/**
 * Datagram throughput of bip6-socket, each beside a baseline measured in the same run:
 *
 * - nodePort: send + receive over ::1 between two `NodeDatagramPort`s (64-octet datagrams,
 *   a window of 64 in flight: each arrival sends the next). Baseline: the same pump over a
 *   raw `node:dgram` udp6 pair bound to ::1, i.e. what the port adds (argument checks, the
 *   copy of each datagram, sender-address parsing, listener dispatch) on top of the kernel.
 * - memoryNetwork: send + flush + delivery through a perfect `MemoryNetwork` link in manual
 *   mode. Baseline: copying the bytes and calling the listener directly, with no network.
 *
 * Nothing leaves ::1. Run: `npx tsx packages/bip6-socket/bench/run.ts` (about 10 s).
 * Human lines go to stderr; the last stdout line is the JSON result.
 */
import type { Bip6Address } from "@bip6/bvll6-codec";
import {
  compare,
  consume,
  type DatagramPair,
  measure,
  type Measurement,
  rawUdpPair,
  summarize,
} from "../../../bench/harness.js";
import { MemoryNetwork, NodeDatagramPort } from "../src/index.js";

const PAYLOAD = new Uint8Array(64).map((_, i) => i);
const WINDOW = 64;
const SAMPLE_MS = 400;
const SAMPLES = 5;

/** Keeps WINDOW datagrams in flight for `ms`; returns datagrams received per second. */
function pump(pair: DatagramPair, ms: number): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    let lastArrival = performance.now();
    let done = false;
    const t0 = performance.now();
    pair.onArrival(() => {
      if (done) return;
      received++;
      lastArrival = performance.now();
      pair.send();
    });
    for (let i = 0; i < WINDOW; i++) pair.send();
    // A lost datagram would shrink the window for good: refill it when arrivals stall.
    const guard = setInterval(() => {
      if (performance.now() - lastArrival > 50) for (let i = 0; i < WINDOW; i++) pair.send();
    }, 50);
    setTimeout(() => {
      done = true;
      clearInterval(guard);
      resolve((received * 1000) / (performance.now() - t0));
    }, ms);
  });
}

async function measurePair(make: () => Promise<DatagramPair>): Promise<Measurement> {
  const pair = await make();
  let current: () => void = () => {};
  pair.onArrival(() => current());
  const rig: DatagramPair = { send: () => pair.send(), onArrival: (l) => (current = l), close: () => pair.close() };
  await pump(rig, 300); // warm-up
  const rates: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    rates.push(await pump(rig, SAMPLE_MS));
    await new Promise((r) => setTimeout(r, 60)); // let stragglers drain between samples
  }
  await pair.close();
  return summarize(rates);
}

async function nodePortPair(): Promise<DatagramPair> {
  const a = await NodeDatagramPort.open({ interface: "lo", port: 0 });
  const b = await NodeDatagramPort.open({ interface: "lo", port: 0 });
  const to: Bip6Address = b.localAddress;
  return {
    send: () => a.send(PAYLOAD, to),
    onArrival: (l) => {
      b.onDatagram((bytes) => {
        consume(bytes.length);
        l();
      });
    },
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** {@link compare}, with the rates named as datagrams. */
function ratioRow(m: Measurement, base: Measurement): Record<string, number> {
  const { opsPerSecond, baselineOpsPerSecond, ...rest } = compare(m, base);
  return {
    datagramsPerSecond: opsPerSecond as number,
    baselineDatagramsPerSecond: baselineOpsPerSecond as number,
    ...rest,
  };
}

// Raw first, then ours, then raw again: the baseline is the better of the two raw runs, so a
// warming machine cannot flatter the port.
const raw1 = await measurePair(() => rawUdpPair(PAYLOAD));
const ours = await measurePair(nodePortPair);
const raw2 = await measurePair(() => rawUdpPair(PAYLOAD));
const raw = raw1.opsPerSecond >= raw2.opsPerSecond ? raw1 : raw2;

// MemoryNetwork: 256 sends then one flush per inner step, manual delivery.
const net = new MemoryNetwork({ delivery: "manual", maxInFlight: 1024 });
net.addLink("lan");
const ma = net.createPort(net.addHost("a", [{ link: "lan" }]));
const mb = net.createPort(net.addHost("b", [{ link: "lan" }]));
mb.onDatagram((bytes) => consume(bytes.length));
const mbTo = mb.localAddress;
const memory = measure((n) => {
  let left = n;
  while (left > 0) {
    const k = Math.min(left, 256);
    for (let i = 0; i < k; i++) ma.send(PAYLOAD, mbTo);
    net.flush();
    left -= k;
  }
});
const listener = (bytes: Uint8Array): void => consume(bytes.length);
const memoryBaseline = measure((n) => {
  for (let i = 0; i < n; i++) listener(PAYLOAD.slice());
});
if (net.stats().delivered === 0 || mb.stats().datagramsReceived !== net.stats().delivered) {
  throw new Error("bench: memory network did not deliver");
}

const result = {
  nodePortLoopback: ratioRow(ours, raw),
  memoryNetwork: ratioRow(memory, memoryBaseline),
};
const fmt = (x: number): string => x.toLocaleString("en-US");
console.error(
  `NodeDatagramPort ::1 send+receive: ${fmt(ours.opsPerSecond)} datagrams/s; ` +
    `raw node:dgram pair ${fmt(raw.opsPerSecond)}/s; ratio ${result.nodePortLoopback.ratio}`,
);
console.error(
  `MemoryNetwork send+flush+deliver: ${fmt(memory.opsPerSecond)} datagrams/s; ` +
    `baseline copy+call ${fmt(memoryBaseline.opsPerSecond)}/s; ratio ${result.memoryNetwork.ratio}`,
);
console.log(JSON.stringify(result));
