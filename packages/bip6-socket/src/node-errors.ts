import { DatagramPortError, type DatagramPortErrorCode } from "./errors.js";

/** The `code` of a Node system error (`EADDRINUSE` …), if it has one. */
function syscallCodeOf(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

const BIND_CODES: Readonly<Record<string, DatagramPortErrorCode>> = {
  EADDRINUSE: "ADDRESS_IN_USE",
  EADDRNOTAVAIL: "ADDRESS_NOT_AVAILABLE",
  EAFNOSUPPORT: "NO_IPV6",
  EPROTONOSUPPORT: "NO_IPV6",
  ENODEV: "UNKNOWN_INTERFACE",
};

/** Turns a failed bind of `what` into the matching typed error, keeping the system error as `cause`. */
export function bindError(e: unknown, what: string): DatagramPortError {
  const sys = syscallCodeOf(e);
  const code: DatagramPortErrorCode = (sys === undefined ? undefined : BIND_CODES[sys]) ?? "BIND_FAILED";
  const reason =
    code === "ADDRESS_IN_USE"
      ? "address already in use (another socket holds this address and port)"
      : code === "NO_IPV6"
        ? "IPv6 is not available on this system"
        : code === "ADDRESS_NOT_AVAILABLE"
          ? "address not available (not assigned to this host, or still tentative)"
          : e instanceof Error
            ? e.message
            : String(e);
  return new DatagramPortError(code, `cannot bind ${what}: ${reason}`, {
    cause: e,
    ...(sys === undefined ? {} : { syscallCode: sys }),
  });
}

/** Wraps an asynchronous socket failure for the error listeners. */
export function socketError(code: "SEND_FAILED" | "SOCKET_ERROR", e: unknown, what: string): DatagramPortError {
  const sys = syscallCodeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  return new DatagramPortError(code, `${what}: ${message}`, {
    cause: e,
    ...(sys === undefined ? {} : { syscallCode: sys }),
  });
}
