-- Queue rounds for the active estimator: certainty units plus a randomized draw with recorded inclusion probabilities.
ALTER TABLE "Project" ADD COLUMN "randomShare" REAL NOT NULL DEFAULT 0;
ALTER TABLE "Project" ADD COLUMN "estRound" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Item" ADD COLUMN "roundNo" INTEGER;
ALTER TABLE "Item" ADD COLUMN "roundPi" REAL;
ALTER TABLE "Item" ADD COLUMN "roundQ" REAL;
ALTER TABLE "Label" ADD COLUMN "round" INTEGER;
ALTER TABLE "Label" ADD COLUMN "roundQ" REAL;

-- CreateTable
CREATE TABLE "EstRound" (
    "projectId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "tau" REAL NOT NULL,
    "strategy" TEXT NOT NULL,
    "randomShare" REAL NOT NULL,
    "expectedSize" REAL NOT NULL,
    "eligible" INTEGER NOT NULL,
    "certain" INTEGER NOT NULL,
    "drawn" INTEGER NOT NULL,
    "sums" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("projectId", "round")
);

-- CreateIndex
CREATE INDEX "Item_projectId_roundNo_idx" ON "Item"("projectId", "roundNo");
