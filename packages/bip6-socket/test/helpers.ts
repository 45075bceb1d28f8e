import type { Bip6Address } from "@bip6/bvll6-codec";
import type { DatagramPort, DatagramPortError, Via } from "../src/index.js";

/** One datagram as a listener saw it. */
export interface Arrival {
  bytes: Uint8Array;
  from: Bip6Address;
  via: Via;
  /** Where it was sent: the port's unicast address, or the group it arrived on. */
  to: Bip6Address;
}

/**
 * The next `count` datagrams `port` delivers. The timeout only turns a hang into a failure
 * with a message; no test asserts on timing.
 */
export function nextDatagrams(port: DatagramPort, count: number, timeoutMs = 5000): Promise<Arrival[]> {
  return new Promise((resolve, reject) => {
    const got: Arrival[] = [];
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`timed out waiting for ${count} datagram(s) at ${port.localAddress.toString()}, got ${got.length}`),
      );
    }, timeoutMs);
    const off = port.onDatagram((bytes, from, via, to) => {
      got.push({ bytes: bytes.slice(), from, via, to });
      if (got.length === count) {
        clearTimeout(timer);
        off();
        resolve(got);
      }
    });
  });
}

/** The next datagram `port` delivers. */
export async function nextDatagram(port: DatagramPort, timeoutMs = 5000): Promise<Arrival> {
  const [a] = await nextDatagrams(port, 1, timeoutMs);
  return a as Arrival;
}

/** The next error event of `port`. */
export function nextError(port: DatagramPort, timeoutMs = 5000): Promise<DatagramPortError> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for an error event at ${port.localAddress.toString()}`));
    }, timeoutMs);
    const off = port.onError((e) => {
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Runs `fn` and returns what it threw (fails when it does not throw). */
export function thrown(fn: () => unknown): DatagramPortError {
  try {
    fn();
  } catch (e) {
    return e as DatagramPortError;
  }
  throw new Error("expected a throw");
}

/** `n` octets with a recognisable pattern. */
export function pattern(n: number, seed = 1): Uint8Array {
  return new Uint8Array(n).map((_, i) => (i * 31 + seed) & 0xff);
}
