/*
  Warnings:

  - You are about to drop the column `codeHash` on the `invitation` table. All the data in the column will be lost.

*/
-- Invitations made before bound invitations whose sender set an access code: the code was only a
-- server-side check, now gone; lock them so they cannot open without it (the sender reissues).
UPDATE "invitation" SET "lockedAt" = CURRENT_TIMESTAMP WHERE "codeHash" IS NOT NULL AND "lockedAt" IS NULL;

-- AlterTable
ALTER TABLE "enrolment" ADD COLUMN     "invitationId" TEXT;

-- AlterTable
ALTER TABLE "invitation" DROP COLUMN "codeHash",
ADD COLUMN     "codeVerifierDigest" BYTEA,
ADD COLUMN     "mailboxCodeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "mailboxCodeHash" TEXT,
ADD COLUMN     "mailboxCodeTries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "releaseKey" BYTEA;
