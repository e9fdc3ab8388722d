// Brings the files of a diverted webmail draft into secure compose, piece by piece from the
// webmail tab (runtime messages have a size limit). A file that cannot be read whole is reported
// by name, never half-attached.
import { ATTACHMENT_PIECE_BYTES } from "../protocol.ts";

export interface CarriedMeta {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/** Reads `length` bytes at `offset` of the draft's file number `index`; null when it is gone. */
export type ReadPiece = (index: number, offset: number, length: number) => Promise<Uint8Array | null>;

export async function loadCarried(
  metas: readonly CarriedMeta[],
  read: ReadPiece,
  onProgress?: (doneBytes: number) => void,
): Promise<{ files: File[]; failed: string[] }> {
  const files: File[] = [];
  const failed: string[] = [];
  let done = 0;
  for (const [index, meta] of metas.entries()) {
    const pieces: Uint8Array<ArrayBuffer>[] = [];
    let offset = 0;
    let ok = true;
    while (offset < meta.size) {
      const length = Math.min(ATTACHMENT_PIECE_BYTES, meta.size - offset);
      const piece = await read(index, offset, length).catch(() => null);
      if (piece === null || piece.length !== length) {
        ok = false;
        break;
      }
      pieces.push(new Uint8Array(piece));
      offset += length;
      done += length;
      onProgress?.(done);
    }
    if (ok) files.push(new File(pieces, meta.name, { type: meta.type }));
    else failed.push(meta.name);
  }
  return { files, failed };
}
