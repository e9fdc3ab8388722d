/*
  Warnings:

  - You are about to drop the column `codeHash` on the `invitation` table. All the data in the column will be lost.

*/
-- Invitations made before bound invitations whose sender set an access code: the code was only a
-- server-side check, now gone; lock them so they cannot open without it (the sender reissues).
UPDATE "invitation" SET "lockedAt" = CURRENT_TIMESTAMP WHERE "codeHash" IS NOT NULL AND "lockedAt" IS NULL;

-- AlterTable
ALTER TABLE "enrolment" ADD COLUMN "invitationId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "stanza" BLOB,
    "releaseKey" BLOB,
    "codeVerifierDigest" BLOB,
    "mailboxCodeHash" TEXT,
    "mailboxCodeExpiresAt" DATETIME,
    "mailboxCodeTries" INTEGER NOT NULL DEFAULT 0,
    "failedTries" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" DATETIME,
    "status" TEXT NOT NULL,
    "accountId" TEXT,
    "openedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "invitation_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_invitation" ("accountId", "address", "createdAt", "failedTries", "id", "lockedAt", "messageId", "openedAt", "stanza", "status") SELECT "accountId", "address", "createdAt", "failedTries", "id", "lockedAt", "messageId", "openedAt", "stanza", "status" FROM "invitation";
DROP TABLE "invitation";
ALTER TABLE "new_invitation" RENAME TO "invitation";
CREATE UNIQUE INDEX "invitation_messageId_address_key" ON "invitation"("messageId", "address");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
