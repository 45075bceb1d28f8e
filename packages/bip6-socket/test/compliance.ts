import { Bip6Address } from "@bip6/bvll6-codec";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatagramPort, TapRecord } from "../src/index.js";
import { nextDatagram, nextDatagrams, nextError, pattern, thrown } from "./helpers.js";

/** The group options every implementation takes, with the same meaning. */
export interface GroupOptions {
  port?: number;
  scope?: number;
  joinScopes?: readonly number[];
  joinGroup?: boolean;
}

/** Two open ports that can reach each other, and a way to open more. */
export interface ComplianceFixture {
  a: DatagramPort;
  b: DatagramPort;
  /** Opens a port at exactly this address (same host and interface as the port that had it). */
  openAt(address: Bip6Address): Promise<DatagramPort>;
  /**
   * Opens a port with these options on the link of `a` and `b`, on a host of its own where
   * the implementation has hosts (so multicasts of `a` and `b` reach it). Port 0 by default.
   */
  openWith(options: GroupOptions): Promise<DatagramPort>;
  /** Closes everything the fixture opened. */
  dispose(): Promise<void>;
}

/** Builds a fresh fixture for each test. */
export type ComplianceFactory = () => Promise<ComplianceFixture>;

/**
 * The behaviour every DatagramPort must show, run unchanged against the Node implementation
 * (on ::1) and the memory one (on a simulated link).
 */
export function runComplianceSuite(
  name: string,
  factory: ComplianceFactory,
  capabilities: { /** a and b share a link where multicast works (not loopback). */ multicast: boolean },
): void {
  describe(`DatagramPort compliance: ${name}`, () => {
    let f: ComplianceFixture;
    beforeEach(async () => {
      f = await factory();
    });
    afterEach(async () => {
      await f.dispose();
    });

    it("reports a real bound address and a group on the same port", () => {
      const { a } = f;
      expect(a.localAddress.port).toBeGreaterThan(0);
      expect(a.localAddresses[0]?.equals(a.localAddress)).toBe(true);
      for (const x of a.localAddresses) expect(x.port).toBe(a.localAddress.port);
      expect(a.group.isMulticast).toBe(true);
      expect(a.group.ip).toBe("ff02::bac0");
      expect(a.group.port).toBe(a.localAddress.port);
      expect(a.groups.map(String)).toEqual(capabilities.multicast ? [a.group.toString()] : []);
      expect(a.joinedGroup).toBe(a.groups.length > 0);
      expect(a.closed).toBe(false);
    });

    it("lists its groups: `scope` first, then `joinScopes` without duplicates, on its port and interface", async () => {
      const p = await f.openWith({ scope: 5, joinScopes: [2, 5, 8, 2] });
      expect(p.group.ip).toBe("ff05::bac0");
      const expected = capabilities.multicast ? ["ff05::bac0", "ff02::bac0", "ff08::bac0"] : [];
      expect(p.groups.map((g) => g.ip)).toEqual(expected);
      for (const g of p.groups) {
        expect(g.port).toBe(p.localAddress.port);
        expect(g.zone).toBe(p.group.zone);
      }
      expect(Object.isFrozen(p.groups)).toBe(true);
      const none = await f.openWith({ joinScopes: [5], joinGroup: false });
      expect(none.groups).toEqual([]);
      expect(none.joinedGroup).toBe(false);
    });

    it("refuses reserved or malformed scopes with INVALID_OPTION (0 and 15 reserved; 1 and 14 accepted)", async () => {
      const bad: GroupOptions[] = [
        { scope: 0 },
        { scope: 15 },
        { scope: 2.5 },
        { joinScopes: [0] },
        { joinScopes: [5, 15] },
        { joinScopes: [16] },
        { joinScopes: ["5" as unknown as number] },
        { joinScopes: 5 as unknown as number[] },
        { joinScopes: [5], joinGroup: false, scope: 15 },
      ];
      for (const options of bad) {
        const e = await f.openWith(options).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(e, JSON.stringify(options)).toMatchObject({ name: "DatagramPortError", code: "INVALID_OPTION" });
      }
      const edges = await f.openWith({ scope: 14, joinScopes: [1] });
      expect(edges.group.ip).toBe("ff0e::bac0");
    });

    it("delivers a unicast with its exact bytes, the sender's address and via 'unicast'", async () => {
      const { a, b } = f;
      const wait = nextDatagram(b);
      a.send(Uint8Array.of(0x82, 0x0b, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04, 0x05), b.localAddress);
      const got = await wait;
      expect(Array.from(got.bytes)).toEqual([0x82, 0x0b, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04, 0x05]);
      expect(got.from.equals(a.localAddress)).toBe(true);
      expect(got.via).toBe("unicast");
      expect(got.to.equals(b.localAddress)).toBe(true);
    });

    it("lets the receiver answer the `from` it was given", async () => {
      const { a, b } = f;
      const atB = nextDatagram(b);
      a.send(Uint8Array.of(1), b.localAddress);
      const { from } = await atB;
      const atA = nextDatagram(a);
      b.send(Uint8Array.of(2), from);
      const back = await atA;
      expect(Array.from(back.bytes)).toEqual([2]);
      expect(back.from.equals(b.localAddress)).toBe(true);
    });

    it("takes a copy: changing the buffer after send() does not change what arrives", async () => {
      const { a, b } = f;
      const buf = Uint8Array.of(7, 7, 7);
      const wait = nextDatagram(b);
      a.send(buf, b.localAddress);
      buf.fill(0);
      expect(Array.from((await wait).bytes)).toEqual([7, 7, 7]);
    });

    it("carries a 1522-octet datagram whole and refuses 1523 octets with DATAGRAM_TOO_LARGE", async () => {
      const { a, b } = f;
      const big = pattern(1522, 5);
      const wait = nextDatagram(b);
      a.send(big, b.localAddress);
      expect((await wait).bytes).toEqual(big);
      const before = a.stats().datagramsSent;
      expect(thrown(() => a.send(pattern(1523), b.localAddress)).code).toBe("DATAGRAM_TOO_LARGE");
      expect(thrown(() => a.multicast(pattern(1523))).code).toBe("DATAGRAM_TOO_LARGE");
      expect(a.stats().datagramsSent).toBe(before);
    });

    it("delivers a burst of datagrams, each once", async () => {
      const { a, b } = f;
      const wait = nextDatagrams(b, 50);
      for (let i = 0; i < 50; i++) a.send(Uint8Array.of(i), b.localAddress);
      const got = await wait;
      expect(got.map((g) => g.bytes[0]).sort((x, y) => (x as number) - (y as number))).toEqual(
        Array.from({ length: 50 }, (_, i) => i),
      );
    });

    it("refuses destinations it cannot send to with INVALID_ADDRESS, and non-bytes with INVALID_DATAGRAM", () => {
      const { a, b } = f;
      const p = b.localAddress.port;
      for (const to of [
        Bip6Address.parse(`[ff02::bac0]:${p}`),
        Bip6Address.parse(`[::]:${p}`),
        Bip6Address.parse(`[::ffff:127.0.0.1]:${p}`),
        b.localAddress.withPort(0),
        Bip6Address.parse(`[fe80::1%not-${a.group.zone ?? "x"}]:${p}`),
      ]) {
        expect(thrown(() => a.send(Uint8Array.of(1), to)).code).toBe("INVALID_ADDRESS");
      }
      expect(thrown(() => a.send(Uint8Array.of(1), "[::1]:47808" as unknown as Bip6Address)).code).toBe(
        "INVALID_ADDRESS",
      );
      expect(thrown(() => a.send([1, 2] as unknown as Uint8Array, b.localAddress)).code).toBe("INVALID_DATAGRAM");
      expect(a.stats().datagramsSent).toBe(0);
    });

    it("gives every listener the datagram, and unsubscribing (twice) stops only that one", async () => {
      const { a, b } = f;
      const seen: string[] = [];
      const off1 = b.onDatagram(() => seen.push("one"));
      b.onDatagram(() => seen.push("two"));
      let wait = nextDatagram(b);
      a.send(Uint8Array.of(1), b.localAddress);
      await wait;
      expect(seen.sort()).toEqual(["one", "two"]);
      off1();
      off1();
      seen.length = 0;
      wait = nextDatagram(b);
      a.send(Uint8Array.of(2), b.localAddress);
      await wait;
      expect(seen).toEqual(["two"]);
    });

    it("survives a throwing listener: LISTENER_FAILED error event, other listeners still called", async () => {
      const { a, b } = f;
      b.onDatagram(() => {
        throw new Error("boom");
      });
      const error = nextError(b);
      const wait = nextDatagram(b);
      a.send(Uint8Array.of(9), b.localAddress);
      expect(Array.from((await wait).bytes)).toEqual([9]);
      const e = await error;
      expect(e.code).toBe("LISTENER_FAILED");
      expect(e.message).toContain("boom");
      expect(b.stats().listenerErrors).toBe(1);
    });

    it("taps every datagram sent and received, with bytes, addresses and via", async () => {
      const { a, b } = f;
      const atA: TapRecord[] = [];
      const atB: TapRecord[] = [];
      a.tap((r) => atA.push(r));
      const offB = b.tap((r) => atB.push(r));
      const wait = nextDatagram(b);
      a.send(Uint8Array.of(0xaa, 0xbb), b.localAddress);
      await wait;
      expect(atA).toHaveLength(1);
      expect(atA[0]).toMatchObject({ direction: "sent", via: "unicast" });
      expect(Array.from(atA[0]?.bytes ?? [])).toEqual([0xaa, 0xbb]);
      expect(atA[0]?.from.equals(a.localAddress)).toBe(true);
      expect(atA[0]?.to.equals(b.localAddress)).toBe(true);
      expect(typeof atA[0]?.at).toBe("number");
      expect(atB).toHaveLength(1);
      expect(atB[0]).toMatchObject({ direction: "received", via: "unicast" });
      expect(Array.from(atB[0]?.bytes ?? [])).toEqual([0xaa, 0xbb]);
      expect(atB[0]?.from.equals(a.localAddress)).toBe(true);
      expect(atB[0]?.to.equals(b.localAddress)).toBe(true);
      offB();
      const again = nextDatagram(b);
      a.send(Uint8Array.of(1), b.localAddress);
      await again;
      expect(atB).toHaveLength(1);
      expect(atA).toHaveLength(2);
    });

    it("counts what it sends and receives", async () => {
      const { a, b } = f;
      const wait = nextDatagrams(b, 2);
      a.send(Uint8Array.of(1, 2, 3), b.localAddress);
      a.send(Uint8Array.of(4), b.localAddress);
      await wait;
      expect(a.stats()).toMatchObject({ datagramsSent: 2, bytesSent: 4, multicastsSent: 0 });
      expect(b.stats()).toMatchObject({ datagramsReceived: 2, bytesReceived: 4, multicastsReceived: 0 });
    });

    it("counts datagrams nobody listened to as unheard", async () => {
      const { a, b } = f;
      const done = nextDatagram(a);
      a.send(Uint8Array.of(1), b.localAddress); // b has no listener yet
      // b answers after that, so its first datagram has been handled by then.
      const tapDone = new Promise<void>((resolve) => {
        const off = b.tap(() => {
          off();
          resolve();
        });
      });
      await tapDone;
      b.send(Uint8Array.of(2), a.localAddress);
      await done;
      expect(b.stats().unheard).toBe(1);
    });

    it("refuses a second port on an address in use with ADDRESS_IN_USE", async () => {
      const e = await f.openAt(f.a.localAddress).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toMatchObject({ name: "DatagramPortError", code: "ADDRESS_IN_USE" });
    });

    it("close(): idempotent, refuses sends with CLOSED, drops listeners, frees the address", async () => {
      const { a, b } = f;
      const old: number[] = [];
      a.onDatagram((bytes) => old.push(bytes[0] as number));
      const p1 = a.close();
      const p2 = a.close();
      expect(p2).toBe(p1);
      expect(a.closed).toBe(true);
      await p1;
      await a.close();
      expect(thrown(() => a.send(Uint8Array.of(1), b.localAddress)).code).toBe("CLOSED");
      expect(thrown(() => a.multicast(Uint8Array.of(1))).code).toBe("CLOSED");
      // Listeners added after close are never called and need no unsubscribe.
      const late = a.onDatagram(() => old.push(-1));
      late();
      const again = await f.openAt(a.localAddress);
      try {
        const wait = nextDatagram(again);
        b.send(Uint8Array.of(42), again.localAddress);
        expect(Array.from((await wait).bytes)).toEqual([42]);
        expect(old).toEqual([]);
        expect(a.stats().datagramsReceived).toBe(0);
      } finally {
        await again.close();
      }
    });

    it("close() lets what was handed to send() just before it go: every datagram arrives, whole", async () => {
      const { a, b } = f;
      const big = pattern(1522, 9);
      const wait = nextDatagrams(b, 3);
      a.send(Uint8Array.of(1), b.localAddress);
      a.send(big, b.localAddress);
      a.send(Uint8Array.of(3), b.localAddress);
      const closing = a.close();
      expect(a.closed).toBe(true);
      expect(thrown(() => a.send(Uint8Array.of(4), b.localAddress)).code).toBe("CLOSED");
      await closing;
      const got = await wait;
      expect(got.map((g) => g.bytes.length).sort((x, y) => x - y)).toEqual([1, 1, 1522]);
      expect(got.find((g) => g.bytes.length === 1522)?.bytes).toEqual(big);
      expect(got.every((g) => g.from.equals(a.localAddress))).toBe(true);
      expect(a.stats()).toMatchObject({ datagramsSent: 3, sendErrors: 0 });
    });

    it("sends its own copy of every datagram: buffers reused at once, and taps, never change what went", async () => {
      const { a, b } = f;
      const taps: TapRecord[] = [];
      a.tap((r) => taps.push(r));
      const buf = pattern(200, 1);
      const wait = nextDatagrams(b, 40);
      for (let i = 0; i < 40; i++) {
        buf[0] = i;
        a.send(buf, b.localAddress); // over 64 octets: the copy the port makes is not the caller's array
      }
      buf.fill(0);
      const got = await wait;
      expect(got.map((g) => g.bytes[0]).sort((x, y) => (x as number) - (y as number))).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );
      for (const g of got) expect(Array.from(g.bytes.subarray(1))).toEqual(Array.from(pattern(200, 1).subarray(1)));
      expect(taps.map((t) => t.bytes[0])).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(new Set(taps.map((t) => t.bytes)).size).toBe(40);
    });

    if (capabilities.multicast) {
      it("multicasts to the group: via 'multicast', routable source, not looped back", async () => {
        const { a, b } = f;
        const taps: TapRecord[] = [];
        b.tap((r) => taps.push(r));
        const wait = nextDatagram(a);
        b.multicast(Uint8Array.of(0x82, 0x02));
        const got = await wait;
        expect(Array.from(got.bytes)).toEqual([0x82, 0x02]);
        expect(got.via).toBe("multicast");
        expect(got.to.equals(a.group)).toBe(true);
        expect(got.from.equals(b.localAddress)).toBe(true);
        expect(got.from.isLinkLocal).toBe(false);
        expect(taps[0]).toMatchObject({ direction: "sent", via: "multicast" });
        expect(taps[0]?.to.equals(b.group)).toBe(true);
        // b hears a's answer; had its own multicast looped back, it would have been first.
        const back = nextDatagram(b);
        a.send(Uint8Array.of(3), got.from);
        expect((await back).via).toBe("unicast");
        expect(b.stats().multicastsReceived).toBe(0);
        expect(b.stats().multicastsSent).toBe(1);
        expect(a.stats().multicastsReceived).toBe(1);
      });

      it("receives on every joined group once, with via 'multicast' and the group it came on", async () => {
        const { a, b } = f;
        const port = a.localAddress.port;
        const both = await f.openWith({ port, scope: 2, joinScopes: [5] });
        const linkOnly = await f.openWith({ port, scope: 2 });
        const siteSender = await f.openWith({ port, scope: 5, joinGroup: false });
        const taps: TapRecord[] = [];
        both.tap((r) => taps.push(r));
        const atBoth = nextDatagrams(both, 3);
        const atLinkOnly = nextDatagrams(linkOnly, 2);
        siteSender.multicast(Uint8Array.of(5)); // ff05
        b.multicast(Uint8Array.of(2)); // ff02
        // A unicast after both multicasts: once it is in, every multicast before it is too.
        siteSender.send(Uint8Array.of(0xee), both.localAddress);
        siteSender.send(Uint8Array.of(0xee), linkOnly.localAddress);
        const got = await atBoth;
        const byData = (n: number) => got.find((g) => g.bytes[0] === n);
        expect(byData(5)).toMatchObject({ via: "multicast" });
        expect(byData(5)?.to.equals(both.groups[1] as Bip6Address)).toBe(true);
        expect(byData(5)?.to.toString()).toBe(`[ff05::bac0%${both.group.zone ?? ""}]:${port}`);
        expect(byData(5)?.from.equals(siteSender.localAddress)).toBe(true);
        expect(byData(2)).toMatchObject({ via: "multicast" });
        expect(byData(2)?.to.equals(both.group)).toBe(true);
        expect(byData(2)?.from.equals(b.localAddress)).toBe(true);
        expect(byData(0xee)).toMatchObject({ via: "unicast" });
        expect(byData(0xee)?.to.equals(both.localAddress)).toBe(true);
        expect(got.map((g) => g.bytes[0]).sort((x, y) => (x as number) - (y as number))).toEqual([2, 5, 0xee]);
        const received = taps.filter((t) => t.direction === "received" && t.via === "multicast");
        expect(received.map((t) => t.to.ip).sort()).toEqual(["ff02::bac0", "ff05::bac0"]);
        // Joined to ff02 only: the ff05 multicast never arrives, the ff02 one does.
        const heard = await atLinkOnly;
        expect(heard.map((g) => [g.bytes[0], g.via, g.to.ip])).toEqual([
          [2, "multicast", "ff02::bac0"],
          [0xee, "unicast", linkOnly.localAddress.ip],
        ]);
        expect(both.stats()).toMatchObject({ datagramsReceived: 3, multicastsReceived: 2 });
        expect(linkOnly.stats()).toMatchObject({ datagramsReceived: 2, multicastsReceived: 1 });
      });

      it("sends to `group` only, whatever else it joined", async () => {
        const { a } = f;
        const port = a.localAddress.port;
        const sender = await f.openWith({ port, scope: 5, joinScopes: [2] });
        const onLink = await f.openWith({ port, scope: 2 });
        const onSite = await f.openWith({ port, scope: 5 });
        const taps: TapRecord[] = [];
        sender.tap((r) => taps.push(r));
        const atSite = nextDatagrams(onSite, 2);
        const atLink = nextDatagram(onLink);
        sender.multicast(Uint8Array.of(1));
        sender.send(Uint8Array.of(0xee), onSite.localAddress);
        sender.send(Uint8Array.of(0xee), onLink.localAddress);
        expect((await atSite).map((g) => [g.bytes[0], g.via])).toEqual([
          [1, "multicast"],
          [0xee, "unicast"],
        ]);
        expect(Array.from((await atLink).bytes)).toEqual([0xee]);
        expect(taps.map((t) => [t.via, t.to.ip])).toEqual([
          ["multicast", "ff05::bac0"],
          ["unicast", onSite.localAddress.ip],
          ["unicast", onLink.localAddress.ip],
        ]);
      });
    } else {
      it("refuses multicast() on loopback with MULTICAST_UNAVAILABLE", () => {
        const { a } = f;
        expect(a.multicastAvailable).toBe(false);
        expect(a.joinedGroup).toBe(false);
        expect(thrown(() => a.multicast(Uint8Array.of(1))).code).toBe("MULTICAST_UNAVAILABLE");
        expect(a.stats().datagramsSent).toBe(0);
      });
    }
  });
}
