/**
 * bip6-sniff as a library: a streaming pcap / pcapng reader, the IPv6/UDP walk down to
 * BACnet/IPv6, decoding into records, and the text and JSON Lines formatters the CLI uses.
 *
 * @packageDocumentation
 */
export { CaptureError, type CaptureErrorCode, UsageError, type UsageErrorCode } from "./errors.js";
export { CaptureReader, readCapture } from "./pcap/reader.js";
export {
  type CaptureFormat,
  type CapturedPacket,
  DEFAULT_MAX_RECORD_LENGTH,
  type ReadCaptureOptions,
} from "./pcap/types.js";
export { LinkType, linkTypeName } from "./pcap/link-types.js";
export { PcapngBlock, MAX_INTERFACES } from "./pcap/pcapng.js";
export { pcapFile, pcapHeader, pcapRecord, type PacketToWrite } from "./pcap/writer.js";
export { ipv6Offset, NOT_IPV6, UNSUPPORTED_LINK } from "./packet/link.js";
export { parseUdp6, locateUdp6, UdpSlot, type NoUdpReason, type Udp6Datagram } from "./packet/udp6.js";
export { ipv6UdpPacket, udp6Checksum, type Udp6PacketSpec } from "./packet/build.js";
export { ipv6Text } from "./decode/ipv6-text.js";
export { decodeRecord, type FrameError, type FrameErrorCode, type FrameRecord } from "./decode/record.js";
export { sniff, sniffBatches, emptyStats, type SniffOptions, type SniffStats } from "./sniff.js";
export { sniffOutput, type SniffOutputOptions } from "./sniff-output.js";
export { formatJsonLine, recordFields, type WiresharkFields } from "./output/json.js";
export { formatTextLine, formatRelativeTime, frameDetail } from "./output/text.js";
export { LineWriter } from "./output/line-writer.js";
export { demoCapture, demoDatagrams, demoPacket, DEMO_START_SECONDS, type DemoDatagram } from "./demo.js";
export { run, parseCli, ExitCode, USAGE, VERSION, type CliOptions, type RunIo } from "./run.js";
