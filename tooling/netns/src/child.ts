import { INPUT_ENV } from "./host.js";

/**
 * Inside a script started by `Host.spawnNode`: the `input` it was given (parsed JSON; null
 * when none).
 */
export function childInput<T>(): T {
  const raw = process.env[INPUT_ENV];
  return (raw === undefined ? null : JSON.parse(raw)) as T;
}

/** Inside a spawned script: sends a message to the test (`NodeChild.message()`). */
export function reply(m: unknown): void {
  if (!process.send) throw new Error("reply(): not running under Host.spawnNode (no IPC channel)");
  process.send(m as object);
}

/**
 * Inside a spawned script: sends a last message and exits once it is written (a plain
 * `process.exit()` right after `process.send()` may drop it).
 */
export function replyAndExit(m: unknown, code = 0): void {
  if (!process.send) throw new Error("replyAndExit(): not running under Host.spawnNode (no IPC channel)");
  process.send(m as object, undefined, undefined, () => process.exit(code));
}

/** Inside a spawned script: calls `handler` for each message from the test; returns an unsubscribe. */
export function onParentMessage(handler: (m: unknown) => void): () => void {
  process.on("message", handler);
  return () => process.off("message", handler);
}
