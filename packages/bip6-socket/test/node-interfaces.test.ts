import { describe, expect, it } from "vitest";
import { type InterfaceTable, selectInterface } from "../src/index.js";
import { thrown } from "./helpers.js";

const table: InterfaceTable = {
  lo: [
    { address: "127.0.0.1", family: "IPv4", internal: true },
    { address: "::1", family: "IPv6", internal: true, scopeid: 0 },
  ],
  eth0: [
    { address: "192.0.2.7", family: "IPv4", internal: false },
    { address: "fe80::a:b", family: "IPv6", internal: false, scopeid: 3 },
    { address: "fd00:1::7", family: "IPv6", internal: false, scopeid: 0 },
    { address: "2001:db8::7", family: "IPv6", internal: false, scopeid: 0 },
  ],
  eth1: [{ address: "fe80::1:2", family: 6, internal: false, scopeid: 4 }],
  v4only: [{ address: "198.51.100.1", family: "IPv4", internal: false }],
};

describe("selectInterface", () => {
  it("prefers the first routable address, so multicasts leave with a routable source", () => {
    const s = selectInterface(table, "eth0");
    expect(s.unicast.host).toBe("fd00:1::7");
    expect(s.addresses.map((a) => a.host)).toEqual(["fd00:1::7", "fe80::a:b%eth0", "2001:db8::7"]);
    expect(s.index).toBe(3);
    expect(s.loopback).toBe(false);
  });

  it("falls back to the link-local address, zoned with the interface (numeric family of Node 18.0-18.3 too)", () => {
    const s = selectInterface(table, "eth1");
    expect(s.unicast.host).toBe("fe80::1:2%eth1");
    expect(s.index).toBe(4);
  });

  it("binds the address asked for, in any text form, and refuses one the interface lacks", () => {
    expect(selectInterface(table, "eth0", "2001:DB8:0::7").unicast.host).toBe("2001:db8::7");
    expect(selectInterface(table, "eth0", "fe80::a:b%eth0").unicast.host).toBe("fe80::a:b%eth0");
    const e = thrown(() => selectInterface(table, "eth0", "fd00:1::8"));
    expect(e.code).toBe("ADDRESS_NOT_AVAILABLE");
    expect(e.message).toContain("fd00:1::7");
    expect(thrown(() => selectInterface(table, "eth0", "not-an-ip")).code).toBe("INVALID_OPTION");
  });

  it("marks loopback", () => {
    const s = selectInterface(table, "lo");
    expect(s.loopback).toBe(true);
    expect(s.unicast.host).toBe("::1");
    expect(s.index).toBeUndefined();
  });

  it("names an unknown interface as such, listing the known ones, never falling back", () => {
    const e = thrown(() => selectInterface(table, "eth9"));
    expect(e.code).toBe("UNKNOWN_INTERFACE");
    expect(e.message).toBe("no network interface named eth9 (known: eth0, eth1, lo, v4only)");
    expect(thrown(() => selectInterface(table, "toString")).code).toBe("UNKNOWN_INTERFACE");
    expect(thrown(() => selectInterface(table, "")).code).toBe("INVALID_OPTION");
  });

  it("reports NO_IPV6 for an IPv4-only interface and for one that exists without any address", () => {
    expect(thrown(() => selectInterface(table, "v4only")).code).toBe("NO_IPV6");
    expect(thrown(() => selectInterface(table, "bare0", undefined, (n) => n === "bare0")).code).toBe("NO_IPV6");
  });
});
