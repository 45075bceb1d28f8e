#!/usr/bin/env node
/**
 * `bip6-sniff`: the command-line entry. Everything but process wiring lives in run.ts.
 *
 * @packageDocumentation
 */
import { run } from "./run.js";

// A reader that goes away (`bip6-sniff … | head`) is a normal end, not an error to report.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
