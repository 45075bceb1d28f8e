/**
 * What keeps a process alive: UDP sockets still open and timers. A closed dgram socket
 * refuses `address()` even while libuv finishes closing its handle, so it is not counted.
 */
export function openHandles(): { sockets: number; timers: number } {
  const active = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  let sockets = 0;
  for (const h of active) {
    const s = h as { send?: unknown; address?: () => unknown };
    if (typeof s.send !== "function" || typeof s.address !== "function") continue;
    try {
      s.address();
      sockets++;
    } catch {
      // closed
    }
  }
  const timers = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  return { sockets, timers };
}
