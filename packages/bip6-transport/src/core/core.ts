import {
  type Bip6Address,
  type Bvll6Frame,
  Bvll6DecodeError,
  isVmac,
  npduProblem,
  tryDecodeFrame,
  type Via,
  type Vmac,
} from "@bip6/bvll6-codec";
import type { BbmdSnapshot, BbmdStats } from "@bip6/bbmd6";
import type { ForeignDeviceStats } from "@bip6/foreign-device6";
import type { VmacTable } from "@bip6/vmac-cache";
import { Bip6TransportError } from "../errors.js";
import type { TransportCounters } from "../stats.js";
import type { CoreAction, CoreOutput, RequestId } from "./actions.js";
import { BroadcastResend } from "./broadcast-resend.js";
import { callProblem, destinationProblem } from "./checks.js";
import type { CoreConfig } from "./config.js";
import { CoreContext } from "./context.js";
import { type Counters, countDrop, snapshotCounters } from "./counters.js";
import { broadcast, hold, unicast } from "./egress.js";
import { failure } from "./failures.js";
import { ingress } from "./ingress.js";
import { beginProbe } from "./probe.js";
import { refuseAddress, resolveAddress } from "./resolution.js";
import type { Role } from "./role.js";
import { BbmdRole } from "./role-bbmd.js";
import { ForeignDeviceRole, type RegistrationSnapshot } from "./role-foreign-device.js";
import { roleHost } from "./role-host.js";
import { NodeRole } from "./role-node.js";
import { isDue, runDue, wakeAt } from "./timers.js";

const NO_ACTIONS: readonly CoreAction[] = Object.freeze([]);

/** The role of `config`, living in the core of `ctx`. */
function createRole(ctx: CoreContext): Role {
  const role = ctx.config.role;
  const host = roleHost(ctx);
  if (role.kind === "bbmd") return new BbmdRole(host, role.bbmd, ctx.vmac);
  if (role.kind === "foreign-device") {
    const resend = new BroadcastResend(ctx.counters.broadcastResend, ctx.config.resolution.timeoutMs);
    return new ForeignDeviceRole(host, role.foreignDevice, role.beforeRegistration, ctx.vmac, resend);
  }
  return new NodeRole(host, ctx.config.multicastAvailable);
}

/**
 * The sans-IO core of a BACnet/IPv6 datalink: the ingress pipeline of annex-u.md §3 (decode →
 * own datagrams → provenance → VMAC learning → role → node rules → delivery), egress with
 * address resolution, the VMAC probe of H.7.2 and one role (node, BBMD, foreign device).
 * Datagrams, calls and the time go in; `{ actions, wakeAt }` comes out. No sockets, no timers,
 * no clock.
 *
 * Every call first runs what was due at `now` (retries, deadlines, the role's timers), so a
 * late `tick()` only delays work. Every call (`RequestId`) is settled exactly once by a
 * datagram that carries it, a `complete`, `resolved` or `fail` action.
 *
 * This class is the way in; the steps live beside it, one file each (ingress, node rules,
 * learning, collision, egress, resolution, probe, timers) over one shared `CoreContext`.
 */
export class TransportCore {
  /** The VMAC table (VMAC → address), learned from every accepted frame. */
  readonly table: VmacTable;
  readonly #ctx: CoreContext;

  /** A core for `config` (checked by the caller: `Bip6Transport.open()` builds it from the options). */
  constructor(config: CoreConfig) {
    const ctx = new CoreContext(config);
    ctx.role = createRole(ctx);
    this.#ctx = ctx;
    this.table = ctx.table;
  }

  /** Our VMAC (a random one may still be under probe: see {@link probing}). */
  get vmac(): Vmac {
    return this.#ctx.vmac;
  }

  /** True while a random VMAC is not settled (probing, or a foreign device not yet registered to probe). */
  get probing(): boolean {
    return this.#ctx.probing;
  }

  /** The role's kind. */
  get roleKind(): Role["kind"] {
    return this.#ctx.role.kind;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#ctx.closed;
  }

  /** A snapshot of the counters (the shell that drives the core adds its own, like `sent`). */
  get counters(): TransportCounters {
    const ctx = this.#ctx;
    return snapshotCounters(ctx.counters, { pending: ctx.budget.used, probing: ctx.probing });
  }

  /**
   * The live counters, for the shell that drives this core.
   * @hidden
   */
  get liveCounters(): Counters {
    return this.#ctx.counters;
  }

  /** Calls waiting now. */
  get pending(): number {
    return this.#ctx.budget.used;
  }

  /** Earliest time any part has work. */
  get wakeAt(): number | undefined {
    return wakeAt(this.#ctx);
  }

  /** Starts the role (a foreign device registers) and the VMAC probe. */
  start(now: number): CoreOutput {
    const ctx = this.#ctx;
    const t = this.#time(now);
    if (ctx.started || ctx.closed) return this.#output(NO_ACTIONS);
    ctx.started = true;
    const out: CoreAction[] = [];
    ctx.role.start(t, out);
    // A foreign device registers first and probes once confirmed (roleHost.registered): its BBMD
    // relays a unicast Address-Resolution only from a registered device (annex-u.md §4), so a
    // probe sent before would pass unheard. Until the probe passed, only the Register (and the
    // probe) carry the candidate: node rules answer nothing with it (node-rules.ts), calls wait.
    if (ctx.probe !== undefined && ctx.role.kind !== "foreign-device") beginProbe(ctx, t, out);
    runDue(ctx, t, out);
    return this.#output(out);
  }

  /** Runs timers: retries, deadlines, the probe, the role's renewals and expiries. */
  tick(now: number): CoreOutput {
    const t = this.#time(now);
    if (this.#ctx.closed) return this.#output(NO_ACTIONS);
    const out: CoreAction[] = [];
    runDue(this.#ctx, t, out);
    return this.#output(out);
  }

  /** One received datagram: decode, then {@link handleFrame}. Malformed ones are counted by code and dropped. */
  receive(bytes: Uint8Array, from: Bip6Address, via: Via, now: number): CoreOutput {
    return this.#output(this.receiveActions(bytes, from, via, now));
  }

  /**
   * {@link receive} without the output object: the actions only (the shell reads {@link wakeAt}
   * once afterwards, instead of once per output and once more to arm its timer).
   * @hidden
   */
  receiveActions(bytes: Uint8Array, from: Bip6Address, via: Via, now: number): readonly CoreAction[] {
    const frame = tryDecodeFrame(bytes);
    if (frame instanceof Bvll6DecodeError) {
      const ctx = this.#ctx;
      const t = this.#time(now);
      ctx.counters.malformed[frame.code]++;
      countDrop(ctx.counters, "malformed");
      if (ctx.closed) return NO_ACTIONS;
      const out: CoreAction[] = [];
      runDue(ctx, t, out);
      return out;
    }
    return this.#frameActions(frame, from, via, now);
  }

  /** The ingress pipeline for one decoded frame (annex-u.md §3). */
  handleFrame(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number): CoreOutput {
    return this.#output(this.#frameActions(frame, from, via, now));
  }

  #frameActions(frame: Bvll6Frame, from: Bip6Address, via: Via, now: number): readonly CoreAction[] {
    const ctx = this.#ctx;
    const t = this.#time(now);
    if (ctx.closed) return NO_ACTIONS;
    let out: CoreAction[] | undefined;
    if (isDue(ctx, t)) {
      out = [];
      runDue(ctx, t, out);
    }
    out = ingress(ctx, frame, from, via, t, out);
    return out ?? NO_ACTIONS;
  }

  /** Sends `npdu` to a VMAC or an address (resolving it first when unknown). */
  sendUnicast(request: RequestId, npdu: Uint8Array, to: Vmac | Bip6Address, now: number): CoreOutput {
    const ctx = this.#ctx;
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (isDue(ctx, t)) runDue(ctx, t, out);
    const problem = callProblem(ctx.closed, npdu) ?? destinationProblem(ctx.config, ctx.vmac, to);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
      return this.#output(out);
    }
    const deadline = t + ctx.config.resolution.timeoutMs;
    if (ctx.probing) hold(ctx, { kind: "unicast", id: request, npdu: npdu.slice(), deadline, to }, out);
    else unicast(ctx, request, npdu, to, deadline, t, out, true);
    return this.#output(out);
  }

  /**
   * The fast path of {@link sendUnicast} for its common case: the address to send `npdu` to
   * now as Original-Unicast-NPDU from our VMAC to `to`, when the call would do exactly that
   * (open, VMAC settled, nothing due, `to` a valid VMAC not ours that the table knows, `npdu`
   * valid); otherwise `undefined`, and the caller takes {@link sendUnicast}. Saves the actions,
   * the frame and the output a datagram to a known peer would otherwise allocate.
   * @hidden
   */
  unicastRoute(npdu: Uint8Array, to: Vmac, now: number): Bip6Address | undefined {
    const ctx = this.#ctx;
    if (ctx.closed || ctx.probing || !isVmac(to) || to === ctx.vmac || npduProblem(npdu) !== undefined) {
      return undefined;
    }
    const t = this.#time(now);
    if (isDue(ctx, t)) return undefined;
    return ctx.table.lookup(to, t);
  }

  /** Broadcasts `npdu` the role's way (group, Distribute-Broadcast-To-Network, BBMD fan-out). */
  sendBroadcast(request: RequestId, npdu: Uint8Array, now: number): CoreOutput {
    const ctx = this.#ctx;
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (isDue(ctx, t)) runDue(ctx, t, out);
    const problem = callProblem(ctx.closed, npdu);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
    } else if (ctx.role.kind === "node" && !ctx.config.multicastAvailable) {
      out.push(
        failure(request, "NO_MULTICAST", "this port cannot multicast (loopback): a node has no way to broadcast here"),
      );
    } else {
      broadcast(ctx, request, npdu, t, out);
    }
    return this.#output(out);
  }

  /** Learns the VMAC behind `address` (Virtual-Address-Resolution when the table does not know it). */
  resolveVmac(request: RequestId, address: Bip6Address, now: number): CoreOutput {
    const ctx = this.#ctx;
    const t = this.#time(now);
    const out: CoreAction[] = [];
    if (isDue(ctx, t)) runDue(ctx, t, out);
    const problem = ctx.closed
      ? (["CLOSED", "the transport is closed"] as const)
      : destinationProblem(ctx.config, ctx.vmac, address);
    if (problem !== undefined) {
      out.push(failure(request, problem[0], problem[1]));
      return this.#output(out);
    }
    const r = { kind: "resolve", id: request, address, deadline: t + ctx.config.resolution.timeoutMs } as const;
    if (ctx.probing) hold(ctx, r, out);
    else resolveAddress(ctx, r, t, out);
    return this.#output(out);
  }

  /**
   * Stops: a foreign device sends its Delete-Foreign-Device-Table-Entry (first in the output),
   * every waiting call fails with `CLOSED`. Nothing happens afterwards.
   */
  close(now: number): CoreOutput {
    const ctx = this.#ctx;
    const t = this.#time(now);
    if (ctx.closed) return this.#output(NO_ACTIONS);
    const out: CoreAction[] = [];
    if (ctx.started) ctx.role.stop(t, out);
    ctx.closed = true;
    ctx.probe?.cancel();
    const all = [...ctx.held.clear(), ...ctx.resolving.clear(), ...ctx.virtual.clear()];
    for (const r of all) out.push(failure(r.id, "CLOSED", "the transport closed before this call completed"));
    return { actions: out, wakeAt: undefined };
  }

  /**
   * The port refused a datagram that no call waited on (the shell reports it): a
   * Virtual-Address-Resolution to an address the port cannot reach fails every call waiting
   * for that address at once, with `error`, instead of at the deadline.
   */
  refused(frame: Bvll6Frame, to: Bip6Address | undefined, error: Bip6TransportError, now: number): CoreOutput {
    const ctx = this.#ctx;
    this.#time(now);
    if (frame.kind !== "VirtualAddressResolution" || to === undefined || !ctx.virtual.has(to.key)) {
      return this.#output(NO_ACTIONS);
    }
    const out: CoreAction[] = [];
    refuseAddress(ctx, to, error, out);
    return this.#output(out);
  }

  /** The VMAC table now. */
  peers(now: number): ReturnType<VmacTable["snapshot"]> {
    return this.table.snapshot(Math.max(now, this.#ctx.now));
  }

  /** The BBMD's tables (BBMD role). */
  bbmdSnapshot(now: number): BbmdSnapshot | undefined {
    const role = this.#ctx.role;
    return role instanceof BbmdRole ? role.snapshot(Math.max(now, this.#ctx.now)) : undefined;
  }

  /** The registration (foreign-device role). */
  registration(): RegistrationSnapshot | undefined {
    const role = this.#ctx.role;
    return role instanceof ForeignDeviceRole ? role.snapshot(this.#ctx.held.broadcasts) : undefined;
  }

  /** The role's counters. */
  roleStats(): { bbmd?: BbmdStats; foreignDevice?: ForeignDeviceStats } {
    const role = this.#ctx.role;
    if (role instanceof BbmdRole) return { bbmd: role.stats() };
    if (role instanceof ForeignDeviceRole) return { foreignDevice: role.stats() };
    return {};
  }

  #time(now: number): number {
    if (typeof now !== "number" || !Number.isFinite(now)) {
      throw new Bip6TransportError("INVALID_OPTION", `the clock returned ${String(now)}, not a finite number of ms`);
    }
    const ctx = this.#ctx;
    if (now > ctx.now) ctx.now = now;
    return ctx.now;
  }

  #output(actions: readonly CoreAction[]): CoreOutput {
    return { actions, wakeAt: wakeAt(this.#ctx) };
  }
}
