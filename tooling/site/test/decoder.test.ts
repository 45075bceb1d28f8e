// The decoder page as a user meets it: opened from disk in Debian's headless Chromium (no
// server), hex pasted, a capture dropped, malformed input shown at the offending octet. The
// oracle is the real `bip6-sniff` (its CLI entry as a child process) run over a pcap file of
// the same packets: the page must show its summary lines, its -V tree, its -Y selection, its
// findings and its --summary text, character for character.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileFilter, DisplayFilterError, filterErrorText, pcapFile } from "@bip6/sniffer";
import { type Browser, type Page, chromium } from "playwright";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chromiumLaunchOptions, chromiumPath } from "../../../test-support/chromium.ts";
import { describeWithTool } from "../../../test-support/required-tool.ts";
import { pastedPackets } from "../../../docs/decoder/packets.ts";
import { parsePasted } from "../../../docs/decoder/paste.ts";
// @ts-expect-error -- a plain ES module of the repository's scripts, without declarations
import { buildDecoder } from "../../../scripts/site.mjs";

/** Where the screenshots go (git-ignored: .artifacts/), for a person to look at. */
const artifacts = join(import.meta.dirname, "..", ".artifacts");
const sniffer = join(import.meta.dirname, "..", "..", "..", "apps", "sniffer");

/**
 * A small site capture: Who-Is and I-Am, an address resolved, a foreign device registering
 * and answered with the Python stack's 0x0050 (a finding, peers.md), a bad length field (a
 * finding and a decode error at octet 2), and an I-Am cut short inside its APDU.
 */
const CAPTURE = [
  "[fd00::2]:47808 → [ff02::bac0]:47808 82 02 0015 0004d2 0120ffff00ff 10080a00011a0002",
  "[fd00::3]:47808 → [fd00::2]:47808 82 01 001a 00162e 0004d2 0100 1000c4020016 2e2205c4910021 0f",
  "[fd00::2]:47808 → [ff02::bac0]:47808 82 03 000a 0004d2 00162e",
  "[fd00::3]:47808 → [fd00::2]:47808 82 05 000a 00162e 0004d2",
  "[fd00:2::9]:47809 → [fd00::1]:47808 82 09 0009 0003e7 003c",
  "[fd00::1]:47808 → [fd00:2::9]:47809 82 00 0009 000064 0050",
  "[fd00::9]:47808 → [fd00::1]:47808 82 03 000b 0004d2 00162e",
  "[fd00::3]:47808 → [ff02::bac0]:47808 82 02 0011 00162e 01001000c4020016 2e22",
].join("\n");

/**
 * A classic pcap of the packets the page builds from `text`: the same octets, at time 0 as
 * pasted text is, or `step` microseconds apart as a capture would be.
 */
function captureOf(text: string, step = 0): Uint8Array {
  const { packets } = pastedPackets(parsePasted(text).datagrams);
  return pcapFile(
    packets.map((p, i) => ({ seconds: step === 0 ? 0 : 1_764_590_400, microseconds: i * step, data: p.data })),
  );
}

/** Runs the real bip6-sniff (src/cli.ts through tsx) on `capture` with `args`. */
function bip6Sniff(capture: Uint8Array, args: readonly string[]): { stdout: string; stderr: string; status: number } {
  const file = join(scratch, `capture-${++captures}.pcap`);
  writeFileSync(file, capture);
  const r = spawnSync(
    process.execPath,
    ["--conditions=@bip6/source", "--import", "tsx", "src/cli.ts", ...args, "-r", file],
    { cwd: sniffer, encoding: "utf8" },
  );
  return { stdout: r.stdout, stderr: r.stderr.replace(file, "FILE"), status: r.status ?? -1 };
}

let scratch: string;
let captures = 0;

describeWithTool("decoder page in headless Chromium", chromiumPath, "apt-get install chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];

  /** Does `action` and waits until the page has decoded again. */
  async function decoded(action: () => Promise<unknown>): Promise<void> {
    const before = Number((await page.getAttribute("body", "data-runs")) ?? "0");
    await action();
    await page.waitForFunction(
      (b) => Number(document.body.dataset.runs ?? "0") > b && document.body.dataset.busy === undefined,
      before,
    );
  }

  async function drop(bytes: Uint8Array, name: string): Promise<void> {
    const transfer = await page.evaluateHandle(
      ([octets, fileName]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(octets)], fileName, { type: "application/vnd.tcpdump.pcap" }));
        return dt;
      },
      [Array.from(bytes), name] as const,
    );
    await decoded(() => page.dispatchEvent("#drop", "drop", { dataTransfer: transfer }));
  }

  const listLines = (): Promise<string[]> => page.locator("#frame-list li[role=option] .line").allTextContents();

  /** Opens frame `n` from the list and waits for its details. */
  async function open(n: number): Promise<void> {
    await page.click(`#frame-${n}`);
    await page.waitForSelector(`#detail article.frame[data-number="${n}"]`);
  }

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "bip6-decoder-sniff-"));
    dir = mkdtempSync(join(tmpdir(), "bip6-decoder-"));
    await buildDecoder(dir);
    browser = await chromium.launch(chromiumLaunchOptions);
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
    await page.waitForSelector("body[data-runs]");
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("opens from disk and decodes its examples as bip6-sniff does, with nothing in the console", async () => {
    const text = await page.inputValue("#hex");
    const cli = bip6Sniff(captureOf(text), []);
    expect(await listLines()).toEqual(cli.stdout.trimEnd().split("\n"));
    expect(await page.textContent("#status")).toBe(
      "pasted: 5 BACnet/IPv6 frames (1 malformed) in 5 packets, 2 findings",
    );
    expect(consoleErrors).toEqual([]);
  });

  it("shows a pasted frame's summary line and -V tree as bip6-sniff prints them; a field lights its octets", async () => {
    const text = "[fd00::3]:47808 → [fd00::2]:47808 82 01 001a 00162e 0004d2 0100 1000c4020016 2e2205c4910021 0f";
    await decoded(() => page.fill("#hex", text));
    const capture = captureOf(text);
    expect(await listLines()).toEqual([bip6Sniff(capture, []).stdout.trimEnd()]);
    const detail = page.locator("#detail article.frame");
    expect(await detail.getAttribute("data-number")).toBe("1");
    // (-V ends each frame with a blank line, the page's text with a newline.)
    expect((await detail.locator("pre.vtext").textContent())?.trimEnd()).toBe(
      bip6Sniff(capture, ["-V"]).stdout.trimEnd(),
    );
    // The tree shows the BVLC, NPDU and APDU layers open, each label a line of -V.
    const vLines = new Set(
      bip6Sniff(capture, ["-V"])
        .stdout.split("\n")
        .map((l) => l.trim()),
    );
    const labels = await detail
      .locator("[role=tree] .label")
      .evaluateAll((ls) => ls.filter((l) => (l as HTMLElement).offsetParent !== null).map((l) => l.textContent ?? ""));
    expect(labels).toContain("Function: Original-Unicast-NPDU (0x01)");
    // Wireshark's spelling of the service, as bip6-sniff -V prints it.
    expect(labels).toContain("Unconfirmed Service Choice: i-Am (0)");
    expect(labels).toContain("ObjectIdentifier: device, 5678");
    for (const l of labels) expect(vLines.has(l.trim()), l).toBe(true);
    // Selecting the function field lights octet 1 of the datagram, and says which it is.
    await detail.locator('[role=treeitem][data-field="bvlc.function_ipv6"] > .row').click();
    expect(
      await detail.locator(".hexdump .hx .sel").evaluateAll((s) => s.map((e) => e.getAttribute("data-at"))),
    ).toEqual(["1"]);
    expect(await detail.locator("p.selection").textContent()).toMatch(/\(octet 1 of the datagram\)$/);
    expect(consoleErrors).toEqual([]);
  });

  it("shows a malformed datagram's decode error at the offending octet, as bip6-sniff reports it", async () => {
    const text = "82 03 000b 0004d2 00162e";
    await decoded(() => page.fill("#hex", text));
    const cli = bip6Sniff(captureOf(text), []).stdout;
    expect(cli).toMatch(
      /\[malformed LENGTH_MISMATCH\] length field says 11 octets but the datagram has 10 \(at octet 2\)$/m,
    );
    expect(await listLines()).toEqual([cli.trimEnd()]);
    expect(await page.getAttribute("#frame-1", "class")).toMatch(/\bmalformed\b/);
    const error = page.locator("#detail article.frame p.error");
    expect(await error.textContent()).toBe(
      "LENGTH_MISMATCH at octet 2 of the datagram: length field says 11 octets but the datagram has 10 (at octet 2)",
    );
    expect(await error.getAttribute("data-offset")).toBe("2");
    // Exactly one octet is marked, in the hex and the ASCII column: octet 2, the length field's first.
    const bad = page.locator("#detail .hexdump .bad");
    expect(await bad.evaluateAll((s) => s.map((e) => e.getAttribute("data-at")))).toEqual(["2", "2"]);
    await page.screenshot({ path: join(artifacts, "decoder-malformed.png"), fullPage: true });
  });

  it("marks the end of a datagram cut short inside its APDU at the octet the BACnet decoder stopped", async () => {
    const text = "82 02 0012 0004d2 01001000c4020004d22205";
    await decoded(() => page.fill("#hex", text));
    expect(await listLines()).toEqual([bip6Sniff(captureOf(text), []).stdout.trimEnd()]);
    const problem = page.locator("#detail article.frame p.error.problem");
    expect(await problem.count()).toBeGreaterThan(0);
    const at = Number(await problem.first().getAttribute("data-offset"));
    // Past the BVLL header (7 octets) and NPDU (2): inside the APDU, at most its end (18).
    expect(at).toBeGreaterThanOrEqual(9);
    expect(at).toBeLessThanOrEqual(18);
    expect(await problem.first().textContent()).toMatch(new RegExp(`at octet ${at} of the datagram: `));
  });

  it("points at the first character that is not hex, and decodes the other lines", async () => {
    await decoded(() => page.fill("#hex", "82 03 000a 0004d2 00162e\n82 0z"));
    const problems = page.locator("#problems li");
    expect(await problems.allTextContents()).toEqual([
      'line 2, column 5: "z" is not a hex digit (one datagram per line: hex octets, optionally after "[src]:port → [dst]:port")',
    ]);
    expect(await problems.first().getAttribute("data-column")).toBe("5");
    expect(await listLines()).toHaveLength(1);
  });

  it("decodes a dropped capture with bip6-sniff's lines, findings per frame and --summary", async () => {
    const capture = captureOf(CAPTURE, 1000);
    await drop(capture, "site.pcap");
    const cli = bip6Sniff(capture, []);
    expect(cli.status).toBe(0);
    expect(await listLines()).toEqual(cli.stdout.trimEnd().split("\n"));
    expect(await page.textContent("#status")).toBe(
      "site.pcap: 8 BACnet/IPv6 frames (1 malformed) in 8 packets (pcap), 2 findings",
    );
    // The whole-capture findings and summary: the text of `bip6-sniff -q --summary`.
    expect(await page.textContent("#summary-text")).toBe(bip6Sniff(capture, ["-q", "--summary"]).stdout);
    expect(
      await page.locator("#findings li[data-code]").evaluateAll((l) => l.map((e) => e.getAttribute("data-code"))),
    ).toEqual(["NONSTANDARD_RESULT_CODE", "LENGTH_MISMATCH"]);
    expect(await page.locator('#findings li[data-code="NONSTANDARD_RESULT_CODE"] .text').textContent()).toBe(
      "Result 0x0050 (the code one Python stack sends) from [fd00::1]:47808 answers Register-Foreign-Device (frame 5); Annex U answers it with 0x0000 Successful-Completion or 0x0090 Register-Foreign-Device-NAK",
    );
    // The frames bip6.finding selects (in the CLI as on the page) carry the finding in the list.
    const withFindings = bip6Sniff(capture, ["-Y", "bip6.finding"]).stdout.trimEnd().split("\n");
    expect(withFindings.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([6, 7]);
    expect(
      await page.locator("#frame-list li.finding").evaluateAll((l) => l.map((e) => e.getAttribute("data-number"))),
    ).toEqual(["6", "7"]);
    // A finding's frame number opens the frame, whose details name the finding.
    await page.click('#findings li[data-code="NONSTANDARD_RESULT_CODE"] button[data-frame="6"]');
    await page.waitForSelector('#detail article.frame[data-number="6"]');
    expect(
      await page.locator("#detail ul.frame-findings li").evaluateAll((l) => l.map((e) => e.getAttribute("data-code"))),
    ).toEqual(["NONSTANDARD_RESULT_CODE"]);
    expect(await page.locator("#detail pre.vtext").textContent()).toContain("NONSTANDARD_RESULT_CODE");
    // Its -V text is the CLI's sixth frame, times since the previous frames included.
    const frames = bip6Sniff(capture, ["-V"]).stdout.trimEnd().split("\n\n");
    expect(frames).toHaveLength(8);
    expect((await page.locator("#detail pre.vtext").textContent())?.trimEnd()).toBe(frames[5]);
    await open(6);
    await page.screenshot({ path: join(artifacts, "decoder-capture.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it("applies a -Y display filter as bip6-sniff does, and shows its error and caret when it does not compile", async () => {
    const capture = captureOf(CAPTURE, 1000);
    await drop(capture, "site.pcap");
    const filter = "bacapp.unconfirmed_service == 0 || bip6.finding";
    try {
      await page.fill("#filter", filter);
      await decoded(() => page.click("#filter-form button[type=submit]"));
      const lines = await listLines();
      expect(lines).toEqual(bip6Sniff(capture, ["-Y", filter]).stdout.trimEnd().split("\n"));
      // The second frame shown (frame 6, after frames 3-5 left out), opened: bip6-sniff -V -Y's
      // second frame, its time since the previous *displayed* frame (2) not the previous one (5).
      const shown = bip6Sniff(capture, ["-V", "-Y", filter]).stdout.trimEnd().split("\n\n");
      expect(shown).toHaveLength(lines.length);
      expect(lines[1]).toMatch(/^ {3}6 /);
      expect(shown[1]).toContain("[Time delta from previous displayed frame: 0.004000000 seconds]");
      await open(6);
      expect((await page.locator("#detail pre.vtext").textContent())?.trimEnd()).toBe(shown[1]);
      // A filter that does not compile: the CLI's message and caret (it exits 2 with them),
      // also with spaces around it, which move the caret for both alike.
      for (const bad of ["bvlc.function_ipv6 ==", "  bvlc.function_ipv6 == ) "]) {
        const cli = bip6Sniff(capture, ["-Y", bad]);
        expect(cli.status).toBe(2);
        let expected = "";
        try {
          compileFilter(bad);
        } catch (e) {
          if (!(e instanceof DisplayFilterError)) throw e;
          expected = filterErrorText(bad, e);
        }
        expect(expected).not.toBe("");
        expect(cli.stderr).toContain(expected);
        await page.fill("#filter", bad);
        expect(await page.textContent("#filter-error")).toBe(expected);
        expect(await page.getAttribute("#filter", "aria-invalid")).toBe("true");
      }
    } finally {
      await decoded(() => page.click("#filter-clear"));
    }
    expect(await listLines()).toHaveLength(8);
  });

  it("shows every frame before the damage of a truncated capture, then the capture's error as bip6-sniff", async () => {
    const capture = captureOf(CAPTURE, 1000);
    const cut = capture.subarray(0, capture.length - 10); // inside the last record
    await drop(cut, "cut.pcap");
    const cli = bip6Sniff(cut, []);
    expect(cli.status).toBe(1);
    expect(await listLines()).toEqual(cli.stdout.trimEnd().split("\n"));
    expect(await listLines()).toHaveLength(7);
    expect(`bip6-sniff: ${await page.textContent("#problems .capture-error")}\n`).toBe(
      cli.stderr.replace("FILE", "cut.pcap"),
    );
  });

  it("decodes a dropped pcapng capture (written by bip6-sniff -w -F pcapng) as bip6-sniff reads it", async () => {
    const capture = captureOf(CAPTURE, 1000);
    const out = join(scratch, "site.pcapng");
    expect(bip6Sniff(capture, ["-q", "-w", out, "-F", "pcapng"]).status).toBe(0);
    const pcapng = readFileSync(out);
    expect(pcapng.readUInt32LE(0)).toBe(0x0a0d0d0a); // a Section Header Block
    await drop(pcapng, "site.pcapng");
    expect(await page.textContent("#status")).toBe(
      "site.pcapng: 8 BACnet/IPv6 frames (1 malformed) in 8 packets (pcapng), 2 findings",
    );
    expect(await listLines()).toEqual(bip6Sniff(pcapng, []).stdout.trimEnd().split("\n"));
    expect(await page.textContent("#summary-text")).toBe(bip6Sniff(pcapng, ["-q", "--summary"]).stdout);
  });

  it("opens its example capture", async () => {
    await decoded(() => page.click("#demo"));
    expect(await page.textContent("#status")).toBe(
      "example.pcap: 7 BACnet/IPv6 frames (1 malformed) in 7 packets (pcap), 2 findings",
    );
    expect(await listLines()).toHaveLength(7);
    expect(consoleErrors).toEqual([]);
  });

  it("fits a phone held upright in dark mode: no sideways scrolling of the page, 8 octets a dump row", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 }, colorScheme: "dark" });
    phone.on("pageerror", (e) => consoleErrors.push(String(e)));
    try {
      await phone.goto(pathToFileURL(join(dir, "index.html")).href);
      await phone.waitForSelector("body[data-runs]");
      const before = Number(await phone.getAttribute("body", "data-runs"));
      await phone.click("#demo");
      await phone.waitForFunction((b) => Number(document.body.dataset.runs ?? "0") > b, before);
      await phone.click("#frame-6");
      await phone.waitForSelector('#detail article.frame[data-number="6"]');
      // Narrow screens dump 8 octets a row instead of 16.
      expect(await phone.locator("#detail .hexdump .hexrow").first().locator(".hx > span").count()).toBe(8);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
      await phone.screenshot({ path: join(artifacts, "decoder-phone-dark.png"), fullPage: true });
      expect(consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
