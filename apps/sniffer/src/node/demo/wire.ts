/**
 * The demo's wire: one tap on every port of the demo network. Each datagram a port sends
 * becomes one captured packet (raw IPv6 with a valid UDP checksum, as tcpdump on `lo` would
 * record it), in send order, timed by the tap; each datagram a port receives settles one that
 * was in flight. "Nothing in flight" is how the demo knows the network has gone quiet.
 *
 * @module
 */
import type { TapRecord } from "@bip6/bip6-socket";
import { ipv6UdpPacket } from "../../packet/build.js";
import { LinkType } from "../../pcap/link-types.js";
import type { CapturedPacket } from "../../pcap/types.js";

/** Packets kept while the output is slower than the demo (it sends far fewer). */
export const DEMO_QUEUE_CAP = 4096;

/** Hop limit of the recorded packets: what Linux gives unicast UDP on `lo`. */
const HOP_LIMIT = 64;

/** The taps' sink: captured packets out, and the in-flight count per open port. */
export class DemoWire {
  readonly #queue: CapturedPacket[] = [];
  /** Open ports (by UDP port: every demo port is on ::1) → datagrams sent to them, not yet received. */
  readonly #inFlight = new Map<number, number>();
  #total = 0;
  #number = 0;
  #dropped = 0;
  #ended = false;
  #wake: (() => void) | undefined;

  /** The tap every demo port is opened with. */
  readonly tap = (record: TapRecord): void => {
    const port = record.to.port;
    const open = this.#inFlight.get(port);
    if (record.direction === "received") {
      if (open !== undefined && open > 0) {
        this.#inFlight.set(port, open - 1);
        this.#total--;
      }
      return;
    }
    if (open !== undefined) {
      this.#inFlight.set(port, open + 1);
      this.#total++;
    }
    this.#record(record);
  };

  /** Counts datagrams to `port` from now on: one of the demo's ports, open. */
  attach(port: number): void {
    this.#inFlight.set(port, 0);
  }

  /**
   * Stops counting datagrams to `port`: its transport is closing, so what is still on its way
   * there (the BBMD's Result for a Delete) will never be received.
   */
  detach(port: number): void {
    this.#total -= this.#inFlight.get(port) ?? 0;
    this.#inFlight.delete(port);
  }

  /** Datagrams sent to an open demo port and not yet received there. */
  get inFlight(): number {
    return this.#total;
  }

  /** Packets left out because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Ends the packet iteration after what is queued. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** The recorded packets, in send order, until {@link end}. */
  async *packets(): AsyncGenerator<CapturedPacket> {
    for (;;) {
      const p = this.#queue.shift();
      if (p !== undefined) {
        yield p;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }

  #record(r: TapRecord): void {
    if (this.#queue.length >= DEMO_QUEUE_CAP) {
      this.#dropped++;
      return;
    }
    const data = ipv6UdpPacket({
      sourceIp: r.from.ipOctets(),
      sourcePort: r.from.port,
      destinationIp: r.to.ipOctets(),
      destinationPort: r.to.port,
      payload: r.bytes,
      hopLimit: HOP_LIMIT,
    });
    const seconds = Math.floor(r.at / 1000);
    this.#queue.push({
      number: ++this.#number,
      linkType: LinkType.Ipv6,
      interfaceId: 0,
      seconds,
      nanoseconds: Math.min(999_999_999, Math.round((r.at - seconds * 1000) * 1e6)),
      originalLength: data.length,
      data,
    });
    this.#wake?.();
  }
}
