#!/usr/bin/env node
/**
 * `bip6`: the command-line entry. Everything but process wiring lives in run.ts.
 *
 * @packageDocumentation
 */
import { run } from "./run.js";
import { signalListener } from "./signals.js";

// SIGINT or SIGTERM closes the transport cleanly (a foreign device deletes its FDT entry, the
// statistics are printed); a second one ends the process at once.
const stop = new AbortController();
const onSignal = signalListener(stop, (code) => process.exit(code));
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
