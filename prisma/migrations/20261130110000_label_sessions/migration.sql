-- AlterTable
ALTER TABLE "Project" ADD COLUMN "showMeta" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN "leaseSession" TEXT;
