/** One packet read from a capture file. */
export interface CapturedPacket {
  /** 1-based position among the packets of the file (Wireshark's `frame.number`). */
  readonly number: number;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  readonly linkType: number;
  /** pcapng interface id; 0 for classic pcap. */
  readonly interfaceId: number;
  /** Whole seconds since the Unix epoch. */
  readonly seconds: number;
  /** Nanoseconds within the second, 0–999 999 999. */
  readonly nanoseconds: number;
  /** Length of the packet on the wire (may exceed `data.length` when the snap length cut it). */
  readonly originalLength: number;
  /**
   * The captured octets. A view into the reader's buffers: valid until the reader is asked
   * for the next packet; copy it to keep it.
   */
  readonly data: Uint8Array;
}

/** Container format of a capture file. */
export type CaptureFormat = "pcap" | "pcapng";

/** Options of {@link readCapture}. */
export interface ReadCaptureOptions {
  /**
   * Largest record or block accepted, in octets (default 256 KiB). A longer one is reported
   * as a TOO_LARGE CaptureError: it is a corrupt length field, and the cap bounds memory.
   */
  readonly maxRecordLength?: number;
}

/** Default of {@link ReadCaptureOptions.maxRecordLength}: 256 KiB. */
export const DEFAULT_MAX_RECORD_LENGTH = 256 * 1024;
