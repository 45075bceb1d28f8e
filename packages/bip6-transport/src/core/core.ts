import {
  Bip6Address,
  type Bvll6Frame,
  Bvll6ResultCode,
  frameSourceVmac,
  isKnownResultCode,
  isVmac,
  npduProblem,
  MAX_NPDU_LENGTH,
  tryDecodeFrame,
  Bvll6DecodeError,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import type { BbmdSnapshot, BbmdStats } from "@bip6/bbmd6";
import type { ForeignDeviceStats } from "@bip6/foreign-device6";
import { randomVmac, VmacTable } from "@bip6/vmac-cache";
import { Bip6TransportError, type Bip6TransportErrorCode } from "../errors.js";
import type { ReceivedNpdu } from "../events.js";
import type { DropReason, TransportCounters } from "../stats.js";
import type { CoreAction, CoreOutput, RequestId, TransportEventRecord } from "./actions.js";
import type { CoreConfig } from "./config.js";
import { type Counters, countDrop, newCounters, snapshotCounters } from "./counters.js";
import { isConfirmedRequest } from "./npdu-header.js";
import { Budget, HeldQueue, type PendingRequest, ResolutionQueue } from "./pending.js";
import { VmacProbe } from "./probe.js";
import { arrivalProblem } from "./provenance.js";
import type { Role, RoleHost } from "./role.js";
import { BbmdRole } from "./role-bbmd.js";
import { ForeignDeviceRole, type RegistrationSnapshot } from "./role-foreign-device.js";
import { NodeRole } from "./role-node.js";

const NO_ACTIONS: readonly CoreAction[] = Object.freeze([]);

function failure(request: RequestId, code: Bip6TransportErrorCode, message: string): CoreAction {
  return { type: "fail", request, error: new Bip6TransportError(code, message) };
}

/** Why an address cannot be a destination (or a relayed original source), or `undefined`. */
function unreachable(address: Bip6Address): string | undefined {
  if (address.isMulticast) return "a multicast address";
  if (address.isUnspecified) return "the unspecified address";
  if (address.isIpv4Mapped) return "an IPv4-mapped address";
  if (address.port === 0) return "port 0";
  return undefined;
}

/**
 * The sans-IO core of a BACnet/IPv6 datalink: the ingress pipeline of annex-u.md §3 (decode →
 * own datagrams → provenance → VMAC learning → role → node rules → delivery), egress with
 * address resolution, the VMAC probe of H.7.2 and one role (node, BBMD, foreign device). Datagrams, calls and the
 * time go in; `{ actions, wakeAt }` comes out. No sockets, no timers, no clock.
 *
 * Every call first runs what was due at `now` (retries, deadlines, the role's timers), so a
 * late `tick()` only delays work. Every call (`RequestId`) is settled exactly once by a
 * datagram that carries it, a `complete`, `resolved` or `fail` action.
 */
export class TransportCore {
  /** The VMAC table (VMAC → address), learned from every accepted frame. */
  readonly table: VmacTable;
  readonly #config: CoreConfig;
  readonly #counters: Counters;
  readonly #role: Role;
  readonly #budget: Budget;
  readonly #held: HeldQueue;
  readonly #resolving: ResolutionQueue<Vmac, Vmac>;
  readonly #virtual: ResolutionQueue<string, Bip6Address>;
  readonly #probe: VmacProbe | undefined;
  #vmac: Vmac;
  #now = Number.NEGATIVE_INFINITY;
  /** The VMAC is not settled yet (random: probing, or a foreign device waiting to register first). */
  #probing: boolean;
  #started = false;
  #closed = false;

  /** A core for `config` (checked by the caller: `Bip6Transport.open()` builds it from the options). */
  constructor(config: CoreConfig) {
    this.#config = config;
    this.#counters = newCounters();
    this.table = new VmacTable({ ...config.vmacTable, now: () => this.#now });
    this.#budget = new Budget(config.resolution.maxPending, config.resolution.maxPendingPerVmac);
    this.#held = new HeldQueue(this.#budget);
    this.#resolving = new ResolutionQueue(this.#budget, config.resolution.retry);
    this.#virtual = new ResolutionQueue(this.#budget, config.resolution.retry);
    const random = config.vmac.mode === "random";
    this.#vmac = random ? randomVmac(config.random) : (config.vmac.value as Vmac);
    this.#probing = random;
    this.#probe = random ? new VmacProbe(config.probe.attempts, config.probe.intervalMs) : undefined;
    this.#counters.vmac.probing = random;
    const role = config.role;
    const host = this.#host();
    this.#role =
      role.kind === "bbmd"
        ? new BbmdRole(host, role.bbmd, this.#vmac)
        : role.kind === "foreign-device"
          ? new ForeignDeviceRole(host, role.foreignDevice, role.beforeRegistration, this.#vmac)
          : new NodeRole(host, config.multicastAvailable);
  }

  /** Our VMAC (a random one may still be under probe: see {@link probing}). */
  get vmac(): Vmac {
    return this.#vmac;
  }

  /** True while a random VMAC is not settled (probing, or a foreign device not yet registered to probe). */
  get probing(): boolean {
    return this.#probing;
  }

  /** The role's kind. */
  get roleKind(): Role["kind"] {
    return this.#role.kind;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A snapshot of the counters (the shell that drives the core adds its own, like `sent`). */
  get counters(): TransportCounters {
    return snapshotCounters(this.#counters);
  }

  /**
   * The live counters, for the shell that drives this core.
   * @hidden
   */
  get liveCounters(): Counters {
    return this.#counters;
  }

  /** Calls waiting now. */
  get pending(): number {
    return this.#budget.used;
  }

  /** Earliest time any part has work. */
  get wakeAt(): number | undefined {
    if (this.#closed) return undefined;
    // Plain comparisons, no array: this runs a few times per datagram.
    let w = this.#role.wakeAt;
    let x = this.#probe?.wakeAt;
    if (x !== undefined && (w === undefined || x < w)) w = x;
    if (this.#held.size > 0) {
      x = this.#held.wakeAt;
      if (x !== undefined && (w === undefined || x < w)) w = x;
    }
    if (this.#resolving.size > 0) {
      x = this.#resolving.wakeAt;
      if (x !== undefined && (w === undefined || x < w)) w = x;
    }
    if (this.#virtual.size > 0) {
      x = this.#virtual.wakeAt;
      if (x !== undefined && (w === undefined || x < w)) w = x;
    }
    return w;
  }

  /** Starts the role (a foreign device registers) and the VMAC probe. */
  start(now: number): CoreOutput {
    const t = this.#time(now);
    if (this.#started || this.#closed) return this.#output(NO_ACTIONS);
    this.#started = true;
    const out: CoreAction[] = [];
    this.#role.start(t, out);
    // A foreign device probes through its BBMD, which relays only for registered devices.
    if (this.#probe !== undefined && this.#role.kind !== "foreign-device") this.#beginProbe(t, out);
    this.#runDue(t, out);
    return this.#output(out);
  }

  /** Runs timers: retries, deadlines, the probe, the role's renewals and expiries. */
  tick(now: number): CoreOutput {
    const t = this.#time(now);
    if (this.#closed) return this.#output(NO_ACTIONS);
    const out: CoreAction[] = [];
    this.#runDue(t, out);
    return this.#output(out);
  }

  /** One received datagram: decode, then {@link handleFrame}. Malformed ones are counted by code and dropped. */
  receive(bytes: Uint8Array, from: Bip6Address, via: Via, now: number): CoreOutput {
    const frame = tryDecodeFrame(bytes);
    if (frame instanceof Bvll6DecodeError) {
      const t = this.#time(now);
      this.#counters.malformed[frame.code]++;
      countDrop(this.#counters, "malformed");
      if (this.#closed) return this.#output(NO_ACTIONS);
      const out: CoreAction[] = [];
      this.#runDue(t, out);
      return this.#output(out);
    }
    return this.handleFrame(frame, from, via, now);
  }

  /** The ingress pipeline for one decoded frame (annex-u.md §3). */
  handleFrame(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number): CoreOutput {
    const t = this.#time(now);
    if (this.#closed) return this.#output(NO_ACTIONS);
    let out: CoreAction[] | undefined;
    if (this.#due(t)) {
      out = [];
      this.#runDue(t, out);
    }
    out = this.#ingress(frame, from, via, t, out);
    return this.#output(out ?? NO_ACTIONS);
  }

  /** Sends `npdu` to a VMAC or an address (resolving it first when unknown). */
  sendUnicast(request: RequestId, npdu: Uint8Array, to: Vmac | Bip6Address, now: number): CoreOutput {
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (this.#due(t)) this.#runDue(t, out);
    const problem = this.#callProblem(npdu) ?? this.#destinationProblem(to);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
      return this.#output(out);
    }
    const deadline = t + this.#config.resolution.timeoutMs;
    if (this.#probing) {
      this.#hold({ kind: "unicast", id: request, npdu: npdu.slice(), deadline, to }, out);
    } else {
      this.#unicast(request, npdu, to, deadline, t, out, true);
    }
    return this.#output(out);
  }

  /** Broadcasts `npdu` the role's way (group, Distribute-Broadcast-To-Network, BBMD fan-out). */
  sendBroadcast(request: RequestId, npdu: Uint8Array, now: number): CoreOutput {
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (this.#due(t)) this.#runDue(t, out);
    const problem = this.#callProblem(npdu);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
      return this.#output(out);
    }
    if (this.#role.kind === "node" && !this.#config.multicastAvailable) {
      out.push(
        failure(request, "NO_MULTICAST", "this port cannot multicast (loopback): a node has no way to broadcast here"),
      );
      return this.#output(out);
    }
    const readiness = this.#role.broadcastReadiness();
    if (readiness === "fail") {
      out.push(failure(request, "NOT_REGISTERED", "not registered with the BBMD (beforeRegistration: fail)"));
    } else if (this.#probing || readiness === "wait") {
      this.#hold({ kind: "broadcast", id: request, npdu: npdu.slice(), deadline: t + this.#timeout }, out);
    } else {
      this.#role.broadcast(npdu, request, t, out);
    }
    return this.#output(out);
  }

  /** Learns the VMAC behind `address` (Virtual-Address-Resolution when the table does not know it). */
  resolveVmac(request: RequestId, address: Bip6Address, now: number): CoreOutput {
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (this.#due(t)) this.#runDue(t, out);
    const problem = this.#closed ? (["CLOSED", "the transport is closed"] as const) : this.#destinationProblem(address);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
      return this.#output(out);
    }
    const request_: PendingRequest = { kind: "resolve", id: request, address, deadline: t + this.#timeout };
    if (this.#probing) this.#hold(request_, out);
    else this.#resolve(request_, t, out);
    return this.#output(out);
  }

  /**
   * Stops: a foreign device sends its Delete-Foreign-Device-Table-Entry (first in the output),
   * every waiting call fails with `CLOSED`. Nothing happens afterwards.
   */
  close(now: number): CoreOutput {
    const t = this.#time(now);
    if (this.#closed) return this.#output(NO_ACTIONS);
    const out: CoreAction[] = [];
    if (this.#started) this.#role.stop(t, out);
    this.#closed = true;
    this.#probe?.cancel();
    const all = [...this.#held.clear(), ...this.#resolving.clear(), ...this.#virtual.clear()];
    for (const r of all) out.push(failure(r.id, "CLOSED", "the transport closed before this call completed"));
    this.#syncPending();
    return { actions: out, wakeAt: undefined };
  }

  /**
   * The port refused a datagram that no call waited on (the shell reports it): a
   * Virtual-Address-Resolution to an address the port cannot reach fails every call waiting
   * for that address at once, with `error`, instead of at the deadline.
   */
  refused(frame: Bvll6Frame, to: Bip6Address | undefined, error: Bip6TransportError, now: number): CoreOutput {
    this.#time(now);
    if (frame.kind !== "VirtualAddressResolution" || to === undefined || !this.#virtual.has(to.key)) {
      return this.#output(NO_ACTIONS);
    }
    const out: CoreAction[] = [];
    for (const r of this.#virtual.take(to.key)) out.push({ type: "fail", request: r.id, error });
    this.#syncPending();
    return this.#output(out);
  }

  /** The VMAC table now. */
  peers(now: number): ReturnType<VmacTable["snapshot"]> {
    return this.table.snapshot(Math.max(now, this.#now));
  }

  /** The BBMD's tables (BBMD role). */
  bbmdSnapshot(now: number): BbmdSnapshot | undefined {
    return this.#role instanceof BbmdRole ? this.#role.snapshot(Math.max(now, this.#now)) : undefined;
  }

  /** The registration (foreign-device role). */
  registration(): RegistrationSnapshot | undefined {
    if (!(this.#role instanceof ForeignDeviceRole)) return undefined;
    this.#role.heldBroadcasts = this.#held.broadcasts;
    return this.#role.snapshot();
  }

  /** The role's counters. */
  roleStats(): { bbmd?: BbmdStats; foreignDevice?: ForeignDeviceStats } {
    if (this.#role instanceof BbmdRole) return { bbmd: this.#role.stats() };
    if (this.#role instanceof ForeignDeviceRole) return { foreignDevice: this.#role.stats() };
    return {};
  }

  // ---- what roles may ask of the core -------------------------------------------------

  /** The core as its role sees it (kept off the public class). */
  #host(): RoleHost {
    const vmac = (): Vmac => this.#vmac;
    return {
      get vmac() {
        return vmac();
      },
      deliver: (out, npdu, sourceVmac, source, broadcast, via, relayedBy) =>
        this.#deliver(out, npdu, sourceVmac, source, broadcast, via, relayedBy),
      event: (out, record) => this.#event(out, record),
      drop: (reason) => countDrop(this.#counters, reason),
      registered: (now, out) => this.#registered(now, out),
    };
  }

  #deliver(
    out: CoreAction[],
    npdu: Uint8Array,
    sourceVmac: Vmac,
    source: Bip6Address,
    broadcast: boolean,
    via: Via,
    relayedBy: Bip6Address | undefined,
  ): void {
    if (broadcast && isConfirmedRequest(npdu)) {
      countDrop(this.#counters, "confirmed-request-broadcast");
      return;
    }
    if (broadcast) this.#counters.delivered.broadcast++;
    else this.#counters.delivered.unicast++;
    const message: ReceivedNpdu =
      relayedBy === undefined
        ? { npdu, sourceVmac, source, broadcast, via }
        : { npdu, sourceVmac, source, broadcast, via, relayedBy };
    out.push({ type: "deliver", message });
  }

  #event(out: CoreAction[], record: TransportEventRecord): void {
    out.push({ type: "event", event: record });
  }

  #registered(now: number, out: CoreAction[]): void {
    if (this.#probing && this.#probe !== undefined && !this.#probe.active) this.#beginProbe(now, out);
    this.#releaseHeld(now, out);
  }

  // ---- ingress -------------------------------------------------------------------------

  #ingress(
    frame: Bvll6Frame,
    from: Bip6Address,
    via: Via,
    t: number,
    out: CoreAction[] | undefined,
  ): CoreAction[] | undefined {
    const c = this.#counters;
    c.received[frame.kind]++;
    // 1. Our own datagrams, by source address (every local address with our port), not by VMAC.
    if (this.#isOwn(from)) return this.#dropped("own", out);
    // 2. Provenance: how this function may arrive, and who may relay.
    const arrival = arrivalProblem(frame.kind, via);
    if (arrival !== undefined) return this.#dropped(arrival, out);
    let origin = from;
    let unreachableOrigin = false;
    if (frame.kind === "ForwardedNpdu" || frame.kind === "ForwardedAddressResolution") {
      if (!this.#role.trustsRelay(frame, from, via)) return this.#dropped("relay-not-trusted", out);
      origin = frame.originalSource;
      if (this.#isOwn(origin)) return this.#dropped("own-relayed", out);
      if (unreachable(origin) !== undefined) return this.#dropped("invalid-original-source", out);
      if (origin.isLinkLocal) {
        // Link-local on the originator's link, which is not ours: nobody here can reach it.
        unreachableOrigin = true;
        c.unreachableSources++;
        out ??= [];
        this.#event(out, {
          name: "unreachable-source",
          payload: { source: origin, sourceVmac: frame.originalSourceVmac, relayedBy: from, frame: frame.kind, at: t },
        });
      }
    }
    const vmac = this.#vmac;
    if (
      (frame.kind === "OriginalUnicastNpdu" ||
        frame.kind === "AddressResolutionAck" ||
        frame.kind === "VirtualAddressResolutionAck") &&
      frame.destinationVmac !== vmac
    ) {
      return this.#dropped("not-for-me", out);
    }
    // 3. Our VMAC from another address: a collision, unless it is another node's probe for it.
    const source = frameSourceVmac(frame) as Vmac;
    if (source === vmac) {
      const probeQuestion =
        (frame.kind === "AddressResolution" || frame.kind === "ForwardedAddressResolution") &&
        frame.targetVmac === vmac &&
        !this.#probing;
      if (!probeQuestion) {
        out ??= [];
        this.#collision(frame, origin, t, out);
        return out;
      }
      c.vmac.probesAnswered++;
    } else if (!unreachableOrigin) {
      // 4. Learning: the originator (for relayed frames the original source, never the relay).
      out = this.#learn(source, origin, t, out);
    }
    // 5. The role's rules, then the node rules for what it leaves.
    out ??= [];
    if (frame.kind === "BvlcResult" && !isKnownResultCode(frame.resultCode)) {
      this.#unknownResult(frame.resultCode, frame.sourceVmac, from, out);
    }
    const verdict = this.#role.handle(frame, from, via, t, out);
    if (verdict !== "not-mine") return out;
    this.#nodeRules(frame, from, via, origin, unreachableOrigin, out);
    return out;
  }

  #nodeRules(
    frame: Bvll6Frame,
    from: Bip6Address,
    via: Via,
    origin: Bip6Address,
    unreachableOrigin: boolean,
    out: CoreAction[],
  ): void {
    const vmac = this.#vmac;
    switch (frame.kind) {
      case "OriginalUnicastNpdu":
        this.#deliver(out, frame.npdu, frame.sourceVmac, from, false, via, undefined);
        return;
      case "OriginalBroadcastNpdu":
        this.#deliver(out, frame.npdu, frame.sourceVmac, from, true, via, undefined);
        return;
      case "ForwardedNpdu":
        this.#deliver(out, frame.npdu, frame.originalSourceVmac, origin, true, via, from);
        return;
      case "AddressResolution":
        if (frame.targetVmac === vmac && !this.#probing)
          this.#answer(from, "AddressResolutionAck", frame.sourceVmac, out);
        return;
      case "ForwardedAddressResolution":
        if (frame.targetVmac !== vmac || this.#probing) return;
        // To the asker named in the message, not the BBMD that relayed it (annex-u.md §3).
        if (unreachableOrigin) countDrop(this.#counters, "unreachable-asker");
        else this.#answer(origin, "AddressResolutionAck", frame.originalSourceVmac, out);
        return;
      case "VirtualAddressResolution":
        if (!this.#probing) this.#answer(from, "VirtualAddressResolutionAck", frame.sourceVmac, out);
        return;
      case "AddressResolutionAck":
      case "VirtualAddressResolutionAck":
        return; // learned above; waiting sends were flushed there
      case "RegisterForeignDevice":
        this.#nak(from, Bvll6ResultCode.RegisterForeignDeviceNak, out);
        return;
      case "DeleteForeignDeviceTableEntry":
        this.#nak(from, Bvll6ResultCode.DeleteForeignDeviceTableEntryNak, out);
        return;
      case "DistributeBroadcastToNetwork":
        this.#nak(from, Bvll6ResultCode.DistributeBroadcastToNetworkNak, out);
        return;
      case "BvlcResult":
        countDrop(this.#counters, "unexpected-result");
        return;
      default:
        return; // Secure-BVLL and unknown functions never get here (provenance)
    }
  }

  #unknownResult(resultCode: number, sourceVmac: Vmac, from: Bip6Address, out: CoreAction[]): void {
    this.#counters.unknownResults++;
    this.#event(out, { name: "unknown-result", payload: { resultCode, from, sourceVmac, at: this.#now } });
  }

  #answer(
    to: Bip6Address,
    kind: "AddressResolutionAck" | "VirtualAddressResolutionAck",
    asker: Vmac,
    out: CoreAction[],
  ): void {
    out.push({ type: "send", to, frame: { kind, sourceVmac: this.#vmac, destinationVmac: asker } });
  }

  #nak(to: Bip6Address, resultCode: number, out: CoreAction[]): void {
    out.push({ type: "send", to, frame: { kind: "BvlcResult", sourceVmac: this.#vmac, resultCode } });
  }

  #learn(vmac: Vmac, address: Bip6Address, t: number, out: CoreAction[] | undefined): CoreAction[] | undefined {
    const r = this.table.learn(vmac, address, t);
    if (r.outcome === "new" || r.outcome === "moved") {
      out ??= [];
      const payload =
        r.outcome === "new"
          ? { change: "learned" as const, vmac, address, at: t }
          : { change: "moved" as const, vmac, address, previous: r.previous, at: t };
      this.#event(out, {
        name: "peer",
        payload: r.displacedVmac === undefined ? payload : { ...payload, displacedVmac: r.displacedVmac },
      });
    } else if (r.outcome === "pinned-conflict") {
      return out;
    }
    if (this.#resolving.size > 0 && this.#resolving.has(vmac)) {
      out ??= [];
      this.#counters.resolution.resolved++;
      for (const q of this.#resolving.take(vmac)) this.#sendNow(q, vmac, address, out);
      this.#syncPending();
    }
    if (this.#virtual.size > 0 && this.#virtual.has(address.key)) {
      out ??= [];
      this.#counters.resolution.virtualResolved++;
      for (const q of this.#virtual.take(address.key)) {
        if (q.kind === "resolve") {
          out.push({ type: "resolved", request: q.id, vmac });
        } else if (q.kind === "unicast") {
          // To the address the caller named, with the VMAC it turned out to have.
          this.#sendNow(q, vmac, q.to instanceof Bip6Address ? q.to : address, out);
        }
      }
      this.#syncPending();
    }
    return out;
  }

  #collision(frame: Bvll6Frame, other: Bip6Address, t: number, out: CoreAction[]): void {
    const c = this.#counters;
    c.vmac.collisions++;
    countDrop(c, "vmac-collision");
    // A BBMD keeps its VMAC: its registrations and peers know it by it.
    const adopt = this.#config.vmac.mode === "random" && this.#role.kind !== "bbmd";
    const action = !adopt ? "report" : this.#probing ? "probe" : "repick";
    this.#event(out, {
      name: "vmac-collision",
      payload: { vmac: this.#vmac, from: other, frame: frame.kind, action, at: t },
    });
    if (adopt) this.#repick(action === "probe" ? "probe-answered" : "collision", t, out);
  }

  #repick(reason: "collision" | "probe-answered", t: number, out: CoreAction[]): void {
    const previous = this.#vmac;
    let next = randomVmac(this.#config.random);
    for (let i = 0; next === previous && i < 8; i++) next = randomVmac(this.#config.random);
    this.#vmac = next;
    this.#counters.vmac.changes++;
    this.#probing = true;
    this.#counters.vmac.probing = true;
    this.#event(out, { name: "vmac-changed", payload: { previous, vmac: next, reason, at: t } });
    this.#role.setVmac(next, t, out);
    this.#probe?.cancel();
    // A foreign device re-registers with the new VMAC first; it probes once confirmed.
    if (this.#role.kind !== "foreign-device") this.#beginProbe(t, out);
  }

  // ---- egress --------------------------------------------------------------------------

  #unicast(
    request: RequestId,
    npdu: Uint8Array,
    to: Vmac | Bip6Address,
    deadline: number,
    t: number,
    out: CoreAction[],
    fresh: boolean,
  ): void {
    if (typeof to === "number") {
      const address = this.table.lookup(to, t);
      if (address !== undefined) {
        out.push({ type: "send", to: address, frame: this.#unicastFrame(to, npdu), request });
        return;
      }
      const r: PendingRequest = { kind: "unicast", id: request, npdu: fresh ? npdu.slice() : npdu, deadline, to };
      const outcome = this.#resolving.add(to, to, r, t);
      if (outcome === "started") {
        if (this.#role.resolve(to, t, out)) {
          this.#counters.resolution.started++;
        } else {
          this.#resolving.take(to);
          out.push(
            failure(
              request,
              "NO_MULTICAST",
              "VMAC unknown and this port cannot multicast an Address-Resolution (loopback): address the peer by [ipv6]:port",
            ),
          );
        }
      } else if (outcome !== "joined") {
        out.push(this.#queueFull(request, outcome));
      }
      this.#syncPending();
      return;
    }
    const vmac = this.table.lookupVmac(to, t);
    if (vmac !== undefined) {
      out.push({ type: "send", to, frame: this.#unicastFrame(vmac, npdu), request });
      return;
    }
    const r: PendingRequest = { kind: "unicast", id: request, npdu: fresh ? npdu.slice() : npdu, deadline, to };
    this.#virtualAdd(to, r, t, out);
  }

  #resolve(r: PendingRequest & { kind: "resolve" }, t: number, out: CoreAction[]): void {
    const vmac = this.table.lookupVmac(r.address, t);
    if (vmac !== undefined) {
      out.push({ type: "resolved", request: r.id, vmac });
      return;
    }
    this.#virtualAdd(r.address, r, t, out);
  }

  #virtualAdd(address: Bip6Address, r: PendingRequest, t: number, out: CoreAction[]): void {
    const outcome = this.#virtual.add(address.key, address, r, t);
    if (outcome === "started") {
      this.#counters.resolution.virtualStarted++;
      this.#sendVirtual(address, out);
    } else if (outcome !== "joined") {
      out.push(this.#queueFull(r.id, outcome));
    }
    this.#syncPending();
  }

  #sendVirtual(address: Bip6Address, out: CoreAction[]): void {
    out.push({ type: "send", to: address, frame: { kind: "VirtualAddressResolution", sourceVmac: this.#vmac } });
  }

  #sendNow(q: PendingRequest, vmac: Vmac, address: Bip6Address, out: CoreAction[]): void {
    if (q.kind !== "unicast") return;
    out.push({ type: "send", to: address, frame: this.#unicastFrame(vmac, q.npdu), request: q.id });
  }

  #unicastFrame(destinationVmac: Vmac, npdu: Uint8Array): Bvll6Frame {
    return { kind: "OriginalUnicastNpdu", sourceVmac: this.#vmac, destinationVmac, npdu };
  }

  #queueFull(request: RequestId, outcome: "full" | "full-for-key"): CoreAction {
    const r = this.#config.resolution;
    return failure(
      request,
      "QUEUE_FULL",
      outcome === "full"
        ? `${r.maxPending} sends and resolutions are waiting already (resolution.maxPending)`
        : `${r.maxPendingPerVmac} sends wait for this destination already (resolution.maxPendingPerVmac)`,
    );
  }

  #hold(r: PendingRequest, out: CoreAction[]): void {
    if (!this.#held.add(r)) out.push(this.#queueFull(r.id, "full"));
    this.#syncPending();
  }

  /** Lets go of held calls that can proceed now. */
  #releaseHeld(t: number, out: CoreAction[]): void {
    if (this.#held.size === 0 || this.#probing) return;
    const broadcastReady = this.#role.broadcastReadiness();
    const go = this.#held.release((r) => r.kind !== "broadcast" || broadcastReady !== "wait");
    this.#syncPending();
    for (const r of go) {
      if (r.kind === "unicast") this.#unicast(r.id, r.npdu, r.to, r.deadline, t, out, false);
      else if (r.kind === "resolve") this.#resolve(r, t, out);
      else if (broadcastReady === "fail") out.push(failure(r.id, "NOT_REGISTERED", "not registered with the BBMD"));
      else this.#role.broadcast(r.npdu, r.id, t, out);
    }
  }

  // ---- timers --------------------------------------------------------------------------

  #due(t: number): boolean {
    const w = this.wakeAt;
    return w !== undefined && t >= w;
  }

  #runDue(t: number, out: CoreAction[]): void {
    const role = this.#role;
    const rw = role.wakeAt;
    if (rw !== undefined && t >= rw) role.tick(t, out);
    this.#stepProbe(t, out);
    for (const r of this.#held.expire(t)) {
      out.push(
        r.kind === "broadcast" && !this.#probing
          ? failure(r.id, "NOT_REGISTERED", "still not registered with the BBMD at the deadline (resolution.timeoutMs)")
          : failure(r.id, "NOT_READY", "the random VMAC was still being probed at the deadline (resolution.timeoutMs)"),
      );
    }
    const ar = this.#resolving.due(t);
    if (ar !== undefined) {
      for (const r of ar.expired) out.push(this.#timeout_(r, "Address-Resolution"));
      for (const e of ar.retry) {
        this.#counters.resolution.retries++;
        role.resolve(e.target, t, out);
      }
      for (const e of ar.gaveUp) {
        this.#counters.resolution.failed++;
        this.#event(out, {
          name: "resolution-failed",
          payload: { kind: "address-resolution", vmac: e.target, attempts: e.attempts, requests: e.expired, at: t },
        });
      }
    }
    const vr = this.#virtual.due(t);
    if (vr !== undefined) {
      for (const r of vr.expired) out.push(this.#timeout_(r, "Virtual-Address-Resolution"));
      for (const e of vr.retry) {
        this.#counters.resolution.virtualRetries++;
        this.#sendVirtual(e.target, out);
      }
      for (const e of vr.gaveUp) {
        this.#counters.resolution.virtualFailed++;
        this.#event(out, {
          name: "resolution-failed",
          payload: {
            kind: "virtual-address-resolution",
            address: e.target,
            attempts: e.attempts,
            requests: e.expired,
            at: t,
          },
        });
      }
    }
    this.#syncPending();
  }

  #timeout_(r: PendingRequest, what: string): CoreAction {
    const target = r.kind === "resolve" ? r.address.toString() : r.kind === "unicast" ? String(r.to) : "";
    return failure(r.id, "RESOLUTION_TIMEOUT", `no answer to ${what} for ${target} within ${this.#timeout} ms`);
  }

  #beginProbe(t: number, out: CoreAction[]): void {
    this.#probe?.start(t);
    this.#stepProbe(t, out);
  }

  #stepProbe(t: number, out: CoreAction[]): void {
    const probe = this.#probe;
    if (probe === undefined || !probe.active) return;
    for (let step = probe.step(t); step !== undefined; step = probe.step(t)) {
      if (step === "passed") {
        this.#settle(t, out);
        return;
      }
      if (this.#role.resolve(this.#vmac, t, out)) {
        this.#counters.vmac.probesSent++;
      } else {
        // Nobody can be asked (a node on loopback): take the candidate unprobed.
        probe.cancel();
        this.#settle(t, out);
        return;
      }
    }
  }

  #settle(t: number, out: CoreAction[]): void {
    this.#probing = false;
    this.#counters.vmac.probing = false;
    this.#releaseHeld(t, out);
  }

  // ---- checks and plumbing ---------------------------------------------------------------

  get #timeout(): number {
    return this.#config.resolution.timeoutMs;
  }

  #callProblem(npdu: Uint8Array): readonly [Bip6TransportErrorCode, string] | undefined {
    if (this.#closed) return ["CLOSED", "the transport is closed"];
    const problem = npduProblem(npdu);
    if (problem === undefined) return undefined;
    return [npdu instanceof Uint8Array && npdu.length > MAX_NPDU_LENGTH ? "NPDU_TOO_LONG" : "INVALID_NPDU", problem];
  }

  #destinationProblem(to: unknown): readonly [Bip6TransportErrorCode, string] | undefined {
    if (typeof to === "number") {
      if (!isVmac(to)) return ["INVALID_DESTINATION", `a VMAC is an integer 0-0xFFFFFF, got ${String(to)}`];
      if (to === this.#vmac) return ["INVALID_DESTINATION", "that is our own VMAC"];
      return undefined;
    }
    if (!(to instanceof Bip6Address)) {
      return ["INVALID_DESTINATION", `expected a VMAC, a Bip6Address or "[ipv6]:port" text, got ${String(to)}`];
    }
    const why = unreachable(to);
    if (why !== undefined) return ["INVALID_DESTINATION", `cannot send to ${to.toString()}: ${why}`];
    if (this.#isOwn(to)) return ["INVALID_DESTINATION", `${to.toString()} is our own address`];
    return undefined;
  }

  #isOwn(address: Bip6Address): boolean {
    for (const own of this.#config.localAddresses) if (own.equals(address)) return true;
    return false;
  }

  #dropped(reason: DropReason, out: CoreAction[] | undefined): CoreAction[] | undefined {
    countDrop(this.#counters, reason);
    return out;
  }

  #syncPending(): void {
    this.#counters.resolution.pending = this.#budget.used;
  }

  #time(now: number): number {
    if (typeof now !== "number" || !Number.isFinite(now)) {
      throw new Bip6TransportError("INVALID_OPTION", `the clock returned ${String(now)}, not a finite number of ms`);
    }
    if (now > this.#now) this.#now = now;
    return this.#now;
  }

  #output(actions: readonly CoreAction[]): CoreOutput {
    return { actions, wakeAt: this.wakeAt };
  }
}
