import type { Bip6BacnetErrorCode } from "./errors.js";

/** Counters of one adapter; they only grow. The transport keeps its own (`datalink.stats()`). */
export interface Bip6BacnetStats {
  /** Original-Unicast frames handed to the transport as `sendUnicast`. */
  unicastsSent: number;
  /** Original-Broadcast frames handed to the transport as `sendBroadcast`. */
  broadcastsSent: number;
  /** Distribute-Broadcast frames handed to the transport as `sendBroadcast` (foreign device or BBMD). */
  distributeBroadcastsSent: number;
  /** Register-Foreign-Device frames answered from the transport's own registration. */
  registrationsAnswered: number;
  /** Sends accepted while the transport was opening. */
  sendsQueued: number;
  /** Of those, dropped because it closed or failed to open before sending them. */
  queuedSendsDropped: number;
  /** Sends the transport rejected after accepting them (reported as `SEND_FAILED` errors). */
  sendsFailed: number;
  /** Received NPDUs handed to the client as Original-Unicast frames. */
  unicastsReceived: number;
  /** Received NPDUs handed to the client as Original-Broadcast frames. */
  broadcastsReceived: number;
  /** Received frames on which the client's own handler threw (caught, reported as `CLIENT_FAILED`). */
  clientFailures: number;
  /** Errors emitted while no one listened (they are counted instead of thrown). */
  errorsUnheard: number;
  /** `send()` calls refused, by reason. */
  rejected: Record<Bip6BacnetErrorCode, number>;
}

/** Fresh zeroed counters. */
export function emptyStats(): Bip6BacnetStats {
  return {
    unicastsSent: 0,
    broadcastsSent: 0,
    distributeBroadcastsSent: 0,
    registrationsAnswered: 0,
    sendsQueued: 0,
    queuedSendsDropped: 0,
    sendsFailed: 0,
    unicastsReceived: 0,
    broadcastsReceived: 0,
    clientFailures: 0,
    errorsUnheard: 0,
    rejected: {
      MALFORMED_FRAME: 0,
      NPDU_TOO_LONG: 0,
      UNSUPPORTED_FUNCTION: 0,
      REFUSED_FUNCTION: 0,
      BAD_RECEIVER: 0,
      QUEUE_FULL: 0,
      CLOSED: 0,
      OPEN_FAILED: 0,
      SEND_FAILED: 0,
      RESOLUTION_FAILED: 0,
      CLIENT_FAILED: 0,
      INVALID_OPTION: 0,
    },
  };
}
