import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopology, type Topology } from "../src/index.js";
import { fixture, usable } from "./helpers.js";

describe.skipIf(!usable)("spawnNode / NodeChild", () => {
  let t: Topology;
  beforeAll(async () => {
    t = await createTopology({ links: [{ name: "lan" }], hosts: [{ name: "a", interfaces: [{ link: "lan" }] }] });
  });
  afterAll(() => t?.destroy());

  it("runs inside the namespace with its input and host name", async () => {
    const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "whereami", note: "x" });
    expect(await child.message()).toEqual({
      interfaces: ["eth0", "lo"],
      host: "a",
      input: { mode: "whereami", note: "x" },
    });
    expect(await child.exit()).toBe(0);
  });

  it("message() takes the first match and keeps the others queued in order", async () => {
    const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "chatty" });
    expect(await child.message((m) => (m as { n: number }).n === 2)).toEqual({ n: 2 });
    expect(await child.message()).toEqual({ n: 1 });
    expect(await child.message()).toEqual({ n: 3 });
    child.send({ ping: 1 });
    expect(await child.message()).toEqual({ echo: { ping: 1 } });
    child.send({ type: "exit", code: 3 });
    expect(await child.message()).toEqual({ bye: true });
    expect(await child.exit()).toBe(3);
    expect(() => child.send({ late: true })).toThrow(expect.objectContaining({ code: "CHILD_EXITED" }));
  });

  it("message() rejects with TIMEOUT when nothing matching arrives", async () => {
    const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "hang" });
    await expect(child.message((m) => (m as { never?: boolean }).never === true, 300)).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    child.kill();
    expect(await child.exit()).toBeNull();
  });

  it("a child that dies rejects pending and later message() calls with its exit code and stderr", async () => {
    const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "crash", note: "visible" });
    const error = await child.message().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CHILD_EXITED", details: { exitCode: 7 } });
    expect((error as Error).message).toContain("boom from child: visible");
    expect(child.stderr).toContain("boom from child: visible");
    await expect(child.message()).rejects.toMatchObject({ code: "CHILD_EXITED" });
    expect(await child.exit()).toBe(7);
  });

  it("exit() kills a child that does not end by itself", async () => {
    const child = t.host("a").spawnNode(fixture("behave.ts"), { mode: "hang" });
    await child.message();
    expect(await child.exit(200)).toBeNull();
  });

  it("a script error (here: a missing file) surfaces as a clear error", () => {
    expect(() => t.host("a").spawnNode(fixture("no-such-script.ts"))).toThrow(
      expect.objectContaining({ code: "NOT_FOUND", message: expect.stringContaining("no-such-script.ts") }),
    );
  });
});
