/**
 * `bip6` without the process: arguments and streams in, exit code out (tests call this).
 *
 * @module
 */
import { UsageError } from "./errors.js";
import { parseArgs } from "./parse.js";
import { runSession, type SessionDeps, type SessionIo } from "./session.js";
import { usage } from "./usage.js";
import { packageVersion } from "./version.js";

/** Exit codes. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/** Runs `bip6 argv…`; resolves the exit code. Never throws. */
export async function run(argv: readonly string[], io: SessionIo, deps: SessionDeps = {}): Promise<number> {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`bip6: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  switch (options.command) {
    case "help":
      io.stdout.write(usage());
      return EXIT.ok;
    case "version":
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    case "run":
      try {
        return await runSession(options, io, deps);
      } catch (e) {
        // A bug, not a condition the user can fix: still one line, and status 1.
        io.stderr.write(`bip6: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.failure;
      }
  }
}
