import { bytesToHex } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { type FdOutput, ForeignDeviceError } from "../src/index.js";
import { BBMD, device, registered, result, sentHex, sends, transitions } from "./helpers.js";

/** Global Who-Is: NPDU 01 20 ff ff 00 ff, APDU 10 08. */
const WHO_IS = Uint8Array.of(0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x08);

function failures(out: FdOutput): { hex: string; reason: string }[] {
  return out.actions.flatMap((a) =>
    a.type === "broadcast-failed" ? [{ hex: bytesToHex(a.npdu), reason: a.reason }] : [],
  );
}

describe("broadcast while registered", () => {
  it("sends Distribute-Broadcast-To-Network (source = own VMAC) to the BBMD: 82 0c 000f 0003e7 <npdu>", () => {
    const fd = device();
    registered(fd);
    const out = fd.broadcast(WHO_IS, 10);
    expect(sends(out)).toEqual([{ to: "[fd00::1]:47808", hex: "820c000f0003e70120ffff00ff1008" }]);
    expect(out.actions).toHaveLength(1);
    expect(out.wakeAt).toBe(30_000);
    expect(fd.stats().distributeBroadcastsSent).toBe(1);
  });

  it("never multicasts: every send action goes to the BBMD", () => {
    const fd = device();
    registered(fd);
    for (let i = 0; i < 10; i++) {
      for (const s of sends(fd.broadcast(Uint8Array.of(i), i))) expect(s.to).toBe(BBMD.toString());
    }
  });

  it("accepts an empty NPDU and the 1497-octet maximum; rejects 1498 octets and non-arrays with INVALID_NPDU", () => {
    const fd = device();
    registered(fd);
    expect(sentHex(fd.broadcast(new Uint8Array(0), 1))).toEqual(["820c00070003e7"]);
    expect(sentHex(fd.broadcast(new Uint8Array(1497), 1))[0]?.slice(0, 14)).toBe("820c05e00003e7");
    for (const bad of [new Uint8Array(1498), [1, 2] as unknown as Uint8Array, undefined as unknown as Uint8Array]) {
      expect(() => fd.broadcast(bad, 1)).toThrow(ForeignDeviceError);
      try {
        fd.broadcast(bad, 1);
      } catch (e) {
        expect((e as ForeignDeviceError).code).toBe("INVALID_NPDU");
      }
    }
    expect(fd.stats().distributeBroadcastsSent).toBe(2);
  });
});

describe('broadcast before registration, beforeRegistration: "queue" (default)', () => {
  it("queues (before and after start), then flushes in order as DBTN right after the ACK", () => {
    const fd = device();
    expect(fd.broadcast(Uint8Array.of(0x01), 0).actions).toEqual([]);
    fd.start(0);
    expect(fd.broadcast(Uint8Array.of(0x02), 1).actions).toEqual([]);
    expect(fd.broadcast(Uint8Array.of(0x03), 2).actions).toEqual([]);
    expect(fd.queuedBroadcasts).toBe(3);
    const ack = fd.handle(result(0), BBMD, 3);
    expect(ack.actions.map((a) => a.type)).toEqual(["event", "event", "send", "send", "send"]);
    expect(sentHex(ack)).toEqual(["820c00080003e701", "820c00080003e702", "820c00080003e703"]);
    expect(fd.queuedBroadcasts).toBe(0);
    expect(fd.stats()).toMatchObject({ broadcastsQueued: 3, distributeBroadcastsSent: 3, broadcastsFailed: 0 });
  });

  it("keeps a copy: the caller may reuse its buffer", () => {
    const fd = device();
    fd.start(0);
    const buf = Uint8Array.of(0xaa, 0xbb);
    fd.broadcast(buf, 1);
    buf.fill(0);
    expect(sentHex(fd.handle(result(0), BBMD, 2))).toEqual(["820c00090003e7aabb"]);
  });

  it("is bounded by maxQueued: overflow drops (and reports) the oldest, order of the rest is kept", () => {
    const fd = device({ maxQueued: 3 });
    fd.start(0);
    const dropped: { hex: string; reason: string }[] = [];
    for (let i = 1; i <= 7; i++) dropped.push(...failures(fd.broadcast(Uint8Array.of(i), i)));
    expect(dropped).toEqual([
      { hex: "01", reason: "queue-full" },
      { hex: "02", reason: "queue-full" },
      { hex: "03", reason: "queue-full" },
      { hex: "04", reason: "queue-full" },
    ]);
    expect(fd.queuedBroadcasts).toBe(3);
    expect(sentHex(fd.handle(result(0), BBMD, 10))).toEqual([
      "820c00080003e705",
      "820c00080003e706",
      "820c00080003e707",
    ]);
    expect(fd.stats()).toMatchObject({ broadcastsQueued: 7, broadcastsFailed: 4 });
  });

  it("the ring keeps its order across many fill/flush cycles", () => {
    const fd = device({ maxQueued: 4 });
    fd.start(0);
    let t = 0;
    let next = 0;
    for (let cycle = 0; cycle < 5; cycle++) {
      const count = 2 + cycle; // 2..6: some cycles overflow
      for (let i = 0; i < count; i++) fd.broadcast(Uint8Array.of(next++), ++t);
      const expected = Array.from(
        { length: Math.min(count, 4) },
        (_, i) => `820c00080003e7${(next - Math.min(count, 4) + i).toString(16).padStart(2, "0")}`,
      );
      expect(sentHex(fd.handle(result(0), BBMD, ++t))).toEqual(expected);
      fd.handle(result(0x00c0), BBMD, ++t); // back to registering (sends a Register)
    }
  });
});

describe('broadcast before registration, beforeRegistration: "fail"', () => {
  it("reports broadcast-failed (not-registered) and sends nothing, in every unregistered state", () => {
    const fd = device({ beforeRegistration: "fail" });
    expect(failures(fd.broadcast(Uint8Array.of(1), 0))).toEqual([{ hex: "01", reason: "not-registered" }]);
    fd.start(0);
    const out = fd.broadcast(Uint8Array.of(2), 1);
    expect(out.actions).toEqual([{ type: "broadcast-failed", npdu: Uint8Array.of(2), reason: "not-registered" }]);
    fd.handle(result(0x0090), BBMD, 2);
    expect(failures(fd.broadcast(Uint8Array.of(3), 3))).toEqual([{ hex: "03", reason: "not-registered" }]);
    expect(fd.queuedBroadcasts).toBe(0);
    const ack = (fd.tick(1_000), fd.handle(result(0), BBMD, 1_001));
    expect(sentHex(ack)).toEqual([]);
    expect(sentHex(fd.broadcast(Uint8Array.of(4), 1_002))).toEqual(["820c00080003e704"]);
  });
});

describe("broadcast and stop", () => {
  it("stop reports every queued NPDU as failed (stopped), in order; later broadcasts fail too", () => {
    const fd = device();
    fd.start(0);
    fd.broadcast(Uint8Array.of(1), 1);
    fd.broadcast(Uint8Array.of(2), 2);
    const out = fd.stop(3);
    expect(failures(out)).toEqual([
      { hex: "01", reason: "stopped" },
      { hex: "02", reason: "stopped" },
    ]);
    expect(fd.queuedBroadcasts).toBe(0);
    expect(failures(fd.broadcast(Uint8Array.of(3), 4))).toEqual([{ hex: "03", reason: "stopped" }]);
    expect(fd.queuedBroadcasts).toBe(0);
  });

  it("stop before start drops the queue too", () => {
    const fd = device();
    fd.broadcast(Uint8Array.of(9), 0);
    const out = fd.stop(1);
    expect(sends(out)).toEqual([]);
    expect(transitions(out)).toEqual([]);
    expect(failures(out)).toEqual([{ hex: "09", reason: "stopped" }]);
  });
});
