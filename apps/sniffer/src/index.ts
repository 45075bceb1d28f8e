/**
 * bip6-sniff as a browser-safe library: a streaming pcap / pcapng reader over any
 * `AsyncIterable<Uint8Array>`, the IPv6/UDP walk down to BACnet/IPv6, decoding into records
 * and field trees, Wireshark display filters, the analysis (summary and Annex U findings), and
 * every output format of the CLI. No Node built-ins: the CLI's Node parts are in
 * `@bip6/sniffer/node`.
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
export {
  pcapFile,
  pcapHeader,
  pcapRecord,
  CaptureWriter,
  type PacketToWrite,
  type WriteFormat,
} from "./pcap/writer.js";
export { ipv6Offset, NOT_IPV6, UNSUPPORTED_LINK } from "./packet/link.js";
export { parseUdp6, locateUdp6, UdpSlot, type NoUdpReason, type Udp6Datagram } from "./packet/udp6.js";
export { ipv6UdpPacket, udp6Checksum, type Udp6PacketSpec } from "./packet/build.js";
export { ipv6Text } from "./decode/ipv6-text.js";
export { decodeRecord, type FrameError, type FrameErrorCode, type FrameRecord } from "./decode/record.js";
export {
  sniff,
  sniffBatches,
  emptyStats,
  startSniffing,
  type PacketSource,
  type SniffOptions,
  type SniffStats,
} from "./sniff.js";
export { PacketFilter } from "./packet-filter.js";
export { FrameContext, type FrameFinding } from "./frame-context.js";
export { sniffOutput, type OutputFormat, type SniffOutputOptions } from "./sniff-output.js";
export { type NpduApdu, type NpduDecode } from "./npdu.js";
export { type DecodedField, type FieldValue, indexFields, walkFields } from "./fields/field.js";
export { OWN_FIELDS, OWN_FIELD_BY_NAME, type OwnField, type OwnLayer } from "./fields/own.js";
export { dissect, ownLayers, bip6Layer } from "./fields/dissect.js";
export { fieldGetter, isKnownField, ALIAS_FIELDS, BIP6_FIELDS, PROTOCOLS, type FieldGetter } from "./fields/lookup.js";
export { fieldText, jsonFieldText, HEX_FIELDS, BYTES_FIELDS } from "./fields/text.js";
export { compileFilter, type CompiledFilter, type FramePredicate } from "./filter/compile.js";
export {
  parseFilter,
  type FilterNode,
  type FieldNode,
  type LiteralNode,
  type Operand,
  type Relation,
  type SetElement,
} from "./filter/parser.js";
export { tokenize, type Token, type TokenKind } from "./filter/lexer.js";
export { DisplayFilterError, filterErrorText, type DisplayFilterErrorCode } from "./filter/errors.js";
export { formatJsonLine, recordFields, npduJsonMembers, npduJsonText, type WiresharkFields } from "./output/json.js";
export { formatTextLine, formatRelativeTime, frameDetail } from "./output/text.js";
export { formatDetail, formatHexDump } from "./output/detail.js";
export { fieldsFormatter, type FieldsFormatter, type FieldsOptions } from "./output/fields.js";
export { formatTsharkJsonPacket, formatTsharkJsonFields } from "./output/tshark-json.js";
export {
  TIME_FORMATS,
  timeColumn,
  arrivalTimeText,
  durationText,
  epochText,
  type FrameTimes,
  type TimeFormat,
} from "./output/time.js";
export { Analyzer, ANALYSIS_LIMITS } from "./analysis/analyzer.js";
export { FINDINGS, type FindingCode, type FindingKind } from "./analysis/catalog.js";
export { MAX_FINDINGS, MAX_FRAMES_PER_FINDING, type FindingReport } from "./analysis/findings.js";
export {
  formatReport,
  findingLines,
  REPORT_SECTIONS,
  type AnalysisReport,
  type LimitReport,
  type RegistrationReport,
  type ReportSection,
  type ResolutionReport,
  type TalkerReport,
  type VmacAddressReport,
  type VmacReport,
} from "./analysis/report.js";
export { parseCli, type CliOptions } from "./cli/parse.js";
export { FLAGS, COMMANDS, flagSynopsis, type FlagGroup, type FlagSpec } from "./cli/flags.js";
export { USAGE } from "./cli/usage.js";
