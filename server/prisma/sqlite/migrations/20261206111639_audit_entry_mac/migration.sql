-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN "keyId" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "mac" TEXT;
