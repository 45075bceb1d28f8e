import { Bip6Address, type Bvll6Frame, decodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { ForeignDeviceError } from "../src/index.js";
import { BBMD, device, frame, PEER, registered, result, SELF, transitions } from "./helpers.js";

// Forwarded-NPDU from VMAC 1234 at [fd00::a]:47808 carrying NPDU 01 20 ff ff 00 ff 10 08.
const FORWARDED = "820800210004d2fd00000000000000000000000000000abac00120ffff00ff1008";
const ORIGINATOR = Bip6Address.parse("[fd00::a]:47808");

describe("BVLC-Results from anyone but the BBMD", () => {
  const impostors: [string, Bip6Address][] = [
    ["same IP, other port", BBMD.withPort(47809)],
    ["other IP, same port", Bip6Address.parse("[fd00::2]:47808")],
    ["a peer", PEER],
    ["our own address", SELF],
  ];

  for (const [name, from] of impostors) {
    it(`are dropped and counted: ${name}`, () => {
      const fd = device();
      fd.start(0);
      for (const code of [0x0000, 0x0090, 0x00a0, 0x00c0]) {
        const out = fd.handle(result(code), from, 10);
        expect(out).toEqual({ actions: [], wakeAt: 1_000, verdict: "dropped", dropReason: "result-not-from-bbmd" });
      }
      expect(fd.state).toBe("registering");
      expect(fd.stats().resultsFromOthers).toBe(4);
      expect(fd.stats().confirmations).toBe(0);
    });
  }

  it("cannot refuse, expire or recover a registration either", () => {
    const fd = device();
    registered(fd);
    fd.handle(result(0x0090), BBMD.withPort(47809), 1);
    fd.handle(result(0x00c0), BBMD.withPort(47809), 2);
    expect(fd.state).toBe("registered");
    expect(fd.wakeAt).toBe(30_000);
  });

  it("results defined for other requests (0x0030, 0x0060) are not-mine, from anyone; unknown codes from others too", () => {
    const fd = device();
    fd.start(0);
    for (const code of [0x0030, 0x0060]) {
      expect(fd.handle(result(code), PEER, 1).verdict).toBe("not-mine");
      expect(fd.handle(result(code), BBMD, 1).verdict).toBe("not-mine");
    }
    for (const code of [0x0040, 0x0050, 0xffff]) expect(fd.handle(result(code), PEER, 1).verdict).toBe("not-mine");
    expect(fd.state).toBe("registering");
    expect(fd.stats()).toMatchObject({ resultsFromOthers: 0, unknownResults: 0 });
  });
});

describe("Forwarded-NPDU", () => {
  it("from the BBMD: delivered with the original source VMAC and address, NPDU as a view", () => {
    const fd = device();
    registered(fd);
    const f = frame(FORWARDED);
    const out = fd.handle(f, BBMD, 100);
    expect(out.verdict).toBe("consumed");
    expect(out.actions).toHaveLength(1);
    const d = out.actions[0];
    if (d?.type !== "deliver") throw new Error("expected a deliver action");
    expect(d.sourceVmac).toBe(1234);
    expect(d.source.equals(ORIGINATOR)).toBe(true);
    expect(Array.from(d.npdu)).toEqual([0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08]);
    expect(d.npdu).toBe((f as Extract<Bvll6Frame, { kind: "ForwardedNpdu" }>).npdu);
    expect(fd.stats().delivered).toBe(1);
  });

  it("from the BBMD is delivered in every running state (the BBMD may still know us)", () => {
    const fd = device();
    fd.start(0);
    expect(fd.handle(frame(FORWARDED), BBMD, 1).verdict).toBe("consumed");
    fd.handle(result(0x0090), BBMD, 2);
    expect(fd.state).toBe("refused");
    expect(fd.handle(frame(FORWARDED), BBMD, 3).verdict).toBe("consumed");
  });

  it("from anyone else (even the BBMD's IP on another port): dropped and counted", () => {
    const fd = device();
    registered(fd);
    for (const from of [BBMD.withPort(47809), PEER, ORIGINATOR]) {
      const out = fd.handle(frame(FORWARDED), from, 1);
      expect(out).toEqual({ actions: [], wakeAt: 30_000, verdict: "dropped", dropReason: "relay-not-from-bbmd" });
    }
    expect(fd.stats()).toMatchObject({ relaysFromOthers: 3, delivered: 0 });
  });

  it("carrying our own broadcast back (original source = our address): dropped", () => {
    const fd = device();
    registered(fd);
    const own = frame("820800210003e7fd00000100000000000000000000000fbac10120ffff00ff1008");
    expect(fd.handle(own, BBMD, 1)).toMatchObject({ verdict: "dropped", dropReason: "own-broadcast" });
    expect(fd.stats().forwardedDropped).toBe(1);
  });

  it("from anyone else before start or after stop: the device has no say, not-mine", () => {
    const fd = device();
    expect(fd.handle(frame(FORWARDED), PEER, 0).verdict).toBe("not-mine");
    registered(fd);
    fd.stop(10);
    expect(fd.handle(frame(FORWARDED), PEER, 20)).toEqual({ actions: [], wakeAt: undefined, verdict: "not-mine" });
    expect(fd.stats().relaysFromOthers).toBe(0);
  });

  it("from the BBMD before start or after stop (a stale relay): dropped as not-running, counted, not delivered", () => {
    const fd = device();
    const expected = { actions: [], wakeAt: undefined, verdict: "dropped", dropReason: "not-running" };
    expect(fd.handle(frame(FORWARDED), BBMD, 0)).toEqual(expected);
    registered(fd, 1);
    expect(fd.handle(frame(FORWARDED), BBMD, 2).verdict).toBe("consumed");
    fd.stop(10);
    expect(fd.handle(frame(FORWARDED), BBMD, 20)).toEqual(expected);
    expect(fd.stats()).toMatchObject({ forwardedDropped: 2, delivered: 1 });
  });
});

describe("Original-Broadcast-NPDU", () => {
  const obn = "8202000f0004d20120ffff00ff1008";

  it("is ignored while registered (a foreign device does not listen to the local group)", () => {
    const fd = device();
    registered(fd);
    expect(fd.handle(frame(obn), PEER, 1)).toMatchObject({
      actions: [],
      verdict: "dropped",
      dropReason: "local-broadcast-while-registered",
    });
    expect(fd.stats().localBroadcastsIgnored).toBe(1);
  });

  it("is not-mine while not registered", () => {
    const fd = device();
    expect(fd.handle(frame(obn), PEER, 0).verdict).toBe("not-mine");
    fd.start(0);
    expect(fd.handle(frame(obn), PEER, 0).verdict).toBe("not-mine");
  });
});

describe("Forwarded-Address-Resolution", () => {
  const far = "8204001c0004d200162efd00000000000000000000000000000abac0";

  it("from the BBMD is not-mine (the transport ACKs the original source like any node)", () => {
    const fd = device();
    registered(fd);
    expect(fd.handle(frame(far), BBMD, 1).verdict).toBe("not-mine");
  });

  it("from anyone else is dropped while running", () => {
    const fd = device();
    registered(fd);
    expect(fd.handle(frame(far), PEER, 1)).toMatchObject({ verdict: "dropped", dropReason: "relay-not-from-bbmd" });
  });
});

describe("frames a foreign device does not own", () => {
  const others = [
    "820100120004d20003e70120ffff00ff1008", // Original-Unicast-NPDU
    "8203000a0004d20003e7", // Address-Resolution
    "8205000a0004d20003e7", // Address-Resolution-ACK
    "820600070004d2", // Virtual-Address-Resolution
    "8207000a0004d20003e7", // Virtual-Address-Resolution-ACK
    "820900090004d2003c", // Register-Foreign-Device (we are no BBMD: the transport NAKs it)
    "820a00190004d2fd00000100000000000000000000000fbac1", // Delete-FDT-Entry
    "820c000f0004d20120ffff00ff1008", // Distribute-Broadcast-To-Network
    "820b0005ff", // Secure-BVLL
    "82200004", // Unknown function 0x20, empty payload
  ];

  it("are not-mine in every state, from the BBMD or anyone, and change nothing", () => {
    const fd = device();
    const check = (): void => {
      for (const hex of others) {
        for (const from of [BBMD, PEER]) {
          const before = fd.wakeAt;
          const out = fd.handle(frame(hex), from, 1);
          expect(out).toEqual({ actions: [], wakeAt: before, verdict: "not-mine" });
        }
      }
    };
    check();
    fd.start(0);
    check();
    fd.handle(result(0), BBMD, 1);
    check();
    expect(transitions(fd.stop(2))).toEqual(["registered>unregistered:stop"]);
    check();
  });
});

describe("bad input", () => {
  it("throws typed errors for a missing frame, a non-address sender or a bad time, and counts them", () => {
    const fd = device();
    const bad = (f: () => unknown, code: string): void => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ForeignDeviceError);
        expect((e as ForeignDeviceError).code).toBe(code);
      }
    };
    bad(() => fd.handle(undefined as unknown as Bvll6Frame, BBMD, 0), "INVALID_FRAME");
    bad(() => fd.handle(result(0), "[fd00::1]:47808" as unknown as Bip6Address, 0), "INVALID_ADDRESS");
    bad(() => fd.handle(result(0), BBMD, Number.NaN), "INVALID_TIME");
    bad(() => fd.start(Number.POSITIVE_INFINITY), "INVALID_TIME");
    bad(() => fd.tick("5" as unknown as number), "INVALID_TIME");
    expect(fd.state).toBe("unregistered");
    expect(fd.stats()).toMatchObject({ rejectedInputs: 5, registersSent: 0 });
  });

  it("the Forwarded-NPDU vector above is 25 + 8 octets, and its NPDU is delivered as the view at octet 25", () => {
    const bytes = hexToBytes(FORWARDED);
    expect(bytes.length).toBe(0x21);
    const fd = device();
    registered(fd);
    const d = fd.handle(decodeFrame(bytes), BBMD, 1).actions[0];
    if (d?.type !== "deliver") throw new Error("expected a deliver action");
    expect([d.npdu.buffer === bytes.buffer, d.npdu.byteOffset, d.npdu.length]).toEqual([true, 25, 8]);
  });
});

describe("hostile arguments still get a ForeignDeviceError", () => {
  it("values without a toString (Object.create(null)), symbols and throwing toStrings never become a TypeError", () => {
    const fd = device();
    const evil = {
      toString(): string {
        throw new Error("boom");
      },
    };
    for (const v of [Object.create(null) as unknown, Symbol("x") as unknown, evil as unknown]) {
      for (const call of [
        () => fd.handle(v as Bvll6Frame, BBMD, 0),
        () => fd.handle(result(0), v as Bip6Address, 0),
        () => fd.tick(v as number),
        () => fd.resolve(v as number, 0),
        () => device({ vmac: v as number }),
        () => device({ timeToLive: v as number }),
        () => device({ bbmd: v as Bip6Address }),
        () => device({ maxQueued: v as number }),
        () => device({ beforeRegistration: v as "queue" }),
        () => device({ retry: { initialMs: v as number } }),
      ]) {
        expect(call).toThrow(ForeignDeviceError);
      }
    }
    expect(fd.stats().rejectedInputs).toBe(12);
  });
});
