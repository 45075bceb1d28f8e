import {
  Bip6Address,
  type BvlcResultFrame,
  type Bvll6Frame,
  Bvll6ResultCode,
  isVmac,
  npduProblem,
  type Via,
  type Vmac,
  timeProblem,
  describeValue,
} from "@bip6/bvll6-codec";
import type {
  BbmdAction,
  BbmdDropReason,
  BbmdHandleOutput,
  BbmdOutput,
  BbmdSnapshot,
  BbmdStats,
  HandleVerdict,
  RegistrationRefusalReason,
} from "./actions.js";
import { BroadcastDistributionTable } from "./bdt.js";
import { type BbmdConfig, flag, type ResolvedBbmdConfig, resolveConfig } from "./config.js";
import { BbmdError, type BbmdErrorCode } from "./errors.js";
import { FanOutBuckets } from "./fan-out-budget.js";
import { type FdtEntry, ForeignDeviceTable } from "./fdt.js";
import { invalidField } from "./frame-check.js";
import { unreachableReason } from "./reachability.js";

/** Shared by every call that produces nothing, so the common paths allocate less. */
const NO_ACTIONS: readonly BbmdAction[] = Object.freeze([]);

/** The counters as kept inside: {@link BbmdStats} is their read-only view. */
type Counters = { -readonly [K in keyof BbmdStats]: BbmdStats[K] };

function newStats(): Counters {
  return {
    originalBroadcasts: 0,
    forwardedNpdus: 0,
    distributeBroadcasts: 0,
    distributeBroadcastNaks: 0,
    registrations: 0,
    registrationRefreshes: 0,
    registrationsClamped: 0,
    registrationNaksNotAccepting: 0,
    registrationNaksFull: 0,
    deletes: 0,
    deleteNaks: 0,
    expirations: 0,
    addressResolutionAcks: 0,
    addressResolutionsForwarded: 0,
    forwardedAddressResolutionAcks: 0,
    forwardedAddressResolutionsRelayed: 0,
    ownBroadcasts: 0,
    ownResolutions: 0,
    droppedOwn: 0,
    droppedNotFromPeer: 0,
    droppedOwnOriginalSource: 0,
    droppedInvalidOriginalSource: 0,
    droppedUnreachableSender: 0,
    droppedNotFromLocalLink: 0,
    droppedUnexpectedMulticast: 0,
    droppedOverBudget: 0,
    sends: 0,
    multicasts: 0,
    rejectedInputs: 0,
  };
}

/** Functions the BBMD table of annex-u.md §4 has a row for; everything else is `not-mine`. */
const BBMD_KINDS: ReadonlySet<Bvll6Frame["kind"]> = new Set([
  "OriginalBroadcastNpdu",
  "ForwardedNpdu",
  "DistributeBroadcastToNetwork",
  "RegisterForeignDevice",
  "DeleteForeignDeviceTableEntry",
  "AddressResolution",
  "ForwardedAddressResolution",
]);

/** The counter of each drop reason. */
const DROP_COUNTERS: { readonly [R in BbmdDropReason]: keyof Counters } = {
  own: "droppedOwn",
  "not-from-peer": "droppedNotFromPeer",
  "own-original-source": "droppedOwnOriginalSource",
  "invalid-original-source": "droppedInvalidOriginalSource",
  "unreachable-sender": "droppedUnreachableSender",
  "not-from-local-link": "droppedNotFromLocalLink",
  "unexpected-multicast": "droppedUnexpectedMulticast",
  "over-budget": "droppedOverBudget",
};

/**
 * Functions that reach a BBMD only by unicast: relays from peers, and requests of foreign
 * devices (annex-u.md §4–§5). By multicast they are `unexpected-multicast`.
 */
const UNICAST_ONLY: ReadonlySet<Bvll6Frame["kind"]> = new Set([
  "ForwardedNpdu",
  "ForwardedAddressResolution",
  "DistributeBroadcastToNetwork",
  "RegisterForeignDevice",
  "DeleteForeignDeviceTableEntry",
]);

/** Who a fan-out must not reach besides the BBMD itself (which is in neither table). */
interface Exclusions {
  /** The sender of the frame being relayed. */
  readonly from?: Bip6Address;
  /** The original source named inside the frame. */
  readonly originalSource?: Bip6Address;
}

/**
 * A BACnet/IPv6 BBMD (ASHRAE 135 Annex U.4) as a sans-IO state machine: the BDT, the FDT
 * with TTL + 30 s grace, registration policy, and the forwarding rules of annex-u.md §4,
 * row by row. Decoded frames, their senders and the current time go in; frames to send or
 * multicast, NPDUs to deliver, events and the next wake-up come out.
 *
 * One frame from one sender never yields more than N + M + 1 `send`/`multicast` actions
 * (N peers, M foreign devices), never a send back to the sender of a relayed broadcast,
 * never a send to the BBMD's own address or to one no socket can reach. A unicast from a
 * sender that is neither a peer nor a registered foreign device yields at most one answer
 * to that sender, and each originator's fan-outs are held to its budget (`fanOutBudget`).
 *
 * @example
 * ```ts
 * const bbmd = new Bbmd({ vmac: 1, address: self, bdt: [self, peer] });
 * // A foreign device registers (VMAC 999, TTL 60): a BVLC-Result 0x0000 goes back to it.
 * const out = bbmd.handle(decodeFrame(hexToBytes("820900090003e7003c")), fd, 0, "unicast");
 * out.verdict; // "consumed"
 * out.wakeAt; // 90000: the entry lives TTL + 30 s
 * ```
 * @see ASHRAE 135 Annex U.4 (BBMD), U.4.5 (foreign devices: FDT, TTL + 30 s grace)
 * @see annex-u.md §4, the BBMD table this class implements row by row
 */
export class Bbmd {
  /** The fixed configuration, checked and with defaults filled in (frozen). */
  readonly config: ResolvedBbmdConfig;
  readonly #vmac: Vmac;
  readonly #address: Bip6Address;
  readonly #bdt: BroadcastDistributionTable;
  readonly #fdt = new ForeignDeviceTable();
  readonly #stats = newStats();
  #accept: boolean;
  /** Per-source token buckets; `undefined` with `fanOutBudget: "off"`. */
  readonly #budget: FanOutBuckets | undefined;
  /** Latest `now` seen: time never runs backwards here, whatever the caller passes. */
  #now = Number.NEGATIVE_INFINITY;
  readonly #ok: BvlcResultFrame;
  readonly #registerNak: BvlcResultFrame;
  readonly #deleteNak: BvlcResultFrame;
  readonly #distributeNak: BvlcResultFrame;

  /** Checks `config` (throws {@link BbmdError}) and creates a BBMD with an empty FDT. */
  constructor(config: BbmdConfig) {
    this.config = resolveConfig(config);
    this.#vmac = this.config.vmac;
    this.#address = this.config.address;
    this.#bdt = new BroadcastDistributionTable(this.#address, this.config.maxBdtEntries, this.config.allowLoopback);
    this.#bdt.replace(config.bdt === undefined ? [] : config.bdt);
    this.#accept =
      config.acceptRegistrations === undefined ? true : flag(config.acceptRegistrations, "acceptRegistrations");
    const budget = this.config.fanOutBudget;
    this.#budget = budget === "off" ? undefined : new FanOutBuckets(budget);
    const result = (resultCode: number): BvlcResultFrame =>
      Object.freeze({ kind: "BvlcResult", sourceVmac: this.#vmac, resultCode });
    this.#ok = result(Bvll6ResultCode.SuccessfulCompletion);
    this.#registerNak = result(Bvll6ResultCode.RegisterForeignDeviceNak);
    this.#deleteNak = result(Bvll6ResultCode.DeleteForeignDeviceTableEntryNak);
    this.#distributeNak = result(Bvll6ResultCode.DistributeBroadcastToNetworkNak);
  }

  /** Whether Register-Foreign-Device is accepted (else answered 0x0090). */
  get acceptRegistrations(): boolean {
    return this.#accept;
  }

  /** The BDT peers in configuration order (frozen; the own entry is never listed). */
  get peers(): readonly Bip6Address[] {
    return this.#bdt.peers;
  }

  /** Entries in the FDT (some may be due to expire at the next call). */
  get foreignDeviceCount(): number {
    return this.#fdt.size;
  }

  /** Same as the `wakeAt` of the last output: the earliest FDT expiry, ms. */
  get wakeAt(): number | undefined {
    return this.#fdt.nextExpiry;
  }

  /** A copy of the counters (read-only: later calls do not change it). */
  stats(): BbmdStats {
    return { ...this.#stats };
  }

  /** Whether `address` is a BDT peer (18-octet comparison). */
  isPeer(address: Bip6Address): boolean {
    return this.#bdt.has(this.#checkAddress(address, "address"));
  }

  /** Whether `address` has an FDT entry (that has not expired by the latest `now` seen). */
  isForeignDevice(address: Bip6Address): boolean {
    const entry = this.#fdt.get(this.#checkAddress(address, "address"));
    return entry !== undefined && entry.expiresAt > this.#now;
  }

  /**
   * Turns registration acceptance on or off. Turning it off refuses every later
   * Register-Foreign-Device (new or refresh) with 0x0090; existing entries stay until they
   * expire or are deleted.
   */
  setAcceptRegistrations(accept: boolean): void {
    this.#accept = this.#counted(() => flag(accept, "acceptRegistrations"));
  }

  /**
   * Replaces the BDT (own entry skipped). Throws {@link BbmdError} (`INVALID_ADDRESS`,
   * `DUPLICATE_BDT_ENTRY`, `BDT_FULL`) without changing anything.
   */
  setBdt(bdt: readonly Bip6Address[]): void {
    this.#counted(() => this.#bdt.replace(bdt));
  }

  /** Adds a peer; `false` (nothing changed) for the own address. Throws like {@link setBdt}. */
  addPeer(address: Bip6Address): boolean {
    return this.#counted(() => this.#bdt.add(address));
  }

  /** Removes a peer; `false` if it was not one. */
  removePeer(address: Bip6Address): boolean {
    return this.#counted(() => this.#bdt.remove(address));
  }

  /**
   * Both tables as seen at `now` (entries expired by then are left out), for diagnostics
   * and the sniffer. Reads only: nothing expires and no clock moves.
   */
  snapshot(now: number): BbmdSnapshot {
    const t = Math.max(this.#checkTime(now), this.#now);
    const fdt = [];
    for (const e of this.#fdt.values()) {
      if (e.expiresAt <= t) continue;
      fdt.push({
        address: e.address,
        vmac: e.vmac,
        timeToLive: e.timeToLive,
        remainingSeconds: Math.ceil((e.expiresAt - t) / 1000),
        expiresAt: e.expiresAt,
      });
    }
    return { bdt: this.#bdt.peers.map((address) => ({ address })), fdt };
  }

  /** Drops FDT entries whose TTL + 30 s has passed (an `fdt-removed` event for each). */
  tick(now: number): BbmdOutput {
    return this.#output(this.#expireAll(this.#time(now)));
  }

  /**
   * Takes one decoded frame, its sender's address and how it arrived (`via`: to our
   * unicast address, or to the BACnet multicast group), and applies the BBMD table of
   * annex-u.md §4. "From the local link" means by multicast: an Original-Broadcast-NPDU is
   * relayed only then, an Address-Resolution only then or from a registered foreign device.
   * See {@link HandleVerdict} for what the caller does with the frame. Throws
   * {@link BbmdError} (`INVALID_FRAME`, `INVALID_ADDRESS`, `INVALID_VIA`, `INVALID_TIME`)
   * without changing anything.
   */
  handle(frame: Bvll6Frame, from: Bip6Address, now: number, via: Via): BbmdHandleOutput {
    if (typeof frame !== "object" || frame === null || typeof frame.kind !== "string") {
      this.#reject("INVALID_FRAME", `handle() needs a decoded Bvll6Frame, got ${describeValue(frame)}`);
    }
    if (!(from instanceof Bip6Address)) {
      this.#reject("INVALID_ADDRESS", `handle() needs the sender as a Bip6Address, got ${describeValue(from)}`);
    }
    if (via !== "unicast" && via !== "multicast") {
      this.#reject("INVALID_VIA", `handle() needs via "unicast" or "multicast", got ${describeValue(via)}`);
    }
    this.#checkFrame(frame);
    const t = this.#time(now);
    const actions = this.#expireAll(t);
    if (!BBMD_KINDS.has(frame.kind)) return this.#verdict(actions, "not-mine");
    if (from.equals(this.#address)) return this.#drop(actions, "own");
    if (unreachableReason(from) !== undefined) {
      // Never an FDT entry, an answer's destination or a relay's original source.
      if (frame.kind === "RegisterForeignDevice") this.#refusedEvent(from, "unreachable", t, actions);
      return this.#drop(actions, "unreachable-sender");
    }
    if (via === "multicast" && UNICAST_ONLY.has(frame.kind)) return this.#drop(actions, "unexpected-multicast");
    switch (frame.kind) {
      case "OriginalBroadcastNpdu": {
        if (via !== "multicast") return this.#drop(actions, "not-from-local-link");
        if (!this.#spend(from, t, actions)) return this.#drop(actions, "over-budget");
        this.#stats.originalBroadcasts++;
        actions.push({ type: "deliver", npdu: frame.npdu, sourceVmac: frame.sourceVmac, source: from });
        const forwarded: Bvll6Frame = {
          kind: "ForwardedNpdu",
          originalSourceVmac: frame.sourceVmac,
          originalSource: from,
          npdu: frame.npdu,
        };
        this.#fanOut(forwarded, actions, false, true, { from });
        return this.#verdict(actions, "consumed");
      }
      case "ForwardedNpdu": {
        if (!this.#bdt.has(from)) return this.#drop(actions, "not-from-peer");
        const source = frame.originalSource;
        const why = this.#badOriginalSource(source);
        if (why !== undefined) return this.#drop(actions, why);
        if (!this.#spend(source, t, actions)) return this.#drop(actions, "over-budget");
        this.#stats.forwardedNpdus++;
        actions.push({ type: "deliver", npdu: frame.npdu, sourceVmac: frame.originalSourceVmac, source });
        // Two-hop relay: every peer got it from the originator's BBMD, so never to peers.
        this.#fanOut(frame, actions, true, false, { from, originalSource: source });
        return this.#verdict(actions, "consumed");
      }
      case "DistributeBroadcastToNetwork": {
        const entry = this.#fdt.get(from);
        if (entry === undefined) {
          this.#stats.distributeBroadcastNaks++;
          this.#send(from, this.#distributeNak, actions);
          return this.#verdict(actions, "consumed");
        }
        if (!this.#spend(from, t, actions)) return this.#drop(actions, "over-budget");
        this.#stats.distributeBroadcasts++;
        actions.push({ type: "deliver", npdu: frame.npdu, sourceVmac: frame.sourceVmac, source: from });
        const forwarded: Bvll6Frame = {
          kind: "ForwardedNpdu",
          originalSourceVmac: frame.sourceVmac,
          originalSource: entry.address,
          npdu: frame.npdu,
        };
        this.#fanOut(forwarded, actions, true, true, { from });
        return this.#verdict(actions, "consumed");
      }
      case "RegisterForeignDevice":
        this.#register(frame.sourceVmac, frame.timeToLive, from, t, actions);
        return this.#verdict(actions, "consumed");
      case "DeleteForeignDeviceTableEntry": {
        const removed = this.#fdt.delete(frame.entry);
        if (removed === undefined) {
          this.#stats.deleteNaks++;
          this.#send(from, this.#deleteNak, actions);
        } else {
          this.#stats.deletes++;
          actions.push({
            type: "event",
            event: { type: "fdt-removed", address: removed.address, vmac: removed.vmac, reason: "deleted", at: t },
          });
          this.#send(from, this.#ok, actions);
        }
        return this.#verdict(actions, "consumed");
      }
      case "AddressResolution": {
        if (frame.targetVmac === this.#vmac) {
          // One answer to one question, whoever asks and however: no amplification.
          this.#stats.addressResolutionAcks++;
          this.#send(from, this.#ack(frame.sourceVmac), actions);
          return this.#verdict(actions, "consumed");
        }
        // From the local link the question was already multicast there; from a foreign device it was not.
        const fromDevice = via === "unicast";
        if (fromDevice && this.#fdt.get(from) === undefined) return this.#drop(actions, "not-from-local-link");
        if (!this.#spend(from, t, actions)) return this.#drop(actions, "over-budget");
        this.#stats.addressResolutionsForwarded++;
        const forwarded: Bvll6Frame = {
          kind: "ForwardedAddressResolution",
          originalSourceVmac: frame.sourceVmac,
          targetVmac: frame.targetVmac,
          originalSource: from,
        };
        this.#fanOut(forwarded, actions, fromDevice, true, { from });
        return this.#verdict(actions, "consumed");
      }
      case "ForwardedAddressResolution": {
        if (!this.#bdt.has(from)) return this.#drop(actions, "not-from-peer");
        const asker = frame.originalSource;
        const why = this.#badOriginalSource(asker);
        if (why !== undefined) return this.#drop(actions, why);
        if (frame.targetVmac === this.#vmac) {
          // To the asker named in the message, not the relaying peer (annex-u.md §3).
          this.#stats.forwardedAddressResolutionAcks++;
          this.#send(asker, this.#ack(frame.originalSourceVmac), actions);
          return this.#verdict(actions, "consumed");
        }
        if (!this.#spend(asker, t, actions)) return this.#drop(actions, "over-budget");
        this.#stats.forwardedAddressResolutionsRelayed++;
        this.#fanOut(frame, actions, true, false, { from, originalSource: asker });
        return this.#verdict(actions, "consumed");
      }
    }
    // Unreachable: BBMD_KINDS lists exactly the cases above.
    return this.#verdict(actions, "not-mine");
  }

  /**
   * Broadcasts an NPDU of the BBMD's own node: Original-Broadcast-NPDU (own VMAC) to the
   * local group, and Forwarded-NPDU with its own VMAC and routable address as original
   * source to every peer and foreign device. Throws {@link BbmdError} `INVALID_NPDU`.
   */
  broadcast(npdu: Uint8Array, now: number): BbmdOutput {
    const problem = npduProblem(npdu);
    if (problem !== undefined) this.#reject("INVALID_NPDU", problem);
    return this.#originate(
      now,
      "ownBroadcasts",
      { kind: "OriginalBroadcastNpdu", sourceVmac: this.#vmac, npdu },
      {
        kind: "ForwardedNpdu",
        originalSourceVmac: this.#vmac,
        originalSource: this.#address,
        npdu,
      },
    );
  }

  /**
   * Resolves a VMAC for the BBMD's own node: Address-Resolution to the local group, and
   * Forwarded-Address-Resolution (original source = own VMAC and address) to every peer and
   * foreign device. The ACK comes back as an ordinary `not-mine` frame.
   */
  resolve(targetVmac: Vmac, now: number): BbmdOutput {
    if (!isVmac(targetVmac)) {
      this.#reject("INVALID_VMAC", `targetVmac must be an integer 0-0xFFFFFF, got ${describeValue(targetVmac)}`);
    }
    return this.#originate(
      now,
      "ownResolutions",
      { kind: "AddressResolution", sourceVmac: this.#vmac, targetVmac },
      {
        kind: "ForwardedAddressResolution",
        originalSourceVmac: this.#vmac,
        targetVmac,
        originalSource: this.#address,
      },
    );
  }

  /** The own node's `local` frame to the local group and its `relayed` form to every peer and foreign device. */
  #originate(
    now: number,
    counter: "ownBroadcasts" | "ownResolutions",
    local: Bvll6Frame,
    relayed: Bvll6Frame,
  ): BbmdOutput {
    const actions = this.#expireAll(this.#time(now));
    this.#stats[counter]++;
    this.#multicast(local, actions);
    this.#fanOut(relayed, actions, false, true, {});
    return this.#output(actions);
  }

  #register(vmac: Vmac, asked: number, from: Bip6Address, t: number, actions: BbmdAction[]): void {
    if (!this.#accept) {
      this.#stats.registrationNaksNotAccepting++;
      this.#refuse(from, "not-accepting", t, actions);
      return;
    }
    // TTL 0 would make an entry that lives only through the grace; grant the smallest real TTL.
    const ttl = Math.min(Math.max(asked, 1), this.config.maxTimeToLive);
    if (ttl < asked) this.#stats.registrationsClamped++;
    const existing = this.#fdt.get(from);
    if (existing !== undefined) {
      // A refresh never needs room, so a full table still renews its members.
      this.#fdt.refresh(existing, vmac, ttl, t);
      this.#stats.registrationRefreshes++;
    } else if (this.#fdt.size >= this.config.maxForeignDevices) {
      this.#stats.registrationNaksFull++;
      this.#refuse(from, "full", t, actions);
      return;
    } else {
      const entry = this.#fdt.add(from, vmac, ttl, t);
      this.#stats.registrations++;
      actions.push({
        type: "event",
        event: { type: "fdt-added", address: from, vmac, timeToLive: ttl, expiresAt: entry.expiresAt, at: t },
      });
    }
    this.#send(from, this.#ok, actions);
  }

  #refuse(from: Bip6Address, reason: "not-accepting" | "full", t: number, actions: BbmdAction[]): void {
    this.#refusedEvent(from, reason, t, actions);
    this.#send(from, this.#registerNak, actions);
  }

  #refusedEvent(from: Bip6Address, reason: RegistrationRefusalReason, t: number, actions: BbmdAction[]): void {
    actions.push({ type: "event", event: { type: "registration-refused", address: from, reason, at: t } });
  }

  /**
   * Takes one fan-out token from `source` (the originator) at `t`; `false` when it is over
   * budget, with a `fan-out-throttled` event pushed when one is due. Always `true` with the
   * budget off.
   */
  #spend(source: Bip6Address, t: number, actions: BbmdAction[]): boolean {
    const budget = this.#budget;
    if (budget === undefined) return true;
    const v = budget.take(source, t);
    if (v.ok) return true;
    if (v.report !== undefined) {
      actions.push({ type: "event", event: { type: "fan-out-throttled", address: source, dropped: v.report, at: t } });
    }
    return false;
  }

  #ack(asker: Vmac): Bvll6Frame {
    return { kind: "AddressResolutionAck", sourceVmac: this.#vmac, destinationVmac: asker };
  }

  /**
   * One shared `frame` to the local group (when `multicast` and enabled), every peer (when
   * `toPeers`) and every foreign device, minus the exclusions.
   */
  #fanOut(frame: Bvll6Frame, actions: BbmdAction[], multicast: boolean, toPeers: boolean, skip: Exclusions): void {
    if (multicast) this.#multicast(frame, actions);
    const { from, originalSource } = skip;
    // Excluded foreign devices found once, so the FDT loop below compares entries by identity only.
    const fromEntry = from === undefined ? undefined : this.#fdt.get(from);
    const sourceEntry = originalSource === undefined ? undefined : this.#fdt.get(originalSource);
    let sent = 0;
    /** Peers that also registered as foreign devices: already served as peers, so skipped below. */
    let peerEntries: FdtEntry[] | undefined;
    if (toPeers) {
      for (const to of this.#bdt.peers) {
        const e = this.#fdt.get(to);
        if (e !== undefined) (peerEntries ??= []).push(e);
        if (from?.equals(to) === true || originalSource?.equals(to) === true) continue;
        actions.push({ type: "send", to, frame });
        sent++;
      }
    }
    for (const e of this.#fdt.values()) {
      if (e === fromEntry || e === sourceEntry) continue;
      if (peerEntries !== undefined && peerEntries.includes(e)) continue;
      actions.push({ type: "send", to: e.address, frame });
      sent++;
    }
    this.#stats.sends += sent;
  }

  #multicast(frame: Bvll6Frame, actions: BbmdAction[]): void {
    if (!this.config.multicastLocal) return;
    this.#stats.multicasts++;
    actions.push({ type: "multicast", frame });
  }

  #send(to: Bip6Address, frame: Bvll6Frame, actions: BbmdAction[]): void {
    this.#stats.sends++;
    actions.push({ type: "send", to, frame });
  }

  /** A fresh action list holding an `fdt-removed` event for each entry due at `t` (dropped now). */
  #expireAll(t: number): BbmdAction[] {
    const actions: BbmdAction[] = [];
    const next = this.#fdt.nextExpiry;
    if (next === undefined || next > t) return actions;
    this.#fdt.expire(t, (e) => {
      this.#stats.expirations++;
      actions.push({
        type: "event",
        event: { type: "fdt-removed", address: e.address, vmac: e.vmac, reason: "expired", at: t },
      });
    });
    return actions;
  }

  /** Rejects frames whose fields the decoder would never produce, before anything changes. */
  #checkFrame(frame: Bvll6Frame): void {
    const bad = invalidField(frame);
    if (bad !== undefined) this.#reject("INVALID_FRAME", `${frame.kind} with an invalid ${bad}`);
  }

  #checkAddress(address: Bip6Address, name: string): Bip6Address {
    if (!(address instanceof Bip6Address)) this.#reject("INVALID_ADDRESS", `${name} must be a Bip6Address`);
    return address;
  }

  #checkTime(now: number): number {
    const problem = timeProblem(now);
    if (problem !== undefined) this.#reject("INVALID_TIME", problem);
    return now;
  }

  #time(now: number): number {
    this.#checkTime(now);
    if (now > this.#now) this.#now = now;
    return this.#now;
  }

  /** Runs a table change, counting its {@link BbmdError} like any other rejected input. */
  #counted<T>(change: () => T): T {
    try {
      return change();
    } catch (e) {
      if (e instanceof BbmdError) this.#stats.rejectedInputs++;
      throw e;
    }
  }

  #reject(code: BbmdErrorCode, message: string): never {
    this.#stats.rejectedInputs++;
    throw new BbmdError(code, message);
  }

  /**
   * A relayed frame naming the BBMD itself as originator looped; one naming an address no
   * socket can reach is forged or broken (receivers would answer there).
   */
  #badOriginalSource(source: Bip6Address): BbmdDropReason | undefined {
    if (source.equals(this.#address)) return "own-original-source";
    if (unreachableReason(source) !== undefined) return "invalid-original-source";
    return undefined;
  }

  #drop(actions: BbmdAction[], reason: BbmdDropReason): BbmdHandleOutput {
    this.#stats[DROP_COUNTERS[reason]]++;
    return this.#verdict(actions, "dropped", reason);
  }

  #output(actions: readonly BbmdAction[]): BbmdOutput {
    return { actions: actions.length === 0 ? NO_ACTIONS : actions, wakeAt: this.#fdt.nextExpiry };
  }

  #verdict(actions: readonly BbmdAction[], verdict: HandleVerdict, dropReason?: BbmdDropReason): BbmdHandleOutput {
    const a = actions.length === 0 ? NO_ACTIONS : actions;
    const wakeAt = this.#fdt.nextExpiry;
    return dropReason === undefined ? { actions: a, wakeAt, verdict } : { actions: a, wakeAt, verdict, dropReason };
  }
}
