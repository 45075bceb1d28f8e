#!/usr/bin/env node
/**
 * `bip6-sniff`: the command-line entry. Everything but process wiring lives in node/run.ts.
 *
 * @packageDocumentation
 */
import { run } from "./node/run.js";

// A reader that goes away (`bip6-sniff … | head`) is a normal end, not an error to report.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});

// Ctrl-C or SIGTERM ends live capture and listen cleanly (statistics are still printed); a second one ends at once.
const stop = new AbortController();
const onSignal = (signal: NodeJS.Signals): void => {
  if (stop.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
  stop.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: stop.signal,
});
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
