import dgram from "node:dgram";

/**
 * Minimal benchmark harness for tight loops. The measured body runs its own loop of
 * `iterations`, so the harness adds no per-operation call overhead (which would dominate
 * at tens of millions of operations per second). Results are machine-readable numbers.
 */
export interface Measurement {
  /** Operations per second, median of the samples. */
  opsPerSecond: number;
  /** Samples taken. */
  samples: number;
  /** Relative spread (max-min)/median of the samples. */
  spread: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Time to spend per sample (ms). */
  sampleMs?: number;
  /** Number of samples; the median is reported. */
  samples?: number;
  /** Warm-up time before sampling (ms). */
  warmupMs?: number;
}

/**
 * Measures `body(iterations)`, which must perform `iterations` operations. Calibrates the
 * iteration count so that each sample lasts about `sampleMs`.
 */
export function measure(body: (iterations: number) => void, options: MeasureOptions = {}): Measurement {
  const sampleMs = options.sampleMs ?? 200;
  const sampleCount = options.samples ?? 7;
  const warmupMs = options.warmupMs ?? 300;
  let iterations = 1000;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) {
    const t0 = performance.now();
    body(iterations);
    const dt = performance.now() - t0;
    if (dt < sampleMs / 4) iterations *= 2;
  }
  const rates: number[] = [];
  for (let s = 0; s < sampleCount; s++) {
    const t0 = performance.now();
    body(iterations);
    const dt = performance.now() - t0;
    rates.push((iterations * 1000) / Math.max(dt, 1e-6));
    iterations = Math.max(1, Math.round((iterations * sampleMs) / Math.max(dt, 1e-6)));
  }
  return summarize(rates);
}

/** The median and spread of per-sample rates (ops/s), for benches that take their own samples. */
export function summarize(rates: number[]): Measurement {
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return {
    opsPerSecond: Math.round(median),
    samples: sorted.length,
    spread: Number((((sorted[sorted.length - 1] as number) - (sorted[0] as number)) / median).toFixed(3)),
  };
}

/** A result beside its same-run baseline: both rates, their ratio and their spreads. */
export function compare(m: Measurement, base: Measurement): Record<string, number> {
  return {
    opsPerSecond: m.opsPerSecond,
    baselineOpsPerSecond: base.opsPerSecond,
    ratio: Number((m.opsPerSecond / base.opsPerSecond).toFixed(3)),
    spread: m.spread,
    baselineSpread: base.spread,
  };
}

/** A sink that defeats dead-code elimination: benchmarks feed it results. */
export let blackhole = 0;

/** Mixes a value into {@link blackhole}. */
export function consume(value: number): void {
  blackhole = (blackhole + value) | 0;
}

/** Two ends of a datagram path for a ping-pong pump: send one, hear each arrival, close both. */
export interface DatagramPair {
  /** Sends one datagram from the first end to the second. */
  send(): void;
  /** Calls `listener` for every datagram the second end receives. */
  onArrival(listener: () => void): void;
  /** Closes both ends. */
  close(): Promise<void>;
}

/**
 * The raw baseline of the datagram benches: two `node:dgram` udp6 sockets on ::1 (port 0),
 * sending `payload` from one to the other; each arrival's length goes to {@link consume}.
 */
export async function rawUdpPair(payload: Uint8Array): Promise<DatagramPair> {
  const bind = (s: dgram.Socket): Promise<void> =>
    new Promise((resolve, reject) => {
      s.once("error", reject);
      s.bind({ address: "::1", port: 0 }, () => resolve());
    });
  const a = dgram.createSocket({ type: "udp6", ipv6Only: true });
  const b = dgram.createSocket({ type: "udp6", ipv6Only: true });
  await Promise.all([bind(a), bind(b)]);
  const port = b.address().port;
  return {
    send: () => a.send(payload, port, "::1"),
    onArrival: (l) => {
      b.on("message", (msg) => {
        consume(msg.length);
        l();
      });
    },
    close: () => new Promise((r) => a.close(() => b.close(() => r()))),
  };
}
