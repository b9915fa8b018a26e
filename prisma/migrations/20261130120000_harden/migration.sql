-- Label integrity (Serve), labels by class (Item.finalY), the project-creator role (ProjectCreator).
-- Columns are added in place (no table rebuild); the creator role is a table of its own, not a User column,
-- so a later rebuild of "User" keeps it.

-- AlterTable
ALTER TABLE "Item" ADD COLUMN "finalY" INTEGER;

-- CreateTable
CREATE TABLE "Serve" (
    "itemId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "servedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("itemId", "userId"),
    CONSTRAINT "Serve_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Serve_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "ProjectCreator" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProjectCreator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Serve_userId_idx" ON "Serve"("userId");

-- Backfill: the class of every settled item from its live labels (y), not from label names.
UPDATE "Item" SET "finalY" = (
    SELECT CASE WHEN sum(CASE WHEN l."y" = 1 THEN 1 ELSE 0 END) > sum(CASE WHEN l."y" = 0 THEN 1 ELSE 0 END) THEN 1
                WHEN sum(CASE WHEN l."y" = 1 THEN 1 ELSE 0 END) < sum(CASE WHEN l."y" = 0 THEN 1 ELSE 0 END) THEN 0 END
    FROM "Label" l WHERE l."itemId" = "Item"."id" AND l."deletedAt" IS NULL)
WHERE "finalLabel" IS NOT NULL;

-- Backfill: every item someone labeled or holds a lease on was served to them.
INSERT INTO "Serve" ("itemId", "userId", "servedAt")
SELECT "itemId", "userId", min("createdAt") FROM "Label" WHERE true GROUP BY "itemId", "userId"
ON CONFLICT DO NOTHING;
INSERT INTO "Serve" ("itemId", "userId", "servedAt")
SELECT "id", "leasedBy", "updatedAt" FROM "Item" WHERE "leasedBy" IN (SELECT "id" FROM "User")
ON CONFLICT DO NOTHING;

-- Backfill: whoever administers a project (its creator, before this role existed) keeps creating projects.
INSERT INTO "ProjectCreator" ("userId") SELECT DISTINCT "userId" FROM "Member" WHERE "role" = 'admin';
