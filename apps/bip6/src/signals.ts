/**
 * What SIGINT and SIGTERM do: the first one asks the run to stop cleanly (the abort reason
 * names the signal, for the `stopping` record); a second one, while that is still under way,
 * ends the process at once with the shell's status for the signal (130, 143).
 *
 * @module
 */

/** Exit status a shell reports for a process ended by `signal`. */
export function signalExitCode(signal: "SIGINT" | "SIGTERM"): number {
  return signal === "SIGINT" ? 130 : 143;
}

/** The listener to pass to `process.on("SIGINT" | "SIGTERM")`. */
export function signalListener(
  stop: AbortController,
  exit: (code: number) => void,
): (signal: "SIGINT" | "SIGTERM") => void {
  return (signal) => {
    if (stop.signal.aborted) exit(signalExitCode(signal));
    else stop.abort(signal);
  };
}
