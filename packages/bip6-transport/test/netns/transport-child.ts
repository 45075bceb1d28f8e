/**
 * The test's side of fixtures/transport-node.ts: a Bip6Transport in a namespace, with every
 * event it reported kept in order and requests answered by id.
 */
import type { Host, NodeChild } from "@bip6/netns";
import type { Bip6TransportOptions } from "../../src/node.ts";

const FIXTURE = new URL("./fixtures/transport-node.ts", import.meta.url).href;

/** One event as the fixture reports it: the transport's `eventRecord(name, event)`. */
export interface ChildEvent {
  readonly name: string;
  readonly record: Record<string, unknown>;
}

interface Reply {
  readonly kind: "reply";
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly code?: string;
  readonly message?: string;
}

/** A request the fixture refused: its transport error code. */
export class ChildRequestError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A transport running in a namespace. */
export class TransportChild {
  readonly events: ChildEvent[] = [];
  readonly #child: NodeChild;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;
  #pump: Promise<void>;

  private constructor(
    readonly name: string,
    child: NodeChild,
    readonly vmac: number,
    readonly address: string,
  ) {
    this.#child = child;
    this.#pump = this.#run();
  }

  /** Opens a transport on `host` with `options` (JSON-safe) and waits until it is open. */
  static async start(name: string, host: Host, options: Bip6TransportOptions): Promise<TransportChild> {
    const child = host.spawnNode(FIXTURE, options);
    const ready = await child.message<{ kind: string; vmac: number; address: string; message?: string }>(
      (m) => ["ready", "open-failed"].includes((m as { kind?: string }).kind ?? ""),
      30_000,
    );
    if (ready.kind !== "ready") throw new Error(`${name} could not open: ${ready.message}`);
    return new TransportChild(name, child, ready.vmac, ready.address);
  }

  async #run(): Promise<void> {
    for (;;) {
      let m: unknown;
      try {
        m = await this.#child.message(() => true, 1_000);
      } catch (e) {
        if ((e as { code?: string }).code === "TIMEOUT") continue;
        for (const p of this.#pending.values()) p.reject(e as Error);
        this.#pending.clear();
        return;
      }
      const kind = (m as { kind?: string }).kind;
      if (kind === "event") this.events.push(m as ChildEvent);
      else if (kind === "reply") {
        const r = m as Reply;
        const p = this.#pending.get(r.id);
        this.#pending.delete(r.id);
        if (r.ok) p?.resolve(r.value);
        else p?.reject(new ChildRequestError(r.code, `${this.name}: ${r.code}: ${r.message}`));
      }
    }
  }

  /** Sends a request; resolves its value, rejects with {@link ChildRequestError}. */
  request<T = unknown>(op: string, fields: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#child.send({ id, op, ...fields });
    });
  }

  /** The `npdu` events' records. */
  npdus(): Record<string, unknown>[] {
    return this.events.filter((e) => e.name === "npdu").map((e) => e.record);
  }

  /** Records of the events named `name`. */
  named(name: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.name === name).map((e) => e.record);
  }

  /** Stats now. */
  stats(): Promise<StatsShape> {
    return this.request<StatsShape>("stats");
  }

  /** Closes the transport, resolves its last stats; the process exits. */
  async close(): Promise<StatsShape> {
    const stats = await this.request<StatsShape>("close");
    await this.#child.exit();
    await this.#pump;
    return stats;
  }
}

/** The parts of `stats()` the tests read (as JSON). */
export interface StatsShape {
  readonly transport: {
    readonly received: Record<string, number>;
    readonly sent: Record<string, number>;
    readonly dropped: Record<string, number>;
    readonly delivered: { readonly unicast: number; readonly broadcast: number };
    readonly resolution: Record<string, number>;
    readonly unreachableSources: number;
  };
  readonly port: Record<string, number>;
}

/** Lets datagrams in flight arrive (duplicates would show up by then); not a timing assertion. */
export function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
