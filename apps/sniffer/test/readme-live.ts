/**
 * The live-capture and listen commands the README shows: live.test.ts runs exactly these (on a
 * network in namespaces), readme.test.ts checks the README shows no others that need a network.
 */
export const README_LIVE_COMMANDS = {
  capture: ["-i", "eth0", "-c", "4"],
  duration: ["-i", "eth0", "-a", "duration:2", "-q", "-z", "bip6,vmacs"],
  listen: ["listen", "-i", "eth0", "--scope", "2,5"],
} as const;
