/** Machine-readable reasons a netns operation fails. */
export type NetnsErrorCode =
  /** Namespaces cannot be built here (not Linux, not root, no `ip`/`sysctl`, or `ip netns` fails). */
  | "UNSUPPORTED"
  /** The topology spec is malformed: unknown link, duplicate name, bad prefix or address, over a cap. */
  | "BAD_SPEC"
  /** An `ip`/`sysctl` command or a `Host.exec` command exited non-zero or could not start. */
  | "COMMAND_FAILED"
  /** Addresses did not become usable, a message did not arrive, or a command ran too long. */
  | "TIMEOUT"
  /** A spawned node child exited (or its IPC channel closed) before what was waited for. */
  | "CHILD_EXITED"
  /** No host, router, link or interface of that name, or a script file that does not exist. */
  | "NOT_FOUND"
  /** The topology was already destroyed. */
  | "DESTROYED";

/** Extra facts about a failed command, for error messages and assertions. */
export interface NetnsErrorDetails {
  /** What the command wrote to stderr (trimmed, possibly truncated). */
  stderr?: string;
  /** Exit code of the command or child, when it exited normally. */
  exitCode?: number | null;
}

/** The one error class of @bip6/netns. */
export class NetnsError extends Error {
  /** Machine-readable reason. */
  readonly code: NetnsErrorCode;
  /** stderr / exit code of the command or child involved, when there was one. */
  readonly details: NetnsErrorDetails;

  constructor(code: NetnsErrorCode, message: string, details: NetnsErrorDetails = {}) {
    super(message);
    this.name = "NetnsError";
    this.code = code;
    this.details = details;
  }
}
