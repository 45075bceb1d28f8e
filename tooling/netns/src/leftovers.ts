import { killPid, listNamespaces, NAME_PATTERN, namespacePids, pidAlive } from "./namespaces.js";
import { ip } from "./run.js";

/**
 * Removes namespaces left behind by crashed runs: names starting "b6t-<pid>-" whose owner pid
 * is no longer alive. Processes still inside them are killed first. Bridges and veths live
 * only inside those namespaces, so they go with them. Resolves the number removed.
 */
export async function cleanupLeftovers(): Promise<number> {
  const names = await listNamespaces();
  const stale = names.filter((n) => {
    const owner = NAME_PATTERN.exec(n)?.[1];
    return owner !== undefined && !pidAlive(Number(owner));
  });
  let removed = 0;
  for (const ns of stale) {
    for (const pid of await namespacePids(ns)) killPid(pid);
    try {
      await ip(["netns", "del", ns]);
      removed++;
    } catch (error) {
      // Another process may be cleaning up the same leftovers at the same time.
      if ((await listNamespaces()).includes(ns)) console.warn(`[@bip6/netns] could not remove ${ns}: ${String(error)}`);
    }
  }
  return removed;
}
