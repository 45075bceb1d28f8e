/**
 * The CLI's own input and output paths: capture files read into two reused buffers, and
 * output written straight to a file descriptor.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FdWriter } from "../src/node/fd-writer.js";
import { readFileChunks } from "../src/node/file-chunks.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "bip6-sniff-io-"));
  dirs.push(d);
  return d;
}

describe("readFileChunks", () => {
  it("yields the file's octets in order, in chunks of the given size, each valid until the one after next is asked for", async () => {
    const path = join(tempDir(), "f.bin");
    const content = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    writeFileSync(path, content);
    const sizes: number[] = [];
    const seen: Uint8Array[] = [];
    let previous: Uint8Array | undefined;
    let previousCopy: Uint8Array | undefined;
    for await (const chunk of readFileChunks(path, 300)) {
      // The chunk before is untouched while this one is current (two buffers in turn).
      if (previous !== undefined) expect(previous).toEqual(previousCopy);
      sizes.push(chunk.length);
      seen.push(chunk.slice());
      previous = chunk;
      previousCopy = chunk.slice();
    }
    expect(sizes).toEqual([300, 300, 300, 100]);
    expect(Buffer.concat(seen)).toEqual(Buffer.from(content));
  });

  it("fails on the first read when the file cannot be opened", async () => {
    const it = readFileChunks(join(tempDir(), "missing.pcap"));
    await expect(it.next()).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("FdWriter", () => {
  it("writes every octet of each chunk, so the caller may reuse the chunk at once", async () => {
    const path = join(tempDir(), "out.txt");
    const fd = openSync(path, "w");
    const w = new FdWriter(fd);
    const chunk = new TextEncoder().encode("line one\n");
    await w.write(chunk);
    chunk.set(new TextEncoder().encode("line two\n"));
    await w.write(chunk);
    closeSync(fd);
    expect(readFileSync(path, "utf8")).toBe("line one\nline two\n");
    expect(w.broken).toBe(false);
    expect(w.failure).toBeUndefined();
  });

  it("keeps a write error other than a broken pipe in failure and stops writing", async () => {
    const path = join(tempDir(), "ro.txt");
    writeFileSync(path, "");
    const fd = openSync(path, "r");
    const w = new FdWriter(fd);
    await w.write(new TextEncoder().encode("x\n"));
    await w.write(new TextEncoder().encode("y\n"));
    closeSync(fd);
    expect(w.failure).toMatchObject({ code: "EBADF" });
    expect(w.broken).toBe(false);
    expect(readFileSync(path, "utf8")).toBe("");
  });
});
