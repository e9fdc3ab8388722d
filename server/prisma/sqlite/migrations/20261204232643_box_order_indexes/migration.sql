-- DropIndex
DROP INDEX "message_senderId_createdAt_idx";

-- DropIndex
DROP INDEX "message_recipient_accountId_idx";

-- CreateIndex
CREATE INDEX "message_senderId_createdAt_id_idx" ON "message"("senderId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "message_recipient_accountId_addedAt_messageId_idx" ON "message_recipient"("accountId", "addedAt", "messageId");
