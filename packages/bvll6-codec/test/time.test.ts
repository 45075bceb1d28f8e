import { describe, expect, it } from "vitest";
import { FDT_GRACE_SECONDS, MAX_TIME_MS, MAX_TIME_TO_LIVE, timeProblem } from "../src/index.js";

describe("timeProblem / MAX_TIME_MS: the clock check every state machine shares", () => {
  it("accepts every time up to the bound, either sign", () => {
    for (const t of [0, 1, -1, 1.5, 1e15, MAX_TIME_MS, -MAX_TIME_MS]) expect(timeProblem(t)).toBeUndefined();
  });

  it("keeps the longest lifetime an exact integer at the bound", () => {
    const longest = (MAX_TIME_TO_LIVE + FDT_GRACE_SECONDS) * 1000;
    expect(MAX_TIME_MS + longest).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(MAX_TIME_MS + longest)).toBe(true);
  });

  it("names what is wrong with anything else, without calling toString", () => {
    expect(timeProblem(Number.NaN)).toBe("now must be a finite number of ms, got NaN");
    expect(timeProblem(Number.POSITIVE_INFINITY)).toBe("now must be a finite number of ms, got Infinity");
    expect(timeProblem("5")).toBe('now must be a finite number of ms, got "5"');
    expect(timeProblem(Object.create(null))).toBe("now must be a finite number of ms, got an object");
    expect(timeProblem(Symbol("t"))).toBe("now must be a finite number of ms, got a symbol");
    expect(timeProblem(MAX_TIME_MS + 1)).toMatch(
      /^now must be within ±\d+ ms \(MAX_TIME_MS\), got \d+: timers would lose precision$/,
    );
    expect(timeProblem(5.9e20)).toMatch(/MAX_TIME_MS/);
  });
});
