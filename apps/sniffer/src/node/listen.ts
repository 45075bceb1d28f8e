/**
 * `bip6-sniff listen`: no capture privileges needed. A `NodeDatagramPort` joins the BACnet
 * multicast group on an interface and binds the BACnet port on its address; every datagram it
 * receives is wrapped in an IPv6/UDP packet (source = sender, destination = group or this
 * host) so the whole pipeline — filters, outputs, findings, `-w` — treats it like a capture.
 *
 * @module
 */
import { NodeDatagramPort } from "@bip6/bip6-socket";
import { ipv6UdpPacket } from "../packet/build.js";
import { LinkType } from "../pcap/link-types.js";
import type { CapturedPacket } from "../pcap/types.js";

/** Options of {@link startListening}. */
export interface ListenOptions {
  readonly interface: string;
  /** UDP port (default 47808). */
  readonly port: number;
  /** Multicast scopes to join (ff0X::bac0); the first one is the port's own. */
  readonly scopes: readonly number[];
}

/** Datagrams kept while the output is slower than the network; more are dropped and counted. */
export const LISTEN_QUEUE_CAP = 65_536;

/** A listening port as a packet source. */
export interface Listener {
  /** The received datagrams as captured packets (raw IPv6), until {@link close}. */
  readonly packets: AsyncIterable<CapturedPacket>;
  /** The port's address and the groups it joined, for the start-up note. */
  readonly description: string;
  /** Datagrams dropped because the queue was full. */
  readonly dropped: () => number;
  /** Closes the port; the packet iteration ends after what is queued. */
  close(): Promise<void>;
}

/** Opens the port and starts queueing what arrives. Rejects with the port's typed error. */
export async function startListening(options: ListenOptions): Promise<Listener> {
  const queue: CapturedPacket[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let dropped = 0;
  let number = 0;
  const [scope, ...more] = options.scopes;
  // The first scope is the port's own; the others are joined beside it (one socket per group).
  const port = await NodeDatagramPort.open({
    interface: options.interface,
    port: options.port,
    scope,
    joinScopes: more,
  });
  const local = port.localAddress;
  port.onDatagram((bytes, from, via, to) => {
    if (queue.length >= LISTEN_QUEUE_CAP) {
      dropped++;
      return;
    }
    const now = performance.timeOrigin + performance.now();
    const seconds = Math.floor(now / 1000);
    const data = ipv6UdpPacket({
      sourceIp: from.ipOctets(),
      sourcePort: from.port,
      destinationIp: to.ipOctets(),
      destinationPort: to.port,
      // The port owns `bytes`: the packet gets its own copy.
      payload: bytes.slice(),
      hopLimit: via === "multicast" ? 1 : 64,
    });
    number++;
    queue.push({
      number,
      linkType: LinkType.Ipv6,
      interfaceId: 0,
      seconds,
      nanoseconds: Math.min(999_999_999, Math.round((now - seconds * 1000) * 1e6)),
      originalLength: data.length,
      data,
    });
    wake?.();
  });
  const packets: AsyncIterable<CapturedPacket> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const p = queue.shift();
        if (p !== undefined) {
          yield p;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
  };
  const joined = port.joinedGroup
    ? `joined ${port.groups.map((g) => g.toString()).join(", ")}`
    : "no multicast on this interface (loopback): unicasts only";
  return {
    packets,
    description: `listening on ${local.toString()}, ${joined}`,
    dropped: () => dropped,
    async close() {
      closed = true;
      wake?.();
      await port.close();
    },
  };
}
