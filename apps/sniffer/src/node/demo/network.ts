/**
 * `bip6-sniff demo`: a real BACnet/IPv6 network in this process, on `::1`. A BBMD (device 1)
 * and three foreign devices (11, 12, 13), each a small BACnet device on its own
 * `NodeDatagramPort` (port 0: free ports, so demos and tests can run side by side), opened here
 * with a tap and handed to `Bip6Transport` with `ownsPort: true`. The story:
 *
 * 1. the foreign devices register with the BBMD (Register-Foreign-Device, BVLC-Result);
 * 2. the workstation (11) broadcasts Who-Is for device 12 (Distribute-Broadcast-To-Network,
 *    relayed as Forwarded-NPDU), the boiler (12) answers I-Am, and 11 reads its object-name;
 * 3. the boiler reads the chiller's (13) name by VMAC: Address-Resolution through the BBMD
 *    (Forwarded-Address-Resolution), the ACK straight from 13, then ReadProperty;
 * 4. the workstation reads the name of the device at `[::1]:port` of 13 by address
 *    (Virtual-Address-Resolution), then ReadProperty;
 * 5. the foreign devices leave, deleting their FDT entries; the BBMD closes.
 *
 * The taps record every datagram as it is sent. One step at a time, and the devices' answers
 * one at a time in the order of their instance, each once the network is quiet (nothing in
 * flight): so the capture is the same on every run but for ports and times.
 *
 * @module
 */
import { NodeDatagramPort } from "@bip6/bip6-socket";
import { Bip6Transport, type Bip6TransportOptions } from "@bip6/bip6-transport/node";
import { Bip6Error, formatVmac } from "@bip6/bvll6-codec";
import type { CapturedPacket } from "../../pcap/types.js";
import { whoIs } from "./apdu.js";
import { type Answer, DemoDevice } from "./device.js";
import { DemoWire } from "./wire.js";

/** Machine-readable reasons the demo could not run. */
export type DemoErrorCode =
  /** A socket on `::1` could not be opened (no IPv6 on loopback?). */
  | "OPEN_FAILED"
  /** The network did not go quiet within {@link DEMO_STEP_TIMEOUT_MS}. */
  | "STALLED"
  /** An exchange failed or did not give the answer the story expects. */
  | "EXCHANGE_FAILED";

/** The demo network could not do what it shows; the message says which step. */
export class DemoError extends Bip6Error<DemoErrorCode> {
  override readonly name = "DemoError";
}

/** How long one step may keep the network busy before the demo gives up. */
export const DEMO_STEP_TIMEOUT_MS = 10_000;

/** The devices of the demo: instance (= VMAC) and object-name; the first is the BBMD. */
export const DEMO_DEVICES = [
  { instance: 1, name: "BBMD" },
  { instance: 11, name: "Workstation" },
  { instance: 12, name: "Boiler" },
  { instance: 13, name: "Chiller" },
] as const;

/** TTL the foreign devices register for, seconds. */
const TTL = 60;

/**
 * Deadlines and retries far beyond what `::1` needs: a retry (an extra frame) may only come
 * from a network that lost a datagram, never from a busy machine, so the capture stays the same.
 */
const PATIENT: Pick<Bip6TransportOptions, "resolution"> = {
  resolution: {
    timeoutMs: DEMO_STEP_TIMEOUT_MS,
    retry: { initialMs: DEMO_STEP_TIMEOUT_MS, maxMs: DEMO_STEP_TIMEOUT_MS },
  },
};

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Time source of the capture, ms since the epoch (default: `performance`, sub-millisecond). */
  readonly clock?: () => number;
}

/** A running demo network as a packet source. */
export interface DemoNetwork {
  /** Every datagram sent, as a raw-IPv6 packet, in order; ends after the BBMD closed. Throws a {@link DemoError} if the story failed. */
  readonly packets: AsyncIterable<CapturedPacket>;
  /** The UDP ports of the BBMD and of devices 11, 12, 13 (all on `::1`). */
  readonly ports: readonly number[];
  /** One line for the start-up note. */
  readonly description: string;
  /** What each device read: `"11 read 12"` → `"Boiler"`, once the story has run. */
  readonly reads: ReadonlyMap<string, string>;
  /**
   * Ends the story early (the devices still leave and delete their entries) or waits for its
   * end; resolves once every socket is closed. Idempotent.
   */
  stop(): Promise<void>;
}

/** Resolves on the next turn of the event loop (after I/O callbacks). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Opens the ports (so their numbers are known before the first packet) and starts the story. */
export async function startDemo(options: DemoOptions = {}): Promise<DemoNetwork> {
  const wire = new DemoWire();
  const clock = options.clock ?? (() => performance.timeOrigin + performance.now());
  const ports: NodeDatagramPort[] = [];
  try {
    for (let i = 0; i < DEMO_DEVICES.length; i++) {
      const port = await NodeDatagramPort.open({ interface: "lo", port: 0, tap: wire.tap, clock });
      ports.push(port);
      wire.attach(port.localAddress.port);
    }
  } catch (e) {
    await Promise.all(ports.map((p) => p.close()));
    throw new DemoError(
      "OPEN_FAILED",
      `cannot open UDP sockets on ::1: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
  }
  const story = new Story(wire, ports);
  const done = story.run();
  let failure: unknown;
  done.catch((e: unknown) => (failure = e));
  async function* packets(): AsyncGenerator<CapturedPacket> {
    yield* wire.packets();
    await done.catch(() => undefined);
    // Stopped on purpose (a signal, or the reader had enough): an end, not a failure.
    if (failure !== undefined && !story.aborted) throw failure;
  }
  const numbers = ports.map((p) => p.localAddress.port);
  const at = (i: number): string => `${formatVmac(DEMO_DEVICES[i]?.instance ?? 0)} port ${numbers[i]}`;
  return {
    packets: packets(),
    ports: numbers,
    description:
      `on ::1 a BBMD (VMAC ${at(0)}) and three foreign devices (${[1, 2, 3].map(at).join(", ")}), ` +
      "sniffed through the socket tap",
    reads: story.reads,
    stop: () => {
      story.abort();
      return done.catch(() => undefined);
    },
  };
}

/** The demo's script: the transports, the devices, and the one-answer-at-a-time rule. */
class Story {
  readonly reads = new Map<string, string>();
  readonly #wire: DemoWire;
  readonly #ports: NodeDatagramPort[];
  readonly #devices: DemoDevice[] = [];
  /** Answers waiting for their turn: [instance, order of arrival, send]. */
  readonly #answers: [number, number, () => Promise<void>][] = [];
  #arrivals = 0;
  #aborted = false;

  constructor(wire: DemoWire, ports: NodeDatagramPort[]) {
    this.#wire = wire;
    this.#ports = ports;
  }

  /** Whether {@link abort} was called. */
  get aborted(): boolean {
    return this.#aborted;
  }

  abort(): void {
    this.#aborted = true;
  }

  async run(): Promise<void> {
    try {
      await this.#script();
    } finally {
      await this.#leave();
      this.#wire.end();
    }
  }

  readonly #answer: Answer = (instance, send) => {
    this.#answers.push([instance, this.#arrivals++, send]);
  };

  async #script(): Promise<void> {
    const [bbmdPort, ...devicePorts] = this.#ports as [NodeDatagramPort, ...NodeDatagramPort[]];
    const [bbmdDevice, ...deviceSpecs] = DEMO_DEVICES;
    const bbmd = await Bip6Transport.open({
      datagramPort: bbmdPort,
      ownsPort: true,
      vmac: { deviceInstance: bbmdDevice.instance },
      // Linux has no IPv6 multicast on lo: the BBMD serves its foreign devices only.
      role: { kind: "bbmd", allowLoopback: true, multicastLocal: false },
      ...PATIENT,
    });
    this.#devices.push(new DemoDevice(bbmd, bbmdDevice.instance, bbmdDevice.name, this.#answer));
    await this.#settle("the BBMD's start");
    // One at a time, so the FDT (and the order of every fan-out) is the same on every run.
    for (const [i, spec] of deviceSpecs.entries()) {
      const transport = await Bip6Transport.open({
        datagramPort: devicePorts[i] as NodeDatagramPort,
        ownsPort: true,
        vmac: { deviceInstance: spec.instance },
        role: {
          kind: "foreign-device",
          bbmd: bbmd.localAddress,
          timeToLive: TTL,
          retry: { initialMs: DEMO_STEP_TIMEOUT_MS },
        },
        ...PATIENT,
      });
      this.#devices.push(new DemoDevice(transport, spec.instance, spec.name, this.#answer));
      await this.#settle(`the registration of device ${spec.instance}`);
      if (transport.registration()?.state !== "registered") {
        throw new DemoError("EXCHANGE_FAILED", `device ${spec.instance} did not register with the BBMD`);
      }
    }
    const [, workstation, boiler, chiller] = this.#devices as [DemoDevice, DemoDevice, DemoDevice, DemoDevice];

    // Discovery: Who-Is for device 12 goes to the BBMD, which relays it to every other device.
    await workstation.transport.sendBroadcast(whoIs(boiler.instance));
    await this.#settle("Who-Is and I-Am");
    await this.#read(workstation, boiler.instance, boiler.instance);
    // The boiler has not heard of device 13: Address-Resolution through the BBMD.
    await this.#read(boiler, chiller.instance, chiller.instance);
    // The workstation knows the chiller only by address: Virtual-Address-Resolution.
    await this.#read(workstation, chiller.transport.localAddress.toString(), chiller.instance);
  }

  /** `reader` reads device `instance`'s object-name from `to`; checks the answer. */
  async #read(reader: DemoDevice, to: number | string, instance: number): Promise<void> {
    await this.#step(`device ${reader.instance} reading device ${instance}`, () => reader.readName(to, instance));
    const name = reader.namesRead.get(instance);
    const expected = DEMO_DEVICES.find((d) => d.instance === instance)?.name;
    if (name !== expected) {
      throw new DemoError(
        "EXCHANGE_FAILED",
        `device ${reader.instance} read ${JSON.stringify(name)} as the name of device ${instance}, not ${JSON.stringify(expected)}`,
      );
    }
    this.reads.set(`${reader.instance} read ${instance}`, name as string);
  }

  async #step(what: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (e) {
      if (this.#aborted) throw e;
      throw new DemoError("EXCHANGE_FAILED", `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    await this.#settle(what);
  }

  /**
   * Waits until nothing is in flight and no device has an answer to send; the waiting answers
   * go one at a time, lowest instance first, each into a quiet network.
   */
  async #settle(what: string, abortable = true): Promise<void> {
    const give = performance.now() + DEMO_STEP_TIMEOUT_MS;
    for (;;) {
      await turn();
      if (abortable && this.#aborted) throw new DemoError("EXCHANGE_FAILED", "stopped");
      if (this.#wire.inFlight > 0) {
        if (performance.now() > give) {
          throw new DemoError(
            "STALLED",
            `${what}: ${this.#wire.inFlight} datagram(s) still in flight after ${DEMO_STEP_TIMEOUT_MS} ms`,
          );
        }
        continue;
      }
      if (this.#answers.length === 0) return;
      this.#answers.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const [instance, , send] = this.#answers.shift() as [number, number, () => Promise<void>];
      try {
        await send();
      } catch (e) {
        throw new DemoError("EXCHANGE_FAILED", `${what}: device ${instance} could not answer: ${String(e)}`, {
          cause: e,
        });
      }
    }
  }

  /** The foreign devices leave one by one (Delete-Foreign-Device-Table-Entry), then the BBMD; every port closes. */
  async #leave(): Promise<void> {
    this.#answers.length = 0;
    const [bbmd, ...devices] = this.#devices;
    for (const d of devices) {
      this.#wire.detach(d.transport.localAddress.port);
      await d.transport.close();
      await this.#settle(`device ${d.instance} leaving`, false).catch(() => undefined);
      this.#answers.length = 0;
    }
    if (bbmd !== undefined) {
      this.#wire.detach(bbmd.transport.localAddress.port);
      await bbmd.transport.close();
    }
    // Ports whose transport never opened (a failure early on).
    await Promise.all(this.#ports.map((p) => p.close()));
  }
}
