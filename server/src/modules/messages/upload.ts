// Uploading a message's attachments piece by piece, resuming an interrupted upload, and committing
// the message once everything has arrived. Use cases with plain inputs; the routes only declare.
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { appendAudit, type RequestMeta } from "../audit/log.ts";
import { notFound, ownMessage } from "./access.ts";
import { notifyReaders } from "./notify-readers.ts";

/** Largest attachment piece a client may upload in one request. */
export const PIECE_MAX = 1024 * 1024;
/** How long a piece that came one ahead waits for the piece before it (clients send two at once). */
export const AHEAD_WAIT_MS = 2_000;
/**
 * A waiting piece wakes when this instance stores the one before it, and looks at the database at
 * most this often otherwise (another instance may store it): a few reads a second per waiting
 * request, however many a client sends.
 */
const AHEAD_POLL_MS = 100;

export interface UploadProgress {
  readonly receivedBytes: number;
  readonly nextIndex: number;
  readonly complete: boolean;
}

/** Wakes the requests waiting for an attachment's next piece on this instance. */
export function pieceSignals() {
  const waiting = new Map<string, Set<() => void>>();
  return {
    /** Resolves when `key` is signalled or after `ms`, whichever comes first. */
    wait(key: string, ms: number): Promise<void> {
      return new Promise((resolve) => {
        const set = waiting.get(key) ?? new Set<() => void>();
        waiting.set(key, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiting.delete(key);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },
    signal(key: string): void {
      for (const wake of [...(waiting.get(key) ?? [])]) wake();
    },
  };
}
export type PieceSignals = ReturnType<typeof pieceSignals>;

/**
 * Stores piece `index` of an attachment of the sender's own message that is still uploading. The
 * piece right after the next waits briefly for it; a retry of the last piece with the same bytes
 * is answered again; any other gap, or more bytes than announced, is refused.
 */
export async function uploadPiece(
  deps: Deps,
  signals: PieceSignals,
  input: {
    readonly accountId: string;
    readonly messageId: string;
    readonly attachmentId: string;
    readonly index: number;
    readonly piece: Buffer;
  },
): Promise<UploadProgress> {
  const { messageId, attachmentId, index, piece } = input;
  if (piece.length === 0) throw new AppError("BAD_REQUEST", "an empty piece");
  const message = await ownMessage(deps, messageId, input.accountId);
  if (message.status !== "uploading") throw new AppError("CONFLICT", "this message is not receiving uploads");
  const key = { messageId_id: { messageId, id: attachmentId } };
  let attachment = await deps.db.attachment.findUnique({ where: key });
  if (attachment === null) throw notFound();
  // The piece right after the next may come while that one is still being stored (a client
  // sends two at once): it waits for it, briefly, instead of being refused. Any other gap is
  // refused at once below.
  const signalKey = `${messageId}/${attachmentId}`;
  for (const until = Date.now() + AHEAD_WAIT_MS; index === attachment.pieces + 1 && Date.now() < until;) {
    await signals.wait(signalKey, Math.min(AHEAD_POLL_MS, until - Date.now()));
    attachment = await deps.db.attachment.findUnique({ where: key });
    if (attachment === null) throw notFound();
  }
  if (index === attachment.pieces - 1) {
    // A retry of the last piece after a dropped answer: accept if it is the same bytes.
    const last = await deps.db.chunk.findUnique({
      where: { messageId_attachmentId_index: { messageId, attachmentId, index } },
    });
    if (last !== null && Buffer.from(last.bytes).equals(piece)) {
      return {
        receivedBytes: Number(attachment.receivedBytes),
        nextIndex: attachment.pieces,
        complete: attachment.receivedBytes === attachment.ciphertextSize,
      };
    }
  }
  if (index !== attachment.pieces) {
    throw new AppError("UPLOAD_OUT_OF_ORDER", `expected piece ${String(attachment.pieces)}`, {
      details: { nextIndex: attachment.pieces },
    });
  }
  const received = attachment.receivedBytes + BigInt(piece.length);
  if (received > attachment.ciphertextSize)
    throw new AppError("PAYLOAD_TOO_LARGE", "more bytes than the envelope announced");
  // The conditional update makes concurrent retries of the same index safe: only one wins.
  const stored = await deps.pieces.store({ messageId, attachmentId, index, bytes: piece, received });
  if (!stored) throw new AppError("UPLOAD_OUT_OF_ORDER", "another upload of this piece won");
  signals.signal(signalKey);
  return {
    receivedBytes: Number(received),
    nextIndex: attachment.pieces + 1,
    complete: received === attachment.ciphertextSize,
  };
}

/** How much of an attachment of the sender's own message has arrived (to resume an upload). */
export async function uploadStatus(
  deps: Deps,
  input: { readonly accountId: string; readonly messageId: string; readonly attachmentId: string },
): Promise<UploadProgress & { readonly ciphertextSize: number }> {
  await ownMessage(deps, input.messageId, input.accountId);
  const a = await deps.db.attachment.findUnique({
    where: { messageId_id: { messageId: input.messageId, id: input.attachmentId } },
  });
  if (a === null) throw notFound();
  return {
    receivedBytes: Number(a.receivedBytes),
    ciphertextSize: Number(a.ciphertextSize),
    nextIndex: a.pieces,
    complete: a.receivedBytes === a.ciphertextSize,
  };
}

/**
 * Makes the sender's message with attachments visible once every attachment has fully arrived:
 * logged and its readers notified once, however many times it is asked.
 */
export async function commitMessage(
  deps: Deps,
  input: { readonly accountId: string; readonly messageId: string },
  meta: RequestMeta,
): Promise<void> {
  const message = await ownMessage(deps, input.messageId, input.accountId);
  if (message.status === "committed") return;
  if (message.status !== "uploading") throw new AppError("CONFLICT", "this message can no longer be committed");
  const attachments = await deps.db.attachment.findMany({ where: { messageId: input.messageId } });
  if (attachments.some((a) => a.receivedBytes !== a.ciphertextSize))
    throw new AppError("UPLOAD_INCOMPLETE", "some attachments have not fully arrived");
  const done = await deps.db.message.updateMany({
    where: { id: message.id, status: "uploading" },
    data: { status: "committed", committedAt: deps.now() },
  });
  if (done.count !== 1) return;
  await appendAudit(deps, { ...meta, type: "message.committed", actorId: message.senderId, subjectId: message.id });
  await notifyReaders(deps, message);
}
