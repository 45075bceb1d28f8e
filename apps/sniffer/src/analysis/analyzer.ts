/**
 * The capture analysis behind `--summary` and the findings: a state machine fed every
 * BACnet/IPv6 frame in capture order (time comes from the capture, never a clock), keeping
 * capped tables (VMACs, talkers, registrations, pending requests) and flagging frames that
 * break Annex U, each with its clause and frame numbers. Browser-safe.
 *
 * @module
 */
import { formatVmac, functionTitle, isKnownResultCode, readVmac, resultCodeTitle } from "@bip6/bvll6-codec";
import type { FrameContext, FrameFinding } from "../frame-context.js";
import { BACNET_LIMITS } from "../bacnet/index.js";
import { utf8Text } from "../bacnet/summary-writer.js";
import type { NpduFacts } from "../npdu.js";
import { be16 } from "../pcap/bytes.js";
import {
  bip6Key,
  endpointKey,
  isLinkLocalAt,
  isLoopbackOrUnspecifiedAt,
  isMulticastAt,
  isPlausibleUnicastAt,
} from "./address.js";
import { CappedMap, PendingMap } from "./capped.js";
import { FindingCollector } from "./findings.js";
import type {
  AnalysisReport,
  LimitReport,
  RegistrationReport,
  ResolutionReport,
  TalkerReport,
  VmacAddressReport,
  VmacReport,
} from "./report.js";

/** Caps of every table the analysis keeps; a full table refuses (and counts) new entries. */
export const ANALYSIS_LIMITS = {
  /** VMACs in the VMAC table. */
  vmacs: 4096,
  /** Addresses remembered per VMAC. */
  addressesPerVmac: 8,
  /** Addresses in the talker table. */
  talkers: 4096,
  /** Foreign-device ↔ BBMD pairs. */
  registrations: 1024,
  /** Requests waiting for an answer, per kind (Results, resolutions, forwarded resolutions, broadcasts); the oldest goes first. */
  pending: 4096,
  /** Distinct BACnet services counted. */
  services: 512,
  /** Address → VMAC entries (to know a relay's own VMAC). */
  addressVmacs: 4096,
  /** (relay, VMAC) pairs whose relayed original sources are tracked. */
  relayOrigins: 4096,
} as const;

/** How long a request may wait for its answer before it counts as unanswered (capture time). */
const ANSWER_WINDOW_MS = 3000;
/** How long a Forwarded-Address-Resolution is remembered for judging its answer. */
const FORWARDED_WINDOW_MS = 30_000;
/** The FDT grace period of U.4.5.5, in seconds. */
const GRACE_SECONDS = 30;

/** Result codes Annex U allows as the answer to each function, and the Python stack's wrong one. */
const RESULT_RULES: Readonly<Record<number, { allowed: readonly number[]; python?: number }>> = {
  0x03: { allowed: [0x0030] },
  0x06: { allowed: [0x0060], python: 0x0040 },
  0x09: { allowed: [0x0000, 0x0090], python: 0x0050 },
  0x0a: { allowed: [0x0000, 0x00a0], python: 0x0060 },
  0x0c: { allowed: [0x00c0], python: 0x0070 },
};

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, "0")}`;

interface VmacAddress {
  address: string;
  relayed: boolean;
  firstFrame: number;
  lastFrame: number;
  firstMs: number;
  lastMs: number;
  frames: number;
}

interface VmacEntry {
  addresses: VmacAddress[];
  current: number;
  moved: boolean;
  collision: boolean;
  overflow: number;
}

interface Registration {
  foreignDevice: string;
  bbmd: string;
  vmac: number;
  ttl: number;
  registrations: number;
  firstFrame: number;
  lastFrame: number;
  pending: boolean;
  /** Capture time of the Register frame of the registration last accepted. */
  acceptedAtMs: number | undefined;
  acceptedTtl: number;
  accepted: number;
  refused: number;
  state: "pending" | "registered" | "refused" | "deleted";
  lastResult: number | undefined;
  maxIntervalSeconds: number | undefined;
  deletes: number;
  distributeBroadcasts: number;
}

interface PendingRequest {
  fn: number;
  frame: number;
  ms: number;
  entry?: string;
}

interface PendingResolution {
  frame: number;
  ms: number;
}

interface ForwardedResolution {
  frame: number;
  ms: number;
  relay: string;
  origin: string;
}

interface PendingBroadcast {
  frame: number;
  ms: number;
  from: string;
  bbmd: string;
  why: string;
  resolved: boolean;
}

interface Latency {
  asked: number;
  answered: number;
  min: number;
  max: number;
  sum: number;
}

const newLatency = (): Latency => ({ asked: 0, answered: 0, min: Infinity, max: 0, sum: 0 });

/**
 * Feed it every BACnet/IPv6 frame with {@link observe} (in capture order); it returns the
 * findings that frame shows. {@link report} gives the summary and every finding so far.
 */
export class Analyzer {
  readonly #findings = new FindingCollector();
  readonly #functions = new Float64Array(256);
  readonly #malformed = new Map<string, number>();
  /** Frames per service, keyed by PDU type and service choice (or network message), with the name. */
  readonly #services = new CappedMap<number, { name: string; frames: number }>(ANALYSIS_LIMITS.services);
  readonly #summary = new Uint8Array(BACNET_LIMITS.maxSummaryOctets);
  readonly #talkers = new CappedMap<string, TalkerReport>(ANALYSIS_LIMITS.talkers);
  readonly #vmacs = new CappedMap<number, VmacEntry>(ANALYSIS_LIMITS.vmacs);
  readonly #addressVmac = new CappedMap<string, number>(ANALYSIS_LIMITS.addressVmacs);
  readonly #relays = new CappedMap<string, true>(ANALYSIS_LIMITS.addressVmacs);
  readonly #relayOrigins = new CappedMap<string, string[]>(ANALYSIS_LIMITS.relayOrigins);
  readonly #registrations = new CappedMap<string, Registration>(ANALYSIS_LIMITS.registrations);
  /** Requests a Result may answer, per requester>responder pair, newest last (at most 4 each). */
  readonly #results = new PendingMap<string, PendingRequest[]>(ANALYSIS_LIMITS.pending);
  readonly #resolutions = new PendingMap<string, PendingResolution>(ANALYSIS_LIMITS.pending);
  readonly #virtualResolutions = new PendingMap<string, PendingResolution>(ANALYSIS_LIMITS.pending);
  readonly #forwarded = new PendingMap<string, ForwardedResolution>(ANALYSIS_LIMITS.pending);
  readonly #forwardedByTarget = new PendingMap<number, ForwardedResolution>(ANALYSIS_LIMITS.pending);
  readonly #broadcasts = new PendingMap<string, PendingBroadcast>(ANALYSIS_LIMITS.pending);
  readonly #groups = new Map<string, { frames: number; firstFrame: number; scope: number }>();
  readonly #ar = newLatency();
  readonly #var = newLatency();
  #frames = 0;
  #scopesReported = false;
  #malformedFrames = 0;
  #firstMs: number | undefined;
  #lastMs = 0;
  #frame = 0;
  #ms = 0;

  /** Observes one frame; returns the findings it shows (also kept for the report). */
  observe(c: FrameContext): readonly FrameFinding[] {
    const findings = this.#findings;
    findings.newFrame();
    const p = c.packet;
    const ms = p.seconds * 1000 + p.nanoseconds / 1e6;
    this.#firstMs ??= ms;
    this.#lastMs = ms;
    this.#ms = ms;
    this.#frame = p.number;
    this.#frames++;
    this.#expire(ms);
    const d = p.data;
    const s = c.payloadStart;
    const e = c.payloadEnd;
    const src = endpointKey(d, c.ipAt + 8, c.udp[0] as number);
    const dstMulticast = isMulticastAt(d, c.ipAt + 24);
    const dst = endpointKey(d, c.ipAt + 24, c.udp[1] as number);
    this.#talk(src, dst, dstMulticast, e - s);
    if (dstMulticast) this.#group(d, c.ipAt + 24);
    if (!c.decodable) {
      this.#malformedFrames++;
      const error = c.record().error;
      if (error !== undefined) {
        this.#malformed.set(error.code, (this.#malformed.get(error.code) ?? 0) + 1);
        if (error.code === "LENGTH_MISMATCH") {
          findings.add("LENGTH_MISMATCH", src, `${src}: ${error.message}`, [p.number]);
        } else if (error.code !== "SNAPLEN_TRUNCATED" && error.code !== "IPV6_FRAGMENT") {
          findings.add("MALFORMED_BVLL", `${src} ${error.code}`, `${src}: ${error.code}: ${error.message}`, [p.number]);
        }
      }
      return findings.current;
    }
    const fn = d[s + 1] as number;
    this.#functions[fn] = (this.#functions[fn] as number) + 1;
    // Addresses inside frames are only suspicious when the capture itself is not on loopback.
    const onLoopback = isLoopbackOrUnspecifiedAt(d, c.ipAt + 8);
    switch (fn) {
      case 0x00:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#result(src, dst, readVmac(d, s + 4), be16(d, s + 7));
        break;
      case 0x01:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#unicastTo(readVmac(d, s + 7), dst);
        this.#npdu(c, src, fn, dstMulticast);
        break;
      case 0x02:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#npdu(c, src, fn, true);
        break;
      case 0x03: {
        const asker = readVmac(d, s + 4);
        this.#learn(asker, src, false);
        this.#ask(this.#resolutions, this.#ar, `${asker}>${readVmac(d, s + 7)}`);
        if (!dstMulticast) this.#request(src, dst, fn);
        break;
      }
      case 0x04:
        this.#forwardedResolution(c, src, onLoopback);
        break;
      case 0x05: {
        const resolved = readVmac(d, s + 4);
        const asker = readVmac(d, s + 7);
        this.#learn(resolved, src, false);
        this.#answer(this.#resolutions, this.#ar, `${asker}>${resolved}`);
        this.#ackRouting(resolved, asker, src, dst);
        break;
      }
      case 0x06:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#ask(this.#virtualResolutions, this.#var, `${src}>${dst}`);
        this.#request(src, dst, fn);
        break;
      case 0x07:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#answer(this.#virtualResolutions, this.#var, `${dst}>${src}`);
        break;
      case 0x08:
        this.#forwardedNpdu(c, src, onLoopback);
        break;
      case 0x09:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#register(src, dst, readVmac(d, s + 4), be16(d, s + 7));
        break;
      case 0x0a: {
        this.#learn(readVmac(d, s + 4), src, false);
        const entry = bip6Key(d, s + 7);
        if (!onLoopback && isLoopbackOrUnspecifiedAt(d, s + 7)) {
          findings.add(
            "LOOPBACK_ADDRESS",
            src,
            `Delete-Foreign-Device-Table-Entry from ${src} names ${entry}, a loopback address no BBMD has registered`,
            [p.number],
          );
        }
        this.#request(src, dst, fn, entry);
        const reg = this.#registrations.get(`${entry}>${dst}`);
        if (reg !== undefined) reg.deletes++;
        break;
      }
      case 0x0c:
        this.#learn(readVmac(d, s + 4), src, false);
        this.#distribute(src, dst);
        this.#npdu(c, src, fn, true);
        break;
      default:
        // Secure-BVLL and unknown functions carry nothing to learn from.
        break;
    }
    return findings.current;
  }

  /** The summary and every finding so far, closing the capture: unanswered requests count as such. */
  report(): AnalysisReport {
    // Broadcasts whose answer window passed count as unanswered; later ones are undecided.
    this.#expire(this.#lastMs);
    const groups = [...this.#groups.entries()];
    const scopes = new Set(groups.map(([, g]) => g.scope));
    if (scopes.size > 1 && !this.#scopesReported) {
      this.#scopesReported = true;
      this.#findings.add(
        "MIXED_MULTICAST_SCOPES",
        "groups",
        `broadcasts on ${groups.map(([name, g]) => `${name} (${g.frames} frames)`).join(", ")}`,
        groups.map(([, g]) => g.firstFrame),
        false,
      );
    }
    const latency = (l: Latency, pending: PendingMap<string, PendingResolution>): ResolutionReport => {
      let unanswered = 0;
      for (const [, r] of pending.entries()) if (this.#lastMs - r.ms >= ANSWER_WINDOW_MS) unanswered++;
      return {
        asked: l.asked,
        answered: l.answered,
        unanswered,
        minMs: l.answered > 0 ? round3(l.min) : undefined,
        meanMs: l.answered > 0 ? round3(l.sum / l.answered) : undefined,
        maxMs: l.answered > 0 ? round3(l.max) : undefined,
      };
    };
    const functions = [];
    for (let code = 0; code < 256; code++) {
      const n = this.#functions[code] as number;
      if (n > 0) functions.push({ code, name: functionTitle(code), frames: n });
    }
    const limits: LimitReport[] = [
      { table: "vmacs", cap: ANALYSIS_LIMITS.vmacs, overflow: this.#vmacs.overflow },
      { table: "talkers", cap: ANALYSIS_LIMITS.talkers, overflow: this.#talkers.overflow },
      { table: "registrations", cap: ANALYSIS_LIMITS.registrations, overflow: this.#registrations.overflow },
      { table: "services", cap: ANALYSIS_LIMITS.services, overflow: this.#services.overflow },
      {
        table: "pending",
        cap: ANALYSIS_LIMITS.pending,
        overflow:
          this.#results.dropped +
          this.#resolutions.dropped +
          this.#virtualResolutions.dropped +
          this.#forwarded.dropped +
          this.#broadcasts.dropped,
      },
      { table: "findings", cap: 512, overflow: this.#findings.overflow },
    ];
    return {
      frames: this.#frames,
      malformed: this.#malformedFrames,
      durationSeconds: this.#firstMs === undefined ? 0 : round3((this.#lastMs - this.#firstMs) / 1000),
      functions,
      malformedByCode: [...this.#malformed.entries()].map(([code, frames]) => ({ code, frames })),
      services: [...this.#services.values()]
        .map(({ name, frames }) => ({ name, frames }))
        .sort((a, b) => b.frames - a.frames),
      talkers: [...this.#talkers.values()]
        .map(({ address, sent, received, octetsSent, octetsReceived }) => ({
          address,
          sent,
          received,
          octetsSent,
          octetsReceived,
        }))
        .sort((a, b) => b.sent + b.received - (a.sent + a.received)),
      vmacs: [...this.#vmacs.entries()].sort((a, b) => a[0] - b[0]).map(([vmac, v]) => vmacReport(vmac, v)),
      registrations: [...this.#registrations.values()].map((r) => registrationReport(r, this.#lastMs)),
      resolution: {
        addressResolution: latency(this.#ar, this.#resolutions),
        virtualAddressResolution: latency(this.#var, this.#virtualResolutions),
      },
      multicastGroups: groups.map(([group, g]) => ({ group, frames: g.frames })),
      findings: this.#findings.reports(),
      limits,
    };
  }

  #talk(src: string, dst: string, dstMulticast: boolean, octets: number): void {
    const make = (address: string) => (): TalkerReport => ({
      address,
      sent: 0,
      received: 0,
      octetsSent: 0,
      octetsReceived: 0,
    });
    const a = this.#talkers.getOrAdd(src, make(src));
    if (a !== undefined) {
      a.sent++;
      a.octetsSent += octets;
    }
    if (dstMulticast) return;
    const b = this.#talkers.getOrAdd(dst, make(dst));
    if (b !== undefined) {
      b.received++;
      b.octetsReceived += octets;
    }
  }

  #group(d: Uint8Array, at: number): void {
    const name = endpointKey(d, at, 0).slice(1, -3);
    const g = this.#groups.get(name);
    if (g !== undefined) g.frames++;
    else if (this.#groups.size < 64)
      this.#groups.set(name, { frames: 1, firstFrame: this.#frame, scope: (d[at + 1] as number) & 0x0f });
  }

  /** "VMAC `v` is at `address`": the VMAC table, its moves and collisions. */
  #learn(v: number, address: string, relayed: boolean): void {
    if (!relayed) {
      this.#addressVmac.set(address, v);
      if (v > 0x7fffff && this.#outOfRangeFresh(v)) {
        this.#findings.add(
          "VMAC_OUT_OF_RANGE",
          formatVmac(v),
          `${address} uses VMAC ${formatVmac(v)}, outside both VMAC ranges (a random 24-bit VMAC?)`,
          [this.#frame],
        );
      }
    }
    const entry = this.#vmacs.getOrAdd(v, () => ({
      addresses: [],
      current: -1,
      moved: false,
      collision: false,
      overflow: 0,
    }));
    if (entry === undefined) return;
    const list = entry.addresses;
    let i = list.findIndex((a) => a.address === address);
    if (i < 0) {
      if (list.length >= ANALYSIS_LIMITS.addressesPerVmac) {
        entry.overflow++;
        return;
      }
      list.push({
        address,
        relayed,
        firstFrame: this.#frame,
        lastFrame: this.#frame,
        firstMs: this.#ms,
        lastMs: this.#ms,
        frames: 0,
      });
      i = list.length - 1;
      if (entry.current >= 0) entry.moved = true;
    } else if (i !== entry.current && entry.current >= 0) {
      // Back to an address it had used before: two addresses are using the VMAC at once.
      const other = list[entry.current] as VmacAddress;
      const a = list[i] as VmacAddress;
      entry.collision = true;
      this.#findings.add(
        "VMAC_COLLISION",
        formatVmac(v),
        `VMAC ${formatVmac(v)} is used by ${a.address} and ${other.address}`,
        [a.firstFrame, other.firstFrame, this.#frame],
      );
    }
    entry.current = i;
    const a = list[i] as VmacAddress;
    a.lastFrame = this.#frame;
    a.lastMs = this.#ms;
    a.frames++;
    if (!relayed) a.relayed = false;
  }

  readonly #reportedOutOfRange = new Set<number>();

  #outOfRangeFresh(v: number): boolean {
    if (this.#reportedOutOfRange.has(v) || this.#reportedOutOfRange.size >= ANALYSIS_LIMITS.vmacs) return false;
    this.#reportedOutOfRange.add(v);
    return true;
  }

  #request(requester: string, responder: string, fn: number, entry?: string): void {
    const key = `${requester}>${responder}`;
    const list = (this.#results.get(key) ?? []).filter((r) => r.fn !== fn);
    list.push({ fn, frame: this.#frame, ms: this.#ms, entry });
    if (list.length > 4) list.shift();
    this.#results.set(key, list);
  }

  /**
   * The request a Result answers: the newest one whose function the code belongs to (Annex U's
   * or the Python stack's), else the newest one (whose answer the code then is not).
   */
  #answered(key: string, code: number): PendingRequest | undefined {
    const list = this.#results.get(key);
    if (list === undefined || list.length === 0) return undefined;
    let i = list.length - 1;
    for (let j = list.length - 1; j >= 0; j--) {
      const rule = RESULT_RULES[(list[j] as PendingRequest).fn];
      if (rule !== undefined && (rule.allowed.includes(code) || rule.python === code)) {
        i = j;
        break;
      }
    }
    const [req] = list.splice(i, 1);
    if (list.length === 0) this.#results.delete(key);
    return req;
  }

  #ask(pending: PendingMap<string, PendingResolution>, stats: Latency, key: string): void {
    // A retry keeps the first request's time: latency is what the asker waited in all.
    if (pending.get(key) !== undefined) return;
    stats.asked++;
    pending.set(key, { frame: this.#frame, ms: this.#ms });
  }

  #answer(pending: PendingMap<string, PendingResolution>, stats: Latency, key: string): void {
    const r = pending.get(key);
    if (r === undefined) return;
    pending.delete(key);
    const ms = this.#ms - r.ms;
    stats.answered++;
    stats.sum += ms;
    stats.min = Math.min(stats.min, ms);
    stats.max = Math.max(stats.max, ms);
  }

  #result(responder: string, requester: string, responderVmac: number, code: number): void {
    const findings = this.#findings;
    const far = this.#forwardedByTarget.get(responderVmac);
    if (code === 0x0030 && far !== undefined && this.#ms - far.ms <= FORWARDED_WINDOW_MS) {
      this.#forwardedByTarget.delete(responderVmac);
      findings.add(
        "FORWARDED_AR_NAK",
        responder,
        `${responder} answers the Forwarded-Address-Resolution for its own VMAC ${formatVmac(responderVmac)} (frame ${far.frame}) with Result 0x0030 instead of an Address-Resolution-ACK to ${far.origin}`,
        [far.frame, this.#frame],
      );
      return;
    }
    const key = `${requester}>${responder}`;
    const req = this.#answered(key, code);
    if (req === undefined) {
      if (!isKnownResultCode(code)) {
        findings.add(
          "NONSTANDARD_RESULT_CODE",
          `${responder} ${hex4(code)}`,
          `Result ${hex4(code)} from ${responder} is not a code Annex U defines`,
          [this.#frame],
        );
      }
      return;
    }
    const rule = RESULT_RULES[req.fn];
    if (rule !== undefined && !rule.allowed.includes(code)) {
      const allowed = rule.allowed.map((a) => `${hex4(a)} ${resultCodeTitle(a)}`).join(" or ");
      const python = rule.python === code ? " (the code one Python stack sends)" : "";
      findings.add(
        "NONSTANDARD_RESULT_CODE",
        `${responder} ${hex4(code)} ${functionTitle(req.fn)}`,
        `Result ${hex4(code)}${python} from ${responder} answers ${functionTitle(req.fn)} (frame ${req.frame}); Annex U answers it with ${allowed}`,
        [req.frame, this.#frame],
      );
    }
    if (req.fn === 0x09) {
      const reg = this.#registrations.get(key);
      if (reg !== undefined) {
        reg.pending = false;
        reg.lastResult = code;
        if (code === 0x0000) {
          reg.accepted++;
          reg.state = "registered";
          reg.acceptedAtMs = req.ms;
          reg.acceptedTtl = reg.ttl;
        } else {
          reg.refused++;
          reg.state = "refused";
        }
      }
    } else if (req.fn === 0x0a && code === 0x0000 && req.entry !== undefined) {
      const reg = this.#registrations.get(`${req.entry}>${responder}`);
      if (reg !== undefined) reg.state = "deleted";
    } else if (req.fn === 0x0c) {
      const b = this.#broadcasts.get(key);
      if (b !== undefined) {
        b.resolved = true;
        if (code !== 0x00c0) {
          findings.add(
            "DBTN_UNREGISTERED",
            `${requester}>${responder}`,
            `${responder} answers the Distribute-Broadcast-To-Network of ${requester} (frame ${b.frame}, ${b.why}) with Result ${hex4(code)}, not 0x00C0`,
            [b.frame, this.#frame],
          );
        }
      }
    }
  }

  #register(fd: string, bbmd: string, vmac: number, ttl: number): void {
    const key = `${fd}>${bbmd}`;
    const reg = this.#registrations.getOrAdd(key, () => ({
      foreignDevice: fd,
      bbmd,
      vmac,
      ttl,
      registrations: 0,
      firstFrame: this.#frame,
      lastFrame: this.#frame,
      pending: false,
      acceptedAtMs: undefined,
      acceptedTtl: 0,
      accepted: 0,
      refused: 0,
      state: "pending",
      lastResult: undefined,
      maxIntervalSeconds: undefined,
      deletes: 0,
      distributeBroadcasts: 0,
    }));
    if (reg === undefined) return;
    if (reg.acceptedAtMs !== undefined && !reg.pending) {
      const interval = (this.#ms - reg.acceptedAtMs) / 1000;
      reg.maxIntervalSeconds = Math.max(reg.maxIntervalSeconds ?? 0, round3(interval));
      if (interval >= reg.acceptedTtl && reg.state === "registered") {
        const expired = interval > reg.acceptedTtl + GRACE_SECONDS;
        this.#findings.add(
          "LATE_RENEWAL",
          key,
          `${fd} renews its registration with ${bbmd} after ${round3(interval)} s, ` +
            (expired
              ? `when the entry (TTL ${reg.acceptedTtl} s + ${GRACE_SECONDS} s grace) had already expired`
              : `not before its TTL of ${reg.acceptedTtl} s ran out: it relies on the BBMD's ${GRACE_SECONDS} s grace`),
          [this.#frame],
        );
      }
    }
    reg.vmac = vmac;
    reg.ttl = ttl;
    reg.registrations++;
    reg.lastFrame = this.#frame;
    reg.pending = true;
    if (reg.state !== "registered") reg.state = "pending";
    this.#request(fd, bbmd, 0x09);
  }

  /** Whether `fd` is registered with `bbmd` as far as the capture shows. */
  #registered(reg: Registration | undefined): { state: "yes" | "no" | "unknown"; why: string } {
    if (reg === undefined) return { state: "unknown", why: "" };
    if (reg.state === "refused")
      return { state: "no", why: `its registration was refused with ${hex4(reg.lastResult ?? 0)}` };
    if (reg.state === "deleted") return { state: "no", why: "its registration was deleted" };
    if (reg.acceptedAtMs !== undefined) {
      const age = (this.#ms - reg.acceptedAtMs) / 1000;
      if (age > reg.acceptedTtl + GRACE_SECONDS) {
        return {
          state: "no",
          why: `its registration (TTL ${reg.acceptedTtl} s) expired ${round3(age - reg.acceptedTtl - GRACE_SECONDS)} s before`,
        };
      }
      return { state: "yes", why: "" };
    }
    return { state: "unknown", why: "" };
  }

  #distribute(fd: string, bbmd: string): void {
    const key = `${fd}>${bbmd}`;
    const reg = this.#registrations.get(key);
    if (reg !== undefined) {
      reg.distributeBroadcasts++;
      if (reg.pending && reg.acceptedAtMs === undefined && reg.state !== "refused") {
        this.#findings.add(
          "DBTN_BEFORE_REGISTRATION",
          key,
          `${fd} sends Distribute-Broadcast-To-Network to ${bbmd} before the BBMD answered its Register-Foreign-Device (frame ${reg.lastFrame})`,
          [reg.lastFrame, this.#frame],
        );
      }
    }
    const status = this.#registered(reg);
    if (status.state === "no") {
      this.#broadcasts.set(key, { frame: this.#frame, ms: this.#ms, from: fd, bbmd, why: status.why, resolved: false });
    }
    this.#request(fd, bbmd, 0x0c);
  }

  /** Broadcasts from unregistered senders whose answer window passed unanswered. */
  #expire(now: number): void {
    for (const [key, b] of this.#broadcasts.entries()) {
      if (now - b.ms < ANSWER_WINDOW_MS) break;
      this.#broadcasts.delete(key);
      if (b.resolved) continue;
      this.#findings.add(
        "DBTN_UNREGISTERED",
        key,
        `${b.bbmd} does not answer the Distribute-Broadcast-To-Network of ${b.from} (${b.why}) with Result 0x00C0: it drops it silently`,
        [b.frame],
        false,
      );
    }
  }

  #unicastTo(destination: number, to: string): void {
    const entry = this.#vmacs.get(destination);
    if (entry === undefined || entry.current < 0) return;
    const at = entry.addresses[entry.current] as VmacAddress;
    if (at.address === to || entry.collision) return;
    const toVmac = this.#addressVmac.get(to);
    if (toVmac === undefined || toVmac === destination) return;
    const relay = this.#relays.has(to) ? ", the BBMD that relayed its broadcast," : "";
    this.#findings.add(
      "UNICAST_TO_WRONG_ADDRESS",
      `${formatVmac(destination)} ${to}`,
      `Original-Unicast-NPDU for VMAC ${formatVmac(destination)} went to ${to}${relay} (VMAC ${formatVmac(toVmac)}), but ${formatVmac(destination)} is at ${at.address}`,
      [this.#frame],
    );
  }

  /** Counts the NPDU's service and checks what a broadcast may carry, on the decoder's allocation-free path. */
  #npdu(c: FrameContext, src: string, fn: number, broadcast: boolean, relay?: string): void {
    // The frame's one walk of the NPDU, shared with the filter and the text line.
    const facts = c.npduFacts() as NpduFacts;
    const out = this.#summary;
    const n = c.writeNpduSummary(out, 0);
    // One entry per PDU type and service (or network message); named by its summary's first word.
    const key =
      facts.networkMessage >= 0
        ? 0x10000 + facts.networkMessage
        : facts.pduType < 0
          ? -1
          : facts.pduType * 256 + (facts.service & 0xff);
    const entry = this.#services.getOrAdd(key, () => {
      let stop = 0;
      while (stop < n && out[stop] !== 0x20) stop++;
      return { name: key === -1 ? "(undecodable NPDU)" : utf8Text(out, 0, stop), frames: 0 };
    });
    if (entry !== undefined) entry.frames++;
    if (broadcast && facts.confirmedRequest) {
      this.#findings.add(
        "CONFIRMED_REQUEST_BROADCAST",
        src,
        `${src} broadcasts a confirmed request (${utf8Text(out, 0, n)}) as ${functionTitle(fn)}${relay === undefined ? "" : ` relayed by ${relay}`}`,
        [this.#frame],
      );
    }
  }

  #relayedSource(d: Uint8Array, at: number, relay: string, origin: string, what: string, onLoopback: boolean): void {
    if (isLinkLocalAt(d, at)) {
      this.#findings.add(
        "RELAYED_LINK_LOCAL_SOURCE",
        origin,
        `${what} from ${relay} carries the link-local original source ${origin}, unreachable from other links`,
        [this.#frame],
      );
    } else if (!onLoopback && isLoopbackOrUnspecifiedAt(d, at)) {
      this.#findings.add(
        "LOOPBACK_ADDRESS",
        `${relay} ${origin}`,
        `${what} from ${relay} names ${origin} as its original source`,
        [this.#frame],
      );
    }
  }

  #forwardedResolution(c: FrameContext, relay: string, onLoopback: boolean): void {
    const d = c.packet.data;
    const s = c.payloadStart;
    const origVmac = readVmac(d, s + 4);
    let target = readVmac(d, s + 7);
    let at = s + 10;
    // Annex U: VMAC, target VMAC, then the address. One stack writes the address before the
    // target: then the "address" starts inside the real one and the "target" is its first octets.
    const known = this.#vmacs.get(origVmac);
    const altKey = bip6Key(d, s + 7);
    const altKnown = known?.addresses.some((a) => a.address === altKey) === true;
    if (
      altKnown ||
      (isPlausibleUnicastAt(d, s + 7) && !isPlausibleUnicastAt(d, s + 10) && readVmac(d, s + 25) <= 0x7fffff)
    ) {
      const realTarget = readVmac(d, s + 25);
      this.#findings.add(
        "FORWARDED_AR_MISORDERED",
        relay,
        `Forwarded-Address-Resolution from ${relay} puts the address ${altKey} before the target VMAC ${formatVmac(realTarget)}`,
        [this.#frame],
      );
      target = realTarget;
      at = s + 7;
    }
    const origin = bip6Key(d, at);
    this.#relays.set(relay, true);
    this.#relayedSource(d, at, relay, origin, "Forwarded-Address-Resolution", onLoopback);
    this.#learn(origVmac, origin, origin !== relay);
    const f: ForwardedResolution = { frame: this.#frame, ms: this.#ms, relay, origin };
    this.#forwarded.set(`${target}>${origVmac}`, f);
    this.#forwardedByTarget.set(target, f);
  }

  #ackRouting(resolved: number, asker: number, from: string, to: string): void {
    const key = `${resolved}>${asker}`;
    const f = this.#forwarded.get(key);
    if (f === undefined || this.#ms - f.ms > FORWARDED_WINDOW_MS) return;
    this.#forwarded.delete(key);
    this.#forwardedByTarget.delete(resolved);
    if (to === f.origin) return;
    if (to === f.relay || this.#relays.has(to)) {
      this.#findings.add(
        "ACK_TO_RELAY",
        from,
        `Address-Resolution-ACK from ${from} for the request forwarded in frame ${f.frame} went to the BBMD ${to}, not to the original source ${f.origin}`,
        [f.frame, this.#frame],
      );
    }
  }

  #forwardedNpdu(c: FrameContext, relay: string, onLoopback: boolean): void {
    const d = c.packet.data;
    const s = c.payloadStart;
    const origVmac = readVmac(d, s + 4);
    const origin = bip6Key(d, s + 7);
    this.#relays.set(relay, true);
    this.#relayedSource(d, s + 7, relay, origin, "Forwarded-NPDU", onLoopback);
    const relayVmac = this.#addressVmac.get(relay);
    let learn = true;
    if (origin !== relay) {
      let stamped = relayVmac !== undefined && relayVmac === origVmac;
      if (!stamped) {
        const k = `${relay}|${origVmac}`;
        const origins = this.#relayOrigins.getOrAdd(k, () => []);
        if (origins !== undefined && !origins.includes(origin) && origins.length < 4) origins.push(origin);
        stamped = origins !== undefined && origins.length >= 2;
      }
      if (stamped) {
        learn = false;
        this.#findings.add(
          "FORWARDED_NPDU_RELAY_VMAC",
          relay,
          `Forwarded-NPDU from ${relay} gives its own VMAC ${formatVmac(origVmac)} as the source of ${origin}`,
          [this.#frame],
        );
      }
    } else {
      // The relay names itself: its own broadcast, unless the VMAC is someone else's.
      const elsewhere = this.#vmacs.get(origVmac);
      const at =
        elsewhere !== undefined && elsewhere.current >= 0
          ? (elsewhere.addresses[elsewhere.current] as VmacAddress)
          : undefined;
      const foreign =
        relayVmac !== undefined ? relayVmac !== origVmac : at !== undefined && at.address !== relay && !at.relayed;
      if (foreign) {
        learn = false;
        this.#findings.add(
          "FORWARDED_NPDU_SOURCE_REPLACED",
          relay,
          `Forwarded-NPDU from ${relay} for VMAC ${formatVmac(origVmac)}${at !== undefined ? ` (at ${at.address})` : ""} names the BBMD itself as the original source`,
          [this.#frame],
        );
      }
    }
    if (learn) this.#learn(origVmac, origin, origin !== relay);
    // A Distribute-Broadcast from an unregistered sender must not be relayed.
    const b = this.#broadcasts.get(`${origin}>${relay}`);
    if (b !== undefined && !b.resolved) {
      b.resolved = true;
      this.#findings.add(
        "DBTN_UNREGISTERED",
        `${origin}>${relay}`,
        `${relay} relays the Distribute-Broadcast-To-Network of ${origin} (frame ${b.frame}, ${b.why}) instead of answering 0x00C0`,
        [b.frame, this.#frame],
      );
    }
    this.#npdu(c, origin, 0x08, true, relay);
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function vmacReport(vmac: number, v: VmacEntry): VmacReport {
  const addresses: VmacAddressReport[] = v.addresses.map((a) => ({
    address: a.address,
    relayed: a.relayed,
    frames: a.frames,
    firstFrame: a.firstFrame,
    lastFrame: a.lastFrame,
    firstSeen: a.firstMs / 1000,
    lastSeen: a.lastMs / 1000,
  }));
  return {
    vmac,
    addresses,
    state: v.collision ? "collision" : v.moved ? "moved" : "ok",
    addressesLeftOut: v.overflow,
  };
}

function registrationReport(r: Registration, endMs: number): RegistrationReport {
  const expired =
    r.state === "registered" &&
    r.acceptedAtMs !== undefined &&
    endMs - r.acceptedAtMs > (r.acceptedTtl + GRACE_SECONDS) * 1000;
  return {
    foreignDevice: r.foreignDevice,
    bbmd: r.bbmd,
    vmac: r.vmac,
    ttl: r.ttl,
    registrations: r.registrations,
    accepted: r.accepted,
    refused: r.refused,
    state: expired ? "expired" : r.state,
    lastResult: r.lastResult,
    firstFrame: r.firstFrame,
    lastFrame: r.lastFrame,
    maxIntervalSeconds: r.maxIntervalSeconds,
    deletes: r.deletes,
    distributeBroadcasts: r.distributeBroadcasts,
  };
}
