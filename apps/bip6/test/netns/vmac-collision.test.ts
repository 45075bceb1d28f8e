/**
 * Random VMACs forced to collide, with the `bip6` CLI in namespaces on one link: a second
 * random node whose first candidate is taken is answered during its probe (H.7.2) and picks
 * another; a node with that VMAC fixed makes the random holder re-pick at run time. Every node
 * ends with its own VMAC.
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProcess, killAll, type Line } from "../cli-process.ts";

const usable = requireNetns();
const TAKEN = "4abcde";

describe.skipIf(!usable)("two random-VMAC nodes forced to the same VMAC (bip6 in namespaces)", () => {
  let t: Topology;
  const p: Record<string, CliProcess> = {};

  const start = (name: string, args: string[]): CliProcess =>
    (p[name] = CliProcess.start(name, ["node", "--interface", "eth0", "--stdin", ...args], t.host(name).netns));

  const settled = (name: string): Promise<Line> => (p[name] as CliProcess).settled();

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan" }],
      hosts: ["a", "b", "c"].map((name) => ({ name, interfaces: [{ link: "lan" }] })),
    });
  });

  afterAll(async () => {
    await killAll();
    await t?.destroy();
  });

  it("the second random node is answered while probing the taken VMAC, and picks another", async () => {
    start("a", ["--first-random-vmac", TAKEN]);
    expect(await p.a?.waitFor((l) => l.type === "ready", "a ready", 30_000)).toMatchObject({
      vmac: TAKEN,
      probing: true,
    });
    expect(await settled("a")).toMatchObject({ vmac: TAKEN });

    start("c", ["--first-random-vmac", TAKEN]);
    const c = p.c as CliProcess;
    expect(await c.waitFor((l) => l.type === "ready", "c ready", 30_000)).toMatchObject({ vmac: TAKEN, probing: true });
    const collision = await c.waitFor((l) => l.type === "vmac-collision", "c's collision");
    expect(collision).toMatchObject({ vmac: TAKEN, from: "[fd00:1::1]:47808", action: "probe" });
    const changed = await c.waitFor((l) => l.type === "vmac-changed", "c's new VMAC");
    expect(changed).toMatchObject({ previous: TAKEN, reason: "probe-answered" });
    const final = await settled("c");
    expect(final.vmac).toBe(changed.vmac);
    expect(final.vmac).not.toBe(TAKEN);
    expect(Number.parseInt(final.vmac as string, 16)).toBeGreaterThanOrEqual(0x400000);
    p.a?.command({ cmd: "stats", id: "a1" });
    const sa = await p.a?.waitFor((l) => l.type === "stats" && l.id === "a1", "a stats");
    expect(sa).toMatchObject({ transport: { vmac: { probesAnswered: 1, collisions: 0, changes: 0 } } });
    console.log(
      `[observed] probe collision: c's records ${JSON.stringify(c.lines.filter((l) => l.type.startsWith("vmac")).map((l) => [l.type, l.action ?? l.reason, l.vmac]))}, settled on ${String(final.vmac)}`,
    );
  });

  it("a node with the VMAC fixed makes the random holder re-pick and re-probe at run time", async () => {
    start("b", ["--vmac", TAKEN, "--send", "0120ffff00ff1008", "--to", "broadcast"]);
    const b = p.b as CliProcess;
    await b.waitFor((l) => l.type === "sent", "b's broadcast");
    const a = p.a as CliProcess;
    expect(await a.waitFor((l) => l.type === "vmac-collision", "a's collision")).toMatchObject({
      vmac: TAKEN,
      from: "[fd00:1::2]:47808",
      frame: "OriginalBroadcastNpdu",
      action: "repick",
    });
    const changed = await a.waitFor((l) => l.type === "vmac-changed", "a's new VMAC");
    expect(changed).toMatchObject({ previous: TAKEN, reason: "collision" });
    const final = await settled("a");
    expect(final.vmac).toBe(changed.vmac);

    const vmacs = await Promise.all(["a", "b", "c"].map(async (n) => (await settled(n)).vmac));
    expect(new Set(vmacs).size).toBe(3);
    expect(vmacs[1]).toBe(TAKEN);
    a.command({ cmd: "stats", id: "a2" });
    const sa = await a.waitFor((l) => l.type === "stats" && l.id === "a2", "a stats");
    console.log(
      `[observed] run-time collision: a's records ${JSON.stringify(a.lines.filter((l) => l.type.startsWith("vmac")).map((l) => [l.type, l.action ?? l.reason, l.vmac]))}; ` +
        `final VMACs a=${String(vmacs[0])} b=${String(vmacs[1])} c=${String(vmacs[2])}; a's vmac counters ${JSON.stringify((sa as unknown as { transport: { vmac: unknown } }).transport.vmac)}`,
    );
  });
});
