-- CreateTable
CREATE TABLE "audit_event" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actorId" TEXT,
    "subjectId" TEXT,
    "details" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "audit_event_type_idx" ON "audit_event"("type");

-- CreateIndex
CREATE INDEX "audit_event_actorId_idx" ON "audit_event"("actorId");

-- CreateIndex
CREATE INDEX "audit_event_subjectId_idx" ON "audit_event"("subjectId");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");
