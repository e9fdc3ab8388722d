// Who may see what. Every read goes through here, and a message that exists but is not yours
// answers exactly like one that does not exist.
import { decodeBase64Url, isCryptoError } from "@sigill/crypto";
import { z } from "zod";
import { bytesColumn, countColumn, dateColumn, nullableDate, sql } from "../../db/raw.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { base64Url } from "../../wire.ts";

export type Box = "inbox" | "sent";
const DAY_MS = 86_400_000;

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "no such message");
}

/**
 * The message if `accountId` sent it or holds a key stanza for it (and it is committed). The same
 * two lookups run whether the message exists or not, so "not yours" and "no such message" also
 * take the same time (a relation `include` would add a query only for existing messages). The
 * envelope is not read here: callers that return it load it once visibility is settled.
 */
export async function visibleMessage(deps: Deps, messageId: string, accountId: string) {
  // Without the envelope (up to megabytes): reading it only for existing messages would be timed.
  const message = await deps.db.message.findUnique({ where: { id: messageId }, omit: { envelope: true } });
  const mine = await deps.db.messageRecipient.findUnique({
    where: { messageId_accountId: { messageId, accountId } },
  });
  if (message === null) throw notFound();
  const role = message.senderId === accountId ? "sender" : mine !== null ? "recipient" : null;
  if (role === null || (role === "recipient" && message.status === "uploading")) throw notFound();
  return { message, role, mine } as const;
}

const readableRow = z.object({
  id: z.string(),
  threadId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  status: z.string(),
  createdAt: dateColumn,
  expiresAt: dateColumn,
  envelope: bytesColumn.nullable(),
  mine: z.string().nullable(),
  role: z.string().nullable(),
  stanza: bytesColumn.nullable(),
  openedAt: nullableDate,
});

/**
 * {@link visibleMessage} for GET /api/messages/:id in one statement: the message, the sender's
 * name and my recipient row. The envelope is read only when the message is mine to see (a CASE
 * inside the statement), so "not yours" and "no such message" still run exactly the same SQL.
 */
export async function readableMessage(deps: Deps, messageId: string, accountId: string) {
  const row = await deps.reads.one(
    readableRow,
    sql`SELECT m."id", m."threadId", m."senderId", a."displayName" AS "senderName", m."status", m."createdAt",
          m."expiresAt",
          CASE WHEN m."senderId" = ${accountId} OR (r."accountId" IS NOT NULL AND m."status" <> 'uploading')
               THEN m."envelope" END AS "envelope",
          r."accountId" AS "mine", r."role", r."stanza", r."openedAt"
        FROM "message" m
        JOIN "account" a ON a."id" = m."senderId"
        LEFT JOIN "message_recipient" r ON r."messageId" = m."id" AND r."accountId" = ${accountId}
        WHERE m."id" = ${messageId}`,
  );
  if (row === undefined) throw notFound();
  const role = row.senderId === accountId ? "sender" : row.mine !== null ? "recipient" : null;
  if (role === null || (role === "recipient" && row.status === "uploading")) throw notFound();
  return { ...row, role } as const;
}

const listRow = z.object({
  k: z.enum(["attachment", "bundle"]),
  id: z.string(),
  size: countColumn.nullable(),
  bundle: bytesColumn.nullable(),
});

/**
 * A message's attachments (by id) and every bundle its sender has published (current first, so
 * readers can verify older messages), in one statement.
 */
export async function messageLists(deps: Deps, messageId: string, senderId: string) {
  const rows = await deps.reads.rows(
    listRow,
    sql`SELECT 'attachment' AS "k", "id", "ciphertextSize" AS "size", NULL AS "bundle", NULL AS "at"
          FROM "attachment" WHERE "messageId" = ${messageId}
        UNION ALL
        SELECT 'bundle' AS "k", "id", NULL AS "size", "bundle", "createdAt" AS "at"
          FROM "key_bundle" WHERE "accountId" = ${senderId}
        ORDER BY "k", "at" DESC, "id"`,
  );
  return {
    attachments: rows.filter((r) => r.k === "attachment").map((r) => ({ id: r.id, ciphertextSize: r.size ?? 0 })),
    bundles: rows.flatMap((r) => (r.k === "bundle" && r.bundle !== null ? [base64Url(r.bundle)] : [])),
  };
}

const receiptRow = z.object({
  k: z.enum(["account", "invitation"]),
  id: z.string(),
  name: z.string().nullable(),
  status: z.string().nullable(),
  openedAt: nullableDate,
  lockedAt: nullableDate,
});

/**
 * The sender's read receipts: each reader account (name, when first opened) and each invitation
 * (address, state, when opened, locked), in one statement on the read path, selecting only what the
 * receipts say (not the invitations' stanzas and keys).
 */
export async function messageReceipts(deps: Deps, messageId: string) {
  const rows = await deps.reads.rows(
    receiptRow,
    sql`SELECT 'account' AS "k", r."accountId" AS "id", a."displayName" AS "name", NULL AS "status",
               r."openedAt" AS "openedAt", NULL AS "lockedAt"
          FROM "message_recipient" r JOIN "account" a ON a."id" = r."accountId"
          WHERE r."messageId" = ${messageId} AND r."role" = 'recipient'
        UNION ALL
        SELECT 'invitation' AS "k", i."address" AS "id", NULL AS "name", i."status" AS "status",
               i."openedAt" AS "openedAt", i."lockedAt" AS "lockedAt"
          FROM "invitation" i WHERE i."messageId" = ${messageId}
        ORDER BY "k", "id"`,
  );
  return {
    accounts: rows
      .filter((r) => r.k === "account")
      .map((r) => ({ accountId: r.id, displayName: r.name ?? "", openedAt: r.openedAt?.toISOString() ?? null })),
    invitations: rows
      .filter((r) => r.k === "invitation")
      .map((r) => ({
        address: r.id,
        status: r.status ?? "",
        openedAt: r.openedAt?.toISOString() ?? null,
        locked: r.lockedAt !== null,
      })),
  };
}

const pieceRow = z.object({ index: countColumn, bytes: bytesColumn });

/**
 * Up to `take` stored pieces of an attachment's ciphertext from piece `from` on, in order: the
 * download's read, on the read path (Prisma's client copies each 1 MiB piece through its query
 * engine's value conversion, which the 1 GiB download felt in time and in garbage).
 */
export async function attachmentPieces(
  deps: Deps,
  piece: { messageId: string; attachmentId: string; from: number; take: number },
) {
  return deps.reads.rows(
    pieceRow,
    sql`SELECT "index", "bytes" FROM "chunk"
        WHERE "messageId" = ${piece.messageId} AND "attachmentId" = ${piece.attachmentId} AND "index" >= ${piece.from}
        ORDER BY "index" LIMIT ${piece.take}`,
  );
}

/** The sender's view only (uploads, recall, reissue). */
export async function ownMessage(deps: Deps, messageId: string, accountId: string) {
  const message = await deps.db.message.findUnique({ where: { id: messageId }, omit: { envelope: true } });
  if (message === null || message.senderId !== accountId) throw notFound();
  return message;
}

/** Decodes base64url key material from a client; any failure is a 400 with the given code. */
export async function bytesFrom(text: string, code: "ENVELOPE_INVALID" | "STANZA_INVALID"): Promise<Uint8Array> {
  try {
    return await decodeBase64Url(text);
  } catch (cause) {
    if (isCryptoError(cause)) throw new AppError(code, "not base64url", { cause });
    throw cause;
  }
}

/** Every bundle the sender has published (current first), so readers can verify older messages. */
export async function senderBundles(deps: Deps, accountId: string): Promise<string[]> {
  const rows = await deps.db.keyBundle.findMany({ where: { accountId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => base64Url(r.bundle));
}

export function maxExpiry(now: Date, maxRetentionDays: number): number {
  // Five minutes of slack for clocks that run a little ahead.
  return now.getTime() + maxRetentionDays * DAY_MS + 5 * 60_000;
}
