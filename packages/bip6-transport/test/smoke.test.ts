import { describe, expect, it } from "vitest";
import { lab, record, settle } from "./helpers.js";

describe("smoke", () => {
  it("two nodes exchange a unicast after resolution", async () => {
    const { clock, host, open } = lab();
    const a = await open(host("a"), { vmac: { deviceInstance: 1 } });
    const b = await open(host("b"), { vmac: { deviceInstance: 2 } });
    const got = record(b, "npdu");
    const p = a.sendUnicast(Uint8Array.of(1, 2, 3), 2);
    clock.advance(0);
    await p;
    expect(got.length).toBe(1);
    expect(a.stats().transport.sent).toMatchObject({ AddressResolution: 1, OriginalUnicastNpdu: 1 });
    await a.close();
    await b.close();
    await settle();
  });
});
