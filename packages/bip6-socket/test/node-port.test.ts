import { Bip6Address } from "@bip6/bvll6-codec";
import dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { DatagramPortError, NodeDatagramPort, type NodeDatagramPortOptions, type TapRecord } from "../src/index.js";
import { nextDatagram, nextError } from "./helpers.js";

// Everything here stays on ::1 (interface lo).
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

async function open(options: Partial<NodeDatagramPortOptions> = {}): Promise<NodeDatagramPort> {
  const p = await NodeDatagramPort.open({ interface: "lo", port: 0, ...options });
  opened.push(p);
  return p;
}

async function openError(options: NodeDatagramPortOptions): Promise<DatagramPortError> {
  try {
    opened.push(await NodeDatagramPort.open(options));
  } catch (e) {
    expect(e).toBeInstanceOf(DatagramPortError);
    return e as DatagramPortError;
  }
  throw new Error("open() should have failed");
}

describe("NodeDatagramPort.open", () => {
  it("binds ::1 on lo with the real port, unicast-only (no IPv6 multicast on loopback)", async () => {
    const p = await open();
    expect(p.localAddress.ip).toBe("::1");
    expect(p.localAddress.port).toBeGreaterThan(0);
    expect(p.group.toString()).toBe(`[ff02::bac0%lo]:${p.localAddress.port}`);
    expect(p.joinedGroup).toBe(false);
    expect(p.multicastAvailable).toBe(false);
  });

  it("refuses an unknown interface with UNKNOWN_INTERFACE naming it, instead of falling back", async () => {
    const e = await openError({ interface: "b6-no-such-if0" });
    expect(e.code).toBe("UNKNOWN_INTERFACE");
    expect(e.message).toContain("b6-no-such-if0");
    expect(e.message).toContain("lo");
  });

  it("refuses an address that is not on the interface with ADDRESS_NOT_AVAILABLE", async () => {
    expect((await openError({ interface: "lo", address: "fd00:ffff::1", port: 0 })).code).toBe("ADDRESS_NOT_AVAILABLE");
  });

  it("refuses bad options with INVALID_OPTION before opening anything", async () => {
    const bad: NodeDatagramPortOptions[] = [
      { interface: "" },
      { interface: "lo", port: 65536 },
      { interface: "lo", port: 1.5 },
      { interface: "lo", scope: 0 },
      { interface: "lo", hopLimit: 256 },
      { interface: "lo", receiveBufferSize: 1521 },
      { interface: "lo", joinGroup: "yes" as unknown as boolean },
      { interface: "lo", tap: 3 as unknown as () => void },
    ];
    for (const options of bad) expect((await openError(options)).code).toBe("INVALID_OPTION");
    expect((await openError(null as unknown as NodeDatagramPortOptions)).code).toBe("INVALID_OPTION");
  });

  it("reports ADDRESS_IN_USE with the system code, and leaves nothing open on failure", async () => {
    const a = await open();
    const e = await openError({ interface: "lo", port: a.localAddress.port });
    expect(e.code).toBe("ADDRESS_IN_USE");
    expect(e.syscallCode).toBe("EADDRINUSE");
    expect(e.message).toContain(`[::1]:${a.localAddress.port}`);
    await a.close();
    const again = await open({ port: a.localAddress.port });
    expect(again.localAddress.equals(a.localAddress)).toBe(true);
  });

  it("accepts a receive buffer size and a clock for tap times", async () => {
    const a = await open({ receiveBufferSize: 65536, clock: () => 1234 });
    const b = await open();
    const taps: TapRecord[] = [];
    a.tap((r) => taps.push(r));
    const wait = nextDatagram(b);
    a.send(Uint8Array.of(1), b.localAddress);
    await wait;
    expect(taps.map((t) => t.at)).toEqual([1234]);
  });
});

describe("NodeDatagramPort at run time", () => {
  it("reports a send the kernel refuses as a SEND_FAILED error event, never an exception", async () => {
    const a = await open();
    const error = nextError(a);
    // fe80::1 gets the port's interface (lo) as zone; lo has no link-local route: ENETUNREACH.
    a.send(Uint8Array.of(1), Bip6Address.parse("[fe80::1]:47808"));
    const e = await error;
    expect(e.code).toBe("SEND_FAILED");
    expect(e.syscallCode).toBe("ENETUNREACH");
    expect(a.stats().sendErrors).toBe(1);
  });

  it("counts errors when nobody listens for them", async () => {
    const a = await open();
    const b = await open();
    a.send(Uint8Array.of(1), Bip6Address.parse("[fe80::1]:47808"));
    // b's answer arrives after the kernel has refused a's first send.
    const wait = nextDatagram(a);
    b.send(Uint8Array.of(2), a.localAddress);
    await wait;
    await new Promise((r) => setImmediate(r));
    expect(a.stats().sendErrors).toBe(1);
  });

  it("close() waits for the send callbacks: a send the kernel refuses right before it is counted by then", async () => {
    const a = await open();
    const b = await open();
    const wait = nextDatagram(b);
    a.send(Uint8Array.of(1), Bip6Address.parse("[fe80::1]:47808")); // ENETUNREACH on lo
    a.send(Uint8Array.of(2), b.localAddress);
    await a.close();
    // Both were handed to the kernel before close() resolved: one refused, one delivered.
    expect(a.stats()).toMatchObject({ datagramsSent: 2, sendErrors: 1 });
    expect(Array.from((await wait).bytes)).toEqual([2]);
  });

  it("shares its port number with a udp4 socket (ipv6Only)", async () => {
    const a = await open();
    const v4 = dgram.createSocket("udp4");
    opened.push({ close: () => new Promise<void>((r) => v4.close(() => r())) });
    await new Promise<void>((resolve, reject) => {
      v4.once("error", reject);
      v4.bind({ address: "0.0.0.0", port: a.localAddress.port }, () => resolve());
    });
    const b = await open();
    const wait = nextDatagram(a);
    b.send(Uint8Array.of(6), a.localAddress);
    expect(Array.from((await wait).bytes)).toEqual([6]);
  });

  it("closes both sockets: the address can be bound again by a raw socket", async () => {
    const a = await open();
    await a.close();
    const raw = dgram.createSocket({ type: "udp6", ipv6Only: true });
    await new Promise<void>((resolve, reject) => {
      raw.once("error", reject);
      raw.bind({ address: "::1", port: a.localAddress.port, exclusive: true }, () => resolve());
    });
    await new Promise<void>((r) => raw.close(() => r()));
  });
});
