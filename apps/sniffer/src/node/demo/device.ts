/**
 * A demo BACnet device on a `Bip6Transport`: a device object with an instance and a name that
 * answers Who-Is (when its instance is in the range) with a unicast I-Am to the asker, and
 * ReadProperty of its object-name with the ComplexACK; as a client it reads other devices'
 * object-names. Nothing else: every other NPDU is ignored (a real device would answer a
 * property it does not have with an Error; the demo never asks for one).
 *
 * Answers are not sent from inside the transport's event: they are handed to `answer`, which
 * the demo uses to send one answer at a time, so that the capture is the same on every run.
 *
 * @module
 */
import type { Bip6Transport, ReceivedNpdu } from "@bip6/bip6-transport/node";
import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import { demoRequest, iAm, OBJECT_NAME, objectNameAck, objectNameAnswer, readObjectName } from "./apdu.js";

/** The wildcard instance 4194303: "the device that receives this" (clause 12.11.1). */
const ANY_DEVICE = 0x3fffff;

/** An answer a device wants to send: who answers (its instance) and how. */
export type Answer = (instance: number, send: () => Promise<void>) => void;

/** One small BACnet device of the demo. */
export class DemoDevice {
  /** Object-names this device read from other devices, by their instance. */
  readonly namesRead = new Map<number, string>();
  #invokeId = 0;

  constructor(
    /** The device's datalink. */
    readonly transport: Bip6Transport,
    /** Its device instance (also its VMAC). */
    readonly instance: number,
    /** Its object-name. */
    readonly name: string,
    answer: Answer,
  ) {
    transport.on("npdu", (m) => this.#receive(m, answer));
  }

  /** Sends ReadProperty(device `instance`, object-name) to `to` (a VMAC, or `[ipv6]:port`). */
  readName(to: Vmac | Bip6Address | string, instance: number): Promise<void> {
    this.#invokeId = (this.#invokeId + 1) & 0xff;
    return this.transport.sendUnicast(readObjectName(this.#invokeId, instance), to);
  }

  #receive(m: ReceivedNpdu, answer: Answer): void {
    const request = demoRequest(m.npdu);
    const me = this.instance;
    if (request?.kind === "who-is") {
      const inRange = request.low === undefined || (request.low <= me && me <= (request.high ?? me));
      if (inRange) answer(me, () => this.transport.sendUnicast(iAm(me), m.sourceVmac));
      return;
    }
    if (request?.kind === "read-property") {
      const forMe = request.instance === me || request.instance === ANY_DEVICE;
      if (!m.broadcast && forMe && request.property === OBJECT_NAME) {
        const ack = objectNameAck(request.invokeId, me, this.name);
        answer(me, () => this.transport.sendUnicast(ack, m.sourceVmac));
      }
      return;
    }
    const read = objectNameAnswer(m.npdu);
    if (read !== undefined && !m.broadcast) this.namesRead.set(read.instance, read.name);
  }
}
