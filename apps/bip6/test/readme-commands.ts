/**
 * The commands the README's "On a real network" section shows, one per host of the test
 * network: netns/two-links.test.ts runs exactly these (plus `--stdin`), readme.test.ts checks
 * the README shows exactly these.
 */
export const README_NETWORK_COMMANDS = {
  bbmd1: "bip6 bbmd --interface eth0 --device-instance 1 --bdt '[fd00:2::1]:47808' --accept-foreign-devices",
  bbmd2: "bip6 bbmd --interface eth0 --device-instance 2 --bdt '[fd00:1::1]:47808'",
  node: "bip6 node --interface eth0 --device-instance 11",
  fd: "bip6 fd --interface eth0 --device-instance 31 --bbmd '[fd00:1::1]:47808' --ttl 60",
} as const;

/**
 * The words of a command as a POSIX shell splits it (single quotes only: all the README uses),
 * without the leading `bip6`.
 */
export function bip6Args(command: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|(\S+)/g;
  for (const m of command.matchAll(re)) words.push(m[1] ?? (m[2] as string));
  if (words[0] !== "bip6") throw new Error(`not a bip6 command: ${command}`);
  return words.slice(1);
}
