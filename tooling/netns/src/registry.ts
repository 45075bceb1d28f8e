/** Something that can tear itself down without awaiting (the process-exit path). */
export interface SyncDestroyable {
  destroySync(): void;
}

const live = new Set<SyncDestroyable>();
let installed = false;

function destroyAllSync(): void {
  for (const t of [...live]) {
    try {
      t.destroySync();
    } catch {
      // Last resort on the way out: keep going with the others.
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAllSync();
  process.removeListener(signal, onSignal);
  // Our listener replaced the default action; if nobody else handles the signal, restore it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Registers a live topology so that process exit, SIGINT, SIGTERM or SIGHUP still removes its
 * namespaces. The process handlers are installed once, on first use.
 */
export function track(t: SyncDestroyable): void {
  if (!installed) {
    installed = true;
    process.on("exit", destroyAllSync);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
  }
  live.add(t);
}

/** Forgets a topology that was destroyed normally. */
export function untrack(t: SyncDestroyable): void {
  live.delete(t);
}
