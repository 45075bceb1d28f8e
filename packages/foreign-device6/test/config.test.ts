import { Bip6Address } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_QUEUED,
  DEFAULT_RETRY,
  ForeignDevice,
  type ForeignDeviceConfig,
  ForeignDeviceError,
  type ForeignDeviceErrorCode,
  nextAttemptAt,
  retryDelay,
} from "../src/index.js";
import { BBMD, SELF } from "./helpers.js";

const base: ForeignDeviceConfig = { vmac: 999, bbmd: BBMD, address: SELF, timeToLive: 60 };

function rejects(overrides: Record<string, unknown>, code: ForeignDeviceErrorCode): void {
  try {
    new ForeignDevice({ ...base, ...overrides } as ForeignDeviceConfig);
  } catch (e) {
    expect(e).toBeInstanceOf(ForeignDeviceError);
    expect((e as ForeignDeviceError).code).toBe(code);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
}

describe("configuration", () => {
  it("fills in the defaults", () => {
    const fd = new ForeignDevice(base);
    expect(fd.config).toMatchObject({
      vmac: 999,
      timeToLive: 60,
      retry: { initialMs: 1000, maxMs: 30_000, factor: 2 },
      beforeRegistration: "queue",
      maxQueued: 32,
    });
    expect(DEFAULT_RETRY).toEqual({ initialMs: 1000, maxMs: 30_000, factor: 2 });
    expect(DEFAULT_MAX_QUEUED).toBe(32);
    expect(Object.isFrozen(fd.config)).toBe(true);
  });

  it("accepts TTL 1 and 65535, rejects 0, 65536, fractions and non-numbers with INVALID_TTL", () => {
    expect(new ForeignDevice({ ...base, timeToLive: 1 }).config.timeToLive).toBe(1);
    expect(new ForeignDevice({ ...base, timeToLive: 65_535 }).config.timeToLive).toBe(65_535);
    for (const ttl of [0, -1, 65_536, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "60", undefined]) {
      rejects({ timeToLive: ttl }, "INVALID_TTL");
    }
  });

  it("rejects a VMAC outside 0-0xFFFFFF", () => {
    for (const vmac of [-1, 0x1000000, 2.5, "999", undefined]) rejects({ vmac }, "INVALID_VMAC");
    expect(new ForeignDevice({ ...base, vmac: 0xffffff }).config.vmac).toBe(0xffffff);
  });

  it("rejects unusable BBMD or own addresses", () => {
    rejects({ bbmd: "[fd00::1]:47808" }, "INVALID_ADDRESS");
    rejects({ address: undefined }, "INVALID_ADDRESS");
    rejects({ bbmd: Bip6Address.parse("[ff02::bac0]:47808") }, "INVALID_ADDRESS");
    rejects({ bbmd: Bip6Address.parse("[::]:47808") }, "INVALID_ADDRESS");
    rejects({ bbmd: BBMD.withPort(0) }, "INVALID_ADDRESS");
    rejects({ address: Bip6Address.parse("[::]:47808") }, "INVALID_ADDRESS");
    rejects({ address: Bip6Address.parse("[fd00:0::1]:47808") }, "INVALID_ADDRESS"); // = the BBMD
  });

  it("rejects bad retry, queue and policy options with INVALID_OPTION", () => {
    rejects({ retry: { initialMs: 0 } }, "INVALID_OPTION");
    rejects({ retry: { initialMs: -5 } }, "INVALID_OPTION");
    rejects({ retry: { initialMs: Number.NaN } }, "INVALID_OPTION");
    rejects({ retry: { maxMs: 500 } }, "INVALID_OPTION"); // below initialMs 1000
    rejects({ retry: { factor: 0.5 } }, "INVALID_OPTION");
    rejects({ retry: { factor: Number.POSITIVE_INFINITY } }, "INVALID_OPTION");
    rejects({ retry: 5 }, "INVALID_OPTION");
    rejects({ beforeRegistration: "multicast" }, "INVALID_OPTION");
    for (const maxQueued of [0, -1, 1.5, 65_537]) rejects({ maxQueued }, "INVALID_OPTION");
    for (const config of [null, undefined, 42]) {
      expect(() => new ForeignDevice(config as unknown as ForeignDeviceConfig)).toThrow(
        expect.objectContaining({ code: "INVALID_OPTION" }),
      );
    }
  });

  it("a large initialMs without maxMs raises the cap instead of failing", () => {
    expect(new ForeignDevice({ ...base, retry: { initialMs: 60_000 } }).config.retry.maxMs).toBe(60_000);
  });
});

describe("backoff helpers", () => {
  it("retryDelay doubles from initialMs and saturates at maxMs, even for huge attempt numbers", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, DEFAULT_RETRY))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(retryDelay(10_000, DEFAULT_RETRY)).toBe(30_000);
  });

  it("nextAttemptAt never jumps past the last chance before expiry, unless already there", () => {
    expect(nextAttemptAt(45_000, 5, DEFAULT_RETRY, 59_000)).toBe(59_000);
    expect(nextAttemptAt(45_000, 1, DEFAULT_RETRY, 59_000)).toBe(46_000);
    expect(nextAttemptAt(59_000, 6, DEFAULT_RETRY, 59_000)).toBe(89_000);
    expect(nextAttemptAt(0, 1, DEFAULT_RETRY, undefined)).toBe(1000);
  });
});
