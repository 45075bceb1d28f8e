/**
 * tshark's output modes: -V, -x, -T fields with -E, -T json, -t; and the field tree agreeing
 * with the field getters the filter and -T fields use (one table, two ways of reading it).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dissect,
  emptyStats,
  fieldGetter,
  fieldText,
  FrameContext,
  ipv6UdpPacket,
  OWN_FIELDS,
  PacketFilter,
  timeColumn,
  walkFields,
  type FieldValue,
} from "../src/index.js";
import { ethernet, nullHeader, runSynthetic, sll, sll2 } from "./helpers.js";

let tz: string | undefined;
beforeAll(() => {
  // Absolute times print in the local time zone, as tshark's do: pin it.
  tz = process.env.TZ;
  process.env.TZ = "UTC";
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe("-V and -x", () => {
  it("prints the tree of a frame as tshark's packet details, then its octets as tshark's hex dump", async () => {
    const { stdout } = await runSynthetic(["-V", "-x", "-Y", "frame.number == 9"]);
    expect(stdout).toBe(
      [
        "Frame 9: 57 bytes on wire (456 bits), 57 bytes captured (456 bits)",
        "    Arrival Time: Nov 14, 2023 22:13:20.012000000 UTC",
        "    Epoch Time: 1700000000.012000000 seconds",
        "    [Time delta from previous captured frame: 0.001500000 seconds]",
        "    [Time delta from previous displayed frame: 0.000000000 seconds]",
        "    [Time since reference or first frame: 0.012000000 seconds]",
        "    Frame Number: 9",
        "    Frame Length: 57 bytes (456 bits)",
        "    Capture Length: 57 bytes (456 bits)",
        "    [Protocols in frame: ipv6:udp:bvlc]",
        "Internet Protocol Version 6, Src: fd00::1, Dst: fd00:2::9",
        "    0110 .... = Version: 6",
        "    Traffic Class: 0x00 (DSCP: 0, ECN: 0)",
        "    Flow Label: 0x00000",
        "    Payload Length: 17",
        "    Next Header: UDP (17)",
        "    Hop Limit: 64",
        "    Source Address: fd00::1",
        "    Destination Address: fd00:2::9",
        "User Datagram Protocol, Src Port: 47808, Dst Port: 47809",
        "    Source Port: 47808",
        "    Destination Port: 47809",
        "    Length: 17",
        "    Checksum: 0xaa32 [unverified]",
        "    UDP payload (9 bytes)",
        "BACnet Virtual Link Control",
        "    Type: BACnet/IPv6 (Annex U) (0x82)",
        "    Function: BVLC-Result (0x00)",
        "    BVLC-Length: 9 octets (datagram 9)",
        "    BVLC-Virtual-Source: 100 (0x000064)",
        "    Result: Successful-Completion (0x0000)",
        "",
        "0000  60 00 00 00 00 11 11 40 fd 00 00 00 00 00 00 00   `......@........",
        "0010  00 00 00 00 00 00 00 01 fd 00 00 02 00 00 00 00   ................",
        "0020  00 00 00 00 00 00 00 09 ba c0 ba c1 00 11 aa 32   ...............2",
        "0030  82 00 00 09 00 00 64 00 00                        ......d..",
        "",
        "",
      ].join("\n"),
    );
    // -x alone prints only the dump, -P adds the summary line, -V alone only the tree.
    const hex = await runSynthetic(["-x", "-c", "1"]);
    expect(hex.stdout.split("\n")[0]).toBe("0000  60 00 00 00 00 0f 11 40 fd 00 00 00 00 00 00 00   `......@........");
    const both = await runSynthetic(["-x", "-P", "-c", "1"]);
    expect(both.lines[0]).toMatch(/^ {3}1 {3}0\.000000 \[fd00::2\]:47808 → /);
    expect(both.lines[1]?.startsWith("0000  60 00")).toBe(true);
  });
});

describe("-T fields", () => {
  it("prints the -e fields with tshark's -E options", async () => {
    const base = [
      "-T",
      "fields",
      "-e",
      "frame.number",
      "-e",
      "bvlc.function_ipv6",
      "-e",
      "ipv6.addr",
      "-e",
      "bvlc.virtual_dest",
      "-c",
      "3",
    ];
    expect((await runSynthetic(base)).stdout).toBe(
      "1\t0x06\tfd00::2,fd00::3\t\n2\t0x07\tfd00::3,fd00::2\t1234\n3\t0x03\tfd00::2,ff02::bac0\t5678\n",
    );
    expect(
      (await runSynthetic([...base, "-E", "header=y", "-E", "separator=,", "-E", "aggregator=/s", "-E", "quote=d"]))
        .stdout,
    ).toBe(
      '"frame.number","bvlc.function_ipv6","ipv6.addr","bvlc.virtual_dest"\n' +
        '"1","0x06","fd00::2 fd00::3",\n"2","0x07","fd00::3 fd00::2","1234"\n"3","0x03","fd00::2 ff02::bac0","5678"\n',
    );
    expect((await runSynthetic([...base, "-E", "occurrence=l", "-E", "separator=/s"])).stdout).toBe(
      "1 0x06 fd00::3 \n2 0x07 fd00::2 1234\n3 0x03 ff02::bac0 5678\n",
    );
    expect((await runSynthetic([...base, "-E", "occurrence=1", "-E", "quote=s"])).lines[0]).toBe(
      "'1'\t'0x06'\t'fd00::2'\t",
    );
  });
});

describe("-T json", () => {
  it("is tshark's array of packets with _index, _type, _score and _source.layers", async () => {
    const { stdout } = await runSynthetic(["-T", "json", "-c", "2"]);
    const packets = JSON.parse(stdout) as {
      _index: string;
      _type: string;
      _score: null;
      _source: { layers: Record<string, Record<string, string>> };
    }[];
    expect(packets).toHaveLength(2);
    expect(packets[0]).toMatchObject({ _index: "packets-2023-11-14", _type: "doc", _score: null });
    const layers = packets[1]?._source.layers ?? {};
    expect(Object.keys(layers)).toEqual(["frame", "ipv6", "udp", "bvlc"]);
    expect(layers.bvlc).toEqual({
      "bvlc.type": "0x82",
      "bvlc.function_ipv6": "0x07",
      "bvlc.length": "10",
      "bvlc.virtual_source": "5678",
      "bvlc.virtual_dest": "1234",
    });
    expect(layers.udp?.["udp.payload"]).toBe("82:07:00:0a:00:16:2e:00:04:d2");
    expect(stdout.startsWith('[\n  {\n    "_index": "packets-2023-11-14",\n')).toBe(true);
    expect(stdout.endsWith("  }\n]\n")).toBe(true);
    expect((await runSynthetic(["-T", "json", "-Y", "frame.number > 99"])).stdout).toBe("[]\n");
    const fields = await runSynthetic(["-T", "json", "-e", "frame.number", "-e", "ipv6.addr", "-c", "1"]);
    expect(JSON.parse(fields.stdout)[0]._source.layers).toEqual({
      "frame.number": ["1"],
      "ipv6.addr": ["fd00::2", "fd00::3"],
    });
  });
});

describe("-t", () => {
  const t = {
    seconds: 1_700_000_000,
    nanoseconds: 1_500_000,
    relativeNanoseconds: 1_500_000,
    deltaNanoseconds: 1_500_000,
    deltaDisplayedNanoseconds: 4_500_000,
  };
  it.each([
    ["a", "22:13:20.001500"],
    ["ad", "2023-11-14 22:13:20.001500"],
    ["adoy", "2023/318 22:13:20.001500"],
    ["d", "  0.001500"],
    ["dd", "  0.004500"],
    ["e", "1700000000.001500"],
    ["r", "  0.001500"],
    ["u", "22:13:20.001500"],
    ["ud", "2023-11-14 22:13:20.001500"],
    ["udoy", "2023/318 22:13:20.001500"],
  ] as const)("-t %s prints %j as tshark does", (format, text) => {
    expect(timeColumn(format, t)).toBe(text);
  });

  it("puts the format in the time column of text lines, fast path and malformed frames alike", async () => {
    const { lines } = await runSynthetic(["-t", "dd", "-Y", "frame.number in {2, 5}"]);
    expect(lines.map((l) => l.slice(0, 15))).toEqual(["   2   0.000000", "   5   0.004500"]);
    const ud = await runSynthetic(["-t", "ud", "-c", "1"]);
    expect(ud.lines[0]).toBe(
      "   1 2023-11-14 22:13:20.000000 [fd00::2]:47808 → [fd00::3]:47808 Virtual-Address-Resolution src 0004d2",
    );
  });
});

describe("the field getters and the tree", () => {
  const address = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const links = [
    [229, (p: Uint8Array) => p],
    [1, (p: Uint8Array) => ethernet(p)],
    [1, (p: Uint8Array) => ethernet(p, [7])],
    [113, (p: Uint8Array) => sll(p)],
    [276, (p: Uint8Array) => sll2(p)],
    [0, (p: Uint8Array) => nullHeader(p, 24, true)],
  ] as const;

  it("give every own field the same value (one table read two ways), for any frame", () => {
    fc.assert(
      fc.property(
        address,
        address,
        fc.uint8Array({ minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 0x0c }),
        fc.integer({ min: 0, max: links.length - 1 }),
        fc.boolean(),
        (src, dst, body, fn, link, wellFormed) => {
          const payload = new Uint8Array(Math.max(4, body.length));
          payload.set(body);
          payload[0] = 0x82;
          payload[1] = fn;
          const declared = wellFormed ? payload.length : payload.length + 1;
          payload[2] = declared >> 8;
          payload[3] = declared & 0xff;
          const [linkType, wrap] = links[link] as (typeof links)[number];
          const data = wrap(
            ipv6UdpPacket({ sourceIp: src, sourcePort: 47808, destinationIp: dst, destinationPort: 47808, payload }),
          );
          const walk = new PacketFilter([47808], emptyStats());
          const packet = {
            number: 1,
            linkType,
            interfaceId: 0,
            seconds: 1,
            nanoseconds: 2,
            originalLength: data.length,
            data,
          };
          expect(walk.accept(packet)).toBe(true);
          const frame = new FrameContext(walk);
          frame.load(packet, 0, 0, false);
          const fromTree = new Map<string, string[]>();
          walkFields(dissect(frame), (f) => {
            if (f.name.includes("."))
              fromTree.set(f.name, [...(fromTree.get(f.name) ?? []), fieldText(f.name, f.value)]);
          });
          for (const own of OWN_FIELDS) {
            const values: FieldValue[] = [];
            fieldGetter(own.name)?.(frame, values);
            expect(
              values.map((v) => fieldText(own.name, v)),
              own.name,
            ).toEqual(fromTree.get(own.name) ?? []);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
