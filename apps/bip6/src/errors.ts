import { Bip6Error } from "@bip6/bvll6-codec";

/** Machine-readable reasons a command line is rejected. */
export type UsageErrorCode =
  /** No command, or one `bip6` does not have. */
  | "UNKNOWN_COMMAND"
  /** A flag `bip6` does not have, or one of another role. */
  | "UNKNOWN_FLAG"
  /** A flag without its value, or a value given to a switch. */
  | "MISSING_VALUE"
  /** A value out of range or of the wrong form. */
  | "BAD_VALUE"
  /** A required flag is missing, or two flags conflict. */
  | "BAD_COMBINATION";

/** A command line `bip6` cannot run: it prints the message on one line and exits with status 2. */
export class UsageError extends Bip6Error<UsageErrorCode> {
  override readonly name = "UsageError";
}
