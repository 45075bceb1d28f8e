import { Bip6Address } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import { Bip6BacnetError, parseReceiver, receiverOf } from "../src/index.ts";

describe("receiver strings", () => {
  it("names a VMAC by six lower-case hex digits, with no colon the client could split on", () => {
    expect(receiverOf(1234)).toBe("0004d2");
    expect(receiverOf(0)).toBe("000000");
    expect(receiverOf(0x3fffff)).toBe("3fffff");
    expect(receiverOf(0xffffff)).toBe("ffffff");
    expect(receiverOf(0x4a3b2c)).not.toContain(":");
  });

  it("parses six hex digits (either case) back to the VMAC", () => {
    expect(parseReceiver("0004d2")).toEqual({ kind: "vmac", vmac: 1234 });
    expect(parseReceiver("4A3B2C")).toEqual({ kind: "vmac", vmac: 0x4a3b2c });
    expect(parseReceiver(" 00162e ")).toEqual({ kind: "vmac", vmac: 0x00162e });
  });

  it("parses a bracketed B/IPv6 address, port 47808 when none is given", () => {
    const parsed = parseReceiver("[2001:db8::5]:47809");
    expect(parsed.kind).toBe("address");
    expect((parsed as { address: Bip6Address }).address.equals(Bip6Address.parse("[2001:db8::5]:47809"))).toBe(true);
    expect((parseReceiver("[2001:db8::5]") as { address: Bip6Address }).address.port).toBe(47808);
  });

  it.each([
    "192.168.1.10",
    "192.168.1.10:47808",
    "2001:db8::5",
    "4d2",
    "0x0004d2",
    "00:04:d2",
    "",
    "[2001:db8::5]:x",
    "[zz::1]",
  ])("refuses %j with BAD_RECEIVER", (text) => {
    let error: unknown;
    try {
      parseReceiver(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Bip6BacnetError);
    expect(error).toMatchObject({ code: "BAD_RECEIVER", receiver: text });
  });
});
