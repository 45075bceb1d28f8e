import type { BroadcastResendDropReason } from "../stats.js";
import type { Counters } from "./counters.js";

/** How many of a foreign device's most recent Distribute-Broadcasts are kept for a resend. */
export const RESEND_CAP = 8;

/**
 * A foreign device's broadcasts lost to a Distribute-Broadcast NAK (0x00C0: the BBMD lost our
 * registration, e.g. it restarted), sent again once the re-registration is confirmed.
 *
 * A NAK does not say which broadcast it answers, and a delivered one is never acknowledged. But
 * the BBMD forgot us at one instant: every Distribute-Broadcast it got after that is NAKed, in
 * order, and none before. Broadcasts wait (are held by the core) from the first NAK on, and the
 * Register goes out after every Distribute-Broadcast in flight, so by the time its confirmation
 * arrives, the NAKs counted since the first one (k) answer exactly the k most recent
 * Distribute-Broadcasts. Those are kept here (copies of the last {@link RESEND_CAP}) and sent
 * again; anything beyond the cap, or still waiting when the registration is refused, the
 * deadline passes or the transport closes, is dropped and counted by reason.
 */
export class BroadcastResend {
  /** Copies of the most recent Distribute-Broadcasts, oldest first. */
  readonly #recent: Uint8Array[] = [];
  readonly #counters: Counters["broadcastResend"];
  readonly #timeoutMs: number;
  /** NAKs counted since the first one while registered, and when we give up on them. */
  #lost: { count: number; deadline: number; confirmed: boolean } | undefined;

  constructor(counters: Counters["broadcastResend"], timeoutMs: number) {
    this.#counters = counters;
    this.#timeoutMs = timeoutMs;
  }

  /** When {@link expire} has work. */
  get wakeAt(): number | undefined {
    return this.#lost?.deadline;
  }

  /** A Distribute-Broadcast went out: remember a copy (the caller may reuse its buffer). */
  sent(npdu: Uint8Array): void {
    if (this.#recent.length >= RESEND_CAP) this.#recent.shift();
    this.#recent.push(npdu.slice());
  }

  /**
   * A Distribute-Broadcast NAK from our BBMD. `first`: it arrived while registered (the state
   * machine re-registers now); later ones, until the confirmation, are in-flight echoes.
   */
  nak(first: boolean, now: number): void {
    if (first) {
      if (this.#lost === undefined) {
        this.#lost = { count: 0, deadline: now + this.#timeoutMs, confirmed: false };
      } else {
        // Lost again before the resend went (it waited for a re-picked VMAC's probe): the same
        // broadcasts still wait, now for the next confirmation.
        this.#lost.confirmed = false;
        this.#lost.deadline = now + this.#timeoutMs;
      }
    }
    if (this.#lost === undefined) return;
    this.#lost.count++;
    if (this.#lost.count <= this.#recent.length) this.#counters.kept++;
  }

  /** The re-registration was confirmed: {@link take} hands the NAKed broadcasts out from now on. */
  confirmed(): void {
    if (this.#lost !== undefined) this.#lost.confirmed = true;
  }

  /**
   * The NPDUs to broadcast again, oldest first, once the re-registration was confirmed (and the
   * core let them go: not while a new random VMAC is still probed); none before.
   */
  take(): Uint8Array[] {
    const lost = this.#lost;
    if (lost === undefined || !lost.confirmed) return [];
    this.#lost = undefined;
    const n = Math.min(lost.count, this.#recent.length);
    this.#counters.dropped.cap += lost.count - n;
    const again = this.#recent.splice(this.#recent.length - n, n);
    this.#counters.resent += again.length;
    return again;
  }

  /** The registration was refused, or the transport closes: give up on what waits. */
  abandon(reason: "refused" | "closed"): void {
    if (this.#lost !== undefined) this.#drop(reason);
  }

  /** Gives up on what waits once the deadline passed. */
  expire(now: number): void {
    if (this.#lost !== undefined && now >= this.#lost.deadline) this.#drop("deadline");
  }

  #drop(reason: BroadcastResendDropReason): void {
    const lost = this.#lost;
    if (lost === undefined) return;
    this.#lost = undefined;
    const kept = Math.min(lost.count, this.#recent.length);
    this.#counters.dropped.cap += lost.count - kept;
    this.#counters.dropped[reason] += kept;
    // Those broadcasts are gone for good: never resend them on a later loss.
    this.#recent.splice(this.#recent.length - kept, kept);
  }
}
