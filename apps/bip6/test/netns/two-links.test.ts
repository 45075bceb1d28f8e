/**
 * The `bip6` CLI in network namespaces: two links behind a router with a BBMD on each (each in
 * the other's BDT), an ordinary node on each, and a third link with two foreign devices
 * registered with the first BBMD. Every process is `bip6` (the README's commands where it
 * shows them, plus `--stdin`), driven through standard input and read as JSON Lines.
 *
 *   lan1 fd00:1::/64        lan2 fd00:2::/64        lan3 fd00:3::/64
 *   bbmd1 ::1 (VMAC 1)      bbmd2 ::1 (VMAC 2)      fd1 ::1 (VMAC 31, TTL 60)
 *   n1    ::2 (VMAC 11)     n2    ::2 (VMAC 21)     fd2 ::2 (VMAC 32, TTL 10)
 *                  router r: ::ff01 on each link
 */
import { createTopology, requireNetns, type Topology } from "@bip6/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProcess, killAll, type Line } from "../cli-process.ts";
import { bip6Args, README_NETWORK_COMMANDS } from "../readme-commands.ts";

const usable = requireNetns();

type Name = "bbmd1" | "bbmd2" | "n1" | "n2" | "fd1" | "fd2";
const NAMES: readonly Name[] = ["bbmd1", "bbmd2", "n1", "n2", "fd1", "fd2"];
const HOST: Record<Name, { link: string; address: string; vmac: string }> = {
  bbmd1: { link: "lan1", address: "fd00:1::1", vmac: "000001" },
  n1: { link: "lan1", address: "fd00:1::2", vmac: "00000b" },
  bbmd2: { link: "lan2", address: "fd00:2::1", vmac: "000002" },
  n2: { link: "lan2", address: "fd00:2::2", vmac: "000015" },
  fd1: { link: "lan3", address: "fd00:3::1", vmac: "00001f" },
  fd2: { link: "lan3", address: "fd00:3::2", vmac: "000020" },
};
const ARGS: Record<Name, string[]> = {
  bbmd1: [...bip6Args(README_NETWORK_COMMANDS.bbmd1), "--stdin"],
  bbmd2: [...bip6Args(README_NETWORK_COMMANDS.bbmd2), "--stdin"],
  n1: [...bip6Args(README_NETWORK_COMMANDS.node), "--stdin"],
  n2: ["node", "--interface", "eth0", "--device-instance", "21", "--stdin"],
  fd1: [...bip6Args(README_NETWORK_COMMANDS.fd), "--stdin"],
  fd2: [
    "fd",
    "--interface",
    "eth0",
    "--device-instance",
    "32",
    "--bbmd",
    "[fd00:1::1]:47808",
    "--ttl",
    "10",
    "--stdin",
  ],
};
const at = (name: Name): string => `[${HOST[name].address}]:47808`;

/** A Who-Is for the range [i, i] (unconfirmed, so a broadcast may carry it), one per sender. */
const whoIs = (i: number): string =>
  `01001008${"09"}${i.toString(16).padStart(2, "0")}19${i.toString(16).padStart(2, "0")}`;

/** Lets datagrams in flight arrive, so that a duplicate would be seen; not a timing assertion. */
const settle = (ms = 500): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!usable)("bip6 on two links behind a router, two BBMDs, foreign devices on a third link", () => {
  let t: Topology;
  const p = {} as Record<Name, CliProcess>;
  const started: Record<string, number> = {};

  function start(name: Name): CliProcess {
    p[name] = CliProcess.start(name, ARGS[name], t.host(name).netns);
    return p[name];
  }

  /** npdu records at `name` carrying `npdu`. */
  const heard = (name: Name, npdu: string): Line[] => p[name].of("npdu").filter((l) => l.npdu === npdu);

  beforeAll(async () => {
    t = await createTopology({
      links: [{ name: "lan1" }, { name: "lan2" }, { name: "lan3" }],
      hosts: NAMES.map((name) => ({ name, interfaces: [{ link: HOST[name].link, address: HOST[name].address }] })),
      routers: [{ name: "r", links: ["lan1", "lan2", "lan3"] }],
    });
    const t0 = Date.now();
    for (const name of NAMES) start(name);
    for (const name of NAMES) {
      const ready = await p[name].waitFor((l) => l.type === "ready", `${name} ready`, 30_000);
      expect(ready).toMatchObject({ address: at(name), vmac: HOST[name].vmac, probing: false });
      started[name] = Date.now() - t0;
    }
    for (const name of ["fd1", "fd2"] as const) {
      await p[name].waitFor((l) => l.type === "registration" && l.to === "registered", `${name} registered`, 30_000);
    }
    console.log(`[observed] bip6 processes ready after (ms since spawn): ${JSON.stringify(started)}`);
  });

  afterAll(async () => {
    await killAll();
    await t?.destroy();
  });

  it("address resolution across links: through both BBMDs for a node, through the BBMD for a foreign device", async () => {
    // n1 has never heard of n2 (VMAC 21): Address-Resolution on lan1, relayed by bbmd1 to bbmd2
    // (Forwarded-Address-Resolution) and re-multicast on lan2; n2 ACKs to n1 directly.
    p.n1.command({ cmd: "send", npdu: "0100aa01", to: HOST.n2.vmac, id: "ar1" });
    await p.n1.waitFor((l) => l.type === "sent" && l.id === "ar1", "n1's unicast sent");
    expect(await p.n2.waitFor((l) => l.type === "npdu" && l.npdu === "0100aa01", "n1's unicast at n2")).toMatchObject({
      sourceVmac: HOST.n1.vmac,
      source: at("n1"),
      broadcast: false,
      via: "unicast",
    });
    // fd1 learned n1 already, from the Forwarded-Address-Resolution bbmd1 relayed to it (every
    // frame teaches its original source), but has never heard of n2: its Address-Resolution
    // goes to bbmd1, on to lan1, bbmd2 and lan2, and n2 ACKs to fd1 directly.
    p.fd1.command({ cmd: "send", npdu: "0100aa02", to: HOST.n2.vmac, id: "ar2" });
    expect(await p.n2.waitFor((l) => l.type === "npdu" && l.npdu === "0100aa02", "fd1's unicast at n2")).toMatchObject({
      sourceVmac: HOST.fd1.vmac,
      source: at("fd1"),
      broadcast: false,
    });
    for (const name of ["n1", "n2", "fd1"] as const) p[name].command({ cmd: "stats", id: "ar" });
    const [n1, n2, f1] = (
      await Promise.all(
        (["n1", "n2", "fd1"] as const).map((name) =>
          p[name].waitFor((l) => l.type === "stats" && l.id === "ar", `${name} stats`),
        ),
      )
    ).map(
      (s) =>
        (s as unknown as { transport: { sent: Record<string, number>; received: Record<string, number> } }).transport,
    );
    console.log(
      `[observed] address resolution: n1 sent AR ${n1?.sent.AddressResolution}, got ACK ${n1?.received.AddressResolutionAck}; ` +
        `fd1 sent AR ${f1?.sent.AddressResolution} (to its BBMD), got ACK ${f1?.received.AddressResolutionAck}; ` +
        `n2 received ForwardedAddressResolution ${n2?.received.ForwardedAddressResolution}, sent ACK ${n2?.sent.AddressResolutionAck}`,
    );
    expect(n1?.received.AddressResolutionAck).toBe(1);
    expect(f1?.sent.AddressResolution).toBe(1);
    expect(f1?.received.AddressResolutionAck).toBe(1);
    expect(n2?.sent.AddressResolutionAck).toBe(2);
  });

  let asked = 0;
  /** Datagrams each process handed to its socket so far, by BVLL function. */
  async function sentByFunction(): Promise<Record<Name, Record<string, number>>> {
    const id = `sent${++asked}`;
    for (const name of NAMES) p[name].command({ cmd: "stats", id });
    const all = await Promise.all(
      NAMES.map((name) => p[name].waitFor((l) => l.type === "stats" && l.id === id, `${name} stats`)),
    );
    return Object.fromEntries(
      NAMES.map((name, i) => [
        name,
        (all[i] as unknown as { transport: { sent: Record<string, number> } }).transport.sent,
      ]),
    ) as Record<Name, Record<string, number>>;
  }

  it("every broadcast (node on each link, each foreign device, each BBMD) reaches every other node exactly once", async () => {
    const before = await sentByFunction();
    const delays: Record<string, Record<string, number>> = {};
    for (const [i, sender] of NAMES.entries()) {
      const npdu = whoIs(i + 1);
      const sentAt = Date.now();
      p[sender].command({ cmd: "send", npdu, to: "broadcast", id: `b${i}` });
      delays[sender] = {};
      for (const other of NAMES.filter((n) => n !== sender)) {
        await p[other].waitFor((l) => l.type === "npdu" && l.npdu === npdu, `${sender}'s broadcast at ${other}`);
        (delays[sender] as Record<string, number>)[other] = Date.now() - sentAt;
      }
    }
    await settle();
    const table: Record<string, Record<string, number>> = {};
    for (const [i, sender] of NAMES.entries()) {
      const npdu = whoIs(i + 1);
      table[sender] = Object.fromEntries(NAMES.map((n) => [n, heard(n, npdu).length]));
      for (const receiver of NAMES) {
        const got = heard(receiver, npdu);
        expect(got.length, `${sender} → ${receiver}`).toBe(receiver === sender ? 0 : 1);
        if (receiver === sender) continue;
        // The original source, never the relaying BBMD.
        expect(got[0], `${sender} → ${receiver}`).toMatchObject({
          sourceVmac: HOST[sender].vmac,
          source: at(sender),
          broadcast: true,
        });
      }
    }
    console.log(`[observed] copies received per broadcast (sender → receivers): ${JSON.stringify(table)}`);
    // What the six broadcasts cost on the wire: 5 datagrams each, the least that reaches 5
    // receivers on three links (a multicast per link, a Forwarded-NPDU per BDT peer and FD).
    const after = await sentByFunction();
    const relayKinds = ["OriginalBroadcastNpdu", "ForwardedNpdu", "DistributeBroadcastToNetwork"];
    const cost = Object.fromEntries(
      NAMES.map((n) => [n, Object.fromEntries(relayKinds.map((k) => [k, (after[n][k] ?? 0) - (before[n][k] ?? 0)]))]),
    );
    console.log(`[observed] broadcast datagrams sent during the six broadcasts, per process: ${JSON.stringify(cost)}`);
    const total = Object.values(cost).reduce(
      (sum, byKind) => sum + Object.values(byKind).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(30);
    console.log(
      `[observed] ms from send command to each receiver's record (polled, 10 ms steps): ${JSON.stringify(delays)}`,
    );
    // How each arrived: n2 hears n1 through bbmd2's re-multicast of bbmd1's Forwarded-NPDU.
    expect(heard("n2", whoIs(3))[0]).toMatchObject({ via: "multicast", relayedBy: at("bbmd2") });
    expect(heard("fd1", whoIs(3))[0]).toMatchObject({ via: "unicast", relayedBy: at("bbmd1") });
    expect(heard("n1", whoIs(5))[0]).toMatchObject({ via: "multicast", relayedBy: at("bbmd1") });
    expect(heard("bbmd1", whoIs(5))[0]).toMatchObject({ via: "unicast" }); // the Distribute-Broadcast itself
  });

  it("replies go to original sources: straight across the router, never to a BBMD", async () => {
    // n2 heard n1's broadcast relayed by bbmd2, and answers n1 itself.
    p.n2.command({ cmd: "status", id: "st" });
    const status = await p.n2.waitFor((l) => l.type === "status" && l.id === "st", "n2 status");
    const peers = Object.fromEntries(
      (status.peers as { vmac: string; address: string }[]).map((e) => [e.vmac, e.address]),
    );
    expect(peers).toMatchObject({
      [HOST.n1.vmac]: at("n1"),
      [HOST.fd1.vmac]: at("fd1"),
      [HOST.fd2.vmac]: at("fd2"),
      [HOST.bbmd1.vmac]: at("bbmd1"),
    });
    p.bbmd2.command({ cmd: "stats", id: "before" });
    const before = await p.bbmd2.waitFor((l) => l.type === "stats" && l.id === "before", "bbmd2 stats");

    p.n2.command({ cmd: "send", npdu: "0100bb01", to: HOST.n1.vmac });
    p.fd2.command({ cmd: "send", npdu: "0100bb02", to: HOST.n2.vmac });
    p.n1.command({ cmd: "send", npdu: "0100bb03", to: HOST.fd1.vmac });
    expect(await p.n1.waitFor((l) => l.npdu === "0100bb01", "n2's reply at n1")).toMatchObject({
      source: at("n2"),
      via: "unicast",
      broadcast: false,
    });
    expect(await p.n2.waitFor((l) => l.npdu === "0100bb02", "fd2's reply at n2")).toMatchObject({
      source: at("fd2"),
      via: "unicast",
    });
    expect(await p.fd1.waitFor((l) => l.npdu === "0100bb03", "n1's reply at fd1")).toMatchObject({
      source: at("n1"),
      via: "unicast",
    });
    for (const l of [...p.n1.of("npdu"), ...p.n2.of("npdu"), ...p.fd1.of("npdu")].filter((x) =>
      String(x.npdu).startsWith("0100bb"),
    )) {
      expect(l.relayedBy).toBeUndefined();
    }
    p.bbmd2.command({ cmd: "stats", id: "after" });
    const after = await p.bbmd2.waitFor((l) => l.type === "stats" && l.id === "after", "bbmd2 stats");
    const unicasts = (s: Line): number =>
      (s as unknown as { port: { datagramsReceived: number } }).port.datagramsReceived;
    // Nothing of those three unicasts passed through bbmd2 (it received no datagram at all meanwhile).
    expect(unicasts(after)).toBe(unicasts(before));
  });

  it("a BBMD killed and restarted is re-joined by its foreign devices, and broadcasts flow again", async () => {
    const killedAt = Date.now();
    p.bbmd1.kill("SIGKILL");
    expect((await p.bbmd1.exited).signal).toBe("SIGKILL");
    const old = { fd1: p.fd1.lines.length, fd2: p.fd2.lines.length };
    const bbmd = start("bbmd1");
    await bbmd.waitFor((l) => l.type === "ready", "bbmd1 ready again", 30_000);
    const restartedAt = Date.now();

    // fd1 (TTL 60) is not due to renew: its next broadcast meets a BBMD that does not know it,
    // is refused with 0x00C0, and that makes it re-register at once.
    p.fd1.command({ cmd: "send", npdu: "0100cc01", to: "broadcast", id: "after-restart" });
    const nak = await p.fd1.waitFor(
      (l) => l.type === "registration" && l.event === "state" && l.reason === "distribute-broadcast-nak",
      "fd1 told by the 0x00C0 NAK",
      30_000,
      old.fd1,
    );
    expect(nak).toMatchObject({ from: "registered", to: "registering" });
    await p.fd1.waitFor(
      (l) => l.type === "registration" && l.to === "registered",
      "fd1 re-registered",
      30_000,
      old.fd1,
    );
    // fd2 (TTL 10) renews at 5 s by itself.
    await p.fd2.waitFor((l) => l.type === "registration" && l.event === "confirmed", "fd2 renewed", 30_000, old.fd2);
    const both = await Promise.all(
      (["fd1", "fd2"] as const).map((n) =>
        bbmd.waitFor(
          (l) => l.type === "bbmd" && l.event === "fdt-added" && l.vmac === HOST[n].vmac,
          `${n} in the new FDT`,
          30_000,
        ),
      ),
    );
    expect(both.map((l) => l.address)).toEqual([at("fd1"), at("fd2")]);
    console.log(
      `[observed] BBMD restart: ready ${restartedAt - killedAt} ms after the kill; fd1 events after it: ` +
        JSON.stringify(
          p.fd1.lines
            .slice(old.fd1)
            .filter((l) => l.type === "registration" || l.type === "sent")
            .map((l) => [l.type, l.event ?? l.to, l.reason ?? l.to ?? ""]),
        ) +
        `; fd2 events: ${JSON.stringify(
          p.fd2.lines
            .slice(old.fd2)
            .filter((l) => l.type === "registration")
            .map((l) => [l.event, l.to ?? ""]),
        )}`,
    );

    console.log(
      `[observed] fd1's broadcast that met the restarted BBMD (refused 0x00C0) was heard by: ${JSON.stringify(
        NAMES.filter((n) => heard(n, "0100cc01").length > 0),
      )}`,
    );
    // Broadcasts flow again, from a foreign device to everyone, exactly once.
    const npdu = whoIs(0x40);
    p.fd2.command({ cmd: "send", npdu, to: "broadcast" });
    for (const other of NAMES.filter((n) => n !== "fd2")) {
      await p[other].waitFor(
        (l) => l.type === "npdu" && l.npdu === npdu,
        `fd2's broadcast at ${other} after the restart`,
      );
    }
    await settle();
    for (const other of NAMES) expect(heard(other, npdu).length, other).toBe(other === "fd2" ? 0 : 1);
  }, 90_000);
});
