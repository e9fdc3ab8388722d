// Brings the files of a diverted webmail draft into secure compose: whole, as a Blob the webmail tab
// shares (no copy of the bytes through a runtime message), or where that fails piece by piece from
// the webmail tab (runtime messages carry text and have a size limit). A file that cannot be read
// whole is reported by name, never half-attached.
import { ATTACHMENT_PIECE_BYTES } from "../wire.ts";

/** How many pieces of one file are asked for at once. */
const PIECES_IN_FLIGHT = 3;

export interface CarriedMeta {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/** Reads `length` bytes at `offset` of the draft's file number `index`; null when it is gone. */
export type ReadPiece = (index: number, offset: number, length: number) => Promise<Uint8Array | null>;
/** The draft's file number `index` whole; null (or a rejection) when it cannot be shared. */
export type ReadWhole = (index: number) => Promise<Blob | null>;

export interface Carried {
  readonly files: File[];
  /** Names of the files that could not be brought over. */
  readonly failed: string[];
  /** How many of `files` came whole (the rest came in pieces). */
  readonly whole: number;
}

export async function loadCarried(
  metas: readonly CarriedMeta[],
  read: ReadPiece,
  onProgress?: (doneBytes: number) => void,
  readWhole?: ReadWhole,
): Promise<Carried> {
  const files: File[] = [];
  const failed: string[] = [];
  let done = 0;
  let whole = 0;
  for (const [index, meta] of metas.entries()) {
    // Whole, if the webmail tab can share it and it is exactly the size the draft announced.
    const blob = readWhole === undefined ? null : await readWhole(index).catch(() => null);
    if (blob?.size === meta.size) {
      files.push(new File([blob], meta.name, { type: meta.type }));
      whole++;
      done += meta.size;
      onProgress?.(done);
      continue;
    }
    const offsets: number[] = [];
    for (let offset = 0; offset < meta.size; offset += ATTACHMENT_PIECE_BYTES) offsets.push(offset);
    const pieces: Uint8Array<ArrayBuffer>[] = [];
    const state = { failed: false, next: 0 };
    // A few pieces in flight at once: the webmail tab reads and encodes the next while this page
    // decodes the last (they are different processes), instead of each waiting for the other.
    const reader = async () => {
      while (!state.failed && state.next < offsets.length) {
        const at = state.next++;
        const offset = offsets[at] ?? 0;
        const length = Math.min(ATTACHMENT_PIECE_BYTES, meta.size - offset);
        const piece = await read(index, offset, length).catch(() => null);
        if (piece === null || piece.length !== length) {
          state.failed = true;
          return;
        }
        pieces[at] = new Uint8Array(piece);
        done += length;
        onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PIECES_IN_FLIGHT, offsets.length) }, reader));
    if (!state.failed) files.push(new File(pieces, meta.name, { type: meta.type }));
    else failed.push(meta.name);
  }
  return { files, failed, whole };
}
