/**
 * A foreign device with a random VMAC probes it through its BBMD once registered (its
 * Address-Resolution is relayed to the BBMD's link): when a node there already holds that
 * VMAC, the foreign device re-picks, registers again under the new one, and ends with its own.
 *
 *   lan1 fd00:1::/64: bbmd ::1 (VMAC 1), holder ::2 (random, first candidate 455555)
 *   lan2 fd00:2::/64: fd ::1 (random, first candidate 455555), registered with the BBMD
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProcess, killAll, type Line } from "../cli-process.ts";

const usable = requireNetns();
const TAKEN = "455555";

describe.skipIf(!usable)("a random-VMAC foreign device whose candidate is taken behind its BBMD", () => {
  let t: Topology;
  const p: Record<string, CliProcess> = {};
  const settled = (name: string): Promise<Line> => (p[name] as CliProcess).settled();

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan1" }, { name: "lan2" }],
      hosts: [
        { name: "bbmd", interfaces: [{ link: "lan1", address: "fd00:1::1" }] },
        { name: "holder", interfaces: [{ link: "lan1", address: "fd00:1::2" }] },
        { name: "fd", interfaces: [{ link: "lan2", address: "fd00:2::1" }] },
      ],
      routers: [{ name: "r", links: ["lan1", "lan2"] }],
    });
  });

  afterAll(async () => {
    await killAll();
    await t?.destroy();
  });

  it("is answered through the BBMD, re-picks, re-registers and settles on another VMAC", async () => {
    const start = (name: string, args: string[]): CliProcess =>
      (p[name] = CliProcess.start(name, [...args, "--stdin"], t.host(name).netns));
    start("bbmd", ["bbmd", "-i", "eth0", "-d", "1", "--accept-foreign-devices"]);
    start("holder", ["node", "-i", "eth0", "--first-random-vmac", TAKEN]);
    await p.bbmd?.waitFor((l) => l.type === "ready", "bbmd ready", 30_000);
    expect(await settled("holder")).toMatchObject({ vmac: TAKEN });

    const fd = start("fd", [
      "fd",
      "-i",
      "eth0",
      "--first-random-vmac",
      TAKEN,
      "--bbmd",
      "[fd00:1::1]:47808",
      "--ttl",
      "60",
    ]);
    expect(await fd.waitFor((l) => l.type === "ready", "fd ready", 30_000)).toMatchObject({
      vmac: TAKEN,
      probing: true,
    });
    expect(await fd.waitFor((l) => l.type === "vmac-collision", "the answered probe")).toMatchObject({
      vmac: TAKEN,
      from: "[fd00:1::2]:47808",
      action: "probe",
    });
    const changed = await fd.waitFor((l) => l.type === "vmac-changed", "the new VMAC");
    expect(changed).toMatchObject({ previous: TAKEN, reason: "probe-answered" });
    const final = await settled("fd");
    expect(final).toMatchObject({ vmac: changed.vmac, registration: { state: "registered" } });
    // The BBMD's FDT follows: the entry for the foreign device's address (a refresh, so no new
    // fdt-added) carries the VMAC of its last registration.
    const b = await (p.bbmd as CliProcess).status();
    expect(b.fdt).toEqual([expect.objectContaining({ address: "[fd00:2::1]:47808", vmac: changed.vmac })]);
    expect(p.bbmd?.of("bbmd").map((l) => l.event)).toEqual(["fdt-added"]);
    console.log(
      `[observed] random foreign device: ${JSON.stringify(
        fd.lines
          .filter((l) => ["vmac-collision", "vmac-changed", "registration"].includes(l.type))
          .map((l) => [l.type, l.event ?? l.action ?? l.reason, l.to ?? l.vmac ?? ""]),
      )}; BBMD records ${JSON.stringify(
        p.bbmd?.lines
          .filter((l) => l.type === "bbmd" || l.type === "peer")
          .map((l) => [l.type, l.event ?? l.change, l.vmac, l.address]),
      )}`,
    );
  }, 60_000);
});
