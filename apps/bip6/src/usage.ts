/**
 * `bip6 --help`, printed from the flag table (the README shows it verbatim; a test checks).
 *
 * @module
 */
import { COMMANDS, FLAGS, type FlagGroup, type FlagSpec } from "./flags.js";

const GROUPS: readonly FlagGroup[] = ["Network", "VMAC", "BBMD", "Foreign device", "Sending", "Running", "Other"];

function flagLabel(f: FlagSpec): string {
  const short = f.short === undefined ? "    " : `-${f.short}, `;
  return `${short}--${f.long}${f.arg === undefined ? "" : ` ${f.arg}`}`;
}

/** The help text, ending in a newline. */
export function usage(): string {
  const width = Math.max(...FLAGS.map((f) => flagLabel(f).length)) + 2;
  const lines = [
    "bip6: run a BACnet/IPv6 (Annex U) node, BBMD or foreign device; events and received NPDUs",
    "are printed as JSON Lines on standard output, the last line being the statistics.",
    "",
    "Usage:",
    "  bip6 node --interface IFACE [flags]",
    "  bip6 bbmd --interface IFACE [--bdt ADDR]… [--accept-foreign-devices] [flags]",
    "  bip6 fd   --interface IFACE --bbmd ADDR [--ttl SECONDS] [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(6)}${c.help}`),
  ];
  for (const group of GROUPS) {
    lines.push("", `${group}:`);
    for (const f of FLAGS.filter((x) => x.group === group)) {
      lines.push(`  ${flagLabel(f).padEnd(width)}${f.help}`);
    }
  }
  lines.push(
    "",
    "Commands on standard input (--stdin), one per line, as JSON or as text:",
    '  {"cmd":"send","npdu":"HEX","to":"DEST"}   send HEX DEST',
    '  {"cmd":"resolve","address":"ADDR"}        resolve ADDR',
    '  {"cmd":"status"}                          status',
    '  {"cmd":"stats"}                           stats',
    '  {"cmd":"stop"}                            stop',
    "",
    "Exit status: 0 stopped cleanly (--seconds, SIGINT, SIGTERM, stop, end of --stdin input);",
    "1 runtime failure (port in use, unknown interface, …); 2 bad command line.",
  );
  return `${lines.join("\n")}\n`;
}
