/**
 * Robustness: whatever the octets, both decode paths return (never throw), stay within their
 * caps, report every problem with an offset inside the NPDU, put every field inside the NPDU,
 * and agree with each other (the summary path writes exactly the tree path's summary and
 * counts the same problems). Inputs: arbitrary bytes, arbitrary tag soups after a valid
 * header, every truncation and single-octet corruption of the test frames, and deep nesting.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BACNET_LIMITS,
  type BacnetDecode,
  type DecodedField,
  NpduFacts,
  decodeNpdu,
  scanNpdu,
  summarizeNpdu,
  visitNpdu,
} from "../../src/bacnet/index.js";
import { FRAMES, octets } from "./frames.js";
import { flatten } from "./helpers.js";

const facts = new NpduFacts();

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/**
 * Every property the module promises for one input, checked on both paths. (Checked by hand
 * and asserted once, so that thousands of inputs stay fast; the message names the input.)
 */
function checkBoth(bytes: Uint8Array, start = 0, end = bytes.length): BacnetDecode {
  const d = decodeNpdu(bytes, start, end);
  const wrong: string[] = [];
  for (const p of d.problems) {
    if (p.offset < start || p.offset > end) wrong.push(`problem offset ${p.offset} outside [${start}, ${end}]`);
    if (p.message.length === 0) wrong.push(`problem ${p.code} without a message`);
    if (p.code === "INTERNAL_ERROR") wrong.push(p.message);
  }
  const fields = flatten(d.fields);
  if (fields.length > BACNET_LIMITS.maxFields * 2) wrong.push(`${fields.length} fields`);
  for (const f of fields) {
    if (f.offset < start || f.offset + f.length > end)
      wrong.push(`${f.name} at ${f.offset}+${f.length} outside [${start}, ${end}]`);
  }
  if (new TextEncoder().encode(d.summary).length > BACNET_LIMITS.maxSummaryOctets) wrong.push("summary too long");
  const fast = summarizeNpdu(bytes, start, end);
  if (fast !== d.summary) wrong.push(`summary path "${fast}" but tree path "${d.summary}"`);
  // The visit path meets the same fields (name, value, offset) at the same depths.
  const visited: string[] = [];
  const summaryOut = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);
  const n = visitNpdu(
    bytes,
    start,
    end,
    (name, value, offset, _length, depth) => visited.push(`${depth} ${name}=${String(value)}@${offset}`),
    undefined,
    summaryOut,
    0,
  );
  const expected: string[] = [];
  const walkTree = (list: readonly DecodedField[], depth: number): void => {
    for (const f of list) {
      expected.push(`${depth} ${f.name}=${String(f.value)}@${f.offset}`);
      if (f.children !== undefined) walkTree(f.children, depth + 1);
    }
  };
  walkTree(d.fields, 0);
  if (visited.join("\n") !== expected.join("\n"))
    wrong.push(`visit differs from the tree:\n${visited.join("\n")}\n---\n${expected.join("\n")}`);
  const visitedSummary = new TextDecoder().decode(summaryOut.subarray(0, n));
  if (visitedSummary !== d.summary) wrong.push(`visit path summary "${visitedSummary}"`);
  const counted = scanNpdu(bytes, start, end, facts).problems;
  if (counted !== d.problems.length)
    wrong.push(`summary path counts ${counted} problems, tree path ${d.problems.length}`);
  // The decode is plain data: serialisable, with the lazily built parts included.
  JSON.stringify(d, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (wrong.length > 0) expect(wrong, `input ${hex(bytes)} [${start}, ${end})`).toEqual([]);
  return d;
}

describe("arbitrary input", () => {
  it("any bytes: no throw, bounded, consistent", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkBoth(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it("a valid NPDU header and APDU type followed by a soup of tags", () => {
    const tag = fc.oneof(
      fc.constantFrom(0x0e, 0x0f, 0x1e, 0x1f, 0x3e, 0x3f, 0x4e, 0x4f, 0xfe, 0xff, 0x75, 0x85, 0x10, 0x11, 0x00),
      fc.integer({ min: 0, max: 255 }),
    );
    const apdu = fc.tuple(
      fc.constantFrom(
        [0x10, 0x00],
        [0x10, 0x08],
        [0x10, 0x02],
        [0x00, 0x05, 0x01, 0x0c],
        [0x00, 0x05, 0x01, 0x0e],
        [0x30, 0x01, 0x0c],
        [0x30, 0x01, 0x0e],
        [0x50, 0x01, 0x0c],
        [0x00, 0x05, 0x01, 0x12],
      ),
      fc.array(tag, { maxLength: 120 }),
    );
    fc.assert(
      fc.property(apdu, ([header, body]) => {
        checkBoth(Uint8Array.from([0x01, 0x00, ...header, ...body]));
      }),
      { numRuns: 3000 },
    );
  });

  it("bounds inside a larger array: nothing outside them is read", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.nat(40), fc.nat(40), (bytes, a, b) => {
        const start = Math.min(a, bytes.length);
        const end = Math.min(bytes.length, start + b);
        const inside = checkBoth(bytes, start, end);
        // Same result as the same octets copied into an array of their own, offsets shifted.
        const alone = decodeNpdu(bytes.slice(start, end));
        expect(inside.summary).toBe(alone.summary);
        expect(inside.problems.map((p) => p.offset - start)).toEqual(alone.problems.map((p) => p.offset));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("damaged test frames", () => {
  it("every truncation of every frame", () => {
    for (const f of FRAMES) {
      const bytes = octets(f);
      for (let n = 0; n <= bytes.length; n++) checkBoth(bytes.subarray(0, n));
    }
  });

  it("every single-octet corruption of every frame", () => {
    for (const f of FRAMES) {
      const bytes = octets(f);
      for (let i = 0; i < bytes.length; i++) {
        for (const v of [0x00, 0xff, bytes[i]! ^ 0x08, bytes[i]! ^ 0x07, bytes[i]! + 1]) {
          const copy = bytes.slice();
          copy[i] = v & 0xff;
          checkBoth(copy);
        }
      }
    }
  });
});

describe("caps", () => {
  it("nesting deeper than maxDepth is a TOO_DEEP problem, not a deep recursion", () => {
    const depth = 5000;
    const body = [...Array(depth).fill(0x0e), ...Array(depth).fill(0x0f)];
    const d = checkBoth(
      Uint8Array.from([0x01, 0x00, 0x30, 0x01, 0x0c, 0x0c, 0, 0, 0, 3, 0x19, 0x55, 0x3e, ...body, 0x3f]),
    );
    expect(d.problems.map((p) => p.code)).toContain("TOO_DEEP");
  });

  it("more tags than maxTags is a TOO_MANY problem", () => {
    const nulls = Array(BACNET_LIMITS.maxTags + 10).fill(0x00);
    const d = checkBoth(
      Uint8Array.from([0x01, 0x00, 0x30, 0x01, 0x0c, 0x0c, 0, 0, 0, 3, 0x19, 0x55, 0x3e, ...nulls, 0x3f]),
    );
    expect(d.problems.map((p) => p.code)).toContain("TOO_MANY");
  });

  it("an extended length that claims more than the data is TRUNCATED at the tag", () => {
    const d = checkBoth(Uint8Array.from([0x01, 0x00, 0x10, 0x07, 0x3d, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x00]));
    expect(d.problems[0]).toMatchObject({ code: "TRUNCATED", offset: 4 });
  });
});
