import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryNetwork } from "../src/index.js";

const impairments = fc.record({
  duplicate: fc.double({ min: 0, max: 1, noNaN: true }),
  reorder: fc.double({ min: 0, max: 1, noNaN: true }),
  delayMs: fc.integer({ min: 0, max: 50 }),
  jitterMs: fc.integer({ min: 0, max: 50 }),
});

describe("MemoryNetwork properties", () => {
  it("without loss, every datagram arrives once or twice, in non-decreasing time, matching the counters", () => {
    fc.assert(
      fc.property(fc.integer(), impairments, fc.integer({ min: 1, max: 60 }), (seed, imp, count) => {
        const net = new MemoryNetwork({ seed, delivery: "manual", impairments: imp });
        net.addLink("l");
        const a = net.createPort(net.addHost("a", [{ link: "l" }]));
        const b = net.createPort(net.addHost("b", [{ link: "l" }]));
        const times: number[] = [];
        const seen = new Map<number, number>();
        b.tap((r) => times.push(r.at));
        b.onDatagram((bytes) => seen.set(bytes[0] as number, (seen.get(bytes[0] as number) ?? 0) + 1));
        for (let i = 0; i < count; i++) a.send(Uint8Array.of(i), b.localAddress);
        net.advance(100);
        const s = net.stats();
        expect(s.inFlight).toBe(0);
        expect(seen.size).toBe(count);
        for (const n of seen.values()) expect(n === 1 || n === 2).toBe(true);
        expect(s.delivered).toBe(count + s.duplicated);
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
        for (const t of times) expect(t).toBeGreaterThanOrEqual(imp.delayMs);
      }),
      { numRuns: 200 },
    );
  });

  it("with loss, delivered + lost accounts for every delivery attempt", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (seed, loss) => {
        const net = new MemoryNetwork({ seed, delivery: "manual", impairments: { loss } });
        net.addLink("l");
        const a = net.createPort(net.addHost("a", [{ link: "l" }]));
        const b = net.createPort(net.addHost("b", [{ link: "l" }]));
        const c = net.createPort(net.addHost("c", [{ link: "l" }]));
        for (let i = 0; i < 20; i++) a.multicast(Uint8Array.of(i));
        net.flush();
        const s = net.stats();
        expect(s.delivered + s.lost).toBe(40);
        expect(b.stats().multicastsReceived + c.stats().multicastsReceived).toBe(s.delivered);
      }),
      { numRuns: 100 },
    );
  });
});
