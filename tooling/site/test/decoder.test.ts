// The decoder page as a user meets it: opened from disk in Debian's headless Chromium (no
// server), a frame pasted, a capture dropped, a malformed datagram shown with its error at the
// offending octet. Every line and field the page shows is compared with what the sniffer's own
// library (the code behind bip6-sniff) computes for the same octets in Node.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { hexToBytes, Bip6Address } from "@bip6/bvll6-codec";
import {
  type FrameRecord,
  formatTextLine,
  ipv6UdpPacket,
  pcapFile,
  readCapture,
  recordFields,
  sniff,
} from "@bip6/sniffer";
import { decodeNpdu } from "@bip6/sniffer/bacnet";
import { type Browser, type Page, chromium } from "playwright";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTool } from "../../../test-support/required-tool.ts";
// @ts-expect-error -- a plain ES module of the repository's scripts, without declarations
import { buildDecoder } from "../../../scripts/site.mjs";

const chromiumPath = process.env.BIP6_CHROMIUM ?? "/usr/bin/chromium";
/** Where the screenshots go (git-ignored), for a person to look at. */
const artifacts = join(import.meta.dirname, "..", ".artifacts");

/** A small capture: Who-Is broadcast, I-Am reply, Address-Resolution, a BVLC-Result, a bad length. */
function captureDatagrams(): { from: string; to: string; hex: string }[] {
  return [
    {
      from: "[fd00::2]:47808",
      to: "[ff02::bac0]:47808",
      hex: "82 02 0015 0004d2 01 20 ffff 00 ff 10 08 0a 0001 1a 0002",
    },
    {
      from: "[fd00::3]:47808",
      to: "[fd00::2]:47808",
      hex: "82 01 001a 00162e 0004d2 01 00 10 00 c4 02 00 16 2e 22 05 c4 91 00 21 0f",
    },
    { from: "[fd00::2]:47808", to: "[ff02::bac0]:47808", hex: "82 03 000a 0004d2 00162e" },
    { from: "[fd00::1]:47808", to: "[fd00::2]:47808", hex: "82 00 0009 000064 0090" },
    { from: "[fd00::9]:47808", to: "[fd00::1]:47808", hex: "82 03 000b 0004d2 00162e" },
  ];
}

function buildCapture(): Uint8Array {
  return pcapFile(
    captureDatagrams().map((d, i) => {
      const from = Bip6Address.parse(d.from);
      const to = Bip6Address.parse(d.to);
      return {
        seconds: 1_700_000_000,
        microseconds: i * 1000,
        data: ipv6UdpPacket({
          sourceIp: from.ipOctets(),
          sourcePort: from.port,
          destinationIp: to.ipOctets(),
          destinationPort: to.port,
          payload: hexToBytes(d.hex),
        }),
      };
    }),
  );
}

/** What the sniffer's library says about the same capture, record by record. */
async function sniffed(
  capture: Uint8Array,
): Promise<{ line: string; fields: Record<string, unknown>; bacnet?: string }[]> {
  async function* once(): AsyncGenerator<Uint8Array> {
    yield capture;
  }
  const out: { line: string; fields: Record<string, unknown>; bacnet?: string }[] = [];
  for await (const r of sniff(readCapture(once()))) {
    const record: FrameRecord = { ...r, bvll: r.bvll.slice() };
    const npdu = record.frame && "npdu" in record.frame ? record.frame.npdu : undefined;
    const bacnet = npdu && npdu.length > 0 ? decodeNpdu(npdu).summary : undefined;
    out.push({ line: formatTextLine(record), fields: { ...recordFields(record) }, ...(bacnet ? { bacnet } : {}) });
  }
  return out;
}

describeWithTool("decoder page in headless Chromium", chromiumPath, "apt-get install chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bip6-decoder-"));
    await buildDecoder(dir);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // The flags of the codec's browser tests (packages/bvll6-codec/vitest.config.ts).
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    // Nothing may leave the page: every request other than the page's own files fails the test.
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) consoleErrors.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, "index.html")).href);
    await page.waitForSelector("body[data-ready=true]");
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens from disk and decodes its example frames, with no error in the console", async () => {
    const kinds = await page.$$eval("article.frame", (a) => a.map((e) => e.getAttribute("data-kind") ?? "malformed"));
    expect(kinds).toEqual(["AddressResolution", "BvlcResult", "OriginalBroadcastNpdu", "malformed"]);
    expect(await page.textContent("#status")).toBe("pasted: 4 frames, 1 malformed");
    expect(consoleErrors).toEqual([]);
  });

  it("decodes a pasted frame into the fields bip6-sniff --json prints", async () => {
    await page.fill("#hex", "82 03 000a 0004d2 00162e");
    const card = page.locator("article.frame");
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getAttribute("data-kind")).toBe("AddressResolution");
    expect(await card.locator(".line").textContent()).toBe("Address-Resolution src 0004d2 target 00162e");
    const fields = await card
      .locator("table.fields tr")
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-field"), r.querySelector("td")?.textContent]));
    expect(fields).toEqual([
      ["bvlc.type", "130"],
      ["bvlc.function_ipv6", "3"],
      ["bvlc.virtual_source", "1234"],
      ["bvlc.virtual_dest", "5678"],
    ]);
    // Every octet is labelled with its Annex U field.
    const labels = await card.locator("pre.hex span").evaluateAll((s) => s.map((e) => e.getAttribute("data-field")));
    expect(labels).toEqual([
      "BVLC type",
      "function",
      "length",
      "length",
      ...Array(3).fill("source VMAC"),
      ...Array(3).fill("target VMAC"),
    ]);
  });

  it("shows a malformed datagram's decode error at the offending octet", async () => {
    await page.fill("#hex", "82 03 000b 0004d2 00162e");
    const card = page.locator("article.frame");
    await expect.poll(() => card.getAttribute("data-error")).toBe("LENGTH_MISMATCH");
    expect(await card.locator("p.error").textContent()).toBe(
      "LENGTH_MISMATCH at octet 2: length field says 11 octets but the datagram has 10 (at octet 2)",
    );
    expect(await card.locator('tr[data-field="bip6.error"] td').textContent()).toBe(
      JSON.stringify({
        code: "LENGTH_MISMATCH",
        message: "length field says 11 octets but the datagram has 10 (at octet 2)",
      }),
    );
    // Exactly one octet is marked: octet 2, the length field's first octet.
    expect(await card.locator("pre.hex .bad").evaluateAll((s) => s.map((e) => e.getAttribute("data-offset")))).toEqual([
      "2",
    ]);
    await page.screenshot({ path: join(artifacts, "decoder-malformed.png"), fullPage: true });
  });

  it("points at the first character that is not hex", async () => {
    await page.fill("#hex", "82 03 000a 0004d2 00162e\n82 0z");
    await expect
      .poll(() => page.locator("#problems li").allTextContents())
      .toEqual(['line 2, column 5: "z" is not a hex digit']);
    expect(await page.locator("article.frame").count()).toBe(1);
  });

  it("decodes a dropped capture frame by frame, the same lines, fields and BACnet summaries as the sniffer", async () => {
    const capture = buildCapture();
    const expected = await sniffed(capture);
    const transfer = await page.evaluateHandle((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "bacnet.pcap", { type: "application/vnd.tcpdump.pcap" }));
      return dt;
    }, Array.from(capture));
    await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
    await expect
      .poll(() => page.textContent("#status"))
      .toBe("bacnet.pcap: 5 frames, 1 malformed, pcap, 5 packets read, 0 other traffic");
    const shown = await page.locator("article.frame").evaluateAll((cards) =>
      cards.map((c) => ({
        line: c.querySelector(".line")?.textContent ?? "",
        fields: Object.fromEntries(
          Array.from(c.querySelectorAll("table.fields tr"), (r) => [
            r.getAttribute("data-field"),
            r.querySelector("td")?.textContent,
          ]),
        ),
        bacnet: c.querySelector(".bacnet h4")?.textContent?.replace(/^BACnet: /, ""),
      })),
    );
    expect(shown).toHaveLength(expected.length);
    shown.forEach((s, i) => {
      const e = expected[i]!;
      // The sniffer's line, with the BACnet summary added when the line does not carry it.
      expect(s.line).toBe(e.bacnet && !e.line.includes(e.bacnet) ? `${e.line} — ${e.bacnet}` : e.line);
      if (e.bacnet) expect(s.line.split(e.bacnet)).toHaveLength(2); // the summary shown once
      expect(s.fields).toEqual(
        Object.fromEntries(
          Object.entries(e.fields).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)]),
        ),
      );
      expect(s.bacnet).toBe(e.bacnet);
    });
    expect(expected[0]!.bacnet).toMatch(/^Who-Is/);
    expect(expected[1]!.bacnet).toMatch(/^I-Am/);
    expect(await page.locator("article.frame").nth(4).getAttribute("data-error")).toBe("LENGTH_MISMATCH");
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(artifacts, "decoder-capture.png"), fullPage: true });
  });

  it("shows every frame before the damage of a truncated capture, then the capture's error", async () => {
    const capture = buildCapture();
    const cut = capture.subarray(0, capture.length - 10); // inside the last record
    const transfer = await page.evaluateHandle((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "cut.pcap"));
      return dt;
    }, Array.from(cut));
    await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
    await expect.poll(() => page.locator("article.frame").count()).toBe(4);
    expect(await page.locator("#problems .capture-error").textContent()).toMatch(/TRUNCATED|ends inside record 5/);
  });
});
