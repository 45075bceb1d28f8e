import { COMMANDS, FLAGS, type FlagGroup, flagSynopsis } from "./flags.js";

const GROUPS: readonly FlagGroup[] = ["Input", "Filtering", "Output", "Statistics", "Other"];
/** Where the help text of a flag starts, and where lines wrap. */
const COLUMN = 30;
const WIDTH = 96;

/** `name` padded to the help column, then `help` wrapped at {@link WIDTH} under that column. */
function entry(name: string, help: string): string[] {
  const lines: string[] = [];
  let current = `  ${name}`.padEnd(COLUMN);
  if (current.length > COLUMN) {
    lines.push(current.trimEnd());
    current = " ".repeat(COLUMN);
  }
  let fresh = true;
  for (const word of help.split(" ")) {
    if (!fresh && current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = " ".repeat(COLUMN);
      fresh = true;
    }
    current += (fresh ? "" : " ") + word;
    fresh = false;
  }
  lines.push(current);
  return lines;
}

/** `--help` text, built from the flag table (the README shows it verbatim; a test compares). */
export const USAGE: string = (() => {
  const lines = [
    "Usage: bip6-sniff [OPTION]... -r FILE|-        read a pcap or pcapng capture",
    "       bip6-sniff [OPTION]... -i IFACE         capture live (tcpdump or dumpcap)",
    "       bip6-sniff [OPTION]... listen -i IFACE  join the BACnet groups, no privileges",
    "       bip6-sniff [OPTION]... demo             run and sniff a small network on ::1",
    "",
    "Decodes BACnet/IPv6 (ASHRAE 135 Annex U) traffic with tshark's flags and output, and",
    "tells what breaks Annex U (findings, with clause and frame numbers).",
  ];
  for (const group of GROUPS) {
    lines.push("", `${group}:`);
    for (const f of FLAGS.filter((x) => x.group === group)) {
      lines.push(...entry(f.short === undefined ? `    ${flagSynopsis(f)}` : flagSynopsis(f), f.help));
    }
  }
  lines.push("", "Commands:");
  for (const [name, help] of Object.entries(COMMANDS)) lines.push(...entry(name, help));
  lines.push(
    "",
    "-c counts packets read, as tshark's -c does: -c 10 -Y FILTER shows the frames among the",
    "first 10 packets that match, not the first 10 matches.",
    "Exit status: 0 ok, 1 capture damaged, unreadable or capture tool failed, 2 usage error.",
    "Manual: bip6-sniff.1.md in the package.",
  );
  return `${lines.join("\n")}\n`;
})();
