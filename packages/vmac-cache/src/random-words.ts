import { VmacCacheError } from "./errors.js";

/** Fills `words` with random 32-bit words: where a hash index draws its secret. @internal */
export type RandomWords = (words: Int32Array) => void;

/** Web Crypto's `getRandomValues`, the default secret of every table. Throws `NO_RANDOM_SOURCE` without it. @internal */
export function webCryptoWords(): RandomWords {
  // Typed locally rather than through DOM or Node typings, so the package stays
  // environment-neutral; Web Crypto exists in browsers and Node >= 19 as a global.
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (words: Int32Array) => unknown } }).crypto;
  const fill = webCrypto?.getRandomValues;
  if (typeof fill !== "function") {
    throw new VmacCacheError(
      "NO_RANDOM_SOURCE",
      "globalThis.crypto.getRandomValues is not available to seed the VMAC table's index; pass hashSeed",
    );
  }
  return (words) => {
    fill.call(webCrypto, words);
  };
}

/**
 * A deterministic stream of words from a 32-bit seed (SplitMix32), for reproducible tests
 * and benches: every table built with the same seed draws the same secrets in the same
 * order. Anyone who knows the seed can compute colliding keys (the run bound still holds).
 * @internal
 */
export function seededWords(seed: number): RandomWords {
  let state = seed | 0;
  return (words) => {
    for (let i = 0; i < words.length; i++) {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      words[i] = z ^ (z >>> 15);
    }
  };
}
