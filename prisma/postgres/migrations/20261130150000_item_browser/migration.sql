-- Item browser: the newest live label's time (sort key), indexes for its sorts, and a trigram index of the text.
-- AlterTable
ALTER TABLE "Item" ADD COLUMN "lastLabelAt" TIMESTAMP(3);

UPDATE "Item" SET "lastLabelAt" = (SELECT max(l."createdAt") FROM "Label" l WHERE l."itemId" = "Item"."id" AND l."deletedAt" IS NULL);

-- CreateIndex
CREATE INDEX "Item_projectId_q_idx" ON "Item"("projectId", "q");

-- CreateIndex
CREATE INDEX "Item_projectId_qB_idx" ON "Item"("projectId", "qB");

-- CreateIndex
CREATE INDEX "Item_projectId_priority_idx" ON "Item"("projectId", "priority");

-- CreateIndex
CREATE INDEX "Item_projectId_priorityB_idx" ON "Item"("projectId", "priorityB");

-- CreateIndex
CREATE INDEX "Item_projectId_lastLabelAt_idx" ON "Item"("projectId", "lastLabelAt");

-- CreateIndex
CREATE INDEX "Item_projectId_disputed_idx" ON "Item"("projectId", "disputed");

-- Substring search: pg_trgm (a trusted extension, so the database owner may create it) and a GIN trigram index
-- that serves ILIKE '%words%' on Item.text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Item_text_trgm_idx" ON "Item" USING gin ("text" gin_trgm_ops);
