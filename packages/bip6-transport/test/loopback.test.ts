/**
 * Real UDP sockets on ::1 (NodeDatagramPort on `lo`, port 0). Linux delivers no IPv6
 * multicast on loopback, so this is the single-host setup the sniffer's demo uses: a BBMD
 * with `allowLoopback` and `multicastLocal: false`, and foreign devices registered with it.
 */
import { hexToBytes } from "@bip6/bvll6-codec";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Bip6Transport, Bip6TransportError, nodePortOptions, type ReceivedNpdu } from "../src/node.js";
import { openHandles } from "../../../test-support/open-handles.ts";
import { until } from "./helpers.js";

const WHO_IS = hexToBytes("0120ffff00ff1008");

const open: Bip6Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function start(options: Parameters<typeof Bip6Transport.open>[0]): Promise<Bip6Transport> {
  const t = await Bip6Transport.open({ interface: "lo", port: 0, ...options });
  open.push(t);
  return t;
}

/** Waits until no UDP socket of an earlier test is open, then counts. */
async function baseline(): Promise<{ sockets: number; timers: number }> {
  await until(() => openHandles().sockets === 0, "sockets of earlier tests to close");
  return openHandles();
}

/**
 * Waits until the open resources are back to `before` (fails after the limit): no socket more,
 * and no timer more (the test runner's own timers come and go, so fewer is fine).
 */
async function back(before: { sockets: number; timers: number }): Promise<void> {
  const ok = (): boolean => openHandles().sockets === before.sockets && openHandles().timers <= before.timers;
  await until(ok, `open resources back to ${JSON.stringify(before)}, have ${JSON.stringify(openHandles())}`);
  expect(openHandles().sockets).toBe(before.sockets);
  expect(openHandles().timers).toBeLessThanOrEqual(before.timers);
}

describe("a BBMD and three foreign devices on ::1", () => {
  it("register, broadcast, resolve each other, unicast, and delete their entries on close", async () => {
    const before = await baseline();
    const bbmd = await start({
      vmac: { deviceInstance: 1 },
      role: { kind: "bbmd", allowLoopback: true, multicastLocal: false },
    });
    const fds = await Promise.all(
      [11, 12, 13].map((n) =>
        start({
          vmac: { deviceInstance: n },
          role: { kind: "foreign-device", bbmd: bbmd.localAddress, timeToLive: 60 },
        }),
      ),
    );
    const [fd1, fd2, fd3] = fds as [Bip6Transport, Bip6Transport, Bip6Transport];
    await until(() => fds.every((f) => f.registration()?.state === "registered"), "registrations");
    expect(
      bbmd
        .bbmd()
        ?.fdt.map((e) => e.vmac)
        .sort(),
    ).toEqual([11, 12, 13]);

    const heard = new Map<Bip6Transport, ReceivedNpdu[]>();
    for (const t of [bbmd, ...fds]) {
      const list: ReceivedNpdu[] = [];
      heard.set(t, list);
      t.on("npdu", (m) => list.push(m));
    }

    // fd1's broadcast: Distribute-Broadcast to the BBMD, Forwarded-NPDU to the others.
    await fd1.sendBroadcast(WHO_IS);
    await until(() => [bbmd, fd2, fd3].every((t) => heard.get(t)?.length === 1), "the broadcast");
    for (const t of [fd2, fd3]) {
      expect(heard.get(t)?.[0]).toMatchObject({ sourceVmac: 11, source: fd1.localAddress, broadcast: true });
      expect(heard.get(t)?.[0]?.relayedBy?.equals(bbmd.localAddress)).toBe(true);
    }
    expect(heard.get(fd1)).toEqual([]);

    // fd1 → VMAC 12, unknown: Address-Resolution via the BBMD, ACK from fd2 straight to fd1.
    await fd1.sendUnicast(Uint8Array.of(1, 0, 0x12), 12);
    await until(() => heard.get(fd2)?.length === 2, "the unicast");
    expect(heard.get(fd2)?.[1]).toMatchObject({ sourceVmac: 11, broadcast: false });
    expect(
      fd1
        .peers()
        .find((p) => p.vmac === 12)
        ?.address.equals(fd2.localAddress),
    ).toBe(true);

    // fd3 → fd1 by address: Virtual-Address-Resolution, then unicast.
    await fd3.sendUnicast(Uint8Array.of(1, 0, 0x13), fd1.localAddress.toString());
    await until(() => heard.get(fd1)?.length === 1, "the unicast by address");
    expect(heard.get(fd1)?.[0]?.sourceVmac).toBe(13);

    // The BBMD's own node broadcasts to its foreign devices, and resolves one of them.
    await bbmd.sendBroadcast(WHO_IS);
    await until(() => fds.every((f) => heard.get(f)?.some((m) => m.sourceVmac === 1)), "the BBMD's broadcast");
    await bbmd.sendUnicast(Uint8Array.of(1, 0, 1), 13);
    await until(() => heard.get(fd3)?.some((m) => !m.broadcast && m.sourceVmac === 1) === true, "the BBMD's unicast");

    // Close: each sends its Delete first; the BBMD's FDT empties.
    await Promise.all(fds.map((f) => f.close()));
    await until(() => bbmd.bbmd()?.fdt.length === 0, "the deletes");
    expect(bbmd.stats().bbmd?.deletes).toBe(3);
    await bbmd.close();
    await back(before); // every socket and timer of the four transports released
  });
});

describe("nothing left open", () => {
  it("a process that opened, used and closed four transports exits on its own", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/open-close.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const child = spawn(tsx, ["--conditions=@bip6/source", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    try {
      // Resolves only if the event loop empties: a leaked socket or timer keeps it running.
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(0);
      expect(out.trim()).toBe("closed CLOSED");
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }, 60_000);
});

describe("/node opener on ::1", () => {
  it("opens a NodeDatagramPort from interface and port, owns it, and closes everything it opened", async () => {
    const before = await baseline();
    const a = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 1 } });
    const b = await Bip6Transport.open({ interface: "lo", port: 0, vmac: { deviceInstance: 2 } });
    // A pending resolution arms a timer: it must be released too.
    const waiting = a.resolveVmac("[::1]:9").catch((e: Bip6TransportError) => e.code);
    await expect(a.resolveVmac(b.localAddress)).resolves.toBe(2);
    const got: ReceivedNpdu[] = [];
    b.on("npdu", (m) => got.push(m));
    await a.sendUnicast(Uint8Array.of(1, 0), 2);
    await until(() => got.length === 1, "the datagram");
    expect(got[0]?.source.equals(a.localAddress)).toBe(true);
    expect(openHandles().sockets).toBe(2);
    expect(openHandles().timers).toBeGreaterThan(0); // the pending resolution's
    await Promise.all([a.close(), b.close()]);
    expect(await waiting).toBe("CLOSED");
    await back(before);
  });

  it("a node on loopback cannot broadcast (NO_MULTICAST) nor resolve an unknown VMAC", async () => {
    const a = await start({ vmac: { deviceInstance: 1 } });
    await expect(a.sendBroadcast(WHO_IS)).rejects.toMatchObject({ code: "NO_MULTICAST" });
    await expect(a.sendUnicast(WHO_IS, 99)).rejects.toMatchObject({ code: "NO_MULTICAST" });
  });

  it("the port's errors reject as DatagramPortErrors (ADDRESS_IN_USE), nothing left open", async () => {
    const before = await baseline();
    const a = await start({ vmac: { deviceInstance: 1 } });
    await expect(
      Bip6Transport.open({ interface: "lo", port: a.localAddress.port, vmac: { deviceInstance: 2 } }),
    ).rejects.toMatchObject({ code: "ADDRESS_IN_USE" });
    await a.close();
    await back(before);
  });

  it("maps the transport's options onto the port's: scope, and joinScopes (default ff02 and ff05)", () => {
    expect(nodePortOptions({ interface: "eth0" })).toEqual({
      interface: "eth0",
      port: 47808,
      scope: 2,
      joinScopes: [2, 5],
    });
    expect(
      nodePortOptions({ interface: "eth0", address: "fd00::5", port: 0, multicastScope: 5, joinScopes: [2, 5, 14] }),
    ).toEqual({ interface: "eth0", address: "fd00::5", port: 0, scope: 5, joinScopes: [2, 5, 14] });
    expect(() => nodePortOptions({ interface: "eth0", joinScopes: [15] })).toThrow(/joinScopes/);
  });

  it("requires interface when it has to open a socket", async () => {
    await expect(Bip6Transport.open({ port: 0 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });

  it("an abort while the socket opens closes it and rejects with ABORTED", async () => {
    const before = await baseline();
    const ac = new AbortController();
    const opening = Bip6Transport.open({ interface: "lo", port: 0, signal: ac.signal, vmac: { deviceInstance: 1 } });
    ac.abort();
    await expect(opening).rejects.toBeInstanceOf(Bip6TransportError);
    await expect(opening).rejects.toMatchObject({ code: "ABORTED" });
    await back(before);
  });
});
