-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "ip" TEXT,
ADD COLUMN     "userAgent" TEXT;

-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "maxAttachmentBytes" BIGINT NOT NULL DEFAULT 2147483648;

-- CreateTable
CREATE TABLE "message" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "envelope" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "committedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "recalledAt" TIMESTAMP(3),
    "purgedAt" TIMESTAMP(3),

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_recipient" (
    "messageId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "stanza" BYTEA,
    "addedAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3),

    CONSTRAINT "message_recipient_pkey" PRIMARY KEY ("messageId","accountId")
);

-- CreateTable
CREATE TABLE "invitation" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "stanza" BYTEA,
    "codeHash" TEXT,
    "failedTries" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "accountId" TEXT,
    "openedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "messageId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "ciphertextSize" BIGINT NOT NULL,
    "receivedBytes" BIGINT NOT NULL DEFAULT 0,
    "pieces" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("messageId","id")
);

-- CreateTable
CREATE TABLE "chunk" (
    "messageId" TEXT NOT NULL,
    "attachmentId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "chunk_pkey" PRIMARY KEY ("messageId","attachmentId","index")
);

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

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_recipient" ADD CONSTRAINT "message_recipient_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_recipient" ADD CONSTRAINT "message_recipient_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
