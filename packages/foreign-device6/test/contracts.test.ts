// The contracts every call keeps: what is due runs first, a throwing call changes nothing,
// every Result from the BBMD is accounted for, and only sane clocks are accepted.
import type { Bip6Address } from "@bip6/bvll6-codec";
import { type Bvll6Frame } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type ForeignDevice, ForeignDeviceError, MAX_TIME_MS } from "../src/index.js";
import { BBMD, device, events, PEER, REGISTER_999_TTL60, registered, result, sentHex, transitions } from "./helpers.js";

/** Everything observable about a device, to compare before and after a rejected call. */
function observe(fd: ForeignDevice): unknown {
  const { rejectedInputs: _, ...stats } = fd.stats();
  return {
    state: fd.state,
    running: fd.running,
    wakeAt: fd.wakeAt,
    lastConfirmedAt: fd.lastConfirmedAt,
    queued: fd.queuedBroadcasts,
    stats,
  };
}

describe("start() while running runs what is due first", () => {
  it("registered at 0, start(200 000): lost (due at 90 s) and the due Register go out, as tick() would", () => {
    const fd = device();
    registered(fd);
    const out = fd.start(200_000);
    expect(transitions(out)).toEqual(["registered>lost:expired"]);
    expect(sentHex(out)).toEqual([REGISTER_999_TTL60]);
    expect(fd.state).toBe("lost");
    expect(out.wakeAt).toBe(201_000);
  });

  it("while registering, a start() at the retry time sends the retry; before it, nothing", () => {
    const fd = device();
    fd.start(0);
    expect(fd.start(999)).toEqual({ actions: [], wakeAt: 1_000 });
    const out = fd.start(1_000);
    expect(sentHex(out)).toEqual([REGISTER_999_TTL60]);
    expect(out.wakeAt).toBe(3_000);
    expect(fd.stats().registersSent).toBe(2);
  });
});

describe("stop() runs what is due first, except a Register (the Delete supersedes it)", () => {
  it("registered at 0, stop(200 000): lost first, then unregistered; only the Delete is sent", () => {
    const fd = device();
    registered(fd);
    const out = fd.stop(200_000);
    expect(transitions(out)).toEqual(["registered>lost:expired", "lost>unregistered:stop"]);
    expect(sentHex(out)).toEqual(["820a00190003e7fd00000100000000000000000000000fbac1"]);
    expect(fd.stats().registersSent).toBe(1);
  });
});

describe("a throwing call changes nothing", () => {
  const npdu = Uint8Array.of(1, 2);
  const malformed: [string, Bvll6Frame][] = [
    ["a Forwarded-NPDU without originalSource", { kind: "ForwardedNpdu", originalSourceVmac: 1, npdu } as Bvll6Frame],
    [
      "a Forwarded-NPDU whose originalSource is text",
      {
        kind: "ForwardedNpdu",
        originalSourceVmac: 1,
        originalSource: "[fd00::a]:47808",
        npdu,
      } as unknown as Bvll6Frame,
    ],
    [
      "a Forwarded-NPDU with a VMAC out of range",
      { kind: "ForwardedNpdu", originalSourceVmac: 2 ** 24, originalSource: PEER, npdu },
    ],
    [
      "a Forwarded-NPDU with a 1498-octet NPDU",
      { kind: "ForwardedNpdu", originalSourceVmac: 1, originalSource: PEER, npdu: new Uint8Array(1498) },
    ],
    ["a BVLC-Result without a code", { kind: "BvlcResult", sourceVmac: 1 } as Bvll6Frame],
    ["a BVLC-Result with code 0x10000", { kind: "BvlcResult", sourceVmac: 1, resultCode: 0x10000 }],
  ];

  for (const [name, frame] of malformed) {
    it(`${name}, at a time the renewal is due: INVALID_FRAME, and the renewal still goes out afterwards`, () => {
      const fd = device();
      registered(fd);
      const before = observe(fd);
      let caught: unknown;
      try {
        fd.handle(frame, BBMD, 30_000);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ForeignDeviceError);
      expect((caught as ForeignDeviceError).code).toBe("INVALID_FRAME");
      expect(observe(fd)).toEqual(before);
      expect(fd.stats().rejectedInputs).toBe(1);
      expect(sentHex(fd.tick(30_000))).toEqual([REGISTER_999_TTL60]);
    });
  }

  it("a bad time, sender or NPDU at a due time leaves the due work for the next call", () => {
    const fd = device();
    registered(fd);
    const before = observe(fd);
    const calls = [
      () => fd.handle(result(0), BBMD, 5.9e20),
      () => fd.handle(result(0), "[fd00::1]:47808" as unknown as Bip6Address, 30_000),
      () => fd.broadcast("x" as unknown as Uint8Array, 30_000),
      () => fd.resolve(-1, 30_000),
      () => fd.start(Number.NaN),
      () => fd.stop(Number.POSITIVE_INFINITY),
      () => fd.tick(MAX_TIME_MS + 1),
    ];
    for (const call of calls) expect(call).toThrow(ForeignDeviceError);
    expect(observe(fd)).toEqual(before);
    expect(fd.stats().rejectedInputs).toBe(calls.length);
    expect(sentHex(fd.tick(30_000))).toEqual([REGISTER_999_TTL60]);
  });
});

describe("clocks", () => {
  it("times beyond ±MAX_TIME_MS are INVALID_TIME; at MAX_TIME_MS a registration gets its full TTL + 30 s", () => {
    expect(MAX_TIME_MS).toBe(Number.MAX_SAFE_INTEGER - 65_565_000);
    const fd = device({ timeToLive: 65_535 });
    fd.start(MAX_TIME_MS);
    const ack = fd.handle(result(0), BBMD, MAX_TIME_MS);
    expect(events(ack)[1]).toMatchObject({ lostAt: Number.MAX_SAFE_INTEGER, renewAt: MAX_TIME_MS + 32_767_500 });
    for (const now of [5.9e20, -MAX_TIME_MS - 1, Number.MAX_VALUE]) {
      expect(() => device().start(now)).toThrow(expect.objectContaining({ code: "INVALID_TIME" }));
    }
    expect(device().start(-MAX_TIME_MS).wakeAt).toBe(-MAX_TIME_MS + 1_000);
  });
});

describe("a BVLC-Result code Annex U does not define, from the BBMD", () => {
  for (const code of [0x0040, 0x0050, 0x0070, 0x0010, 0xffff]) {
    it(`0x${code.toString(16).padStart(4, "0")}: reported (unknown-result, counted), consumed, settles nothing`, () => {
      const fd = device();
      fd.start(0);
      const out = fd.handle(result(code), BBMD, 10);
      expect(out).toEqual({
        actions: [{ type: "event", event: { type: "unknown-result", resultCode: code, at: 10 } }],
        wakeAt: 1_000,
        verdict: "consumed",
      });
      expect(fd.state).toBe("registering");
      expect(fd.stats()).toMatchObject({ unknownResults: 1, refusals: 0, confirmations: 0, unexpectedResults: 0 });
    });
  }

  it("bac-py's Register NAK (0x0050) to our Register: reported, not taken as a refusal; retries go on as scheduled", () => {
    const fd = device();
    fd.start(0);
    fd.handle(result(0x0050), BBMD, 10);
    expect(sentHex(fd.tick(1_000))).toEqual([REGISTER_999_TTL60]);
    expect(events(fd.handle(result(0x0050), BBMD, 1_010))).toEqual([
      { type: "unknown-result", resultCode: 0x0050, at: 1_010 },
    ]);
    expect(fd.wakeAt).toBe(3_000);
    expect(fd.state).toBe("registering");
  });

  it("is reported while registered and before start / after stop too, and from others stays not-mine", () => {
    const fd = device();
    expect(fd.handle(result(0x0050), BBMD, 0).verdict).toBe("consumed");
    registered(fd, 1);
    expect(fd.handle(result(0x0070), BBMD, 2).verdict).toBe("consumed");
    expect(fd.state).toBe("registered");
    fd.stop(3);
    expect(fd.handle(result(0x0050), BBMD, 4).verdict).toBe("consumed");
    expect(fd.handle(result(0x0050), PEER, 5).verdict).toBe("not-mine");
    expect(fd.stats().unknownResults).toBe(3);
  });
});
