-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "keyId" TEXT,
ADD COLUMN     "mac" TEXT;
