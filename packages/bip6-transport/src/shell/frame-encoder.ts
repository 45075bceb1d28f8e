import { type Bvll6Frame, encodeInto, MAX_BVLL6_LENGTH } from "@bip6/bvll6-codec";

/**
 * Encodes frames into one scratch buffer, once per distinct frame object: a fan-out shares
 * one frame, so it is encoded once and sent N times. The port copies what it is handed, so the
 * buffer can be reused for the next frame at once.
 */
export class FrameEncoder {
  readonly #scratch = new Uint8Array(MAX_BVLL6_LENGTH);
  /** One view per length, made once: no allocation per datagram. */
  readonly #views: (Uint8Array | undefined)[] = [];
  #bytes: Uint8Array = this.#scratch;
  /** The frame the scratch buffer holds now. */
  #frame: Bvll6Frame | undefined;

  /** The frame whose octets {@link encode} returned last (a re-entrant encode replaces it). */
  get current(): Bvll6Frame | undefined {
    return this.#frame;
  }

  /**
   * The octets of Original-Unicast-NPDU from `sourceVmac` to `destinationVmac` carrying `npdu`,
   * written straight into the buffer (the fast path of a send to a known peer: no frame object,
   * no re-validation of what the core checked). The same octets as the codec's (a test pins it).
   */
  encodeUnicast(sourceVmac: number, destinationVmac: number, npdu: Uint8Array): Uint8Array {
    const b = this.#scratch;
    const n = npdu.length + 10;
    this.#frame = undefined;
    b[0] = 0x82;
    b[1] = 0x01;
    b[2] = n >> 8;
    b[3] = n & 0xff;
    b[4] = sourceVmac >> 16;
    b[5] = (sourceVmac >> 8) & 0xff;
    b[6] = sourceVmac & 0xff;
    b[7] = destinationVmac >> 16;
    b[8] = (destinationVmac >> 8) & 0xff;
    b[9] = destinationVmac & 0xff;
    b.set(npdu, 10);
    this.#bytes = this.#views[n] ??= b.subarray(0, n);
    return this.#bytes;
  }

  /** The octets of `frame`: encoded now, or the buffer as it is when it holds `frame` already. */
  encode(frame: Bvll6Frame): Uint8Array {
    if (frame === this.#frame) return this.#bytes;
    this.#frame = undefined; // a frame the codec refuses leaves nothing cached
    const n = encodeInto(frame, this.#scratch);
    this.#bytes = this.#views[n] ??= this.#scratch.subarray(0, n);
    this.#frame = frame;
    return this.#bytes;
  }
}
