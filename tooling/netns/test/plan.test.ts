import { describe, expect, it } from "vitest";
import { createTopology, LIMITS, netnsSupport, type TopologySpec } from "../src/index.js";
import { canonicalIPv6, formatIPv6, network, parseIPv6 } from "../src/ipv6.js";
import { planTopology } from "../src/plan.js";

const P = "b6t-1-1-";

function badSpec(spec: unknown, message: RegExp): void {
  expect(() => planTopology(spec as TopologySpec, P)).toThrow(
    expect.objectContaining({ code: "BAD_SPEC", message: expect.stringMatching(message) }),
  );
}

describe("IPv6 helpers", () => {
  it("parse and print canonical RFC 5952 text", () => {
    expect(parseIPv6("fd00:1::2")).toEqual([0xfd00, 1, 0, 0, 0, 0, 0, 2]);
    expect(parseIPv6("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6("fe80::1%eth0")).toBeUndefined();
    expect(parseIPv6("::ffff:1.2.3.4")).toBeUndefined();
    expect(parseIPv6("fd00::1::2")).toBeUndefined();
    expect(formatIPv6([0xfd00, 0, 0, 1, 0, 0, 0, 0xabcd])).toBe("fd00:0:0:1::abcd");
    expect(canonicalIPv6("FD00:0000:0000:0000:0000:0000:0000:0001")).toBe("fd00::1");
    expect(formatIPv6(network(parseIPv6("fd00:1:2:3:4:5:6:7") ?? [], 52))).toBe("fd00:1:2::");
  });
});

describe("planTopology", () => {
  it("names namespaces, switch ports and bridges under the prefix; default addresses by host index", () => {
    const plan = planTopology(
      {
        links: [{ name: "l1" }, { name: "l2", prefix: "fd00:abcd:1:2:3::/80" }],
        hosts: [
          { name: "a", interfaces: [{ link: "l1" }, { link: "l2" }] },
          { name: "b", interfaces: [{ link: "l2", address: "fd00:abcd:1:2:3::77/96", name: "bip0" }] },
        ],
      },
      P,
    );
    expect(plan.switchNetns).toBe("b6t-1-1-_switch");
    expect(plan.links.map((l) => [l.name, l.prefix, l.bridge])).toEqual([
      ["l1", "fd00:1::/64", "br0"],
      ["l2", "fd00:abcd:1:2:3::/80", "br1"],
    ]);
    expect(
      plan.nodes.map((n) => [n.netns, n.interfaces.map((f) => [f.name, `${f.address}/${f.length}`, f.port])]),
    ).toEqual([
      [
        "b6t-1-1-a",
        [
          ["eth0", "fd00:1::1/64", "l0n0"],
          ["eth1", "fd00:abcd:1:2:3::1/80", "l1n0"],
        ],
      ],
      ["b6t-1-1-b", [["bip0", "fd00:abcd:1:2:3::77/96", "l1n1"]]],
    ]);
    expect(plan.nodes.every((n) => n.routes.length === 0)).toBe(true);
  });

  it("routes along the shortest router path and gives hosts a default route via their first router", () => {
    // l1 —r1— l2 —r2— l3, and h3 on l3 only.
    const plan = planTopology(
      {
        links: [{ name: "l1" }, { name: "l2" }, { name: "l3" }],
        hosts: [
          { name: "h1", interfaces: [{ link: "l1" }] },
          { name: "h3", interfaces: [{ link: "l3" }] },
        ],
        routers: [
          { name: "r1", links: ["l1", "l2"] },
          { name: "r2", links: ["l2", "l3"] },
        ],
      },
      P,
    );
    const routes = Object.fromEntries(
      plan.nodes.map((n) => [n.name, n.routes.map((r) => `${r.to} via ${r.via} dev ${r.dev}`)]),
    );
    expect(routes).toEqual({
      h1: [
        "fd00:2::/64 via fd00:1::ff01 dev eth0",
        "fd00:3::/64 via fd00:1::ff01 dev eth0",
        "default via fd00:1::ff01 dev eth0",
      ],
      h3: [
        "fd00:2::/64 via fd00:3::ff02 dev eth0",
        "fd00:1::/64 via fd00:3::ff02 dev eth0",
        "default via fd00:3::ff02 dev eth0",
      ],
      r1: ["fd00:3::/64 via fd00:2::ff02 dev eth1"],
      r2: ["fd00:1::/64 via fd00:2::ff01 dev eth0"],
    });
    expect(plan.nodes.map((n) => n.kind)).toEqual(["host", "host", "router", "router"]);
  });

  it("rejects malformed specs with BAD_SPEC and a message naming the problem", () => {
    const lan = [{ name: "lan" }];
    badSpec(null, /must be an object/);
    badSpec({ links: lan }, /must be arrays/);
    badSpec({ links: [{ name: "a b" }], hosts: [] }, /name "a b"/);
    badSpec({ links: [...lan, ...lan], hosts: [] }, /"lan" is declared twice/);
    badSpec({ links: [{ name: "x", prefix: "fd00::/0" }], hosts: [] }, /not an IPv6 prefix/);
    badSpec({ links: [{ name: "x", prefix: "fd00::/120" }], hosts: [] }, /not an IPv6 prefix/);
    badSpec({ links: [{ name: "x", prefix: "10.0.0.0/8" }], hosts: [] }, /not an IPv6 prefix/);
    badSpec({ links: [{ name: "x" }, { name: "y", prefix: "fd00:1::/64" }], hosts: [] }, /share a prefix/);
    badSpec({ links: lan, hosts: [{ name: "h", interfaces: [{ link: "wan" }] }] }, /unknown link "wan"/);
    badSpec(
      { links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan" }, { link: "lan" }] }] },
      /attached to link "lan" twice/,
    );
    badSpec(
      { links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan", name: "a-very-long-name0" }] }] },
      /1–15 characters/,
    );
    badSpec({ links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan", name: "lo" }] }] }, /not "lo"/);
    badSpec({ links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan", address: "fe80::1" }] }] }, /link-local/);
    badSpec({ links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan", address: "ff02::1" }] }] }, /multicast/);
    badSpec(
      { links: lan, hosts: [{ name: "h", interfaces: [{ link: "lan", address: "nope" }] }] },
      /not an IPv6 address/,
    );
    badSpec(
      {
        links: lan,
        hosts: [
          { name: "h", interfaces: [{ link: "lan" }] },
          { name: "g", interfaces: [{ link: "lan", address: "fd00:1::1" }] },
        ],
      },
      /fd00:1::1 .* already used by host "h"/,
    );
    badSpec(
      { links: lan, hosts: [{ name: "x", interfaces: [] }], routers: [{ name: "x", links: ["lan"] }] },
      /"x" is declared twice/,
    );
    badSpec({ links: lan, hosts: [], routers: [{ name: "r", links: [] }] }, /at least one link/);
    badSpec(
      { links: Array.from({ length: LIMITS.links + 1 }, (_, i) => ({ name: `l${i}` })), hosts: [] },
      /at most 64/,
    );
  });

  it("createTopology() rejects a bad spec before building anything", async () => {
    // Where namespaces cannot be built, the support check comes first.
    await expect(
      createTopology({ links: [], hosts: [{ name: "h", interfaces: [{ link: "x" }] }] }),
    ).rejects.toMatchObject({
      code: netnsSupport().ok ? "BAD_SPEC" : "UNSUPPORTED",
    });
  });
});
