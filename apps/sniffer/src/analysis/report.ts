/**
 * What the analysis reports after the last frame (`--summary`, `-z bip6,…`), as data for
 * programs and the browser decoder page, and as the text the CLI prints.
 *
 * @module
 */
import { formatVmac } from "@bip6/bvll6-codec";
import type { FindingReport } from "./findings.js";

/** Frames sent and received by one address. */
export interface TalkerReport {
  readonly address: string;
  sent: number;
  /** Unicast frames addressed to it (multicasts are counted per group). */
  received: number;
  octetsSent: number;
  octetsReceived: number;
}

/** One address a VMAC was seen at. */
export interface VmacAddressReport {
  readonly address: string;
  /** Learnt only from relayed frames (Forwarded-NPDU, Forwarded-Address-Resolution). */
  readonly relayed: boolean;
  readonly frames: number;
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** Capture time, seconds since the epoch. */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/** One VMAC of the table as seen on the wire. */
export interface VmacReport {
  readonly vmac: number;
  readonly addresses: readonly VmacAddressReport[];
  /** `moved`: a new address and the old one fell silent (a restart on a new port); `collision`: both in use. */
  readonly state: "ok" | "moved" | "collision";
  readonly addressesLeftOut: number;
}

/** One foreign device's relationship with one BBMD. */
export interface RegistrationReport {
  readonly foreignDevice: string;
  readonly bbmd: string;
  readonly vmac: number;
  /** TTL of the last Register-Foreign-Device, seconds. */
  readonly ttl: number;
  readonly registrations: number;
  readonly accepted: number;
  readonly refused: number;
  /** At the end of the capture. `expired`: accepted, but not renewed within TTL + 30 s. */
  readonly state: "pending" | "registered" | "refused" | "deleted" | "expired";
  readonly lastResult: number | undefined;
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** Longest time between an accepted registration and the next one, seconds. */
  readonly maxIntervalSeconds: number | undefined;
  readonly deletes: number;
  readonly distributeBroadcasts: number;
}

/** Requests and their answer times. */
export interface ResolutionReport {
  readonly asked: number;
  readonly answered: number;
  /** Asked at least 3 s before the capture ended and never answered. */
  readonly unanswered: number;
  readonly minMs: number | undefined;
  readonly meanMs: number | undefined;
  readonly maxMs: number | undefined;
}

/** A capped table and how many entries it had to leave out. */
export interface LimitReport {
  readonly table: string;
  readonly cap: number;
  readonly overflow: number;
}

/** The whole analysis of a capture. */
export interface AnalysisReport {
  readonly frames: number;
  readonly malformed: number;
  readonly durationSeconds: number;
  readonly functions: readonly { readonly code: number; readonly name: string; readonly frames: number }[];
  readonly malformedByCode: readonly { readonly code: string; readonly frames: number }[];
  /** By the first word of the NPDU summary (`I-Am`, `ReadProperty-Request` …). */
  readonly services: readonly { readonly name: string; readonly frames: number }[];
  readonly talkers: readonly TalkerReport[];
  readonly vmacs: readonly VmacReport[];
  readonly registrations: readonly RegistrationReport[];
  readonly resolution: {
    readonly addressResolution: ResolutionReport;
    readonly virtualAddressResolution: ResolutionReport;
  };
  readonly multicastGroups: readonly { readonly group: string; readonly frames: number }[];
  readonly findings: readonly FindingReport[];
  readonly limits: readonly LimitReport[];
}

/** The sections `-z bip6,SECTION` prints; `summary` is all of them. */
export const REPORT_SECTIONS = ["summary", "functions", "talkers", "vmacs", "fd", "resolution", "findings"] as const;

/** One of {@link REPORT_SECTIONS}. */
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const RULE = "=".repeat(78);
const LINE = "-".repeat(78);

const framesText = (frames: readonly number[], count: number): string =>
  `frame${frames.length === 1 ? "" : "s"} ${frames.join(", ")}${count > frames.length && frames.length >= 16 ? ", …" : ""}`;

function ms(n: number | undefined): string {
  return n === undefined ? "-" : `${n.toFixed(3)} ms`;
}

function resolutionLine(name: string, r: ResolutionReport): string {
  return (
    `  ${name.padEnd(28)} asked ${r.asked}, answered ${r.answered}, unanswered ${r.unanswered}` +
    (r.answered > 0 ? `; latency min ${ms(r.minMs)}, mean ${ms(r.meanMs)}, max ${ms(r.maxMs)}` : "")
  );
}

/** The findings part of the report as text lines. */
export function findingLines(findings: readonly FindingReport[]): string[] {
  if (findings.length === 0) return ["  none"];
  const out: string[] = [];
  for (const f of findings) {
    out.push(`  [${f.code}] ${f.clause}: ${f.title}`);
    out.push(`      ${f.text}`);
    out.push(`      ${f.count === 1 ? "once" : `${f.count} times`}, ${framesText(f.frames, f.count)}`);
  }
  return out;
}

/**
 * The report as tshark-style statistics text: a `=` rule, a title, the sections asked for,
 * a closing rule. `packets` is how many packets the run read (frames are BACnet/IPv6 only).
 */
export function formatReport(r: AnalysisReport, sections: readonly ReportSection[], packets: number): string {
  const all = sections.includes("summary");
  const want = (s: ReportSection): boolean => all || sections.includes(s);
  const out: string[] = [RULE, "bip6-sniff summary"];
  out.push(
    `${r.frames} BACnet/IPv6 frame${r.frames === 1 ? "" : "s"} (${r.malformed} malformed) in ${packets} packet${packets === 1 ? "" : "s"}, ${r.durationSeconds.toFixed(3)} s`,
  );
  if (want("functions")) {
    out.push(LINE, "BVLL functions:");
    for (const f of r.functions) out.push(`  ${f.name.padEnd(36)} ${String(f.frames).padStart(9)}`);
    for (const m of r.malformedByCode)
      out.push(`  ${`malformed ${m.code}`.padEnd(36)} ${String(m.frames).padStart(9)}`);
    out.push("BACnet services:");
    if (r.services.length === 0) out.push("  none");
    for (const s of r.services) out.push(`  ${s.name.padEnd(36)} ${String(s.frames).padStart(9)}`);
    if (r.multicastGroups.length > 0) {
      out.push("Multicast groups:");
      for (const g of r.multicastGroups) out.push(`  ${g.group.padEnd(36)} ${String(g.frames).padStart(9)}`);
    }
  }
  if (want("talkers")) {
    out.push(LINE, `Talkers:${" ".repeat(40)}   sent  received  octets sent`);
    for (const t of r.talkers) {
      out.push(
        `  ${t.address.padEnd(46)} ${String(t.sent).padStart(6)} ${String(t.received).padStart(9)} ${String(t.octetsSent).padStart(12)}`,
      );
    }
  }
  if (want("vmacs")) {
    out.push(LINE, "VMAC table (as seen on the wire):");
    if (r.vmacs.length === 0) out.push("  none");
    for (const v of r.vmacs) {
      const note = v.state === "ok" ? "" : ` [${v.state}]`;
      v.addresses.forEach((a, i) => {
        out.push(
          `  ${(i === 0 ? formatVmac(v.vmac) : "").padEnd(7)} ${a.address.padEnd(40)} frames ${String(a.frames).padStart(6)}, first ${a.firstFrame}, last ${a.lastFrame}${a.relayed ? " (relayed)" : ""}${i === 0 ? note : ""}`,
        );
      });
      if (v.addressesLeftOut > 0) out.push(`          … ${v.addressesLeftOut} more address sightings left out`);
    }
  }
  if (want("fd")) {
    out.push(LINE, "Foreign devices and BBMDs:");
    if (r.registrations.length === 0) out.push("  none");
    for (const g of r.registrations) {
      out.push(`  ${g.foreignDevice} (VMAC ${formatVmac(g.vmac)}) → BBMD ${g.bbmd}: ${g.state}`);
      const result =
        g.lastResult === undefined ? "no Result" : `last Result 0x${g.lastResult.toString(16).padStart(4, "0")}`;
      const interval = g.maxIntervalSeconds === undefined ? "" : `, longest renewal interval ${g.maxIntervalSeconds} s`;
      out.push(
        `      TTL ${g.ttl} s, ${g.registrations} registration${g.registrations === 1 ? "" : "s"} (${g.accepted} accepted, ${g.refused} refused, ${result})${interval}, ` +
          `frames ${g.firstFrame}-${g.lastFrame}, ${g.deletes} delete${g.deletes === 1 ? "" : "s"}, ${g.distributeBroadcasts} Distribute-Broadcast-To-Network`,
      );
    }
  }
  if (want("resolution")) {
    out.push(LINE, "Address resolution:");
    out.push(resolutionLine("Address-Resolution", r.resolution.addressResolution));
    out.push(resolutionLine("Virtual-Address-Resolution", r.resolution.virtualAddressResolution));
  }
  if (want("findings")) {
    out.push(LINE, `Findings (${r.findings.length}):`, ...findingLines(r.findings));
  }
  const full = r.limits.filter((l) => l.overflow > 0);
  if (full.length > 0) {
    out.push(LINE, "Tables that reached their cap:");
    for (const l of full) out.push(`  ${l.table}: cap ${l.cap}, ${l.overflow} left out`);
  }
  out.push(RULE);
  return `${out.join("\n")}\n`;
}
