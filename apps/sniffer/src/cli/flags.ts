/**
 * Every command-line flag of bip6-sniff, once: the parser reads it, `--help` is printed from
 * it, and a test holds the README and the manual page (bip6-sniff.1.md) to it.
 *
 * @module
 */

/** Sections of `--help` and of the manual page. */
export type FlagGroup = "Input" | "Filtering" | "Output" | "Statistics" | "Other";

/** One flag. */
export interface FlagSpec {
  /** Key in the parsed flags. */
  readonly key: string;
  /** Long name without `--`. */
  readonly long?: string;
  /** One-letter name without `-`. */
  readonly short?: string;
  /** Name of the value it takes (`FILE`); absent for a switch. */
  readonly arg?: string;
  /** May be given more than once (values collect in order). */
  readonly repeat?: boolean;
  readonly group: FlagGroup;
  /** The `--help` line. */
  readonly help: string;
}

/** The flags, in `--help` order. */
export const FLAGS: readonly FlagSpec[] = [
  {
    key: "read",
    long: "read",
    short: "r",
    arg: "FILE",
    group: "Input",
    help: 'read a pcap or pcapng capture; "-" reads standard input',
  },
  {
    key: "interface",
    long: "interface",
    short: "i",
    arg: "IFACE",
    group: "Input",
    help: "capture live on IFACE through tcpdump or dumpcap; with listen: the interface to listen on",
  },
  {
    key: "listInterfaces",
    long: "list-interfaces",
    short: "D",
    group: "Input",
    help: "list the interfaces live capture can use, and exit",
  },
  {
    key: "captureFilter",
    long: "capture-filter",
    short: "f",
    arg: "FILTER",
    group: "Input",
    help: 'capture filter for -i (default "udp port 47808", or the --port ports)',
  },
  {
    key: "port",
    long: "port",
    arg: "N[,N…]",
    repeat: true,
    group: "Input",
    help: "UDP ports carrying BACnet/IPv6 (default 47808)",
  },
  {
    key: "scope",
    long: "scope",
    arg: "N[,N…]",
    repeat: true,
    group: "Input",
    help: "listen: multicast scopes of ff0X::bac0 to join (default 2, link-local)",
  },
  {
    key: "autostop",
    long: "autostop",
    short: "a",
    arg: "COND",
    repeat: true,
    group: "Input",
    help: "stop live capture or listen at duration:SECONDS or packets:N",
  },
  {
    key: "displayFilter",
    long: "display-filter",
    short: "Y",
    arg: "FILTER",
    group: "Filtering",
    help: "show only frames matching a Wireshark display filter",
  },
  {
    key: "count",
    long: "count",
    short: "c",
    arg: "N",
    group: "Filtering",
    help: "stop after reading N packets (counted as tshark does: every packet read, shown or not)",
  },
  { key: "detail", short: "V", group: "Output", help: "print the packet details tree instead of the summary line" },
  { key: "hex", short: "x", group: "Output", help: "print a hex and ASCII dump of each packet" },
  { key: "print", long: "print", short: "P", group: "Output", help: "print the summary line too, with -V or -x" },
  {
    key: "time",
    long: "time-format",
    short: "t",
    arg: "FORMAT",
    group: "Output",
    help: "time column: a ad adoy d dd e r u ud udoy (default r, relative)",
  },
  {
    key: "outputType",
    long: "output-type",
    short: "T",
    arg: "TYPE",
    group: "Output",
    help: "text (default), fields, json (as tshark's) or jsonl (as --json)",
  },
  {
    key: "field",
    long: "field",
    short: "e",
    arg: "FIELD",
    repeat: true,
    group: "Output",
    help: "with -T fields or -T json: a field to print; repeat for more",
  },
  {
    key: "fieldOption",
    short: "E",
    arg: "OPT=VALUE",
    repeat: true,
    group: "Output",
    help: "-T fields: header=y|n separator=/t|/s|C occurrence=f|l|a|N aggregator=,|/s|C quote=d|s|n",
  },
  { key: "json", long: "json", group: "Output", help: "JSON Lines: one object of Wireshark-named fields per frame" },
  {
    key: "write",
    long: "write",
    short: "w",
    arg: "FILE",
    group: "Output",
    help: "also write the frames shown (those passing -Y) to a capture file",
  },
  {
    key: "writeFormat",
    long: "write-format",
    short: "F",
    arg: "FORMAT",
    group: "Output",
    help: "format of -w: pcap or pcapng (default: that of the input)",
  },
  { key: "quiet", long: "quiet", short: "q", group: "Output", help: "print no frames (for -z, --summary or -w)" },
  { key: "noResolve", short: "n", group: "Output", help: "accepted for tshark habits: names are never resolved" },
  {
    key: "statistics",
    short: "z",
    arg: "bip6,SECTION",
    repeat: true,
    group: "Statistics",
    help: "after the last frame: summary functions talkers vmacs fd resolution findings",
  },
  {
    key: "summary",
    long: "summary",
    group: "Statistics",
    help: "same as -z bip6,summary: counts, talkers, VMAC table, BBMDs, findings",
  },
  { key: "listFields", short: "G", arg: "fields", group: "Other", help: "list the fields -Y and -e know, and exit" },
  { key: "help", long: "help", short: "h", group: "Other", help: "print this text and exit" },
  { key: "version", long: "version", short: "v", group: "Other", help: "print the version and exit" },
];

/** The positional commands beside reading a capture. */
export const COMMANDS = {
  listen: "join the BACnet multicast groups on -i IFACE (no privileges) and decode what arrives",
  demo: "run a BBMD and three foreign devices on ::1 in this process, decode what they send (through the socket tap), then the summary",
} as const;

/** `-r, --read FILE` as `--help` and the manual write a flag. */
export function flagSynopsis(f: FlagSpec): string {
  const names = [f.short === undefined ? undefined : `-${f.short}`, f.long === undefined ? undefined : `--${f.long}`]
    .filter((n) => n !== undefined)
    .join(", ");
  return f.arg === undefined ? names : `${names} ${f.arg}`;
}
