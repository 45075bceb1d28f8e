// The per-source fan-out budget: a token bucket per originator, applied to every input
// that fans out, dropped as `over-budget` beyond it, reported by rate-limited events.
import { Bip6Address, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  Bbmd,
  type BbmdConfig,
  BbmdError,
  type BbmdHandleOutput,
  DEFAULT_FAN_OUT_BUDGET,
  FAN_OUT_REPORT_INTERVAL_MS,
} from "../src/index.js";
import {
  bbmd,
  events,
  FD1,
  FD2,
  frame,
  LOCAL,
  NPDU,
  PEER_B,
  PEER_C,
  registerFrame,
  SELF,
  wire,
  withFds,
} from "./helpers.js";

const OBN = "8202000f0004d2" + NPDU;
const OTHER_LOCAL = Bip6Address.parse("[fd00::b]:47808");

/** A BBMD with two peers, two devices and a small budget: 3 at once, 1 per second. */
function small(overrides: Partial<BbmdConfig> = {}): Bbmd {
  return withFds(bbmd({ fanOutBudget: { perSourcePerSecond: 1, burst: 3 }, ...overrides }));
}

const obn = (b: Bbmd, from: Bip6Address, t: number): BbmdHandleOutput => b.handle(frame(OBN), from, t, "multicast");

describe("defaults", () => {
  it("200 per second per source, bursts of 2000, 4096 sources tracked", () => {
    expect(DEFAULT_FAN_OUT_BUDGET).toEqual({ perSourcePerSecond: 200, burst: 2000, maxSources: 4096 });
    expect(bbmd().config.fanOutBudget).toBe(DEFAULT_FAN_OUT_BUDGET);
  });

  it("a burst of 2000 broadcasts from one source passes at once; the 2001st is dropped, other sources are not", () => {
    const b = withFds(bbmd());
    for (let i = 0; i < 2000; i++) expect(obn(b, LOCAL, 1).verdict).toBe("consumed");
    const over = obn(b, LOCAL, 1);
    expect(over).toEqual({
      actions: [{ type: "event", event: { type: "fan-out-throttled", address: LOCAL, dropped: 1, at: 1 } }],
      wakeAt: 90_000,
      verdict: "dropped",
      dropReason: "over-budget",
    });
    expect(obn(b, OTHER_LOCAL, 1).verdict).toBe("consumed");
    expect(b.stats()).toMatchObject({ originalBroadcasts: 2001, droppedOverBudget: 1 });
  });

  it("a Who-Is storm of 300 per second from one device passes until the burst is spent, then 200 per second", () => {
    const b = withFds(bbmd());
    let passed = 0;
    // 300/s for 30 s: the bucket loses 100 per second net, so it runs dry after 20 s.
    for (let i = 0; i < 9000; i++) if (obn(b, LOCAL, Math.floor((i * 1000) / 300)).verdict === "consumed") passed++;
    expect(passed).toBeGreaterThanOrEqual(2000 + 200 * 29);
    expect(passed).toBeLessThanOrEqual(2000 + 200 * 30 + 1);
  });
});

describe("the bucket", () => {
  it("refills at perSourcePerSecond up to burst, never beyond", () => {
    const b = small();
    for (let i = 0; i < 3; i++) expect(obn(b, LOCAL, 0).verdict).toBe("consumed");
    expect(obn(b, LOCAL, 999).dropReason).toBe("over-budget");
    expect(obn(b, LOCAL, 1_000).verdict).toBe("consumed"); // one token per second
    expect(obn(b, LOCAL, 1_000).dropReason).toBe("over-budget");
    // A long quiet spell refills to the burst (3), not to 60.
    const after = [0, 1, 2, 3].map(() => obn(b, LOCAL, 61_000).verdict);
    expect(after).toEqual(["consumed", "consumed", "consumed", "dropped"]);
  });

  it("a dropped input is not delivered and sends nothing", () => {
    const b = small();
    for (let i = 0; i < 3; i++) obn(b, LOCAL, 0);
    const sends = b.stats().sends;
    const out = obn(b, LOCAL, 0);
    expect(out.actions.every((a) => a.type === "event")).toBe(true);
    expect(b.stats().sends).toBe(sends);
  });

  it("fan-out-throttled is reported on the first drop, then at most every 10 s per source, with the drops since", () => {
    const b = small();
    const reports: [number, number][] = [];
    for (let t = 0; t <= 25_000; t += 100) {
      for (const e of events(obn(b, LOCAL, t))) if (e.type === "fan-out-throttled") reports.push([e.at, e.dropped]);
    }
    expect(FAN_OUT_REPORT_INTERVAL_MS).toBe(10_000);
    // 3 pass at 0, 100 and 200 ms, then one per second: the first drop is at 300 ms.
    expect(reports.map(([at]) => at)).toEqual([300, 10_300, 20_300]);
    const drops = b.stats().droppedOverBudget;
    expect(reports[0]?.[1]).toBe(1);
    // Every drop up to the last report is accounted for in some report.
    expect((reports[1]?.[1] ?? 0) + (reports[2]?.[1] ?? 0) + 1).toBeLessThanOrEqual(drops);
    expect(reports[1]?.[1]).toBe(100 - 10); // 100 inputs in (300, 10 300], 10 of them passed
  });
});

describe("every input that fans out takes a token from its originator", () => {
  it("Distribute-Broadcast-To-Network, keyed by the device", () => {
    const b = small();
    const dbtn = frame("820c000f0003e7" + NPDU);
    const verdicts = [0, 1, 2, 3].map(() => b.handle(dbtn, FD1, 0, "unicast").dropReason ?? "ok");
    expect(verdicts).toEqual(["ok", "ok", "ok", "over-budget"]);
    expect(b.handle(frame("820c000f00162e" + NPDU), FD2, 0, "unicast").verdict).toBe("consumed");
  });

  it("Address-Resolution forwarding, from the link and from a device; an answer for the BBMD itself is free", () => {
    const b = small();
    const far = frame("8203000a0004d200162e");
    const verdicts = [0, 1, 2, 3].map(() => b.handle(far, LOCAL, 0, "multicast").dropReason ?? "ok");
    expect(verdicts).toEqual(["ok", "ok", "ok", "over-budget"]);
    for (let i = 0; i < 10; i++)
      expect(wire(b.handle(frame("8203000a0004d2000001"), LOCAL, 0, "multicast"))).toHaveLength(1);
    const fromDevice = frame("8203000a0003e700162e");
    const device = [0, 1, 2, 3].map(() => b.handle(fromDevice, FD1, 0, "unicast").dropReason ?? "ok");
    expect(device).toEqual(["ok", "ok", "ok", "over-budget"]);
  });

  it("Forwarded-NPDU from a peer, keyed by the ORIGINAL source: one remote storm does not silence the peer's other nodes", () => {
    const b = small();
    const storm = frame("82080021000042fd00000b00000000000000000000000abac0" + NPDU); // [fd00:b::a]
    const calm = frame("82080021000043fd00000b00000000000000000000000bbac0" + NPDU); // [fd00:b::b]
    const verdicts = [0, 1, 2, 3].map(() => b.handle(storm, PEER_B, 0, "unicast").dropReason ?? "ok");
    expect(verdicts).toEqual(["ok", "ok", "ok", "over-budget"]);
    expect(b.handle(calm, PEER_B, 0, "unicast").verdict).toBe("consumed");
    // The same originator relayed through another peer shares its bucket.
    expect(b.handle(storm, PEER_C, 0, "unicast").dropReason).toBe("over-budget");
  });

  it("Forwarded-Address-Resolution relays, keyed by the asker; an ACK for the BBMD itself is free", () => {
    const b = small();
    const relay = frame("8204001c00004200162efd00000b00000000000000000000000abac0");
    const verdicts = [0, 1, 2, 3].map(() => b.handle(relay, PEER_B, 0, "unicast").dropReason ?? "ok");
    expect(verdicts).toEqual(["ok", "ok", "ok", "over-budget"]);
    const forUs = frame("8204001c000042000001fd00000b00000000000000000000000abac0");
    for (let i = 0; i < 10; i++) expect(b.handle(forUs, PEER_B, 0, "unicast").verdict).toBe("consumed");
  });

  it("answers cost nothing: Register, Delete, a Distribute-Broadcast NAK; nor do the BBMD's own broadcasts", () => {
    const b = small();
    for (let i = 0; i < 10; i++) {
      expect(b.handle(registerFrame(999, 60), FD1, 0, "unicast").verdict).toBe("consumed");
      expect(wire(b.handle(frame("820c000f0004d2" + NPDU), LOCAL, 0, "unicast"))).toHaveLength(1); // 0x00C0
      expect(wire(b.broadcast(hexToBytes(NPDU), 0))).toHaveLength(5);
    }
    expect(b.stats().droppedOverBudget).toBe(0);
  });

  it("the budget is checked after the table's rules: a dropped stranger's frame costs the source nothing", () => {
    const b = small();
    for (let i = 0; i < 10; i++) b.handle(frame(OBN), LOCAL, 0, "unicast"); // not-from-local-link
    for (let i = 0; i < 3; i++) expect(obn(b, LOCAL, 0).verdict).toBe("consumed");
  });
});

describe("tracked sources", () => {
  it("at most maxSources; an old one not seen since (CLOCK) is forgotten and starts full again", () => {
    const b = small({ fanOutBudget: { perSourcePerSecond: 1, burst: 1, maxSources: 2 } });
    const [x, y, z] = ["a", "b", "c"].map((n) => Bip6Address.parse(`[fd00::${n}]:47808`)) as [
      Bip6Address,
      Bip6Address,
      Bip6Address,
    ];
    expect(obn(b, x, 0).verdict).toBe("consumed");
    expect(obn(b, y, 0).verdict).toBe("consumed");
    expect(obn(b, x, 0).dropReason).toBe("over-budget"); // x seen again: y is now the oldest
    expect(obn(b, z, 0).verdict).toBe("consumed"); // evicts y, not x
    expect(obn(b, x, 0).dropReason).toBe("over-budget");
    expect(obn(b, y, 0).verdict).toBe("consumed"); // forgotten, so full again (evicts z)
  });

  it("many sources cost one bucket each up to the cap, whatever their number", () => {
    const b = withFds(bbmd({ fanOutBudget: { maxSources: 16 } }));
    for (let i = 0; i < 5000; i++) {
      const from = Bip6Address.parse(`[fd00::1:${(i + 1).toString(16)}]:47808`);
      expect(obn(b, from, i).verdict).toBe("consumed");
    }
  });
});

describe("configuration", () => {
  it('"off" lets every valid input fan out', () => {
    const b = withFds(bbmd({ fanOutBudget: "off" }));
    expect(b.config.fanOutBudget).toBe("off");
    for (let i = 0; i < 5000; i++) expect(obn(b, LOCAL, 0).verdict).toBe("consumed");
    expect(b.stats().droppedOverBudget).toBe(0);
  });

  it("missing fields take their defaults", () => {
    expect(bbmd({ fanOutBudget: { burst: 5 } }).config.fanOutBudget).toEqual({
      perSourcePerSecond: 200,
      burst: 5,
      maxSources: 4096,
    });
    expect(bbmd({ fanOutBudget: {} }).config.fanOutBudget).toEqual(DEFAULT_FAN_OUT_BUDGET);
  });

  it("bad values are INVALID_OPTION", () => {
    for (const fanOutBudget of [
      "on",
      null,
      5,
      { perSourcePerSecond: 0 },
      { perSourcePerSecond: -1 },
      { perSourcePerSecond: Number.POSITIVE_INFINITY },
      { perSourcePerSecond: "5" },
      { burst: 0 },
      { burst: 1.5 },
      { maxSources: 0 },
      { maxSources: 2 ** 20 + 1 },
      { maxSources: null },
    ]) {
      expect(
        () => new Bbmd({ vmac: 1, address: SELF, fanOutBudget: fanOutBudget as BbmdConfig["fanOutBudget"] }),
      ).toThrow(expect.objectContaining({ name: "BbmdError", code: "INVALID_OPTION" }));
    }
    expect(BbmdError).toBeDefined();
  });
});
