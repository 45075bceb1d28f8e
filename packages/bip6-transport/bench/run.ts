/**
 * bip6-transport, each figure beside a baseline measured in the same run:
 *
 * - unicastLoopback: Original-Unicast-NPDU datagrams per second end to end through two
 *   transports (`@bip6/bip6-transport/node` on `lo`, port 0): sendUnicast → socket → decode,
 *   ingress, learning, delivery to an `npdu` listener, which sends the next one (a window of
 *   64 in flight). Baseline: the same pump over a raw `node:dgram` udp6 pair on ::1 with
 *   datagrams of the same size (64 octets: a 54-octet NPDU; `BENCH_NPDU=n` changes it).
 *   Target ratio ≥ 0.8. The layer below, two NodeDatagramPorts, is measured in the same
 *   rounds, so the transport's own share shows (transportOverPortRatio).
 * - bbmdFanOut: a BBMD transport's sendBroadcast with 1 000 registered foreign devices, on a
 *   port that only counts, in ns per destination. Baseline: bbmd6 alone — `Bbmd.broadcast()`,
 *   the frame encoded once and a no-op send per destination (the least any owner does). Each
 *   side runs in processes of its own, alternating.
 * - resolution: wall-clock latency of one Address-Resolution (sendUnicast to a VMAC nobody
 *   knows yet → group → ACK → the queued datagram sent) on a MemoryNetwork in microtask
 *   mode, and of one Virtual-Address-Resolution round trip on ::1 (resolveVmac). The table's
 *   TTL is tiny so that every attempt misses. Median and p99 in µs.
 * - heapPerPeer: heap retained per learned peer at 100 000 peers (a 100 000-entry VMAC table
 *   filled through the core's ingress by Original-Broadcast-NPDUs from 100 000 addresses),
 *   besides the addresses themselves, and the bare VmacTable's figure as baseline.
 *
 * Run: `npx tsx bench/run.ts` from this package (about a minute). Every section runs in a
 * process of its own (`npx tsx bench/run.ts <section>` runs one). Human lines go to stderr; the
 * last stdout line is the JSON result. Nothing leaves ::1.
 */
import { NodeDatagramPort } from "@bip6/bip6-socket";
import { MemoryNetwork } from "@bip6/bip6-socket/memory";
import type { DatagramPort, DatagramPortStats } from "@bip6/bip6-socket/memory";
import { Bbmd } from "@bip6/bbmd6";
import { Bip6Address, encodeFrame, hexToBytes, writeVmac } from "@bip6/bvll6-codec";
import { VmacTable } from "@bip6/vmac-cache";
import { spawnSync } from "node:child_process";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { consume, type DatagramPair, type Measurement, rawUdpPair, summarize } from "../../../bench/harness.js";
import { Bip6Transport, TransportCore } from "../src/node.js";
import { coreConfig } from "../src/resolve-options.js";

const NPDU = new Uint8Array(Number(process.env.BENCH_NPDU ?? 54)).map((_, i) => i);
const DATAGRAM = new Uint8Array(NPDU.length + 10).map((_, i) => i);
const WINDOW = 64;
const SAMPLE_MS = 400;
const SAMPLES = 5;
const fmt = (x: number): string => x.toLocaleString("en-US");
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;

// ---- unicast on ::1 --------------------------------------------------------------------

/** Datagrams received per second, and CPU time (user + system, µs) this process spent per datagram. */
interface Rate {
  readonly perSecond: number;
  readonly cpuUsPerDatagram: number;
}

function pump(pair: DatagramPair, ms: number): Promise<Rate> {
  return new Promise((resolve) => {
    let received = 0;
    let lastArrival = performance.now();
    let done = false;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
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
      const cpu = process.cpuUsage(c0);
      resolve({
        perSecond: (received * 1000) / (performance.now() - t0),
        cpuUsPerDatagram: (cpu.user + cpu.system) / Math.max(1, received),
      });
    }, ms);
  });
}

interface PairMeasurement {
  readonly rate: Measurement;
  /** Median CPU µs per datagram over the samples. */
  readonly cpuUsPerDatagram: number;
}

async function measurePair(make: () => Promise<DatagramPair>): Promise<PairMeasurement> {
  const pair = await make();
  let current: () => void = () => {};
  pair.onArrival(() => current());
  const rig: DatagramPair = { send: () => pair.send(), onArrival: (l) => (current = l), close: () => pair.close() };
  await pump(rig, 300);
  const rates: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const r = await pump(rig, SAMPLE_MS);
    rates.push(r.perSecond);
    cpu.push(r.cpuUsPerDatagram);
    await new Promise((r) => setTimeout(r, 60));
  }
  await pair.close();
  cpu.sort((x, y) => x - y);
  return { rate: summarize(rates), cpuUsPerDatagram: cpu[Math.floor(cpu.length / 2)] as number };
}

async function transportPair(): Promise<DatagramPair> {
  const a = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 1 } });
  const b = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 2 } });
  if ((await a.resolveVmac(b.localAddress)) !== 2) throw new Error("bench setup: resolution");
  return {
    send: () => void a.sendUnicast(NPDU, 2),
    onArrival: (l) => {
      b.on("npdu", (m) => {
        consume(m.npdu.length);
        l();
      });
    },
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** Two NodeDatagramPorts, the layer below: datagrams of the same size, no transport. */
async function portPair(): Promise<DatagramPair> {
  const a = await NodeDatagramPort.open({ interface: "lo", port: 0 });
  const b = await NodeDatagramPort.open({ interface: "lo", port: 0 });
  const to = b.localAddress;
  return {
    send: () => a.send(DATAGRAM, to),
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

// ---- BBMD fan-out ----------------------------------------------------------------------

const DESTINATIONS = 1000;

/** A port that only counts what it is handed. */
class CountingPort implements DatagramPort {
  readonly localAddress = Bip6Address.parse("[2001:db8::1]:47808");
  readonly localAddresses = [this.localAddress];
  readonly group = Bip6Address.parse("[ff02::bac0%eth0]:47808");
  readonly groups = [this.group];
  readonly joinedGroup = true;
  readonly multicastAvailable = true;
  closed = false;
  sent = 0;
  #listener: ((b: Uint8Array, f: Bip6Address, v: "unicast" | "multicast", t: Bip6Address) => void) | undefined;
  send(bytes: Uint8Array): void {
    this.sent++;
    consume(bytes.length);
  }
  multicast(bytes: Uint8Array): void {
    this.sent++;
    consume(bytes.length);
  }
  onDatagram(l: (b: Uint8Array, f: Bip6Address, v: "unicast" | "multicast", t: Bip6Address) => void): () => void {
    this.#listener = l;
    return () => (this.#listener = undefined);
  }
  onError(): () => void {
    return () => {};
  }
  tap(): () => void {
    return () => {};
  }
  receive(bytes: Uint8Array, from: Bip6Address): void {
    this.#listener?.(bytes, from, "unicast", this.localAddress);
  }
  stats(): DatagramPortStats {
    return {
      datagramsSent: this.sent,
      multicastsSent: 0,
      bytesSent: 0,
      datagramsReceived: 0,
      multicastsReceived: 0,
      bytesReceived: 0,
      sendErrors: 0,
      socketErrors: 0,
      listenerErrors: 0,
      unheard: 0,
    };
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const fdAddress = (i: number): Bip6Address =>
  Bip6Address.fromIp(`2001:db8:f:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}`, 47808);

/** One side's samples: broadcasts per second (wall clock), and CPU µs per broadcast. */
interface FanOutSamples {
  readonly rates: number[];
  readonly cpuUs: number[];
}

/** SAMPLES samples of one side: the transport's sendBroadcast, or bbmd6 alone. */
async function fanOutRates(side: "transport" | "bbmd6"): Promise<FanOutSamples> {
  const npdu = new Uint8Array(50).map((_, i) => (i * 7 + 1) & 0xff);
  const port = new CountingPort();
  let body: () => Promise<void> | void;
  let close = async (): Promise<void> => {};
  if (side === "transport") {
    const t = await Bip6Transport.open({
      datagramPort: port,
      vmac: { deviceInstance: 1 },
      role: { kind: "bbmd", maxForeignDevices: DESTINATIONS, fanOutBudget: "off" },
    });
    const register = hexToBytes("820900090000000000");
    register[7] = 0xff;
    register[8] = 0xff; // TTL 65535 s: nothing expires while measuring
    for (let i = 0; i < DESTINATIONS; i++) {
      writeVmac(register, 4, 0x1000 + i);
      port.receive(register, fdAddress(i));
    }
    if (t.bbmd()?.fdt.length !== DESTINATIONS) throw new Error("bench setup: registrations");
    body = () => t.sendBroadcast(npdu);
    close = () => t.close();
  } else {
    const bbmd = new Bbmd({
      vmac: 1,
      address: port.localAddress,
      maxForeignDevices: DESTINATIONS,
      fanOutBudget: "off",
    });
    for (let i = 0; i < DESTINATIONS; i++) {
      bbmd.handle({ kind: "RegisterForeignDevice", sourceVmac: i, timeToLive: 65535 }, fdAddress(i), 0, "unicast");
    }
    const scratch = new Uint8Array(1522);
    body = (): void => {
      const out = bbmd.broadcast(npdu, 1);
      let frame: unknown;
      let bytes: Uint8Array = scratch;
      for (const a of out.actions) {
        if (a.type !== "send" && a.type !== "multicast") continue;
        if (a.frame !== frame) {
          frame = a.frame;
          bytes = encodeFrame(a.frame, scratch);
        }
        if (a.type === "send") port.send(bytes);
        else port.multicast(bytes);
      }
    };
  }
  port.sent = 0;
  await body();
  if (port.sent !== DESTINATIONS + 1) throw new Error(`bench setup: fan-out sent ${port.sent}`);
  const cpuUs: number[] = [];
  const rounds = async (ms: number): Promise<number> => {
    let n = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const end = t0 + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 20; i++) await body();
      n += 20;
    }
    const c = process.cpuUsage(c0);
    cpuUs.push((c.user + c.system) / n);
    return (n * 1000) / (performance.now() - t0);
  };
  await rounds(300);
  cpuUs.length = 0;
  const rates: number[] = [];
  for (let s = 0; s < SAMPLES; s++) rates.push(await rounds(SAMPLE_MS));
  await close();
  return { rates, cpuUs };
}

/** The fan-out figures from both sides' samples (each side measured in processes of its own). */
function fanOutResult(ours: FanOutSamples, base: FanOutSamples): Record<string, number> {
  const o = summarize(ours.rates);
  const b = summarize(base.rates);
  const ns = (m: Measurement): number => Number((1e9 / m.opsPerSecond / (DESTINATIONS + 1)).toFixed(2));
  const cpuNs = (xs: number[]): number => Number(((median(xs) * 1000) / (DESTINATIONS + 1)).toFixed(2));
  return {
    destinations: DESTINATIONS + 1,
    transportNsPerDestination: ns(o),
    baselineNsPerDestination: ns(b),
    ratio: Number((ns(o) / ns(b)).toFixed(3)),
    spread: o.spread,
    baselineSpread: b.spread,
    transportCpuNsPerDestination: cpuNs(ours.cpuUs),
    baselineCpuNsPerDestination: cpuNs(base.cpuUs),
    cpuRatio: Number((median(ours.cpuUs) / median(base.cpuUs)).toFixed(3)),
  };
}

// ---- resolution latency ----------------------------------------------------------------

function percentiles(samples: number[]): { medianUs: number; p99Us: number; samples: number } {
  const s = [...samples].sort((x, y) => x - y);
  const at = (q: number): number =>
    Number(((s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) * 1000).toFixed(1));
  return { medianUs: at(0.5), p99Us: at(0.99), samples: s.length };
}

async function resolutionMemory(n: number): Promise<{ medianUs: number; p99Us: number; samples: number }> {
  const net = new MemoryNetwork({ delivery: "microtask" });
  net.addLink("lan");
  // A TTL of 1 µs: every lookup misses, so every send resolves afresh.
  const vmacTable = { ttlMs: 0.001 };
  const a = await Bip6Transport.open({
    datagramPort: net.createPort(net.addHost("a", [{ link: "lan" }])),
    ownsPort: true,
    vmac: { deviceInstance: 1 },
    vmacTable,
  });
  const b = await Bip6Transport.open({
    datagramPort: net.createPort(net.addHost("b", [{ link: "lan" }])),
    ownsPort: true,
    vmac: { deviceInstance: 2 },
    vmacTable,
  });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setImmediate(r)); // past the TTL
    const t0 = performance.now();
    await a.sendUnicast(NPDU, 2);
    samples.push(performance.now() - t0);
  }
  if (a.stats().transport.resolution.started < n) throw new Error("bench: resolutions were not fresh");
  await Promise.all([a.close(), b.close()]);
  return percentiles(samples.slice(Math.floor(n / 10)));
}

async function resolutionLoopback(n: number): Promise<{ medianUs: number; p99Us: number; samples: number }> {
  const vmacTable = { ttlMs: 0.001 };
  const a = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 1 }, vmacTable });
  const b = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 2 }, vmacTable });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    await a.resolveVmac(b.localAddress);
    samples.push(performance.now() - t0);
  }
  if (a.stats().transport.resolution.virtualStarted < n) throw new Error("bench: resolutions were not fresh");
  await Promise.all([a.close(), b.close()]);
  return percentiles(samples.slice(Math.floor(n / 10)));
}

// ---- heap per learned peer -------------------------------------------------------------

function heap(): number {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const PEERS = 100_000;

function heapPerPeer(): Record<string, number> {
  const before = heap();
  const addresses = Array.from({ length: PEERS }, (_, i) =>
    Bip6Address.fromIp(`fd00:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}`, 47808),
  );
  const frames = addresses.map((_, i) => {
    const f = hexToBytes("8202000f000000" + "0120ffff00ff1008");
    writeVmac(f, 4, 0x100000 + i);
    return f;
  });
  const withAddresses = heap();
  // The defaults a transport opened with these options gets, on a port that only counts.
  const core = new TransportCore(
    coreConfig({ vmac: { deviceInstance: 1 }, vmacTable: { capacity: PEERS } }, new CountingPort()),
  );
  core.start(0);
  const emptyCore = heap();
  for (let i = 0; i < PEERS; i++) core.receive(frames[i] as Uint8Array, addresses[i] as Bip6Address, "multicast", 1);
  const full = heap();
  if (core.table.size !== PEERS) throw new Error(`bench: ${core.table.size} peers learned`);

  const table = new VmacTable({ capacity: PEERS, now: () => 1 });
  const emptyTable = heap();
  for (let i = 0; i < PEERS; i++) table.learn(0x100000 + i, addresses[i] as Bip6Address, 1);
  const fullTable = heap();
  consume(core.table.size + table.size + frames.length);
  const perPeer = (x: number): number => Math.round(x / PEERS);
  return {
    peers: PEERS,
    transportBytesPerPeer: perPeer(full - emptyCore),
    baselineVmacTableBytesPerPeer: perPeer(fullTable - emptyTable),
    addressAndFrameBytesPerPeer: perPeer(withAddresses - before),
    ratio: Number(((full - emptyCore) / (fullTable - emptyTable)).toFixed(3)),
  };
}

// ---- run -------------------------------------------------------------------------------

// Each section runs in a process of its own (this script, re-run with the section's name), so
// one section's JIT state (ports, action shapes) does not shape another's figures.
const SECTIONS: Record<string, () => Promise<unknown>> = {
  async unicastLoopback() {
    // Raw and ours alternate, three rounds each: the machine is shared, so each side's figure is
    // the median of its rounds and the ratio compares those; CPU time per datagram is the steadier
    // figure when other processes take the cores.
    const rounds: Array<{ raw: PairMeasurement; port: PairMeasurement; ours: PairMeasurement }> = [];
    for (let r = 0; r < 3; r++) {
      rounds.push({
        raw: await measurePair(() => rawUdpPair(DATAGRAM)),
        port: await measurePair(portPair),
        ours: await measurePair(transportPair),
      });
    }
    const oursRate = median(rounds.map((r) => r.ours.rate.opsPerSecond));
    const portRate = median(rounds.map((r) => r.port.rate.opsPerSecond));
    const rawRate = median(rounds.map((r) => r.raw.rate.opsPerSecond));
    const oursCpu = median(rounds.map((r) => r.ours.cpuUsPerDatagram));
    const portCpu = median(rounds.map((r) => r.port.cpuUsPerDatagram));
    const rawCpu = median(rounds.map((r) => r.raw.cpuUsPerDatagram));
    const unicastLoopback = {
      datagramOctets: DATAGRAM.length,
      datagramsPerSecond: Math.round(oursRate),
      baselineDatagramsPerSecond: Math.round(rawRate),
      ratio: Number((oursRate / rawRate).toFixed(3)),
      roundRatios: rounds.map((r) => Number((r.ours.rate.opsPerSecond / r.raw.rate.opsPerSecond).toFixed(3))),
      spread: median(rounds.map((r) => r.ours.rate.spread)),
      baselineSpread: median(rounds.map((r) => r.raw.rate.spread)),
      cpuUsPerDatagram: Number(oursCpu.toFixed(2)),
      baselineCpuUsPerDatagram: Number(rawCpu.toFixed(2)),
      cpuRatio: Number((rawCpu / oursCpu).toFixed(3)),
      portDatagramsPerSecond: Math.round(portRate),
      portRatio: Number((portRate / rawRate).toFixed(3)),
      portCpuUsPerDatagram: Number(portCpu.toFixed(2)),
      transportOverPortRatio: Number((oursRate / portRate).toFixed(3)),
    };
    console.error(
      `unicast ::1 end to end (${DATAGRAM.length}-octet datagrams): ${fmt(unicastLoopback.datagramsPerSecond)}/s; ` +
        `raw node:dgram ${fmt(unicastLoopback.baselineDatagramsPerSecond)}/s; ratio ${unicastLoopback.ratio} ` +
        `(rounds ${unicastLoopback.roundRatios.join(", ")}); NodeDatagramPort alone ${fmt(unicastLoopback.portDatagramsPerSecond)}/s ` +
        `(ratio ${unicastLoopback.portRatio}; transport/port ${unicastLoopback.transportOverPortRatio}); CPU per datagram ` +
        `${unicastLoopback.cpuUsPerDatagram} µs, port ${unicastLoopback.portCpuUsPerDatagram}, raw ${unicastLoopback.baselineCpuUsPerDatagram} (ratio ${unicastLoopback.cpuRatio})`,
    );
    return unicastLoopback;
  },
  fanOutTransport: () => fanOutRates("transport"),
  fanOutBaseline: () => fanOutRates("bbmd6"),
  async resolution() {
    const resolution = { memoryNetwork: await resolutionMemory(2000), loopbackVirtual: await resolutionLoopback(2000) };
    console.error(
      `resolution latency: MemoryNetwork Address-Resolution median ${resolution.memoryNetwork.medianUs} µs (p99 ${resolution.memoryNetwork.p99Us}); ` +
        `::1 Virtual-Address-Resolution median ${resolution.loopbackVirtual.medianUs} µs (p99 ${resolution.loopbackVirtual.p99Us})`,
    );
    return resolution;
  },
  async heapPerPeer() {
    const heapResult = heapPerPeer();
    console.error(
      `heap at ${fmt(PEERS)} peers: ${heapResult.transportBytesPerPeer} B/peer through the transport core, ` +
        `${heapResult.baselineVmacTableBytesPerPeer} B/peer in a bare VmacTable (addresses: ${heapResult.addressAndFrameBytesPerPeer} B/peer besides)`,
    );
    return heapResult;
  },
};

const section = process.argv[2];
if (section !== undefined) {
  const run = SECTIONS[section];
  if (run === undefined) throw new Error(`unknown section ${section}`);
  console.log(JSON.stringify(await run()));
} else {
  const run = (name: string): unknown => {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0) throw new Error(`bench section ${name} failed (${String(r.status)})`);
    const lines = r.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1] ?? "null");
  };
  const unicastLoopback = run("unicastLoopback");
  // Each side in processes of its own, alternating: in one process the two share the
  // encoder's and the port's call sites, which makes either look slower than it is.
  const ours: FanOutSamples = { rates: [], cpuUs: [] };
  const base: FanOutSamples = { rates: [], cpuUs: [] };
  for (let i = 0; i < 2; i++) {
    for (const [into, name] of [
      [ours, "fanOutTransport"],
      [base, "fanOutBaseline"],
    ] as const) {
      const r = run(name) as FanOutSamples;
      into.rates.push(...r.rates);
      into.cpuUs.push(...r.cpuUs);
    }
  }
  const bbmdFanOut = fanOutResult(ours, base);
  console.error(
    `BBMD broadcast to ${bbmdFanOut.destinations}: ${bbmdFanOut.transportNsPerDestination} ns/destination; ` +
      `bbmd6 + encode once + send ${bbmdFanOut.baselineNsPerDestination} ns; ratio ${bbmdFanOut.ratio}; ` +
      `CPU ${bbmdFanOut.transportCpuNsPerDestination} vs ${bbmdFanOut.baselineCpuNsPerDestination} ns (ratio ${bbmdFanOut.cpuRatio})`,
  );
  console.log(
    JSON.stringify({ unicastLoopback, bbmdFanOut, resolution: run("resolution"), heapPerPeer: run("heapPerPeer") }),
  );
}
