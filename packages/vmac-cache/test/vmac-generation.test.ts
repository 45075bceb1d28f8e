import { MAX_DEVICE_INSTANCE, isInstanceVmac, isRandomVmac } from "@bip6/bvll6-codec";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { randomVmac, vmacFromDeviceInstance, type RandomSource } from "../src/index.js";
import { codeOf } from "./error-code.js";

function fill(...octets: number[]): RandomSource {
  return (bytes) => {
    bytes.set(octets.slice(0, bytes.length));
  };
}

describe("vmacFromDeviceInstance", () => {
  it("is the instance itself, 0 to 4194303", () => {
    expect(vmacFromDeviceInstance(0)).toBe(0);
    expect(vmacFromDeviceInstance(1234)).toBe(0x0004d2);
    expect(vmacFromDeviceInstance(4194303)).toBe(0x3fffff);
    expect(MAX_DEVICE_INSTANCE).toBe(4194303);
  });

  it.each([4194304, -1, 1.5, Number.NaN, Infinity, "12", 12n, undefined, 0x400000, 0xffffff, Object.create(null)])(
    "rejects %s with INVALID_DEVICE_INSTANCE",
    (instance) => {
      expect(codeOf(() => vmacFromDeviceInstance(instance as number))).toBe("INVALID_DEVICE_INSTANCE");
    },
  );

  it("says the valid range", () => {
    expect(() => vmacFromDeviceInstance(4194304)).toThrow(/device instance must be an integer 0-4194303, got 4194304/);
  });

  it("every valid instance gives an instance VMAC (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DEVICE_INSTANCE }), (i) => {
        const v = vmacFromDeviceInstance(i);
        return v === i && isInstanceVmac(v) && !isRandomVmac(v);
      }),
    );
  });
});

describe("randomVmac", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("all-zero random octets give 0x400000, all-one octets give 0x7FFFFF", () => {
    expect(randomVmac(fill(0, 0, 0))).toBe(0x400000);
    expect(randomVmac(fill(0xff, 0xff, 0xff))).toBe(0x7fffff);
  });

  it("uses 22 bits: the top two bits of the first octet are replaced by 01", () => {
    expect(randomVmac(fill(0x12, 0x34, 0x56))).toBe(0x523456);
    expect(randomVmac(fill(0xc0, 0x00, 0x01))).toBe(0x400001);
    expect(randomVmac(fill(0x3f, 0xff, 0xfe))).toBe(0x7ffffe);
  });

  it("asks the source for exactly 3 octets", () => {
    const lengths: number[] = [];
    randomVmac((b) => {
      lengths.push(b.length);
    });
    expect(lengths).toEqual([3]);
  });

  it("is always in 0x400000-0x7FFFFF for any source output (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 3 }), (octets) => {
        const v = randomVmac((b) => b.set(octets));
        return v >= 0x400000 && v <= 0x7fffff && isRandomVmac(v) && !isInstanceVmac(v);
      }),
    );
  });

  it("a source that writes nothing still yields a valid VMAC", () => {
    expect(randomVmac(() => undefined)).toBe(0x400000);
  });

  it("defaults to globalThis.crypto.getRandomValues", () => {
    const seen: Uint8Array[] = [];
    vi.stubGlobal("crypto", {
      getRandomValues(this: unknown, b: Uint8Array) {
        expect(this).toBe(globalThis.crypto); // called as a method, as Web Crypto requires
        seen.push(b);
        b.set([0x01, 0x02, 0x03]);
        return b;
      },
    });
    expect(randomVmac()).toBe(0x410203);
    expect(seen.length).toBe(1);
  });

  it("works with the real Web Crypto", () => {
    const values = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const v = randomVmac();
      expect(isRandomVmac(v)).toBe(true);
      values.add(v);
    }
    expect(values.size).toBeGreaterThan(40); // 50 draws from 2^22 practically never collide much
  });

  it("throws NO_RANDOM_SOURCE without Web Crypto or with a non-function source", () => {
    vi.stubGlobal("crypto", undefined);
    expect(codeOf(() => randomVmac())).toBe("NO_RANDOM_SOURCE");
    expect(codeOf(() => randomVmac(42 as unknown as RandomSource))).toBe("NO_RANDOM_SOURCE");
  });
});
