-- Review and adjudication (Adjudication), per-project guidelines and the guidelines version of each label.
-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "guidelines" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "guidelinesVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Label" ADD COLUMN     "guidelinesVersion" INTEGER;

-- CreateTable
CREATE TABLE "Adjudication" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "y" INTEGER NOT NULL,
    "overrides" TEXT NOT NULL,
    "replacesId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoneBy" TEXT,

    CONSTRAINT "Adjudication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Adjudication_itemId_undoneAt_idx" ON "Adjudication"("itemId", "undoneAt");

-- CreateIndex
CREATE INDEX "Adjudication_projectId_createdAt_idx" ON "Adjudication"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one live adjudication per item, whatever races (a partial index Prisma's schema cannot express)
CREATE UNIQUE INDEX "Adjudication_live_item_key" ON "Adjudication"("itemId") WHERE "undoneAt" IS NULL;
