-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "accessCodeKinds" TEXT NOT NULL DEFAULT 'protected-identity',
ADD COLUMN     "defaultExpiryDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "webmailDomains" TEXT NOT NULL DEFAULT '';
