-- CreateTable
CREATE TABLE "reset_request" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "decidedById" TEXT,
    "decidedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_enrolment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "accountId" TEXT,
    "createdById" TEXT,
    "purpose" TEXT NOT NULL DEFAULT 'invitation',
    "approvedById" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_enrolment" ("accountId", "createdAt", "createdById", "displayName", "email", "expiresAt", "id", "role", "tokenHash", "usedAt") SELECT "accountId", "createdAt", "createdById", "displayName", "email", "expiresAt", "id", "role", "tokenHash", "usedAt" FROM "enrolment";
DROP TABLE "enrolment";
ALTER TABLE "new_enrolment" RENAME TO "enrolment";
CREATE UNIQUE INDEX "enrolment_tokenHash_key" ON "enrolment"("tokenHash");
CREATE INDEX "enrolment_email_idx" ON "enrolment"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "reset_request_status_expiresAt_idx" ON "reset_request"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "reset_request_accountId_idx" ON "reset_request"("accountId");
