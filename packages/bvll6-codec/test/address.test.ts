/**
 * Bip6Address: parsing of every IPv6 text form, rejection codes, RFC 5952 output, identity
 * by the 18 wire octets, octet I/O and the address-class predicates.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bacnetMulticastGroup,
  BIP6_ADDRESS_LENGTH,
  Bip6Address,
  Bip6AddressError,
  type Bip6AddressErrorCode,
  Bvll6Error,
  bytesToHex,
  DEFAULT_BACNET_PORT,
  formatIpv6Groups,
  hexToBytes,
  isMulticastScope,
  MAX_MULTICAST_SCOPE,
  MIN_MULTICAST_SCOPE,
  MulticastScope,
  parseIpv6Groups,
} from "../src/index.js";
import type * as AddressModule from "../src/address.js";

/** The same module under another URL: a second instance, as an ESM and a CJS copy in one process. */
const SECOND_COPY = "../src/address.ts?second-copy";

/** The 16 IPv6 octets + port of `a`, as hex. */
const hexOf = (a: Bip6Address): string => bytesToHex(a.octets());

describe("Bip6Address.parse accepts every valid text form", () => {
  it.each([
    // [input, expected 18 wire octets as hex, expected zone]
    ["2001:db8::1", "20010db8000000000000000000000001bac0", undefined],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "20010db8000000000000000000000001bac0", undefined],
    ["2001:db8:0:0:0:0:0:1", "20010db8000000000000000000000001bac0", undefined],
    ["2001:DB8::ABCD", "20010db800000000000000000000abcdbac0", undefined],
    ["::", "00000000000000000000000000000000bac0", undefined],
    ["::1", "00000000000000000000000000000001bac0", undefined],
    ["1::", "00010000000000000000000000000000bac0", undefined],
    ["1:2:3:4:5:6:7::", "00010002000300040005000600070000bac0", undefined],
    ["::2:3:4:5:6:7:8", "00000002000300040005000600070008bac0", undefined],
    ["fd00:1::f", "fd00000100000000000000000000000fbac0", undefined],
    ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201bac0", undefined],
    ["::FFFF:192.0.2.1", "00000000000000000000ffffc0000201bac0", undefined],
    ["64:ff9b::192.0.2.33", "0064ff9b0000000000000000c0000221bac0", undefined],
    ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304bac0", undefined],
    ["::1.2.3.4", "00000000000000000000000001020304bac0", undefined],
    ["fe80::1%eth0", "fe800000000000000000000000000001bac0", "eth0"],
    ["fe80::1%3", "fe800000000000000000000000000001bac0", "3"],
    ["[2001:db8::1]:47809", "20010db8000000000000000000000001bac1", undefined],
    ["[::1]:0", "000000000000000000000000000000010000", undefined],
    ["[::1]:65535", "00000000000000000000000000000001ffff", undefined],
    ["[fe80::1%eth0]:47809", "fe800000000000000000000000000001bac1", "eth0"],
    ["[FE80::ABCD%en0]", "fe80000000000000000000000000abcdbac0", "en0"],
    ["[::ffff:10.0.0.1]:1", "00000000000000000000ffff0a0000010001", undefined],
    ["  [::1]:47808  ", "00000000000000000000000000000001bac0", undefined],
  ] as const)("%s", (text, wire, zone) => {
    const a = Bip6Address.parse(text);
    expect(hexOf(a)).toBe(wire);
    expect(a.key).toBe(wire);
    expect(a.zone).toBe(zone);
    expect(Bip6Address.isValid(text)).toBe(true);
  });

  it("uses the default port 47808, or the one given, when the text has none", () => {
    expect(DEFAULT_BACNET_PORT).toBe(47808);
    expect(Bip6Address.parse("::1").port).toBe(47808);
    expect(Bip6Address.parse("[::1]").port).toBe(47808);
    expect(Bip6Address.parse("::1", 1234).port).toBe(1234);
    expect(Bip6Address.parse("[::1]:5", 1234).port).toBe(5);
  });
});

describe("Bip6Address.parse rejects invalid text with a code", () => {
  it.each([
    [":::", "INVALID_IPV6"],
    ["1::2::3", "INVALID_IPV6"],
    ["1:2:3:4:5:6:7:8:9", "INVALID_IPV6"],
    ["1:2:3:4:5:6:7", "INVALID_IPV6"],
    ["1::2:3:4:5:6:7:8", "INVALID_IPV6"],
    ["12345::", "INVALID_IPV6"],
    ["g::1", "INVALID_IPV6"],
    [":1::", "INVALID_IPV6"],
    ["1:", "INVALID_IPV6"],
    ["::1:", "INVALID_IPV6"],
    ["1.2.3.4", "INVALID_IPV6"],
    ["::ffff:1.2.3.256", "INVALID_IPV6"],
    ["::ffff:1.2.3", "INVALID_IPV6"],
    ["::ffff:01.2.3.4", "INVALID_IPV6"],
    ["1.2.3.4::", "INVALID_IPV6"],
    ["1.2.3.4::1", "INVALID_IPV6"],
    ["1:2:3:4:5:6:7:1.2.3.4", "INVALID_IPV6"],
    ["", "INVALID_IPV6"],
    ["   ", "INVALID_IPV6"],
    ["[::1", "INVALID_IPV6"],
    ["[]:47808", "INVALID_IPV6"],
    ["[ ::1 ]", "INVALID_IPV6"],
    ["::1:47808", "INVALID_IPV6"],
    ["[::1]:65536", "INVALID_PORT"],
    ["[::1]:", "INVALID_PORT"],
    ["[::1]:-1", "INVALID_PORT"],
    ["[::1]:123456", "INVALID_PORT"],
    ["[::1]47808", "INVALID_PORT"],
    ["[::1]:0x10", "INVALID_PORT"],
    ["::1%", "INVALID_ZONE"],
    ["[::1%]:47808", "INVALID_ZONE"],
    ["fe80::1%eth 0", "INVALID_ZONE"],
    ["fe80::1%a%b", "INVALID_ZONE"],
  ] as const)("%j -> %s", (text, code: Bip6AddressErrorCode) => {
    let thrown: unknown;
    try {
      Bip6Address.parse(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Bip6AddressError);
    expect(thrown).toBeInstanceOf(Bvll6Error);
    expect(thrown).toMatchObject({ code, input: text, name: "Bip6AddressError" });
    expect(Bip6Address.isValid(text)).toBe(false);
  });

  it("rejects an invalid default port", () => {
    expect(() => Bip6Address.parse("::1", 65536)).toThrow(expect.objectContaining({ code: "INVALID_PORT" }));
    expect(() => Bip6Address.parse("::1", 1.5)).toThrow(expect.objectContaining({ code: "INVALID_PORT" }));
  });
});

describe("RFC 5952 text", () => {
  it.each([
    // §4.1 leading zeros suppressed
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:00aa:0bb0:0000:0000:0000:000c", "2001:db8:aa:bb0::c"],
    // §4.2.1 '::' used to its maximum
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["2001:db8::0:1", "2001:db8::1"],
    // §4.2.2 a single 16-bit zero is not shortened
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:0:1:1:1:1:1:0", "2001:0:1:1:1:1:1:0"],
    // §4.2.3 the longest run is shortened; on a tie the first one
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["0:0:1:0:0:1:0:0", "::1:0:0:1:0:0"],
    // §4.3 lower case
    ["2001:DB8::ABCD:EF", "2001:db8::abcd:ef"],
    // edges
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:0:0:0:0:0:0:1", "1::1"],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    ["fe80:0:0:0:0:0:0:1", "fe80::1"],
    ["ff02:0:0:0:0:0:0:bac0", "ff02::bac0"],
    // §5 IPv4-mapped addresses keep the dotted tail
    ["::ffff:c000:0280", "::ffff:192.0.2.128"],
    ["0:0:0:0:0:ffff:0:0", "::ffff:0.0.0.0"],
    ["::ffff:255.255.255.255", "::ffff:255.255.255.255"],
    // IPv4-compatible (deprecated) and NAT64 addresses are plain hex
    ["::1.2.3.4", "::102:304"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ])("%s -> %s", (input, expected) => {
    const a = Bip6Address.parse(input);
    expect(a.ip).toBe(expected);
    expect(formatIpv6Groups(parseIpv6Groups(input))).toBe(expected);
  });

  it("toString/toJSON/host write [ip%zone]:port", () => {
    const a = Bip6Address.parse("[FE80:0::1%eth0]:47809");
    expect(a.toString()).toBe("[fe80::1%eth0]:47809");
    expect(JSON.stringify({ a })).toBe('{"a":"[fe80::1%eth0]:47809"}');
    expect(a.host).toBe("fe80::1%eth0");
    expect(a.ip).toBe("fe80::1");
    expect(Bip6Address.parse("2001:db8::1").toString()).toBe("[2001:db8::1]:47808");
  });

  it("parse(format(a)) is a (for every IPv6 text fast-check generates)", () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 0xffff }), (text, port) => {
        const a = Bip6Address.parse(text, port);
        const again = Bip6Address.parse(a.toString());
        expect(again.equals(a)).toBe(true);
        expect(again.toString()).toBe(a.toString());
      }),
      { numRuns: 1000 },
    );
  });

  it("groups -> text -> groups is the identity, and the text is canonical", () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const text = formatIpv6Groups(groups);
        expect([...parseIpv6Groups(text)]).toEqual(groups);
        expect(text).toBe(text.toLowerCase());
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/); // no leading zeros
        const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
        if (!mapped) expect(`[${text}]`).toBe(new URL(`http://[${text}]/`).hostname);
      }),
      { numRuns: 1000 },
    );
  });

  // WHATWG URL serialises IPv6 hosts with the same RFC 5952 rules (except the IPv4-mapped
  // dotted form), and exists in Node and browsers: an independent oracle.
  it("matches the WHATWG URL serialiser for non-IPv4-mapped addresses", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const a = Bip6Address.parse(text);
        if (a.isIpv4Mapped) return;
        expect(`[${a.ip}]`).toBe(new URL(`http://[${text}]/`).hostname);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("identity by the 18 wire octets", () => {
  it("::1 and 0:0:0:0:0:0:0:1 are the same address", () => {
    const a = Bip6Address.parse("[::1]:47808");
    const b = Bip6Address.parse("0:0:0:0:0:0:0:1");
    expect(a.equals(b)).toBe(true);
    expect(a.key).toBe(b.key);
    expect(a.key).toBe("00000000000000000000000000000001bac0");
    expect(a.key).toHaveLength(2 * BIP6_ADDRESS_LENGTH);
  });

  it("the zone is ignored by equals and key", () => {
    const a = Bip6Address.parse("[fe80::1%eth0]:47808");
    const b = Bip6Address.parse("[fe80::1%eth1]:47808");
    const c = Bip6Address.parse("[fe80::1]:47808");
    expect(a.equals(b) && a.equals(c)).toBe(true);
    expect(new Set([a.key, b.key, c.key]).size).toBe(1);
  });

  it("a different port or any different octet is a different address", () => {
    const a = Bip6Address.parse("[2001:db8::1]:47808");
    expect(a.equals(Bip6Address.parse("[2001:db8::1]:47809"))).toBe(false);
    expect(a.sameHost(Bip6Address.parse("[2001:db8::1]:47809"))).toBe(true);
    // One octet differs in each of the four 32-bit words.
    for (const other of ["2001:db9::1", "2001:db8:0:1::1", "2001:db8::1:0:0:1", "2001:db8::2"]) {
      const b = Bip6Address.parse(other);
      expect(a.equals(b)).toBe(false);
      expect(a.sameHost(b)).toBe(false);
      expect(a.key).not.toBe(b.key);
    }
  });

  it("equals agrees with key on random addresses", () => {
    const octets = fc.uint8Array({ minLength: 18, maxLength: 18 });
    fc.assert(
      fc.property(octets, octets, (x, y) => {
        const a = Bip6Address.fromOctets(x);
        const b = Bip6Address.fromOctets(y);
        expect(a.equals(b)).toBe(a.key === b.key);
        expect(a.equals(Bip6Address.fromOctets(x))).toBe(true);
        expect(a.key).toBe(bytesToHex(x));
      }),
    );
  });
});

describe("another copy of the package", () => {
  it("equals and sameHost compare an address of another copy by its wire octets", async () => {
    const copy = (await import(/* @vite-ignore */ SECOND_COPY)) as typeof AddressModule;
    expect(copy.Bip6Address).not.toBe(Bip6Address);
    const here = Bip6Address.parse("[fd00::1]:47808");
    const there = copy.Bip6Address.parse("[fd00::1]:47808") as unknown as Bip6Address;
    expect(there instanceof Bip6Address).toBe(false);
    expect(here.equals(there)).toBe(true);
    expect(here.equals(copy.Bip6Address.parse("[fd00::1]:47809") as unknown as Bip6Address)).toBe(false);
    expect(here.sameHost(copy.Bip6Address.parse("[fd00::1]:47809") as unknown as Bip6Address)).toBe(true);
    expect(here.sameHost(copy.Bip6Address.parse("[fd00::2]:47808") as unknown as Bip6Address)).toBe(false);
  });
});

describe("octets", () => {
  const wire = "fd00000100000000000000000000000fbac1";

  it("fromOctets reads 18 octets at an offset", () => {
    const bytes = hexToBytes(`aabbcc${wire}dd`);
    const a = Bip6Address.fromOctets(bytes, 3);
    expect(a.toString()).toBe("[fd00:1::f]:47809");
    expect(Bip6Address.fromOctets(bytes.subarray(3, 21)).equals(a)).toBe(true);
    expect(Bip6Address.fromOctets(bytes, 3, "eth0").zone).toBe("eth0");
    bytes[3] = 0; // the address does not alias the buffer
    expect(a.ip).toBe("fd00:1::f");
  });

  it.each([
    ["17 octets", 17, 0],
    ["18 octets at offset 1", 18, 1],
    ["a negative offset", 20, -1],
    ["a fractional offset", 20, 0.5],
  ] as const)("fromOctets rejects %s with INVALID_OCTETS", (_name, size, offset) => {
    expect(() => Bip6Address.fromOctets(new Uint8Array(size), offset)).toThrow(
      expect.objectContaining({ code: "INVALID_OCTETS", name: "Bip6AddressError" }),
    );
  });

  it("fromOctets rejects an invalid zone", () => {
    expect(() => Bip6Address.fromOctets(new Uint8Array(18), 0, "")).toThrow(
      expect.objectContaining({ code: "INVALID_ZONE" }),
    );
  });

  it("writeTo writes exactly 18 octets at the offset; octets() and ipOctets() are fresh copies", () => {
    const a = Bip6Address.parse("[fd00:1::f]:47809");
    const out = new Uint8Array(22).fill(0xee);
    a.writeTo(out, 2);
    expect(bytesToHex(out)).toBe(`eeee${wire}eeee`);
    const o = a.octets();
    expect(bytesToHex(o)).toBe(wire);
    o[0] = 0;
    expect(bytesToHex(a.octets())).toBe(wire);
    expect(bytesToHex(a.ipOctets())).toBe(wire.slice(0, 32));
  });

  it("fromIp takes text (with a zone) or 16 octets", () => {
    expect(Bip6Address.fromIp("fd00:1::f", 47809).key).toBe(wire);
    expect(Bip6Address.fromIp("fe80::1%eth0").toString()).toBe("[fe80::1%eth0]:47808");
    expect(Bip6Address.fromIp("fe80::1%eth0", 1, "eth9").zone).toBe("eth9");
    expect(Bip6Address.fromIp(hexToBytes(wire.slice(0, 32)), 47809).key).toBe(wire);
    expect(Bip6Address.fromIp(hexToBytes(wire.slice(0, 32)), 1, "lo").host).toBe("fd00:1::f%lo");
    expect(() => Bip6Address.fromIp(new Uint8Array(15))).toThrow(expect.objectContaining({ code: "INVALID_OCTETS" }));
    expect(() => Bip6Address.fromIp(new Uint8Array(16), 65536)).toThrow(
      expect.objectContaining({ code: "INVALID_PORT" }),
    );
    expect(() => Bip6Address.fromIp("[::1]:5")).toThrow(expect.objectContaining({ code: "INVALID_IPV6" }));
  });

  it("withPort and withZone return new addresses", () => {
    const a = Bip6Address.parse("[fe80::1%eth0]:47808");
    const b = a.withPort(47809);
    expect(b.toString()).toBe("[fe80::1%eth0]:47809");
    expect(a.port).toBe(47808);
    expect(a.withZone(undefined).toString()).toBe("[fe80::1]:47808");
    expect(a.withZone("wlan0").zone).toBe("wlan0");
    expect(() => a.withPort(-1)).toThrow(expect.objectContaining({ code: "INVALID_PORT" }));
    expect(() => a.withZone("a b")).toThrow(expect.objectContaining({ code: "INVALID_ZONE" }));
  });
});

describe("address classes", () => {
  it.each([
    // text, linkLocal, loopback, multicast, unspecified, ipv4Mapped
    ["fe80::1", true, false, false, false, false],
    ["febf:ffff::1", true, false, false, false, false],
    ["fec0::1", false, false, false, false, false],
    ["fe7f::1", false, false, false, false, false],
    ["::1", false, true, false, false, false],
    ["::2", false, false, false, false, false],
    ["1::1", false, false, false, false, false],
    ["::", false, false, false, true, false],
    ["ff02::bac0", false, false, true, false, false],
    ["ff05::bac0", false, false, true, false, false],
    ["feff::1", false, false, false, false, false],
    ["::ffff:10.0.0.1", false, false, false, false, true],
    ["::fffe:10.0.0.1", false, false, false, false, false],
    ["2001:db8::1", false, false, false, false, false],
  ] as const)("%s", (text, linkLocal, loopback, multicast, unspecified, mapped) => {
    const a = Bip6Address.parse(text);
    expect([a.isLinkLocal, a.isLoopback, a.isMulticast, a.isUnspecified, a.isIpv4Mapped]).toEqual([
      linkLocal,
      loopback,
      multicast,
      unspecified,
      mapped,
    ]);
  });

  it("bacnetMulticastGroup builds FF0X::BAC0", () => {
    expect(bacnetMulticastGroup()).toBe("ff02::bac0");
    expect(bacnetMulticastGroup(MulticastScope.SiteLocal)).toBe("ff05::bac0");
    expect(bacnetMulticastGroup(MulticastScope.OrganizationLocal)).toBe("ff08::bac0");
    expect(bacnetMulticastGroup(0xe)).toBe("ff0e::bac0");
    expect(Bip6Address.parse(bacnetMulticastGroup()).isMulticast).toBe(true);
    expect(bacnetMulticastGroup(MIN_MULTICAST_SCOPE)).toBe("ff01::bac0");
    expect(bacnetMulticastGroup(3)).toBe("ff03::bac0"); // realm-local, RFC 7346
    expect(bacnetMulticastGroup(MAX_MULTICAST_SCOPE)).toBe("ff0e::bac0");
  });

  it("bacnetMulticastGroup refuses the reserved scopes 0 and 15 and non-scopes", () => {
    for (const bad of [0, 15, 16, -1, 1.5, Number.NaN, "2"]) {
      expect(isMulticastScope(bad)).toBe(false);
      expect(() => bacnetMulticastGroup(bad as number)).toThrow(
        expect.objectContaining({ name: "Bip6AddressError", code: "INVALID_SCOPE" }),
      );
    }
    for (let scope = 1; scope <= 14; scope++) expect(isMulticastScope(scope)).toBe(true);
    expect(() => bacnetMulticastGroup(15)).toThrow(/1-14 \(0 and 15 are reserved/);
  });
});
