import { Bip6Address, type Vmac } from "@bip6/bvll6-codec";
import type {
  Bip6Datalink,
  DatalinkNpdu,
  DatalinkRegistration,
  DatalinkRegistrationEvent,
  DatalinkRegistrationState,
} from "../../src/index.ts";

type Listener = (value: never) => void;

/** One call the stub received. */
export type StubSend =
  | { readonly kind: "unicast"; readonly npdu: Uint8Array; readonly to: Vmac | Bip6Address }
  | { readonly kind: "broadcast"; readonly npdu: Uint8Array };

/**
 * A scriptable stand-in for `Bip6Transport`: records every send, lets the test inject received
 * NPDUs, errors, registration changes and send failures. The adapter's unit tests run on it;
 * the integration tests run the real transport.
 */
export class StubDatalink implements Bip6Datalink {
  readonly vmac: Vmac;
  readonly localAddress: Bip6Address;
  readonly role: Bip6Datalink["role"];
  closed = false;
  closeCalls = 0;
  readonly sent: StubSend[] = [];
  /** When set, the next send rejects with it. */
  failNextSend: Error | undefined;
  /** When set, resolveVmac answers from it. */
  readonly vmacOf = new Map<string, Vmac>();
  #registration: DatalinkRegistrationState | undefined;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(options: { vmac?: Vmac; address?: string; role?: Bip6Datalink["role"] } = {}) {
    this.vmac = options.vmac ?? 0x0004d2;
    this.localAddress = Bip6Address.parse(options.address ?? "[fd00:1::1]:47808");
    this.role = options.role ?? "node";
    if (this.role === "foreign-device") this.#registration = "registering";
  }

  sendUnicast(npdu: Uint8Array, to: Vmac | Bip6Address): Promise<void> {
    if (this.closed) return Promise.reject(new Error("closed"));
    const send: StubSend = { kind: "unicast", npdu: new Uint8Array(npdu), to };
    this.sent.push(send);
    return this.#outcome();
  }

  sendBroadcast(npdu: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error("closed"));
    const send: StubSend = { kind: "broadcast", npdu: new Uint8Array(npdu) };
    this.sent.push(send);
    return this.#outcome();
  }

  resolveVmac(to: Bip6Address): Promise<Vmac> {
    const vmac = this.vmacOf.get(to.key);
    return vmac === undefined ? Promise.reject(new Error(`no answer from ${to.toString()}`)) : Promise.resolve(vmac);
  }

  on(name: "npdu", listener: (message: DatalinkNpdu) => void): () => void;
  on(name: "error", listener: (error: Error) => void): () => void;
  on(name: "close", listener: () => void): () => void;
  on(name: "registration", listener: (event: DatalinkRegistrationEvent) => void): () => void;
  on(name: string, listener: Listener): () => void {
    let set = this.#listeners.get(name);
    if (set === undefined) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Listeners currently registered for `name`. */
  listenerCount(name: string): number {
    return this.#listeners.get(name)?.size ?? 0;
  }

  registration(): DatalinkRegistration | undefined {
    return this.#registration === undefined ? undefined : { state: this.#registration };
  }

  close(): Promise<void> {
    this.closeCalls++;
    if (!this.closed) {
      this.closed = true;
      this.emit("close", undefined);
    }
    return Promise.resolve();
  }

  /** Delivers a received NPDU as the transport would. */
  receive(npdu: Uint8Array, from: { vmac: Vmac; address?: string; broadcast?: boolean }): void {
    this.emit("npdu", {
      npdu,
      sourceVmac: from.vmac,
      source: Bip6Address.parse(from.address ?? "[fd00:1::2]:47808"),
      broadcast: from.broadcast ?? false,
    } satisfies DatalinkNpdu);
  }

  /** Moves the foreign-device registration and reports it. */
  setRegistration(state: DatalinkRegistrationState): void {
    const from = this.#registration ?? "unregistered";
    this.#registration = state;
    this.emit("registration", { type: "state", from, to: state } satisfies DatalinkRegistrationEvent);
    if (state === "registered") this.emit("registration", { type: "confirmed" } satisfies DatalinkRegistrationEvent);
    if (state === "refused")
      this.emit("registration", { type: "refused", resultCode: 0x0090 } satisfies DatalinkRegistrationEvent);
  }

  emit(name: string, value: unknown): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) (listener as (v: unknown) => void)(value);
  }

  #outcome(): Promise<void> {
    const failure = this.failNextSend;
    this.failNextSend = undefined;
    return failure === undefined ? Promise.resolve() : Promise.reject(failure);
  }
}
