/**
 * Every command and flag of `bip6`, once: the parser reads this table, `--help` is printed
 * from it, and a test holds the README's flag table to it.
 *
 * @module
 */

/** What the transport runs as: `bip6 node`, `bip6 bbmd`, `bip6 fd`. */
export type Role = "node" | "bbmd" | "fd";

/** Sections of `--help` and of the README's flag table, in order. */
export type FlagGroup = "Network" | "VMAC" | "BBMD" | "Foreign device" | "Sending" | "Running" | "Other";

/** One flag. */
export interface FlagSpec {
  /** Key in the parsed flags. */
  readonly key: string;
  /** Long name without `--`. */
  readonly long: string;
  /** One-letter name without `-`. */
  readonly short?: string;
  /** Name of the value it takes (`IFACE`); absent for a switch. */
  readonly arg?: string;
  /** May be given more than once (values collect in order). */
  readonly repeat?: boolean;
  /** The roles it applies to; absent: every role. */
  readonly roles?: readonly Role[];
  /** Section. */
  readonly group: FlagGroup;
  /** The `--help` line. */
  readonly help: string;
}

/** The three commands, in `--help` order. */
export const COMMANDS: readonly { readonly name: Role; readonly help: string }[] = [
  { name: "node", help: "an ordinary node: broadcasts by multicast, unicasts with address resolution" },
  { name: "bbmd", help: "a BBMD: a node plus the BDT/FDT forwarding of Annex U.4" },
  { name: "fd", help: "a foreign device registered with a BBMD (--bbmd), broadcasting through it" },
];

/** The flags, in `--help` order. */
export const FLAGS: readonly FlagSpec[] = [
  {
    key: "interface",
    long: "interface",
    short: "i",
    arg: "IFACE",
    group: "Network",
    help: "network interface to use (required; lo for ::1)",
  },
  {
    key: "address",
    long: "address",
    arg: "IPV6",
    group: "Network",
    help: "which address of the interface to bind (default: its first routable one)",
  },
  {
    key: "port",
    long: "port",
    short: "p",
    arg: "N",
    group: "Network",
    help: "UDP port (default 47808; 0: any free one)",
  },
  {
    key: "scope",
    long: "scope",
    arg: "N",
    group: "Network",
    help: "multicast scope broadcasts are sent to, ff0N::bac0 (default 2, link-local)",
  },
  {
    key: "joinScope",
    long: "join-scope",
    arg: "N[,N…]",
    repeat: true,
    group: "Network",
    help: "scopes of the groups to receive on, besides --scope (default 2,5)",
  },
  {
    key: "deviceInstance",
    long: "device-instance",
    short: "d",
    arg: "N",
    group: "VMAC",
    help: "device instance 0-4194303: the VMAC is the instance",
  },
  {
    key: "vmac",
    long: "vmac",
    arg: "VMAC",
    group: "VMAC",
    help: "this exact VMAC (six hex digits); default: random 400000-7fffff, probed first",
  },
  {
    key: "firstRandomVmac",
    long: "first-random-vmac",
    arg: "VMAC",
    group: "VMAC",
    help: "testing: a random VMAC whose first candidate is VMAC (400000-7fffff), probed as usual",
  },
  {
    key: "bdt",
    long: "bdt",
    arg: "ADDR",
    repeat: true,
    roles: ["bbmd"],
    group: "BBMD",
    help: "a peer BBMD, [ipv6]:port (repeat for each; our own entry may be listed)",
  },
  {
    key: "acceptForeignDevices",
    long: "accept-foreign-devices",
    roles: ["bbmd"],
    group: "BBMD",
    help: "accept Register-Foreign-Device (default: refuse every one with 0x0090)",
  },
  {
    key: "maxForeignDevices",
    long: "max-foreign-devices",
    arg: "N",
    roles: ["bbmd"],
    group: "BBMD",
    help: "cap on registered foreign devices, 1-65536 (default 512)",
  },
  {
    key: "maxTtl",
    long: "max-ttl",
    arg: "SECONDS",
    roles: ["bbmd"],
    group: "BBMD",
    help: "largest time-to-live granted, 1-65535; longer requests are clamped (default 65535)",
  },
  {
    key: "allowLoopback",
    long: "allow-loopback",
    roles: ["bbmd"],
    group: "BBMD",
    help: "allow ::1 as own address and BDT peer (single-host demos and tests)",
  },
  {
    key: "bbmd",
    long: "bbmd",
    arg: "ADDR",
    roles: ["fd"],
    group: "Foreign device",
    help: "the BBMD to register with, [ipv6]:port (required)",
  },
  {
    key: "ttl",
    long: "ttl",
    arg: "SECONDS",
    roles: ["fd"],
    group: "Foreign device",
    help: "time-to-live to register for, 1-65535 (default 300; renewed at half of it)",
  },
  {
    key: "send",
    long: "send",
    arg: "HEX",
    repeat: true,
    group: "Sending",
    help: "an NPDU to send once open, in hex (repeat for several)",
  },
  {
    key: "to",
    long: "to",
    arg: "DEST",
    repeat: true,
    group: "Sending",
    help: "where each --send goes: VMAC, [ipv6]:port or broadcast (one --to for all, or one per --send)",
  },
  {
    key: "sendEvery",
    long: "send-every",
    arg: "MS",
    group: "Sending",
    help: "repeat the --send NPDUs every MS milliseconds",
  },
  {
    key: "seconds",
    long: "seconds",
    short: "s",
    arg: "N",
    group: "Running",
    help: "stop by itself after N seconds (default: run until SIGINT/SIGTERM)",
  },
  {
    key: "stdin",
    long: "stdin",
    group: "Running",
    help: "read commands from standard input, one per line (JSON or text); end of input stops",
  },
  {
    key: "log",
    long: "log",
    arg: "LEVEL",
    group: "Running",
    help: "log the transport to stderr as JSON: debug, info, warn or error (default: none)",
  },
  { key: "help", long: "help", short: "h", group: "Other", help: "print this help and exit" },
  { key: "version", long: "version", group: "Other", help: "print the version and exit" },
];
