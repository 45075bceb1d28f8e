import {
  Bip6Address,
  type Bvll6Frame,
  Bvll6ResultCode,
  FDT_GRACE_SECONDS,
  isKnownResultCode,
  isVmac,
  npduProblem,
  type RegisterForeignDeviceFrame,
  type Vmac,
  timeProblem,
  describeValue,
} from "@bip6/bvll6-codec";
import type {
  BroadcastFailureReason,
  FdAction,
  FdDropReason,
  FdHandleOutput,
  FdOutput,
  ForeignDeviceState,
  ForeignDeviceStats,
  HandleVerdict,
  StateChangeReason,
} from "./actions.js";
import { nextAttemptAt } from "./backoff.js";
import { BroadcastQueue } from "./broadcast-queue.js";
import { type ForeignDeviceConfig, type ResolvedForeignDeviceConfig, resolveConfig } from "./config.js";
import { ForeignDeviceError, type ForeignDeviceErrorCode } from "./errors.js";
import { invalidField } from "./frame-check.js";

/** Grace the BBMD adds to our TTL before it drops us (U.4.5.5), ms. */
const GRACE_MS = FDT_GRACE_SECONDS * 1000;

/** Shared by every call that produces nothing, so the common paths allocate less. */
const NO_ACTIONS: readonly FdAction[] = Object.freeze([]);

/** Lifecycle around the registration states: before `start()`, between start and stop, after `stop()`. */
type Phase = "idle" | "running" | "stopped";

/** The counters as kept inside: {@link ForeignDeviceStats} is their read-only view. */
type Counters = { -readonly [K in keyof ForeignDeviceStats]: ForeignDeviceStats[K] };

function newStats(): Counters {
  return {
    registersSent: 0,
    confirmations: 0,
    refusals: 0,
    distributeBroadcastNaks: 0,
    unexpectedResults: 0,
    unknownResults: 0,
    resultsFromOthers: 0,
    relaysFromOthers: 0,
    delivered: 0,
    forwardedDropped: 0,
    localBroadcastsIgnored: 0,
    distributeBroadcastsSent: 0,
    broadcastsQueued: 0,
    broadcastsFailed: 0,
    addressResolutionsSent: 0,
    deletesSent: 0,
    rejectedInputs: 0,
  };
}

/** Result codes that answer a foreign device's own requests; any other code is not our business. */
function isRegistrationResult(code: number): boolean {
  return (
    code === Bvll6ResultCode.SuccessfulCompletion ||
    code === Bvll6ResultCode.RegisterForeignDeviceNak ||
    code === Bvll6ResultCode.DeleteForeignDeviceTableEntryNak ||
    code === Bvll6ResultCode.DistributeBroadcastToNetworkNak
  );
}

/**
 * The foreign-device side of BACnet/IPv6 (ASHRAE 135 Annex U.4.5) as a sans-IO state machine:
 * registration with a BBMD, renewal at TTL/2, capped exponential backoff while unanswered,
 * broadcasts as Distribute-Broadcast-To-Network, Forwarded-NPDU only from the BBMD, and
 * Delete-Foreign-Device-Table-Entry on stop.
 *
 * It never touches a socket or a clock: every call takes the current time in ms (any
 * monotonic origin) and returns the actions to carry out plus the time `tick()` wants to be
 * called next. Each call first runs whatever was due at `now`, so a late `tick()` is harmless.
 *
 * @example
 * ```ts
 * const fd = new ForeignDevice({ vmac: 999, bbmd, address: self, timeToLive: 60 });
 * fd.start(0); // Register-Foreign-Device to the BBMD; wakeAt 1000 (retry if unanswered)
 * fd.handle(decodeFrame(hexToBytes("820000090000010000")), bbmd, 120); // Result 0x0000
 * fd.state; // "registered": renewal due at 120 + 30000 (TTL/2)
 * fd.broadcast(whoIs, 200); // a Distribute-Broadcast-To-Network to the BBMD, never a multicast
 * ```
 * @see ASHRAE 135 Annex U.4.5 (foreign devices), annex-u.md §5
 */
export class ForeignDevice {
  /** The checked configuration, defaults filled in. */
  readonly config: ResolvedForeignDeviceConfig;
  readonly #bbmd: Bip6Address;
  readonly #address: Bip6Address;
  readonly #ttlMs: number;
  /** How long before the TTL runs out the last pre-expiry renewal attempt goes out. */
  readonly #guardMs: number;
  readonly #register: RegisterForeignDeviceFrame;
  readonly #queue: BroadcastQueue;
  readonly #stats = newStats();
  #phase: Phase = "idle";
  #state: ForeignDeviceState = "unregistered";
  /** Latest time seen: time never runs backwards here, whatever the caller passes. */
  #now = Number.NEGATIVE_INFINITY;
  #confirmedAt: number | undefined;
  /** Set only while `registered`. */
  #lostAt: number | undefined;
  /** Next Register-Foreign-Device (first attempt, retry or renewal); set while running. */
  #nextSendAt: number | undefined;
  /** Registers sent since the last answer cycle began; drives the backoff. */
  #attempt = 0;
  /** A Register is out and neither confirmed nor refused yet. */
  #awaiting = false;

  /** Checks `config` (throws {@link ForeignDeviceError}) and creates an unregistered device. */
  constructor(config: ForeignDeviceConfig) {
    this.config = resolveConfig(config);
    this.#bbmd = this.config.bbmd;
    this.#address = this.config.address;
    this.#ttlMs = this.config.timeToLive * 1000;
    this.#guardMs = Math.min(this.config.retry.initialMs, this.#ttlMs / 4);
    this.#register = Object.freeze({
      kind: "RegisterForeignDevice",
      sourceVmac: this.config.vmac,
      timeToLive: this.config.timeToLive,
    });
    this.#queue = new BroadcastQueue(this.config.maxQueued);
  }

  /** Current registration state. */
  get state(): ForeignDeviceState {
    return this.#state;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#phase === "running";
  }

  /** Time of the last accepted confirmation (ms), or `undefined` if none since `start()`. */
  get lastConfirmedAt(): number | undefined {
    return this.#confirmedAt;
  }

  /** Broadcasts waiting for registration. */
  get queuedBroadcasts(): number {
    return this.#queue.size;
  }

  /** Same as the `wakeAt` of the last output. */
  get wakeAt(): number | undefined {
    if (this.#phase !== "running") return undefined;
    const lostAt = this.#state === "registered" ? this.#lostAt : undefined;
    const next = this.#nextSendAt;
    if (lostAt === undefined) return next;
    return next === undefined || lostAt < next ? lostAt : next;
  }

  /** A copy of the counters (read-only: later calls do not change it). */
  stats(): ForeignDeviceStats {
    return { ...this.#stats };
  }

  /**
   * Sends Register-Foreign-Device (own VMAC, TTL) to the BBMD and enters `registering`.
   * Calling it while running only runs what is due at `now` (like `tick()`); after `stop()`
   * it starts afresh.
   */
  start(now: number): FdOutput {
    const t = this.#time(now);
    if (this.#phase === "running") {
      const due: FdAction[] = [];
      this.#advance(t, due);
      return this.#output(due.length === 0 ? NO_ACTIONS : due);
    }
    const actions: FdAction[] = [];
    this.#phase = "running";
    this.#confirmedAt = undefined;
    this.#lostAt = undefined;
    this.#attempt = 0;
    this.#awaiting = false;
    this.#setState("registering", "start", t, actions);
    this.#sendRegister(t, actions);
    return this.#output(actions);
  }

  /**
   * Runs the timers: renewal at TTL/2 after the last confirmation, retries with capped
   * exponential backoff while unanswered, `lost` once TTL + 30 s pass without a confirmation.
   */
  tick(now: number): FdOutput {
    const t = this.#time(now);
    if (this.#phase !== "running") return this.#output(NO_ACTIONS);
    const actions: FdAction[] = [];
    this.#advance(t, actions);
    return this.#output(actions);
  }

  /**
   * Takes one decoded frame and its sender's address. Only a BVLC-Result from the BBMD's
   * exact 18 octets moves the registration; Forwarded-NPDU is delivered only when it comes
   * from the BBMD. See {@link HandleVerdict} for what the caller does with the frame.
   * Every argument (and every field of the frame it reads) is checked before anything runs,
   * so a call that throws {@link ForeignDeviceError} changes nothing, due work included.
   */
  handle(frame: Bvll6Frame, from: Bip6Address, now: number): FdHandleOutput {
    if (typeof frame !== "object" || frame === null || typeof frame.kind !== "string") {
      this.#reject("INVALID_FRAME", `handle() needs a decoded Bvll6Frame, got ${describeValue(frame)}`);
    }
    if (!(from instanceof Bip6Address)) {
      this.#reject("INVALID_ADDRESS", `handle() needs the sender as a Bip6Address, got ${describeValue(from)}`);
    }
    const bad = invalidField(frame);
    if (bad !== undefined) this.#reject("INVALID_FRAME", `${frame.kind} with an invalid ${bad}`);
    const t = this.#time(now);
    let actions: FdAction[] | undefined;
    if (this.#phase === "running" && this.#due(t)) {
      actions = [];
      this.#advance(t, actions);
    }
    switch (frame.kind) {
      case "BvlcResult":
        return this.#onResult(frame.resultCode, from, t, actions ?? []);
      case "ForwardedNpdu": {
        if (!from.equals(this.#bbmd)) {
          // Before start and after stop the device claims nothing from others.
          if (this.#phase !== "running") return this.#verdict(actions, "not-mine");
          this.#stats.relaysFromOthers++;
          return this.#verdict(actions, "dropped", "relay-not-from-bbmd");
        }
        if (this.#phase !== "running") {
          // A relay from our BBMD before we registered or after our Delete: not for us any more.
          this.#stats.forwardedDropped++;
          return this.#verdict(actions, "dropped", "not-running");
        }
        if (frame.originalSource.equals(this.#address)) {
          this.#stats.forwardedDropped++;
          return this.#verdict(actions, "dropped", "own-broadcast");
        }
        this.#stats.delivered++;
        const deliver: FdAction = {
          type: "deliver",
          npdu: frame.npdu,
          sourceVmac: frame.originalSourceVmac,
          source: frame.originalSource,
        };
        if (actions === undefined) actions = [deliver];
        else actions.push(deliver);
        return this.#verdict(actions, "consumed");
      }
      case "ForwardedAddressResolution":
        // The BBMD's relay is answered by the transport like any node would (ACK to the
        // original source); the same relay from anyone else is not ours to trust.
        if (this.#phase === "running" && !from.equals(this.#bbmd)) {
          this.#stats.relaysFromOthers++;
          return this.#verdict(actions, "dropped", "relay-not-from-bbmd");
        }
        return this.#verdict(actions, "not-mine");
      case "OriginalBroadcastNpdu":
        if (this.#state === "registered") {
          this.#stats.localBroadcastsIgnored++;
          return this.#verdict(actions, "dropped", "local-broadcast-while-registered");
        }
        return this.#verdict(actions, "not-mine");
      default:
        return this.#verdict(actions, "not-mine");
    }
  }

  /**
   * Broadcasts an NPDU. Registered: Distribute-Broadcast-To-Network (source VMAC = ours) to
   * the BBMD. Otherwise, per `beforeRegistration`: queued (a copy; bounded, oldest dropped
   * and reported) and flushed in order on registration, or a `broadcast-failed` action.
   * Never a multicast. Throws {@link ForeignDeviceError} `INVALID_NPDU` for an NPDU a
   * BVLL6 frame cannot carry.
   */
  broadcast(npdu: Uint8Array, now: number): FdOutput {
    const problem = npduProblem(npdu);
    if (problem !== undefined) this.#reject("INVALID_NPDU", problem);
    const t = this.#time(now);
    const actions: FdAction[] = [];
    if (this.#phase === "running") this.#advance(t, actions);
    if (this.#state === "registered") {
      this.#sendBroadcast(npdu, actions);
    } else if (this.#phase === "stopped") {
      this.#fail(npdu, "stopped", actions);
    } else if (this.config.beforeRegistration === "fail") {
      this.#fail(npdu, "not-registered", actions);
    } else {
      // A copy: the caller may reuse its buffer long before registration succeeds.
      const evicted = this.#queue.push(npdu.slice());
      this.#stats.broadcastsQueued++;
      if (evicted !== undefined) this.#fail(evicted, "queue-full", actions);
    }
    return this.#output(actions);
  }

  /**
   * Sends Address-Resolution (source = our VMAC, target = `targetVmac`) to the BBMD, which
   * relays it (a foreign device never multicasts). Before `start()` or after `stop()` the
   * output holds a `resolve-failed` action instead.
   */
  resolve(targetVmac: Vmac, now: number): FdOutput {
    if (!isVmac(targetVmac)) {
      this.#reject("INVALID_VMAC", `targetVmac must be an integer 0-0xFFFFFF, got ${describeValue(targetVmac)}`);
    }
    const t = this.#time(now);
    const actions: FdAction[] = [];
    if (this.#phase !== "running") {
      actions.push({
        type: "resolve-failed",
        targetVmac,
        reason: this.#phase === "idle" ? "not-started" : "stopped",
      });
      return this.#output(actions);
    }
    this.#advance(t, actions);
    this.#stats.addressResolutionsSent++;
    actions.push({
      type: "send",
      to: this.#bbmd,
      frame: { kind: "AddressResolution", sourceVmac: this.config.vmac, targetVmac },
    });
    return this.#output(actions);
  }

  /**
   * Stops: sends Delete-Foreign-Device-Table-Entry (source VMAC = ours, entry = our
   * `address`) to the BBMD if started, reports every queued broadcast as failed (`stopped`),
   * and enters `unregistered`. Nothing is sent afterwards; `wakeAt` is `undefined`.
   * The Delete goes out from every running state: even a refused or lost device may still
   * have an entry, and a Delete for a missing entry only costs the BBMD a 0x00A0 answer.
   */
  stop(now: number): FdOutput {
    const t = this.#time(now);
    const actions: FdAction[] = [];
    if (this.#phase === "running") {
      // What was due runs first, except a Register: the Delete below supersedes it (and one
      // overtaking the Delete on the wire would leave an entry behind at the BBMD).
      this.#advance(t, actions, false);
      this.#setState("unregistered", "stop", t, actions);
      this.#stats.deletesSent++;
      actions.push({
        type: "send",
        to: this.#bbmd,
        frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: this.config.vmac, entry: this.#address },
      });
    }
    this.#phase = "stopped";
    this.#nextSendAt = undefined;
    this.#lostAt = undefined;
    this.#awaiting = false;
    for (let npdu = this.#queue.shift(); npdu !== undefined; npdu = this.#queue.shift()) {
      this.#fail(npdu, "stopped", actions);
    }
    return this.#output(actions);
  }

  /** Counts the rejected call, then throws: the state is untouched (checks run before any change). */
  #reject(code: ForeignDeviceErrorCode, message: string): never {
    this.#stats.rejectedInputs++;
    throw new ForeignDeviceError(code, message);
  }

  #time(now: number): number {
    const problem = timeProblem(now);
    if (problem !== undefined) this.#reject("INVALID_TIME", problem);
    if (now > this.#now) this.#now = now;
    return this.#now;
  }

  #due(t: number): boolean {
    const w = this.wakeAt;
    return w !== undefined && t >= w;
  }

  /**
   * Runs what is due at `t`: at most one state change and (unless `register` is false) one
   * Register, never a catch-up burst.
   */
  #advance(t: number, actions: FdAction[], register = true): void {
    if (this.#state === "registered" && this.#lostAt !== undefined && t >= this.#lostAt) {
      this.#lostAt = undefined;
      this.#setState("lost", "expired", t, actions);
    }
    if (register && this.#nextSendAt !== undefined && t >= this.#nextSendAt) this.#sendRegister(t, actions);
  }

  #sendRegister(t: number, actions: FdAction[]): void {
    this.#attempt++;
    this.#awaiting = true;
    this.#stats.registersSent++;
    actions.push({ type: "send", to: this.#bbmd, frame: this.#register });
    // Only a renewal of a live registration has an expiry to beat.
    const lastChance =
      this.#state === "registered" && this.#confirmedAt !== undefined
        ? this.#confirmedAt + this.#ttlMs - this.#guardMs
        : undefined;
    this.#nextSendAt = nextAttemptAt(t, this.#attempt, this.config.retry, lastChance);
  }

  #onResult(code: number, from: Bip6Address, t: number, actions: FdAction[]): FdHandleOutput {
    if (!isRegistrationResult(code)) {
      // 0x0030 / 0x0060 answer a node's resolutions: the transport's business. A code Annex U
      // does not define, from our BBMD, is reported instead of guessed at (peers.md: bac-py).
      if (isKnownResultCode(code) || !from.equals(this.#bbmd)) return this.#verdict(actions, "not-mine");
      this.#stats.unknownResults++;
      actions.push({ type: "event", event: { type: "unknown-result", resultCode: code, at: t } });
      return this.#verdict(actions, "consumed");
    }
    if (!from.equals(this.#bbmd)) {
      this.#stats.resultsFromOthers++;
      return this.#verdict(actions, "dropped", "result-not-from-bbmd");
    }
    if (this.#phase !== "running") {
      // Typically the BBMD's answer to our Delete.
      this.#stats.unexpectedResults++;
      return this.#verdict(actions, "consumed");
    }
    switch (code) {
      case Bvll6ResultCode.SuccessfulCompletion:
        if (!this.#awaiting) break;
        this.#confirm(t, actions);
        return this.#verdict(actions, "consumed");
      case Bvll6ResultCode.RegisterForeignDeviceNak:
        if (!this.#awaiting) break;
        this.#awaiting = false;
        this.#lostAt = undefined;
        this.#stats.refusals++;
        if (this.#state !== "refused") this.#setState("refused", "nak", t, actions);
        // The retry already scheduled at the last send stands: a NAK is just a fast "no".
        actions.push({
          type: "event",
          event: { type: "refused", resultCode: code, at: t, retryAt: this.#nextSendAt ?? t },
        });
        return this.#verdict(actions, "consumed");
      case Bvll6ResultCode.DistributeBroadcastToNetworkNak:
        this.#stats.distributeBroadcastNaks++;
        // Only the first NAK after a registration counts; later ones are in-flight echoes of
        // the same loss, and re-registering for each would amplify a broadcast burst.
        if (this.#state === "registered") {
          this.#lostAt = undefined;
          this.#setState("registering", "distribute-broadcast-nak", t, actions);
          this.#attempt = 0;
          this.#sendRegister(t, actions);
        }
        return this.#verdict(actions, "consumed");
    }
    // A duplicate or late answer, or the answer to a Delete: nothing outstanding to settle.
    this.#stats.unexpectedResults++;
    return this.#verdict(actions, "consumed");
  }

  #confirm(t: number, actions: FdAction[]): void {
    const wasRegistered = this.#state === "registered";
    this.#awaiting = false;
    this.#attempt = 0;
    this.#confirmedAt = t;
    this.#nextSendAt = t + this.#ttlMs / 2;
    this.#lostAt = t + this.#ttlMs + GRACE_MS;
    this.#stats.confirmations++;
    if (!wasRegistered) this.#setState("registered", "ack", t, actions);
    actions.push({
      type: "event",
      event: {
        type: "confirmed",
        at: t,
        renewAt: this.#nextSendAt,
        expiresAt: t + this.#ttlMs,
        lostAt: this.#lostAt,
      },
    });
    for (let npdu = this.#queue.shift(); npdu !== undefined; npdu = this.#queue.shift()) {
      this.#sendBroadcast(npdu, actions);
    }
  }

  #sendBroadcast(npdu: Uint8Array, actions: FdAction[]): void {
    this.#stats.distributeBroadcastsSent++;
    actions.push({
      type: "send",
      to: this.#bbmd,
      frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: this.config.vmac, npdu },
    });
  }

  #fail(npdu: Uint8Array, reason: BroadcastFailureReason, actions: FdAction[]): void {
    this.#stats.broadcastsFailed++;
    actions.push({ type: "broadcast-failed", npdu, reason });
  }

  #setState(to: ForeignDeviceState, reason: StateChangeReason, t: number, actions: FdAction[]): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    actions.push({ type: "event", event: { type: "state", from, to, reason, at: t } });
  }

  #output(actions: readonly FdAction[]): FdOutput {
    return { actions, wakeAt: this.wakeAt };
  }

  #verdict(
    actions: readonly FdAction[] | undefined,
    verdict: HandleVerdict,
    dropReason?: FdDropReason,
  ): FdHandleOutput {
    const a = actions ?? NO_ACTIONS;
    const wakeAt = this.wakeAt;
    return dropReason === undefined ? { actions: a, wakeAt, verdict } : { actions: a, wakeAt, verdict, dropReason };
  }
}
