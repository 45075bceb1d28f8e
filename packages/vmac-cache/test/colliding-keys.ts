import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";

// Keys an attacker computes offline against the fixed, unseeded hashes the VMAC index used
// before issue 7 (copied here, the index no longer has them). Source VMACs and source
// addresses are chosen by whoever sends, so these are what a flood would carry. Shared by
// the hash-flooding tests and the bench.

const GOLDEN = 0x9e3779b1;

/** The old VMAC hash: a fixed Fibonacci multiply whose top bits picked the home slot. */
export function legacyVmacHash(vmac: Vmac): number {
  return Math.imul(vmac, GOLDEN) | 0;
}

const scratch = new Uint8Array(20);
const words = new Int32Array(scratch.buffer);

function mixWord(h: number, w: number): number {
  const x = Math.imul(h ^ w, GOLDEN);
  return x ^ (x >>> 15);
}

/** The old address hash: fixed word mixing of the 18 wire octets, then the murmur3 finaliser. */
export function legacyAddressHash(address: Bip6Address): number {
  address.writeTo(scratch, 0);
  scratch[18] = 0;
  scratch[19] = 0;
  let h = 0x2545f491;
  for (let i = 0; i < 5; i++) h = mixWord(h, words[i] as number);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) | 0;
  return h === -1 ? 0 : h;
}

/**
 * `count` distinct VMACs with the smallest old hashes. Their home slots are the first
 * `count / 2^(24 - log2 slots)` of a table of any size, so the old index held them all in one
 * run of occupied slots: every insert and every miss walked it.
 */
export function vmacsCollidingUnderLegacyHash(count: number): Vmac[] {
  // 2^24 VMACs over 2^32 hash values: about one VMAC per 256 values below the threshold.
  const threshold = (count + 64) * 256 * 1.25;
  const found: { vmac: Vmac; hash: number }[] = [];
  for (let v = 0; v <= 0xffffff; v++) {
    const hash = legacyVmacHash(v) >>> 0;
    if (hash < threshold) found.push({ vmac: v, hash });
  }
  if (found.length < count) throw new Error(`only ${found.length} colliding VMACs below the threshold`);
  found.sort((a, b) => a.hash - b.hash);
  return found.slice(0, count).map((f) => f.vmac);
}

/** The inverse of `x → mixWord(x, 0)`: the multiply by an odd constant and the xorshift are bijections. */
function unmix(y: number): number {
  const z = y ^ (y >>> 15) ^ (y >>> 30);
  let inverse = GOLDEN;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(GOLDEN, inverse));
  return Math.imul(z, inverse);
}

/**
 * `count` distinct addresses that all have one and the same old hash (a full 32-bit
 * collision, so the old index compared every one of them on every lookup). The old hash is
 * invertible word by word: for any first 12 octets, octets 12-15 can be solved so that the
 * state after them is a chosen constant; the port word and the finaliser then agree.
 */
export function addressesCollidingUnderLegacyHash(count: number, port = 47808): Bip6Address[] {
  const target = unmix(0x5eed1e55);
  const octets = new Uint8Array(20);
  const view = new Int32Array(octets.buffer);
  const out: Bip6Address[] = [];
  for (let i = 0; i < count; i++) {
    octets.fill(0);
    octets[0] = 0xfd;
    octets[8] = i >>> 24;
    octets[9] = (i >>> 16) & 0xff;
    octets[10] = (i >>> 8) & 0xff;
    octets[11] = i & 0xff;
    let h = 0x2545f491;
    for (let w = 0; w < 3; w++) h = mixWord(h, view[w] as number);
    view[3] = h ^ target;
    out.push(Bip6Address.fromIp(octets.subarray(0, 16), port));
  }
  return out;
}
