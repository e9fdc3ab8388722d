// The inbox and the sent box, newest first with a cursor, each in one statement (the message,
// its sender's name, my read receipt and the attachment count), rather than Prisma's one query
// per relation. A cursor names a message of the same box; an unknown cursor gives an empty page.
import { z } from "zod";
import { countColumn, dateColumn, empty, nullableDate, rowCount, sql } from "../../db/raw.ts";
import type { Deps } from "../../deps.ts";
import type { Box } from "./access.ts";

const summaryRow = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.enum(["uploading", "committed", "recalled", "expired"]),
  createdAt: dateColumn,
  expiresAt: dateColumn,
  senderId: z.string(),
  senderName: z.string(),
  openedAt: nullableDate,
  attachments: countColumn,
});

export type SummaryRow = z.infer<typeof summaryRow>;

/** Up to `limit` messages of `box` for `accountId` after `cursor`, and the next cursor if there are more. */
export async function listBox(
  deps: Deps,
  accountId: string,
  box: Box,
  limit: number,
  cursor: string | undefined,
): Promise<{ rows: SummaryRow[]; nextCursor: string | null }> {
  const rows = await deps.reads.rows(summaryRow, boxStatement(accountId, box, limit + 1, cursor));
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * The statement for up to `take` messages of a box, newest first. Both read an index in its order
 * (message_recipient (accountId, addedAt, messageId), message (senderId, createdAt, id)) and stop
 * after `take` rows, so a page costs the same in an inbox of ten messages or of ten thousand;
 * exported for the test that checks the plans.
 */
export function boxStatement(accountId: string, box: Box, take: number, cursor: string | undefined) {
  const attachments = sql`(SELECT COUNT(*) FROM "attachment" x WHERE x."messageId" = m."id") AS "attachments"`;
  return box === "inbox"
    ? sql`SELECT m."id", m."threadId", m."status", m."createdAt", m."expiresAt", m."senderId",
              a."displayName" AS "senderName", r."openedAt", ${attachments}
            FROM "message_recipient" r
            JOIN "message" m ON m."id" = r."messageId"
            JOIN "account" a ON a."id" = m."senderId"
            WHERE r."accountId" = ${accountId} AND r."role" = 'recipient' AND m."status" <> 'uploading'
            ${
              cursor === undefined
                ? empty
                : sql`AND (r."addedAt", r."messageId") < (SELECT c."addedAt", c."messageId" FROM "message_recipient" c
                        WHERE c."messageId" = ${cursor} AND c."accountId" = ${accountId})`
            }
            ORDER BY r."addedAt" DESC, r."messageId" DESC
            LIMIT ${rowCount(take)}`
    : sql`SELECT m."id", m."threadId", m."status", m."createdAt", m."expiresAt", m."senderId",
              a."displayName" AS "senderName", NULL AS "openedAt", ${attachments}
            FROM "message" m
            JOIN "account" a ON a."id" = m."senderId"
            WHERE m."senderId" = ${accountId}
            ${
              cursor === undefined
                ? empty
                : sql`AND (m."createdAt", m."id") < (SELECT c."createdAt", c."id" FROM "message" c
                        WHERE c."id" = ${cursor} AND c."senderId" = ${accountId})`
            }
            ORDER BY m."createdAt" DESC, m."id" DESC
            LIMIT ${rowCount(take)}`;
}
