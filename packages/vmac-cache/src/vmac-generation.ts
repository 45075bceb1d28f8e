import { MAX_DEVICE_INSTANCE, RANDOM_VMAC_MIN, describeValue, isInstanceVmac, type Vmac } from "@bip6/bvll6-codec";
import { VmacCacheError } from "./errors.js";

/**
 * Fills `bytes` with random octets, like Web Crypto's `crypto.getRandomValues`. Inject a
 * deterministic one in tests.
 */
export type RandomSource = (bytes: Uint8Array) => void;

/**
 * The VMAC of a node with a device instance: the instance itself (top two bits `00`,
 * H.7.2). Throws {@link VmacCacheError} `INVALID_DEVICE_INSTANCE` for anything but an
 * integer 0–4194303.
 *
 * @example
 * ```ts
 * vmacFromDeviceInstance(1234); // 1234, on the wire 0004d2
 * ```
 * @see ASHRAE 135 Annex H.7.2
 */
export function vmacFromDeviceInstance(instance: number): Vmac {
  // The instance VMAC range is exactly the valid instance range, so the codec's check serves.
  if (!isInstanceVmac(instance)) {
    throw new VmacCacheError(
      "INVALID_DEVICE_INSTANCE",
      `device instance must be an integer 0-${MAX_DEVICE_INSTANCE}, got ${describeValue(instance)}`,
    );
  }
  return instance;
}

function defaultRandomSource(): RandomSource {
  // Typed locally rather than through DOM or Node typings, so the package stays
  // environment-neutral; Web Crypto exists in browsers and Node >= 19 as a global.
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (bytes: Uint8Array) => unknown } }).crypto;
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== "function") {
    throw new VmacCacheError(
      "NO_RANDOM_SOURCE",
      "globalThis.crypto.getRandomValues is not available; pass a random source",
    );
  }
  return (bytes) => {
    webCrypto.getRandomValues?.(bytes);
  };
}

/**
 * A random VMAC for a node without a device instance, uniform in 0x400000–0x7FFFFF
 * (top two bits `01`, H.7.2), from 22 random bits. The caller must still check that no
 * other node answers for it (Address-Resolution) before using it, and pick another one if
 * somebody does.
 *
 * @param random - fills a `Uint8Array` with random octets; `globalThis.crypto.getRandomValues` when omitted
 * @example
 * ```ts
 * randomVmac(); // e.g. 0x5a13c7
 * randomVmac((bytes) => bytes.fill(0xff)); // 0x7fffff: an injected source, for tests
 * ```
 * @see ASHRAE 135 Annex H.7.2 (the standard prints the range start as X'100000', a typo for X'400000')
 */
export function randomVmac(random?: RandomSource): Vmac {
  const source = random ?? defaultRandomSource();
  if (typeof source !== "function") {
    throw new VmacCacheError("NO_RANDOM_SOURCE", "random source must be a function filling a Uint8Array");
  }
  const bytes = new Uint8Array(3);
  source(bytes);
  // Masking keeps the result in range whatever the source wrote, so a biased or broken
  // source can make the VMAC predictable but never invalid.
  return RANDOM_VMAC_MIN | (((bytes[0] as number) & 0x3f) << 16) | ((bytes[1] as number) << 8) | (bytes[2] as number);
}
