-- AlterTable
ALTER TABLE "enrolment" ADD COLUMN     "approvedById" TEXT,
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'invitation';

-- CreateTable
CREATE TABLE "reset_request" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "reset_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reset_request_status_expiresAt_idx" ON "reset_request"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "reset_request_accountId_idx" ON "reset_request"("accountId");
