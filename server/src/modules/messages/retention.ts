// The retention job: really deletes expired ciphertext (envelope, key stanzas, attachment chunks)
// and abandoned uploads, records each deletion in the access log, and on SQLite gives the space
// back to the file system (VACUUM), also after a recall or a reissued invitation, so that deleted
// key stanzas and release keys do not stay in the file's free pages. Metadata rows stay so senders and admins can see what existed.
// Several instances may run it at the same moment (one PostgreSQL, many servers): each message is
// claimed by a conditional update inside its transaction, so exactly one run deletes and logs it.
import type { Deps } from "../../deps.ts";
import { appendAudit } from "../audit/log.ts";

/** Uploads never committed within this time are removed (a crashed or abandoned send). */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60_000;

export interface RetentionReport {
  readonly expired: number;
  readonly abandoned: number;
  readonly chunksDeleted: number;
}

/**
 * One run. `secretsGoneSince` is when the previous run started: on SQLite a recall or a reissued
 * invitation since then is a reason to VACUUM too (each deletes or replaces key stanzas and release
 * keys at once, but SQLite keeps deleted bytes in free pages until the file is rewritten). Found in
 * the access log, so a recall just before a restart is found by the first run after it.
 */
export async function runRetention(
  deps: Deps,
  provider: "sqlite" | "pg",
  secretsGoneSince?: Date,
): Promise<RetentionReport> {
  const now = deps.now();
  let chunksDeleted = 0;
  const expired = await deps.db.message.findMany({
    where: { status: "committed", expiresAt: { lte: now } },
    select: { id: true },
  });
  let expiredHere = 0;
  for (const { id } of expired) {
    const chunks = await deps.db.$transaction(async (tx) => {
      // The claim: only the run whose update still finds it committed goes on.
      const claimed = await tx.message.updateMany({
        where: { id, status: "committed" },
        data: { status: "expired", envelope: null, purgedAt: now },
      });
      if (claimed.count === 0) return null;
      const removed = await tx.chunk.deleteMany({ where: { messageId: id } });
      await tx.messageRecipient.updateMany({ where: { messageId: id }, data: { stanza: null } });
      await tx.invitation.updateMany({
        where: { messageId: id },
        data: { stanza: null, releaseKey: null, codeVerifierDigest: null },
      });
      return removed.count;
    });
    if (chunks === null) continue; // another instance took it
    expiredHere++;
    chunksDeleted += chunks;
    await appendAudit(deps, { type: "message.expired", subjectId: id, details: { chunksDeleted: chunks } });
  }
  const abandoned = await deps.db.message.findMany({
    where: { status: "uploading", createdAt: { lt: new Date(now.getTime() - ABANDONED_UPLOAD_MS) } },
    select: { id: true },
  });
  let abandonedHere = 0;
  for (const { id } of abandoned) {
    const chunks = await deps.db.$transaction(async (tx) => {
      // The claim first: a message committed meanwhile, or already gone (another run's), stays.
      // Recipients, invitations and attachments cascade; chunks have no foreign key.
      const gone = await tx.message.deleteMany({ where: { id, status: "uploading" } });
      if (gone.count === 0) return null;
      return (await tx.chunk.deleteMany({ where: { messageId: id } })).count;
    });
    if (chunks === null) continue;
    abandonedHere++;
    chunksDeleted += chunks;
    await appendAudit(deps, {
      type: "message.purged",
      subjectId: id,
      details: { reason: "upload abandoned", chunksDeleted: chunks },
    });
  }
  const secretsGone =
    provider === "sqlite" && secretsGoneSince !== undefined
      ? await deps.db.auditEvent.count({
          where: { type: { in: ["message.recalled", "invitation.reissued"] }, at: { gte: secretsGoneSince } },
        })
      : 0;
  if (provider === "sqlite" && expiredHere + abandonedHere + secretsGone > 0) {
    // Without this the file keeps its size and the deleted pages still hold old ciphertext.
    await deps.db.$executeRawUnsafe("VACUUM");
    // In WAL mode the old pages also sit in the -wal file until a checkpoint empties it.
    await deps.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return { expired: expiredHere, abandoned: abandonedHere, chunksDeleted };
}
