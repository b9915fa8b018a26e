-- Item browser: the newest live label's time (sort key), indexes for its sorts, and a full-text index of the text.
-- AlterTable
ALTER TABLE "Item" ADD COLUMN "lastLabelAt" DATETIME;

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

-- Substring search: an external-content FTS5 table over Item.text with the trigram tokenizer (case-insensitive,
-- any run of 3 or more characters), kept in sync by triggers on every insert, text change and delete (a re-import
-- that sets the same text leaves the index alone).
CREATE VIRTUAL TABLE "ItemFts" USING fts5("text", content='Item', content_rowid='id', tokenize='trigram');

INSERT INTO "ItemFts"("ItemFts") VALUES ('rebuild');

CREATE TRIGGER "Item_fts_insert" AFTER INSERT ON "Item" BEGIN
  INSERT INTO "ItemFts"(rowid, "text") VALUES (new."id", new."text");
END;

CREATE TRIGGER "Item_fts_delete" AFTER DELETE ON "Item" BEGIN
  INSERT INTO "ItemFts"("ItemFts", rowid, "text") VALUES ('delete', old."id", old."text");
END;

CREATE TRIGGER "Item_fts_update" AFTER UPDATE OF "text" ON "Item" WHEN old."text" IS NOT new."text" BEGIN
  INSERT INTO "ItemFts"("ItemFts", rowid, "text") VALUES ('delete', old."id", old."text");
  INSERT INTO "ItemFts"(rowid, "text") VALUES (new."id", new."text");
END;
