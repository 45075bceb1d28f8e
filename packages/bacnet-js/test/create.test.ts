import { describe, expect, it } from "vitest";
import { MAX_PENDING_REGISTRATIONS, createBip6Transport } from "../src/index.ts";
import { RegistrationAnswers } from "../src/registration-answers.ts";
import { StubDatalink } from "./support/stub-datalink.ts";

describe("createBip6Transport options", () => {
  it.each([-1, 1.5, 4097, Number.NaN, "8"])("refuses maxPendingSends %j with INVALID_OPTION", (value) => {
    expect(() => createBip6Transport({ transport: new StubDatalink(), maxPendingSends: value as number })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("refuses a missing options object", () => {
    expect(() => createBip6Transport(undefined as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });

  it("opens nothing until open() (the client's constructor) is called", async () => {
    let opened = 0;
    const transport = createBip6Transport({
      transport: {
        then(resolve: (d: StubDatalink) => void) {
          opened++;
          resolve(new StubDatalink());
        },
      } as PromiseLike<StubDatalink>,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toBe(0);
    expect(transport.state).toBe("idle");
    transport.open();
    transport.open(); // idempotent
    expect(transport.state).toBe("opening");
    await transport.whenOpen();
    expect(opened).toBe(1);
    expect(transport.state).toBe("open");
  });
});

describe("RegistrationAnswers", () => {
  it(`lets at most ${MAX_PENDING_REGISTRATIONS} receivers wait; the same receiver again does not count`, () => {
    const answers = new RegistrationAnswers(() => undefined);
    for (let i = 0; i < MAX_PENDING_REGISTRATIONS; i++) answers.request(`bbmd${i}:47808`, "registering");
    answers.request("bbmd0:47808", "registering");
    expect(answers.pending).toBe(MAX_PENDING_REGISTRATIONS);
    expect(() => answers.request("one-more:47808", "registering")).toThrow(
      expect.objectContaining({ code: "QUEUE_FULL" }),
    );
  });

  it("answers every waiter once: success on confirmation, the Annex J NAK on refusal", () => {
    const answered: string[] = [];
    const answers = new RegistrationAnswers((frame, receiver) => answered.push(`${receiver} ${frame.toString("hex")}`));
    answers.request("a:47808", "registering");
    answers.request("b:47808", "lost");
    answers.update({ type: "state", from: "registering", to: "registering" });
    expect(answered).toEqual([]);
    answers.update({ type: "refused", resultCode: 0x0090 });
    expect(answered).toEqual(["a:47808 810000060030", "b:47808 810000060030"]);
    answers.request("a:47808", "refused"); // already refused: answered at once (in a microtask)
    answers.update({ type: "confirmed" });
    expect(answers.pending).toBe(0);
  });
});
