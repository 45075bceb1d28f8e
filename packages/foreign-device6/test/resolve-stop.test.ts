import { describe, expect, it } from "vitest";
import { ForeignDeviceError } from "../src/index.js";
import { BBMD, device, PEER, registered, result, sentHex, sends, transitions } from "./helpers.js";

// The Delete vector of annex-u.md §2: VMAC 1234, entry [fd00:1::f]:47809 (= SELF).
const DELETE_1234 = "820a00190004d2fd00000100000000000000000000000fbac1";

describe("resolve", () => {
  it("sends Address-Resolution (own VMAC, target) to the BBMD: 82 03 000a 0004d2 00162e", () => {
    const fd = device({ vmac: 1234 });
    registered(fd);
    const out = fd.resolve(5678, 10);
    expect(sends(out)).toEqual([{ to: "[fd00::1]:47808", hex: "8203000a0004d200162e" }]);
    expect(out.wakeAt).toBe(30_000);
    expect(fd.stats().addressResolutionsSent).toBe(1);
  });

  it("works in any running state (the BBMD relays it even while we re-register)", () => {
    const fd = device();
    fd.start(0);
    expect(sentHex(fd.resolve(0x7fffff, 1))).toEqual(["8203000a0003e77fffff"]);
  });

  it("reports resolve-failed before start and after stop, and rejects a bad VMAC", () => {
    const fd = device();
    expect(fd.resolve(5, 0).actions).toEqual([{ type: "resolve-failed", targetVmac: 5, reason: "not-started" }]);
    fd.start(0);
    fd.stop(1);
    expect(fd.resolve(5, 2).actions).toEqual([{ type: "resolve-failed", targetVmac: 5, reason: "stopped" }]);
    for (const bad of [-1, 0x1000000, 1.5, Number.NaN]) {
      expect(() => fd.resolve(bad, 3)).toThrow(ForeignDeviceError);
    }
  });
});

describe("stop", () => {
  it("sends Delete-Foreign-Device-Table-Entry (own VMAC, own address) with the exact annex-u.md bytes", () => {
    const fd = device({ vmac: 1234 });
    registered(fd);
    const out = fd.stop(1_000);
    expect(sends(out)).toEqual([{ to: "[fd00::1]:47808", hex: DELETE_1234 }]);
    expect(transitions(out)).toEqual(["registered>unregistered:stop"]);
    expect(out.wakeAt).toBeUndefined();
    expect(fd.state).toBe("unregistered");
    expect(fd.running).toBe(false);
    expect(fd.stats().deletesSent).toBe(1);
  });

  for (const setup of ["registering", "refused", "lost"] as const) {
    it(`also sends the Delete from ${setup} (the BBMD may still hold an entry)`, () => {
      const fd = device({ vmac: 1234 });
      fd.start(0);
      if (setup === "refused") fd.handle(result(0x0090), BBMD, 1);
      if (setup === "lost") {
        fd.handle(result(0), BBMD, 1);
        fd.tick(1_000_000);
      }
      expect(fd.state).toBe(setup);
      expect(sentHex(fd.stop(2_000_000))).toEqual([DELETE_1234]);
    });
  }

  it("after stop nothing more is sent: no timers, broadcasts, resolutions or re-registration on results", () => {
    const fd = device();
    registered(fd);
    fd.stop(10);
    expect(fd.tick(1e12)).toEqual({ actions: [], wakeAt: undefined });
    expect(sends(fd.broadcast(Uint8Array.of(1), 1e12))).toEqual([]);
    expect(sends(fd.resolve(1, 1e12))).toEqual([]);
    for (const code of [0x0000, 0x00a0, 0x0090, 0x00c0]) {
      const out = fd.handle(result(code), BBMD, 1e12);
      expect(out).toEqual({ actions: [], wakeAt: undefined, verdict: "consumed" });
    }
    expect(fd.state).toBe("unregistered");
    expect(fd.stats().unexpectedResults).toBe(4);
  });

  it("stop is idempotent and stop before start sends nothing", () => {
    const fd = device();
    expect(fd.stop(0).actions).toEqual([]);
    const fd2 = device();
    registered(fd2);
    expect(sends(fd2.stop(1))).toHaveLength(1);
    expect(fd2.stop(2).actions).toEqual([]);
  });

  it("start after stop registers afresh, backoff from the first step", () => {
    const fd = device();
    registered(fd);
    fd.stop(10);
    const out = fd.start(20);
    expect(transitions(out)).toEqual(["unregistered>registering:start"]);
    expect(sentHex(out)).toEqual(["820900090003e7003c"]);
    expect(out.wakeAt).toBe(1_020);
    expect(fd.lastConfirmedAt).toBeUndefined();
    expect(transitions(fd.handle(result(0), BBMD, 30))).toEqual(["registering>registered:ack"]);
  });

  it("ignores the sender of results after stop only as far as counting goes (a peer is still dropped)", () => {
    const fd = device();
    registered(fd);
    fd.stop(1);
    expect(fd.handle(result(0), PEER, 2).verdict).toBe("dropped");
  });
});
