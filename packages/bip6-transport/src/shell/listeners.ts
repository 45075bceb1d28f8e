import type { Bip6TransportEventName, Bip6TransportEvents } from "../events.js";

type Listener<K extends Bip6TransportEventName> = (event: Bip6TransportEvents[K]) => void;
type AnyListener = (event: never) => void;

/**
 * Typed listeners by event name. Emitting never throws: a listener's exception is caught and
 * handed to `onListenerError`, so one faulty listener cannot break ingress or the others.
 */
export class Listeners {
  readonly #byName = new Map<Bip6TransportEventName, Set<AnyListener>>();
  readonly #onListenerError: (name: Bip6TransportEventName, error: unknown) => void;

  constructor(onListenerError: (name: Bip6TransportEventName, error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Whether anybody listens to `name` (lets the hot path skip building events). */
  has(name: Bip6TransportEventName): boolean {
    const set = this.#byName.get(name);
    return set !== undefined && set.size > 0;
  }

  /** Adds a listener; returns its remover (idempotent). */
  add<K extends Bip6TransportEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.#byName.get(name);
    if (set === undefined) {
      set = new Set();
      this.#byName.set(name, set);
    }
    const entry = listener as AnyListener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Calls every listener of `name` with `event`, in registration order. */
  emit<K extends Bip6TransportEventName>(name: K, event: Bip6TransportEvents[K]): void {
    const set = this.#byName.get(name);
    if (set === undefined || set.size === 0) return;
    for (const listener of set) {
      try {
        (listener as Listener<K>)(event);
      } catch (e) {
        this.#onListenerError(name, e);
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.#byName.clear();
  }
}
