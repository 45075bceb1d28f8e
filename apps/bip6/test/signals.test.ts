import { describe, expect, it } from "vitest";
import { signalListener } from "../src/signals.ts";

describe("signals", () => {
  it("the first SIGINT/SIGTERM aborts with the signal as reason; a second one exits at once (130, 143)", () => {
    for (const [first, second, code] of [
      ["SIGINT", "SIGINT", 130],
      ["SIGTERM", "SIGINT", 130],
      ["SIGINT", "SIGTERM", 143],
    ] as const) {
      const stop = new AbortController();
      const exits: number[] = [];
      const listener = signalListener(stop, (c) => exits.push(c));
      listener(first);
      expect(stop.signal.aborted).toBe(true);
      expect(stop.signal.reason).toBe(first);
      expect(exits).toEqual([]);
      listener(second);
      expect(exits).toEqual([code]);
      expect(stop.signal.reason).toBe(first);
    }
  });
});
