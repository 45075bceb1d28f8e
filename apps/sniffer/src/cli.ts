#!/usr/bin/env node
/**
 * `bip6-sniff`: the command-line entry. Everything but process wiring lives in node/run.ts.
 *
 * @packageDocumentation
 */
import { run } from "./node/run.js";

// A reader that goes away (`bip6-sniff … | head`) is a normal end, not an error to report.
const onStdoutError = (e: NodeJS.ErrnoException): void => {
  if (e.code === "EPIPE") process.exit(0);
};
let stdoutStream: NodeJS.WriteStream | undefined;

// Ctrl-C or SIGTERM ends live capture and listen cleanly (statistics are still printed); a second one ends at once.
const stop = new AbortController();
const onSignal = (signal: NodeJS.Signals): void => {
  if (stop.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
  stop.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

// Frames go to descriptor 1 with blocking writes (run's stdoutFd). process.stdout is made only
// when something else is printed: creating it turns a pipe non-blocking, which such writes
// must not meet, and standard input is opened only when it is read.
process.exitCode = await run(process.argv.slice(2), {
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    if (stdoutStream === undefined) {
      stdoutStream = process.stdout;
      stdoutStream.on("error", onStdoutError);
    }
    return stdoutStream;
  },
  stderr: process.stderr,
  stdoutFd: 1,
  signal: stop.signal,
});
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
