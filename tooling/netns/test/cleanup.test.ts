import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanupLeftovers, createTopology, type TopologySpec, withTopology } from "../src/index.js";
import { fixture, namespaceNames, ownNamespaces, rootLinks, tsNodeArgs, usable } from "./helpers.js";

const spec: TopologySpec = {
  links: [{ name: "l1" }, { name: "l2" }],
  hosts: [
    { name: "a", interfaces: [{ link: "l1" }] },
    { name: "b", interfaces: [{ link: "l2" }] },
  ],
  routers: [{ name: "r", links: ["l1", "l2"] }],
};

/** Whether a process runs (a zombie waiting for init to reap it counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Whether the process is gone within 2 s (a SIGKILL is delivered asynchronously). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !running(pid);
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const out = execFileSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(out.trim());
}

/** Runs the orphan fixture in the root namespace; resolves its report and the process. */
async function startOrphan(): Promise<{
  child: ReturnType<typeof spawn>;
  report: { prefix: string; namespaces: string[]; childPid: number };
}> {
  const child = spawn(process.execPath, tsNodeArgs(fixture("orphan.ts")), {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const report = await new Promise<{ prefix: string; namespaces: string[]; childPid: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { prefix: string; namespaces: string[]; childPid: number }));
    child.once("exit", (code) => reject(new Error(`orphan exited early (${code}): ${stderr}`)));
  });
  return { child, report };
}

function exited(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

describe.skipIf(!usable)("cleanup", () => {
  it("destroy() removes every namespace and kills children even when the body throws", async () => {
    const before = ownNamespaces();
    let seen: readonly string[] = [];
    let childPid = 0;
    await expect(
      withTopology(spec, async (t) => {
        seen = t.namespaces;
        expect(namespaceNames()).toEqual(expect.arrayContaining([...seen]));
        const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "hang" });
        await child.message();
        childPid = child.pid;
        throw new Error("test body failed");
      }),
    ).rejects.toThrow("test body failed");
    expect(seen).toHaveLength(4);
    expect(namespaceNames().filter((n) => seen.includes(n))).toEqual([]);
    expect(ownNamespaces()).toEqual(before);
    expect(await gone(childPid)).toBe(true);
  });

  it("destroy() is idempotent, never throws, and a destroyed topology refuses new work", async () => {
    const t = await createTopology(spec);
    const first = t.destroy();
    expect(t.destroyed).toBe(true);
    await Promise.all([first, t.destroy()]);
    await expect(t.destroy()).resolves.toBeUndefined();
    expect(() => t.host("a").spawnNode(fixture("behave.ts"))).toThrow(expect.objectContaining({ code: "DESTROYED" }));
    await expect(t.host("a").exec("true", [])).rejects.toMatchObject({ code: "DESTROYED" });
    expect(namespaceNames().filter((n) => t.namespaces.includes(n))).toEqual([]);
  });

  it("leaves nothing in the root namespace: no bridge, veth or address, during or after", async () => {
    const before = rootLinks();
    await withTopology(spec, (t) => {
      expect(rootLinks()).toEqual(before);
      expect(t.namespaces.every((n) => n.startsWith(t.prefix))).toBe(true);
    });
    expect(rootLinks()).toEqual(before);
  });

  it("cleanupLeftovers() removes namespaces of dead owners and keeps those of live ones", async () => {
    const dead = `b6t-${deadPid()}-1-fake`;
    const live = `b6t-${process.pid}-keep-fake`;
    execFileSync("ip", ["netns", "add", dead]);
    execFileSync("ip", ["netns", "add", live]);
    try {
      const removed = await cleanupLeftovers();
      expect(Number.isInteger(removed) && removed >= 0).toBe(true);
      expect(namespaceNames()).not.toContain(dead);
      expect(namespaceNames()).toContain(live);
    } finally {
      for (const ns of [dead, live]) if (namespaceNames().includes(ns)) execFileSync("ip", ["netns", "del", ns]);
    }
  });

  it("a process that exits without destroy() still removes its namespaces and children", async () => {
    const { child, report } = await startOrphan();
    expect(namespaceNames()).toEqual(expect.arrayContaining(report.namespaces));
    child.send({ type: "exit" });
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(namespaceNames().filter((n) => n.startsWith(report.prefix))).toEqual([]);
    expect(await gone(report.childPid)).toBe(true);
  });

  it("SIGTERM removes the namespaces and still ends the process by that signal", async () => {
    const { child, report } = await startOrphan();
    child.kill("SIGTERM");
    expect(await exited(child)).toEqual({ code: null, signal: "SIGTERM" });
    expect(namespaceNames().filter((n) => n.startsWith(report.prefix))).toEqual([]);
    expect(await gone(report.childPid)).toBe(true);
  });

  it("after SIGKILL, cleanupLeftovers() removes what the dead process left and kills what ran inside", async () => {
    const { child, report } = await startOrphan();
    child.kill("SIGKILL");
    await exited(child);
    await cleanupLeftovers();
    expect(namespaceNames().filter((n) => n.startsWith(report.prefix))).toEqual([]);
    expect(await gone(report.childPid)).toBe(true);
  });
});
