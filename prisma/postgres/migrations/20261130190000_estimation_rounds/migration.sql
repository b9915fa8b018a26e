-- Queue rounds for the active estimator: certainty units plus a randomized draw with recorded inclusion probabilities.
ALTER TABLE "Project" ADD COLUMN "randomShare" DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE "Project" ADD COLUMN "estRound" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Item" ADD COLUMN "roundNo" INTEGER;
ALTER TABLE "Item" ADD COLUMN "roundPi" DOUBLE PRECISION;
ALTER TABLE "Item" ADD COLUMN "roundQ" DOUBLE PRECISION;
ALTER TABLE "Label" ADD COLUMN "round" INTEGER;
ALTER TABLE "Label" ADD COLUMN "roundQ" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "EstRound" (
    "projectId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "tau" DOUBLE PRECISION NOT NULL,
    "strategy" TEXT NOT NULL,
    "randomShare" DOUBLE PRECISION NOT NULL,
    "expectedSize" DOUBLE PRECISION NOT NULL,
    "eligible" INTEGER NOT NULL,
    "certain" INTEGER NOT NULL,
    "drawn" INTEGER NOT NULL,
    "sums" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EstRound_pkey" PRIMARY KEY ("projectId","round")
);

-- CreateIndex
CREATE INDEX "Item_projectId_roundNo_idx" ON "Item"("projectId", "roundNo");
