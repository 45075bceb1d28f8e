import type { RequestId } from "../core/actions.js";
import type { Counters } from "../core/counters.js";
import type { Bip6TransportError } from "../errors.js";

/** Shared by every call that completed while it was made: a settled promise can be handed to anyone. */
const RESOLVED: Promise<void> = Promise.resolve();

interface Waiting {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Bip6TransportError) => void;
}

/** A call being made further out while a listener makes another one, and how it ended if it did. */
interface OuterCall {
  readonly request: RequestId;
  readonly done: boolean;
  readonly value: unknown;
  readonly error: Bip6TransportError | undefined;
}

/**
 * The promises of sendUnicast / sendBroadcast / resolveVmac calls. Most calls end while they
 * are being made (the datagram was handed to the port): they get an already settled promise and
 * nothing is allocated for them. The others wait in a map until the core settles them.
 *
 * A listener may make a call while another one is being applied (re-entrancy): the outer call's
 * slot is kept on a stack, and an outer call settled by what the inner one caused is remembered
 * until the outer call returns.
 */
export class Requests {
  readonly #counters: Counters;
  #next = 1;
  /** The call being made right now, and how it ended if it did. */
  #current: RequestId | undefined;
  #done = false;
  #value: unknown;
  #error: Bip6TransportError | undefined;
  readonly #outer: OuterCall[] = [];
  /** How an outer call ended while an inner one ran. */
  readonly #early = new Map<RequestId, { value: unknown; error: Bip6TransportError | undefined }>();
  readonly #waiting = new Map<RequestId, Waiting>();

  constructor(counters: Counters) {
    this.#counters = counters;
  }

  /** Starts a call: its id, now the current one (an outer call's slot is kept). */
  begin(): RequestId {
    const id = this.#next++;
    if (this.#current !== undefined) {
      this.#outer.push({ request: this.#current, done: this.#done, value: this.#value, error: this.#error });
    }
    this.#current = id;
    this.#done = false;
    this.#value = undefined;
    this.#error = undefined;
    return id;
  }

  /** Ends the current call `id`: a settled promise when it ended meanwhile, else one that waits. */
  end<T>(id: RequestId): Promise<T> {
    let done = this.#done;
    let value = this.#value;
    let error = this.#error;
    this.abandon();
    const early = this.#early.get(id);
    if (early !== undefined) {
      this.#early.delete(id);
      done = true;
      ({ value, error } = early);
    }
    if (done) {
      if (error !== undefined) return Promise.reject(error);
      return (value === undefined ? RESOLVED : Promise.resolve(value)) as Promise<T>;
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: never) => void, reject });
    });
  }

  /** Leaves the current call without a promise (the core threw): the outer call's slot comes back. */
  abandon(): void {
    const outer = this.#outer.pop();
    this.#current = outer?.request;
    this.#done = outer?.done ?? false;
    this.#value = outer?.value;
    this.#error = outer?.error;
  }

  /** Settles call `request` once (later settlements of the same call are ignored), and counts it. */
  settle(request: RequestId, value: unknown, error: Bip6TransportError | undefined): void {
    if (request === this.#current) {
      if (this.#done) return; // settled already (refused before its `complete`)
      this.#done = true;
      this.#value = value;
      this.#error = error;
    } else {
      const w = this.#waiting.get(request);
      if (w === undefined) {
        // An outer call still being made, settled by what a listener's call caused.
        if (this.#isOuter(request) && !this.#early.has(request)) this.#early.set(request, { value, error });
        else return; // settled already (a refused datagram before its `complete`)
      } else {
        this.#waiting.delete(request);
        if (error === undefined) w.resolve(value as never);
        else w.reject(error);
      }
    }
    if (error === undefined) this.#counters.requests.completed++;
    else this.countFailure(error);
  }

  /** The settled promise of a call that completed on the shell's fast path (the core never queued it), counted. */
  completedNow(): Promise<void> {
    this.#counters.requests.completed++;
    return RESOLVED;
  }

  /** A promise rejected with `error` for a call the core never saw (a bad destination text), counted. */
  rejected<T>(error: Bip6TransportError): Promise<T> {
    this.countFailure(error);
    return Promise.reject(error);
  }

  /** Counts a failed call by its error code. */
  countFailure(error: Bip6TransportError): void {
    const failed = this.#counters.requests.failed;
    failed[error.code] = (failed[error.code] ?? 0) + 1;
  }

  #isOuter(request: RequestId): boolean {
    for (const o of this.#outer) if (o.request === request) return true;
    return false;
  }
}
