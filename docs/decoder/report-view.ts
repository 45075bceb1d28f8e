/**
 * The analysis of the whole capture, as `bip6-sniff --summary` reports it: the findings (code,
 * clause, what happened, frame numbers that open the frame) and the summary tables (BVLL
 * functions and services, talkers, the VMAC table, foreign devices and their BBMDs, address
 * resolution), with the CLI's own text of it a click away.
 *
 * @module
 */
import { formatVmac } from "@bip6/bvll6-codec";
import type { AnalysisReport, FindingReport, ResolutionReport } from "@bip6/sniffer";
import { el } from "./dom.ts";

/** The findings as a list; each frame number is a button that opens the frame. */
export function findingsView(findings: readonly FindingReport[], openFrame: (n: number) => void): HTMLElement {
  if (findings.length === 0)
    return el("p", { class: "none" }, "None: nothing in these frames breaks Annex U as far as the analysis knows.");
  const list = el("ol", { class: "findings" });
  for (const f of findings) {
    const frames = el(
      "p",
      { class: "frames" },
      f.count === 1 ? "once, " : `${f.count} times, `,
      f.frames.length === 1 ? "frame " : "frames ",
    );
    f.frames.forEach((n, i) => {
      if (i > 0) frames.append(", ");
      const b = el(
        "button",
        { type: "button", class: "frame-link", "data-frame": String(n), "aria-label": `Open frame ${n}` },
        String(n),
      );
      b.addEventListener("click", () => openFrame(n));
      frames.append(b);
    });
    if (f.count > f.frames.length) frames.append(", …");
    list.append(
      el(
        "li",
        { "data-code": f.code },
        el(
          "p",
          { class: "title" },
          el("code", {}, f.code),
          " ",
          el("span", { class: "clause" }, f.clause),
          ": ",
          f.title,
        ),
        el("p", { class: "text" }, f.text),
        frames,
      ),
    );
  }
  return list;
}

/** A table with a caption, a header row and rows of cells (numbers right-aligned). */
function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  id: string,
): HTMLElement {
  const t = el("table", { id }, el("caption", {}, caption));
  t.append(el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))));
  const body = el("tbody");
  if (rows.length === 0) body.append(el("tr", {}, el("td", { colspan: String(head.length), class: "none" }, "none")));
  for (const r of rows)
    body.append(el("tr", {}, ...r.map((c) => el("td", typeof c === "number" ? { class: "num" } : {}, String(c)))));
  t.append(body);
  return el("div", { class: "table-wrap" }, t);
}

const ms = (n: number | undefined): string => (n === undefined ? "–" : `${n.toFixed(3)} ms`);

function resolutionRow(name: string, r: ResolutionReport): (string | number)[] {
  return [name, r.asked, r.answered, r.unanswered, ms(r.minMs), ms(r.meanMs), ms(r.maxMs)];
}

/** The summary tables and the CLI's text of the report. */
export function summaryView(r: AnalysisReport, packets: number, text: string): HTMLElement {
  const root = el("div", { class: "summary" });
  root.append(
    el(
      "p",
      {},
      `${r.frames} BACnet/IPv6 frame${r.frames === 1 ? "" : "s"} (${r.malformed} malformed) in ${packets} packet${packets === 1 ? "" : "s"}, ${r.durationSeconds.toFixed(3)} s`,
    ),
  );
  const grid = el("div", { class: "tables" });
  grid.append(
    table(
      "BVLL functions",
      ["function", "frames"],
      [
        ...r.functions.map((f) => [f.name, f.frames]),
        ...r.malformedByCode.map((m) => [`malformed ${m.code}`, m.frames]),
      ],
      "functions",
    ),
    table(
      "BACnet services",
      ["service", "frames"],
      r.services.map((s) => [s.name, s.frames]),
      "services",
    ),
  );
  if (r.multicastGroups.length > 0)
    grid.append(
      table(
        "Multicast groups",
        ["group", "frames"],
        r.multicastGroups.map((g) => [g.group, g.frames]),
        "groups",
      ),
    );
  root.append(grid);
  root.append(
    table(
      "Talkers",
      ["address", "sent", "received", "octets sent", "octets received"],
      r.talkers.map((t) => [t.address, t.sent, t.received, t.octetsSent, t.octetsReceived]),
      "talkers",
    ),
    table(
      "VMAC table (as seen on the wire)",
      ["VMAC", "address", "frames", "first", "last", "state"],
      r.vmacs.flatMap((v) =>
        v.addresses.map((a, i) => [
          i === 0 ? formatVmac(v.vmac) : "",
          a.address + (a.relayed ? " (relayed)" : ""),
          a.frames,
          a.firstFrame,
          a.lastFrame,
          i === 0 ? v.state + (v.addressesLeftOut > 0 ? `, ${v.addressesLeftOut} more left out` : "") : "",
        ]),
      ),
      "vmacs",
    ),
    table(
      "Foreign devices and BBMDs",
      [
        "foreign device",
        "VMAC",
        "BBMD",
        "state",
        "TTL",
        "registrations",
        "accepted",
        "refused",
        "last Result",
        "frames",
        "deletes",
        "Distribute-Broadcasts",
      ],
      r.registrations.map((g) => [
        g.foreignDevice,
        formatVmac(g.vmac),
        g.bbmd,
        g.state,
        `${g.ttl} s`,
        g.registrations,
        g.accepted,
        g.refused,
        g.lastResult === undefined ? "none" : `0x${g.lastResult.toString(16).padStart(4, "0")}`,
        `${g.firstFrame}–${g.lastFrame}`,
        g.deletes,
        g.distributeBroadcasts,
      ]),
      "registrations",
    ),
    table(
      "Address resolution",
      ["request", "asked", "answered", "unanswered", "min", "mean", "max"],
      [
        resolutionRow("Address-Resolution", r.resolution.addressResolution),
        resolutionRow("Virtual-Address-Resolution", r.resolution.virtualAddressResolution),
      ],
      "resolution",
    ),
  );
  const full = r.limits.filter((l) => l.overflow > 0);
  if (full.length > 0)
    root.append(
      table(
        "Tables that reached their cap",
        ["table", "cap", "left out"],
        full.map((l) => [l.table, l.cap, l.overflow]),
        "limits",
      ),
    );
  root.append(
    el(
      "details",
      { class: "cli" },
      el("summary", {}, "As bip6-sniff -q --summary prints it"),
      el("pre", { id: "summary-text" }, text),
    ),
  );
  return root;
}
