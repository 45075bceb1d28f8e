import { open } from "node:fs/promises";

/** Octets per read of {@link readFileChunks}. */
export const FILE_CHUNK_OCTETS = 1024 * 1024;

/**
 * The octets of the file at `path`, read into two buffers used in turn: a chunk stays valid
 * while the next one is read and until the one after it is asked for — longer than the
 * capture reader needs (it is done with a chunk once it asks for the next). Unlike
 * `fs.createReadStream`, nothing is allocated per chunk, so memory stays flat however large
 * the capture. An error opening the file surfaces on the first read, as with a stream.
 */
export async function* readFileChunks(path: string, chunkOctets = FILE_CHUNK_OCTETS): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffers = [new Uint8Array(chunkOctets), new Uint8Array(chunkOctets)];
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn] as Uint8Array;
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
