import { ANNEX_J_REGISTER_NAK, annexJResult } from "./annex-j.js";
import type { DatalinkRegistrationEvent, DatalinkRegistrationState } from "./datalink.js";
import { Bip6BacnetError } from "./errors.js";

/** How many distinct receivers may wait for a registration answer at once. */
export const MAX_PENDING_REGISTRATIONS = 16;

/**
 * Answers the client's `registerForeignDevice()` from the transport's own foreign-device
 * registration. The client sends Register-Foreign-Device and waits for a BVLC-Result from the
 * receiver it named; on BACnet/IPv6 the transport registers (and re-registers) by itself, so
 * the adapter replies as that receiver: success once the transport is registered, the Annex J
 * NAK (0x0030) when the BBMD refused it. The client's TTL is not used (the transport's is).
 */
export class RegistrationAnswers {
  readonly #pending = new Set<string>();
  readonly #deliver: (frame: Buffer, receiver: string) => void;

  constructor(deliver: (frame: Buffer, receiver: string) => void) {
    this.#deliver = deliver;
  }

  /** Receivers still waiting. */
  get pending(): number {
    return this.#pending.size;
  }

  /** A Register-Foreign-Device naming `receiver` while the registration is in `state`. */
  request(receiver: string, state: DatalinkRegistrationState | undefined): void {
    if (state === "registered" || state === "refused") {
      queueMicrotask(() => this.#deliver(annexJResult(state === "registered" ? 0 : ANNEX_J_REGISTER_NAK), receiver));
      return;
    }
    if (!this.#pending.has(receiver) && this.#pending.size >= MAX_PENDING_REGISTRATIONS) {
      throw new Bip6BacnetError(
        "QUEUE_FULL",
        `${MAX_PENDING_REGISTRATIONS} registerForeignDevice() calls already wait for the registration`,
        { receiver },
      );
    }
    this.#pending.add(receiver);
  }

  /**
   * A registration event: a confirmation (or a move to `registered`) answers everyone waiting
   * with success, a refusal with the NAK. The transport keeps retrying after a refusal; the
   * client's call, like one Register-Foreign-Device on BACnet/IPv4, gets one answer.
   */
  update(event: DatalinkRegistrationEvent): void {
    const registered = event.type === "confirmed" || (event.type === "state" && event.to === "registered");
    const refused = event.type === "refused" || (event.type === "state" && event.to === "refused");
    if (!registered && !refused) return;
    const code = registered ? 0 : ANNEX_J_REGISTER_NAK;
    const receivers = [...this.#pending];
    this.#pending.clear();
    for (const receiver of receivers) this.#deliver(annexJResult(code), receiver);
  }

  /** Forgets every waiter (the transport closed; the client rejects its own promises on close). */
  clear(): void {
    this.#pending.clear();
  }
}
