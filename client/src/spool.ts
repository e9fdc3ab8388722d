// Where attachment ciphertext waits between encryption and upload. The envelope signs each
// attachment's ciphertext hash, so the whole file is encrypted before the message exists; the
// ciphertext is then read back piece by piece for the upload. In the browser it goes to the
// origin-private file system (disk, not memory: a 1 GiB file costs no 1 GiB of RAM); it is
// ciphertext, so nothing readable touches the disk.
import { regroup } from "@sigill/crypto";

export interface Spooled {
  readonly size: number;
  /** @throws Error when the spooled data is gone (discarded, or the storage failed). */
  read(offset: number, length: number): Promise<Uint8Array>;
  discard(): Promise<void>;
}

export type Spool = (pieces: AsyncIterable<Uint8Array>) => Promise<Spooled>;

/** Keeps the ciphertext in memory (Node, tests, and browsers without OPFS). */
export const memorySpool: Spool = async (pieces) => {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const p of pieces) {
    parts.push(p);
    size += p.length;
  }
  let whole: Uint8Array | null = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  return {
    size,
    read: (offset, length) =>
      whole === null
        ? Promise.reject(new Error("spooled data discarded"))
        : Promise.resolve(whole.subarray(offset, offset + length)),
    discard: () => {
      whole = null;
      return Promise.resolve();
    },
  };
};

/**
 * Keeps a file's ciphertext in memory while it is at most `limit` bytes, and only a larger one on
 * `disk`: the disk is for the file that must not cost its size in RAM, and for an ordinary photo
 * or PDF the round trips to the browser's file system (written, then read back for the upload)
 * were most of the time between "send" and "sealed". The bytes are the same either way.
 */
export function spillingSpool(limit: number, disk: Spool): Spool {
  return async (pieces) => {
    const held: Uint8Array[] = [];
    let size = 0;
    const rest = pieces[Symbol.asyncIterator]();
    for (;;) {
      const next = await rest.next();
      if (next.done === true) return memorySpool(replay(held, null));
      held.push(next.value);
      size += next.value.length;
      if (size > limit) return disk(replay(held, rest));
    }
  };
}

/** What was held, then whatever `rest` still yields. */
async function* replay(held: Uint8Array[], rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  while (held.length > 0) yield held.shift() as Uint8Array;
  if (rest === null) return;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}

const DIRECTORY = "sigill-spool";
/** How much is written to the spool file at once. */
const WRITE_BYTES = 1024 * 1024;
const STALE_MS = 24 * 60 * 60 * 1000;

// The subset of the File System API used here (the origin-private file system), written out so
// this package also type-checks where the DOM's types are absent (Node tests, the server).
interface SpoolWritable {
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface SpoolFileHandle {
  readonly kind: "file" | "directory";
  getFile(): Promise<Blob & { readonly lastModified: number }>;
  createWritable(): Promise<SpoolWritable>;
}
interface SpoolDirectory {
  getFileHandle(name: string, options: { create: boolean }): Promise<SpoolFileHandle>;
  removeEntry(name: string): Promise<void>;
}
export interface SpoolDirectoryRoot {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<SpoolDirectory>;
}

/** Spools to the origin-private file system under `root` (navigator.storage.getDirectory()). */
export function fileSpool(root: () => Promise<SpoolDirectoryRoot>): Spool {
  return async (pieces) => {
    const dir = await (await root()).getDirectoryHandle(DIRECTORY, { create: true });
    const name = `${crypto.randomUUID()}.bin`;
    const handle = await dir.getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    let size = 0;
    try {
      // Pieces (64 KiB each) are regrouped into 1 MiB per write: every write is a round trip to the
      // browser's file system, and one per piece made spooling a 10 MB file take seconds.
      for await (const chunk of regroup(pieces, () => WRITE_BYTES)) {
        await writable.write(new Uint8Array(chunk));
        size += chunk.length;
      }
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      await dir.removeEntry(name).catch(() => undefined);
      throw error;
    }
    const file = await handle.getFile();
    return {
      size,
      read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
      discard: () => dir.removeEntry(name).catch(() => undefined),
    };
  };
}

/** Removes spool files left by a page that closed mid-send (older than a day, so never one in use). */
export async function sweepSpool(root: () => Promise<SpoolDirectoryRoot>, now: number): Promise<number> {
  const dir = await (await root()).getDirectoryHandle(DIRECTORY, { create: true });
  let removed = 0;
  for await (const [name, handle] of dir as unknown as AsyncIterable<[string, SpoolFileHandle]>) {
    if (handle.kind !== "file") continue;
    const file = await handle.getFile();
    if (now - file.lastModified > STALE_MS) {
      await dir.removeEntry(name);
      removed++;
    }
  }
  return removed;
}
