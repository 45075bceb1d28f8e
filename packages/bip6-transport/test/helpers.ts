import { MemoryNetwork, type MemoryHost, type MemoryNetworkOptions } from "@bip6/bip6-socket/memory";
import { Bip6Address, bytesToHex, type Bvll6Frame, encodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import type { CoreAction, CoreConfig, CoreOutput } from "../src/index.js";
import { Bip6Transport, type Bip6TransportEventName, type Bip6TransportEvents, ManualClock } from "../src/index.js";
import type { Bip6TransportOptions } from "../src/options.js";

/** A memory network in manual delivery with a clock that moves it: one link `lan` unless told otherwise. */
export function lab(options: MemoryNetworkOptions & { links?: string[] } = {}): {
  net: MemoryNetwork;
  clock: ManualClock;
  host(name: string, link?: string): MemoryHost;
  open(
    host: MemoryHost | string,
    options?: Partial<Bip6TransportOptions> & { portNumber?: number },
  ): Promise<Bip6Transport>;
} {
  const { links = ["lan"], ...netOptions } = options;
  const net = new MemoryNetwork({ seed: 7, delivery: "manual", ...netOptions });
  for (const l of links) net.addLink(l);
  const clock = new ManualClock({ network: net });
  return {
    net,
    clock,
    host: (name, link = links[0] as string) => net.addHost(name, [{ link }]),
    open: (host, o = {}) => {
      const { portNumber, ...rest } = o;
      return Bip6Transport.open({
        datagramPort: net.createPort(host, portNumber === undefined ? {} : { port: portNumber }),
        ownsPort: true,
        clock,
        ...rest,
      });
    },
  };
}

/** Records every event of the given names, in order, as `[name, payload]`. */
export function record<K extends Bip6TransportEventName>(
  t: Bip6Transport,
  ...names: K[]
): Array<{ [N in K]: [N, Bip6TransportEvents[N]] }[K]> {
  const seen: Array<{ [N in K]: [N, Bip6TransportEvents[N]] }[K]> = [];
  for (const name of names) t.on(name, (e) => seen.push([name, e] as never));
  return seen;
}

/** Lets promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** The datagrams of a core output, as `to hex` lines (`group` for multicasts). */
export function wire(out: CoreOutput | readonly CoreAction[]): string[] {
  const actions = "actions" in out ? out.actions : out;
  const lines: string[] = [];
  for (const a of actions) {
    if (a.type === "send") lines.push(`${a.to.toString()} ${bytesToHex(encodeFrame(a.frame))}`);
    else if (a.type === "fan-out") {
      for (const d of a.destinations) lines.push(`${d.to.toString()} ${bytesToHex(encodeFrame(a.frame))}`);
    } else if (a.type === "multicast") lines.push(`group ${bytesToHex(encodeFrame(a.frame))}`);
  }
  return lines;
}

/** The action types of an output, in order. */
export function kinds(out: CoreOutput): string[] {
  return out.actions.map((a) => (a.type === "event" ? `event:${a.event.name}` : a.type));
}

/** Decodes hex written as in annex-u.md. */
export const hex = hexToBytes;

/** A parsed address. */
export const addr = (text: string): Bip6Address => Bip6Address.parse(text);

/** A core configuration for a node on fd00:1::1 with instance VMAC 1234, with overrides. */
export function coreConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  const local = addr("[fd00:1::1]:47808");
  return {
    vmac: { mode: "instance", value: 1234 },
    random: undefined,
    probe: { attempts: 3, intervalMs: 300 },
    role: { kind: "node" },
    resolution: {
      maxPending: 256,
      maxPendingPerVmac: 16,
      timeoutMs: 5000,
      retry: { initialMs: 500, factor: 2, maxMs: 2000 },
    },
    vmacTable: {},
    localAddress: local,
    localAddresses: [local, addr("[fe80::1%eth0]:47808")],
    multicastAvailable: true,
    ...overrides,
  };
}

/** Encodes a frame to hex. */
export function frameHex(frame: Bvll6Frame): string {
  return bytesToHex(encodeFrame(frame));
}

/**
 * Resolves once `check()` is true, polling every `pollMs` on the event loop; fails after
 * `limitMs` naming `what` (a limit on waiting, not a timing assertion).
 */
export async function until(check: () => boolean, what: string, limitMs = 15_000, pollMs = 10): Promise<void> {
  const give = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > give) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
