import { DatagramPortError } from "@bip6/bip6-socket/memory";
import { Bip6TransportError } from "../errors.js";

/** The transport error a port's refusal of a datagram to `to` becomes (the port's error as `cause`). */
export function refusal(e: unknown, to: string): Bip6TransportError {
  if (e instanceof DatagramPortError) {
    const code = e.code === "INVALID_ADDRESS" ? "INVALID_DESTINATION" : e.code === "CLOSED" ? "CLOSED" : "SEND_FAILED";
    return new Bip6TransportError(code, `the port refused the datagram to ${to}: ${e.message}`, { cause: e });
  }
  return new Bip6TransportError("SEND_FAILED", `sending to ${to} failed: ${String(e)}`, { cause: e });
}
