import { Bip6Address, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { eventRecord, type OutputRecord, RECORD_TYPES, record, resultCodeText } from "../src/records.ts";
import { toJsonValue } from "../src/json-value.ts";

const A = Bip6Address.parse("[fd00:1::2]:47808");
const B = Bip6Address.parse("[fd00:2::1]:47809");
const LL = Bip6Address.parse("[fe80::1%eth0]:47808");
const wall = (at: number): string => `wall(${at})`;

/** The record without its `time`, after one JSON round trip (what a reader of the line gets). */
function line(r: OutputRecord): Record<string, unknown> {
  const parsed = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
  expect(Object.keys(parsed).slice(0, 2)).toEqual(["type", "time"]);
  expect(parsed.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  delete parsed.time;
  return parsed;
}

describe("records: the JSON Lines schema", () => {
  it("npdu: VMAC as six hex digits, addresses as text, octets as hex, relayedBy only when relayed", () => {
    const npdu = hexToBytes("0120ffff00ff1008");
    expect(
      line(eventRecord("npdu", { npdu, sourceVmac: 1234, source: A, broadcast: true, via: "multicast" }, wall)),
    ).toEqual({
      type: "npdu",
      sourceVmac: "0004d2",
      source: "[fd00:1::2]:47808",
      broadcast: true,
      via: "multicast",
      npdu: "0120ffff00ff1008",
    });
    expect(
      line(
        eventRecord("npdu", { npdu, sourceVmac: 0x400001, source: A, broadcast: true, via: "unicast", relayedBy: B }),
      ),
    ).toMatchObject({ sourceVmac: "400001", relayedBy: "[fd00:2::1]:47809", via: "unicast" });
  });

  it("peer, vmac-collision, vmac-changed", () => {
    expect(line(eventRecord("peer", { change: "learned", vmac: 5, address: LL, at: 1 }))).toEqual({
      type: "peer",
      change: "learned",
      vmac: "000005",
      address: "[fe80::1%eth0]:47808",
    });
    expect(
      line(eventRecord("peer", { change: "moved", vmac: 5, address: B, previous: A, displacedVmac: 0x400002, at: 1 })),
    ).toEqual({
      type: "peer",
      change: "moved",
      vmac: "000005",
      address: "[fd00:2::1]:47809",
      previous: "[fd00:1::2]:47808",
      displacedVmac: "400002",
    });
    expect(
      line(
        eventRecord("vmac-collision", {
          vmac: 0x412345,
          from: A,
          frame: "OriginalBroadcastNpdu",
          action: "repick",
          at: 1,
        }),
      ),
    ).toEqual({
      type: "vmac-collision",
      vmac: "412345",
      from: "[fd00:1::2]:47808",
      frame: "OriginalBroadcastNpdu",
      action: "repick",
    });
    expect(
      line(eventRecord("vmac-changed", { previous: 0x412345, vmac: 0x654321, reason: "collision", at: 1 })),
    ).toEqual({
      type: "vmac-changed",
      previous: "412345",
      vmac: "654321",
      reason: "collision",
    });
  });

  it("registration: the foreign device's event type as `event`, its times as wall-clock text, codes as 0x…", () => {
    expect(
      line(
        eventRecord(
          "registration",
          { type: "state", from: "registering", to: "registered", reason: "ack", at: 1 },
          wall,
        ),
      ),
    ).toEqual({
      type: "registration",
      event: "state",
      from: "registering",
      to: "registered",
      reason: "ack",
    });
    expect(
      line(eventRecord("registration", { type: "confirmed", at: 1, renewAt: 2, expiresAt: 3, lostAt: 4 }, wall)),
    ).toEqual({
      type: "registration",
      event: "confirmed",
      renewAt: "wall(2)",
      expiresAt: "wall(3)",
      lostAt: "wall(4)",
    });
    expect(line(eventRecord("registration", { type: "refused", resultCode: 0x90, at: 1, retryAt: 9 }, wall))).toEqual({
      type: "registration",
      event: "refused",
      resultCode: "0x0090",
      retryAt: "wall(9)",
    });
  });

  it("bbmd: FDT changes, refusals and throttling", () => {
    expect(
      line(
        eventRecord(
          "bbmd",
          { type: "fdt-added", address: A, vmac: 11, timeToLive: 60, expiresAt: 90_000, at: 1 },
          wall,
        ),
      ),
    ).toEqual({
      type: "bbmd",
      event: "fdt-added",
      address: "[fd00:1::2]:47808",
      vmac: "00000b",
      ttl: 60,
      expiresAt: "wall(90000)",
    });
    expect(line(eventRecord("bbmd", { type: "fdt-removed", address: A, vmac: 11, reason: "deleted", at: 1 }))).toEqual({
      type: "bbmd",
      event: "fdt-removed",
      address: "[fd00:1::2]:47808",
      vmac: "00000b",
      reason: "deleted",
    });
    expect(
      line(eventRecord("bbmd", { type: "registration-refused", address: A, reason: "not-accepting", at: 1 })),
    ).toEqual({
      type: "bbmd",
      event: "registration-refused",
      address: "[fd00:1::2]:47808",
      reason: "not-accepting",
    });
    expect(line(eventRecord("bbmd", { type: "fan-out-throttled", address: A, dropped: 3, at: 1 }))).toEqual({
      type: "bbmd",
      event: "fan-out-throttled",
      address: "[fd00:1::2]:47808",
      dropped: 3,
    });
  });

  it("resolution-failed, unknown-result, unreachable-source, error, close", () => {
    expect(
      line(eventRecord("resolution-failed", { kind: "address-resolution", vmac: 99, attempts: 4, requests: 2, at: 1 })),
    ).toEqual({ type: "resolution-failed", kind: "address-resolution", vmac: "000063", attempts: 4, requests: 2 });
    expect(
      line(
        eventRecord("resolution-failed", {
          kind: "virtual-address-resolution",
          address: B,
          attempts: 4,
          requests: 1,
          at: 1,
        }),
      ),
    ).toEqual({
      type: "resolution-failed",
      kind: "virtual-address-resolution",
      address: "[fd00:2::1]:47809",
      attempts: 4,
      requests: 1,
    });
    expect(line(eventRecord("unknown-result", { resultCode: 0x50, from: B, sourceVmac: 7, at: 1 }))).toEqual({
      type: "unknown-result",
      resultCode: "0x0050",
      from: "[fd00:2::1]:47809",
      sourceVmac: "000007",
    });
    expect(
      line(
        eventRecord("unreachable-source", { source: LL, sourceVmac: 7, relayedBy: B, frame: "ForwardedNpdu", at: 1 }),
      ),
    ).toEqual({
      type: "unreachable-source",
      source: "[fe80::1%eth0]:47808",
      sourceVmac: "000007",
      relayedBy: "[fd00:2::1]:47809",
      frame: "ForwardedNpdu",
    });
    const err = Object.assign(new Error("send to [fd00::9]:47808 failed: ENETUNREACH"), { code: "SEND_FAILED" });
    expect(line(eventRecord("error", err as never))).toEqual({
      type: "error",
      code: "SEND_FAILED",
      message: "send to [fd00::9]:47808 failed: ENETUNREACH",
    });
    expect(line(eventRecord("close", { at: 5 }))).toEqual({ type: "close" });
  });

  it("record() leaves undefined fields out and keeps type and time first; codes as 0x…", () => {
    expect(line(record("sent", { to: "broadcast", length: 8, id: undefined }))).toEqual({
      type: "sent",
      to: "broadcast",
      length: 8,
    });
    expect(resultCodeText(0)).toBe("0x0000");
    expect(resultCodeText(0xc0)).toBe("0x00c0");
    expect(RECORD_TYPES).toContain("stats");
  });

  it("toJsonValue: octets, addresses, errors, maps, bigints; no cycles, functions or undefined", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(
      toJsonValue({
        bytes: Uint8Array.of(1, 0xab),
        address: A,
        err: Object.assign(new Error("boom"), { code: "X" }),
        map: new Map([[1, "one"]]),
        big: 10n,
        nan: Number.NaN,
        fn: () => 1,
        none: undefined,
        list: [undefined, 1],
        cyclic,
      }),
    ).toEqual({
      bytes: "01ab",
      address: "[fd00:1::2]:47808",
      err: { name: "Error", code: "X", message: "boom" },
      map: { "1": "one" },
      big: "10",
      nan: null,
      list: [null, 1],
      cyclic: { a: 1, self: null },
    });
  });
});
