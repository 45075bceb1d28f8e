import { describe, expect, it } from "vitest";
import { compileFilter, DisplayFilterError, parseFilter } from "../src/index.js";
import { SYNTHETIC_FILTER_CASES } from "./filter-cases.js";
import { runSynthetic } from "./helpers.js";

async function shown(filter: string): Promise<number[]> {
  const r = await runSynthetic(["-Y", filter]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.lines.map((l) => Number(l.slice(0, 4)));
}

function failure(filter: string): { code: string; column: number; width: number; message: string } {
  try {
    compileFilter(filter);
  } catch (e) {
    if (e instanceof DisplayFilterError) return { code: e.code, column: e.column, width: e.width, message: e.message };
    throw e;
  }
  throw new Error(`compiled: ${filter}`);
}

describe("display filters", () => {
  it.each(SYNTHETIC_FILTER_CASES)("%s selects what tshark selects", async (filter, frames) => {
    expect(await shown(filter)).toEqual(frames);
  });

  it("takes sets without commas, xor, `not in`, and strings by their text", async () => {
    expect(await shown("bvlc.virtual_source in {100 999}")).toEqual([8, 9, 10, 11, 13]);
    expect(await shown("bvlc.virtual_source not in {100, 999}")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await shown("ipv6.src == fd00::2 ^^ udp.dstport == 47809")).toEqual([1, 3, 5, 6, 9]);
    expect(await shown("ipv6.src == fd00::2 xor ipv6.dst == fd00::2")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await shown('frame.protocols == "ipv6:udp:bvlc" && frame.number < 3')).toEqual([1, 2]);
    expect(await shown("ipv6.src == 0:0:0:0:0:0:0:0 or ipv6.src == FD00:0::3")).toEqual([2, 4]);
    expect(await shown("bvlc.virtual_source == 0x0004d2 and bvlc.virtual_dest")).toEqual([3, 5, 7]);
    // "and" binds tighter than "or", as in Wireshark 4.
    expect(await shown("frame.number == 1 or frame.number == 2 and udp.srcport == 0")).toEqual([1]);
    expect(await shown("bip6.error")).toEqual([]);
    expect(await shown("bip6.finding")).toEqual([]);
    expect(await shown("eth or sll")).toEqual([]);
  });

  it("parses precedence and the operator names into one tree", () => {
    expect(parseFilter("!a.b && c.d || e.f")).toMatchObject({
      type: "or",
      left: {
        type: "and",
        left: { type: "not", operand: { type: "exists", field: { name: "a.b" } } },
        right: { type: "exists" },
      },
      right: { type: "exists", field: { name: "e.f" } },
    });
    for (const [op, relation] of [
      ["eq", "any_eq"],
      ["!=", "all_ne"],
      ["===", "all_eq"],
      ["any_ne", "any_ne"],
      ["ge", "ge"],
      ["<", "lt"],
    ] as const) {
      expect(parseFilter(`x.y ${op} 1`), op).toMatchObject({ type: "compare", relation });
    }
  });

  it.each([
    ["bvlc.type == 1 )", "SYNTAX", 16, 1, 'unexpected ")" at column 16'],
    ["(bvlc.type == 1", "SYNTAX", 16, 1, 'expected ")" to close the "(" at column 1, found end of filter at column 16'],
    ["", "SYNTAX", 1, 1, "empty filter at column 1"],
    ["bvlc.type ==", "SYNTAX", 13, 1, "expected a value, found end of filter at column 13"],
    ["== 3", "SYNTAX", 1, 2, 'expected a field name, found "==" at column 1'],
    ["bvlc.type = 3", "SYNTAX", 11, 1, 'unexpected "=" at column 11'],
    ['ipv6.src == "fd00', "SYNTAX", 13, 5, "unterminated string at column 13"],
    ["bvlc.type in 3", "SYNTAX", 14, 1, 'expected "{" to start a set, found "3" at column 14'],
    ["bvlc.type in {1, 2", "SYNTAX", 19, 1, 'expected "}" to close the set at column 14 at column 19'],
    ["bvlc.type in {}", "SYNTAX", 15, 1, "empty set at column 15"],
    [
      "bvlc.type matches 3",
      "SYNTAX",
      19,
      1,
      '"matches" wants a double-quoted regular expression, found "3" at column 19',
    ],
    ['frame.protocols matches "("', "BAD_VALUE", 25, 3, "bad regular expression"],
    [
      "bvlc.bogus == 3",
      "UNKNOWN_FIELD",
      1,
      10,
      '"bvlc.bogus" is neither a field nor a protocol bip6-sniff knows at column 1',
    ],
    ["bvlc.type & x", "BAD_VALUE", 13, 1, 'bit mask "x" is not an integer at column 13'],
    ["all bvlc.type", "SYNTAX", 14, 1, 'expected a comparison after "all", found end of filter at column 14'],
    ["bvlc.type == 1 && && 2", "SYNTAX", 19, 2, 'expected a field name, found "&&" at column 19'],
    ["bvlc.type $ 1", "SYNTAX", 11, 1, 'unexpected "$" at column 11'],
  ])("rejects %j: %s at column %i", (filter, code, column, width, message) => {
    const f = failure(filter);
    expect([f.code, f.column, f.width]).toEqual([code, column, width]);
    expect(f.message.startsWith(message)).toBe(true);
  });
});
