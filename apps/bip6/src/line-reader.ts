/** Longest command line taken, characters: an NPDU of 1497 octets is under 3000 in hex. */
export const MAX_COMMAND_LINE = 64 * 1024;

/** What the reader reads (standard input). */
export interface TextSource {
  /** Node streams. */
  setEncoding?(encoding: "utf8"): unknown;
  on(event: "data", listener: (chunk: string | Uint8Array) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Stops reading (so the process can exit). */
  destroy?(): unknown;
  /** Stops reading without destroying. */
  pause?(): unknown;
}

/**
 * Splits a text stream into lines (`\n`, a trailing `\r` removed) and calls `onLine` for each,
 * then `onEnd` once at the end of input (or on a read error). A line longer than
 * {@link MAX_COMMAND_LINE} is not held: `onLine` gets `undefined` for it, once, and the rest of
 * it is skipped.
 */
export function readLines(
  source: TextSource,
  onLine: (line: string | undefined) => void,
  onEnd: () => void,
): () => void {
  let buffer = "";
  let skipping = false;
  let ended = false;
  const decoder = new TextDecoder();
  const end = (): void => {
    if (ended) return;
    ended = true;
    if (buffer.length > 0 && !skipping) onLine(buffer.replace(/\r$/, ""));
    buffer = "";
    onEnd();
  };
  source.on("data", (chunk) => {
    if (ended) return;
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    for (;;) {
      const nl = text.indexOf("\n");
      if (nl === -1) break;
      const piece = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (skipping) {
        skipping = false;
        continue;
      }
      const line = buffer + piece;
      buffer = "";
      onLine(line.length > MAX_COMMAND_LINE ? undefined : line.replace(/\r$/, ""));
      if (ended) return;
    }
    if (skipping) return;
    buffer += text;
    if (buffer.length > MAX_COMMAND_LINE) {
      buffer = "";
      skipping = true;
      onLine(undefined);
    }
  });
  source.on("end", end);
  source.on("close", end);
  source.on("error", end);
  return () => {
    ended = true;
    source.destroy?.();
  };
}
