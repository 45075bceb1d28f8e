import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIpv6Groups } from "@bip6/bvll6-codec";
import { conversationText } from "../src/output/conversation-text.js";

const decode = (b: Uint8Array): string => new TextDecoder().decode(b);
/** The codec's RFC 5952 text, without the sniffer's caches. */
const formatIpv6 = (b: Uint8Array): string =>
  formatIpv6Groups(Array.from({ length: 8 }, (_, i) => ((b[2 * i] as number) << 8) | (b[2 * i + 1] as number)));

describe("conversationText", () => {
  it("gives ` [src]:port → [dst]:port ` of any addresses, also after many conversations evicted each other", () => {
    // More conversations than the cache has slots, each asked twice far apart.
    const cases = fc.sample(
      fc.record({
        d: fc.uint8Array({ minLength: 40, maxLength: 40 }),
        at: fc.integer({ min: 0, max: 8 }),
        sp: fc.integer({ min: 0, max: 0xffff }),
        dp: fc.integer({ min: 0, max: 0xffff }),
      }),
      { numRuns: 6000, seed: 9 },
    );
    for (const pass of [0, 1]) {
      for (const { d, at, sp, dp } of cases) {
        const src = formatIpv6(d.subarray(at, at + 16));
        const dst = formatIpv6(d.subarray(at + 16, at + 32));
        expect(decode(conversationText(d, at, sp, dp)), `pass ${pass}`).toBe(` [${src}]:${sp} \u2192 [${dst}]:${dp} `);
      }
    }
  });

  it("tells apart conversations that differ only in a port or in one octet of an address", () => {
    const d = new Uint8Array(32).fill(0x11);
    const a = decode(conversationText(d, 0, 47808, 47808));
    expect(decode(conversationText(d, 0, 47808, 47809))).not.toBe(a);
    const e = d.slice();
    e[3] = 0x12;
    expect(decode(conversationText(e, 0, 47808, 47808))).not.toBe(a);
    expect(decode(conversationText(d, 0, 47808, 47808))).toBe(a);
  });
});
