-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN "ip" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "userAgent" TEXT;

-- CreateTable
CREATE TABLE "message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "threadId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "envelope" BLOB,
    "createdAt" DATETIME NOT NULL,
    "committedAt" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "recalledAt" DATETIME,
    "purgedAt" DATETIME,
    CONSTRAINT "message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "message_recipient" (
    "messageId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "stanza" BLOB,
    "addedAt" DATETIME NOT NULL,
    "openedAt" DATETIME,

    PRIMARY KEY ("messageId", "accountId"),
    CONSTRAINT "message_recipient_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "message_recipient_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "stanza" BLOB,
    "codeHash" TEXT,
    "failedTries" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" DATETIME,
    "status" TEXT NOT NULL,
    "accountId" TEXT,
    "openedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "invitation_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "attachment" (
    "messageId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "ciphertextSize" BIGINT NOT NULL,
    "receivedBytes" BIGINT NOT NULL DEFAULT 0,
    "pieces" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("messageId", "id"),
    CONSTRAINT "attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "chunk" (
    "messageId" TEXT NOT NULL,
    "attachmentId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,

    PRIMARY KEY ("messageId", "attachmentId", "index")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "maxRetentionDays" INTEGER NOT NULL DEFAULT 30,
    "requireAccessCode" BOOLEAN NOT NULL DEFAULT false,
    "allowPlainOverride" BOOLEAN NOT NULL DEFAULT false,
    "archivePublicKey" BLOB,
    "maxAttachmentBytes" BIGINT NOT NULL DEFAULT 2147483648,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_organisation" ("allowPlainOverride", "archivePublicKey", "id", "maxRetentionDays", "name", "requireAccessCode", "updatedAt") SELECT "allowPlainOverride", "archivePublicKey", "id", "maxRetentionDays", "name", "requireAccessCode", "updatedAt" FROM "organisation";
DROP TABLE "organisation";
ALTER TABLE "new_organisation" RENAME TO "organisation";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "message_threadId_idx" ON "message"("threadId");

-- CreateIndex
CREATE INDEX "message_senderId_createdAt_idx" ON "message"("senderId", "createdAt");

-- CreateIndex
CREATE INDEX "message_status_expiresAt_idx" ON "message"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "message_recipient_accountId_idx" ON "message_recipient"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "invitation_messageId_address_key" ON "invitation"("messageId", "address");
