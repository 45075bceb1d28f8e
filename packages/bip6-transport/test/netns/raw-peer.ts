/** The test's side of fixtures/raw-peer.ts. */
import type { Host, NodeChild } from "@bip6/netns";

const FIXTURE = new URL("./fixtures/raw-peer.ts", import.meta.url).href;

/** A datagram the raw peer received. */
export interface RawDatagram {
  readonly hex: string;
  readonly from: string;
}

/** A raw UDP peer in a namespace. */
export class RawPeer {
  readonly received: RawDatagram[] = [];
  readonly #child: NodeChild;
  readonly #pending = new Map<number, (ok: { ok: boolean; message?: string }) => void>();
  #next = 1;
  #pump: Promise<void>;

  private constructor(
    child: NodeChild,
    readonly address: string,
  ) {
    this.#child = child;
    this.#pump = this.#run();
  }

  /** Binds `bind` (`fe80::…%eth0`, a ULA or `::`) port `port` on `host`, multicasting out of `iface`. */
  static async start(host: Host, bind: string, port = 47808, iface = "eth0"): Promise<RawPeer> {
    const child = host.spawnNode(FIXTURE, { bind, port, iface });
    const ready = await child.message<{ kind: string; address: string; message?: string }>(undefined, 30_000);
    if (ready.kind !== "ready") throw new Error(`raw peer could not bind ${bind}: ${ready.message}`);
    return new RawPeer(child, ready.address);
  }

  async #run(): Promise<void> {
    for (;;) {
      let m: { kind?: string; id?: number; ok?: boolean; message?: string; hex?: string; from?: string };
      try {
        m = await this.#child.message(() => true, 1_000);
      } catch (e) {
        if ((e as { code?: string }).code === "TIMEOUT") continue;
        return;
      }
      if (m.kind === "datagram") this.received.push({ hex: m.hex as string, from: m.from as string });
      else if (m.kind === "reply") {
        this.#pending.get(m.id as number)?.({ ok: m.ok === true, message: m.message });
        this.#pending.delete(m.id as number);
      }
    }
  }

  /** Sends `hex` to `to` (`[ip%zone]:port`); rejects when the socket refused it. */
  async send(hex: string, to: string): Promise<void> {
    const id = this.#next++;
    const r = await new Promise<{ ok: boolean; message?: string }>((resolve) => {
      this.#pending.set(id, resolve);
      this.#child.send({ id, op: "send", hex, to });
    });
    if (!r.ok) throw new Error(`raw send to ${to} failed: ${r.message}`);
  }

  /** Closes the socket; the process exits. */
  async close(): Promise<void> {
    const id = this.#next++;
    try {
      this.#child.send({ id, op: "close" });
    } catch {
      // exited already
    }
    await this.#child.exit();
    await this.#pump;
  }
}
