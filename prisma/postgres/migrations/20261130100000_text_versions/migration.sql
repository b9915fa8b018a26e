-- Which text a label judged: Item.textVersion grows when an import changes the text, Label.textVersion records
-- the version at label time, Item.textChangedAt flags labeled items whose text changed (needs review).
-- AlterTable
ALTER TABLE "Item" ADD COLUMN "textVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "textChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Label" ADD COLUMN "textVersion" INTEGER NOT NULL DEFAULT 1;
