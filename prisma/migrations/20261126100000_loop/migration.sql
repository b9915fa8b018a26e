
-- AlterTable
ALTER TABLE "Job" ADD COLUMN "payload" TEXT;
ALTER TABLE "Job" ADD COLUMN "result" TEXT;

-- CreateTable
CREATE TABLE "AuditPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "tau" REAL NOT NULL,
    "poolSize" INTEGER NOT NULL,
    "budget" INTEGER NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "strata" TEXT NOT NULL,
    "served" INTEGER NOT NULL DEFAULT 0,
    "estimate" TEXT,
    "estimatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "positiveLabel" TEXT NOT NULL,
    "negativeLabel" TEXT NOT NULL,
    "threshold" REAL NOT NULL,
    "strategy" TEXT NOT NULL,
    "auditFraction" REAL NOT NULL DEFAULT 0.1,
    "labelsPerItem" INTEGER NOT NULL DEFAULT 1,
    "retrainEvery" INTEGER NOT NULL DEFAULT 25,
    "selfValue" REAL NOT NULL DEFAULT 0,
    "leaseSeconds" INTEGER NOT NULL DEFAULT 600,
    "scoreSlot" INTEGER NOT NULL DEFAULT 0,
    "modelVersion" INTEGER NOT NULL DEFAULT 0,
    "labelsSinceTrain" INTEGER NOT NULL DEFAULT 0,
    "hasScores" BOOLEAN NOT NULL DEFAULT false,
    "trained" BOOLEAN NOT NULL DEFAULT false,
    "auditPlanId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Project" ("auditFraction", "createdAt", "id", "labelsPerItem", "leaseSeconds", "name", "negativeLabel", "positiveLabel", "retrainEvery", "selfValue", "strategy", "threshold", "updatedAt") SELECT "auditFraction", "createdAt", "id", "labelsPerItem", "leaseSeconds", "name", "negativeLabel", "positiveLabel", "retrainEvery", "selfValue", "strategy", "threshold", "updatedAt" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE TABLE "new_Item" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "meta" TEXT,
    "score" REAL,
    "q" REAL,
    "z" REAL,
    "decision" INTEGER,
    "priority" REAL NOT NULL DEFAULT 0,
    "qB" REAL,
    "zB" REAL,
    "decisionB" INTEGER,
    "priorityB" REAL NOT NULL DEFAULT 0,
    "rand" REAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "finalLabel" TEXT,
    "disputed" BOOLEAN NOT NULL DEFAULT false,
    "leasedBy" TEXT,
    "leaseExpiresAt" DATETIME,
    "leaseStream" TEXT,
    "auditPlanId" TEXT,
    "auditStratum" INTEGER,
    "auditRank" INTEGER,
    "auditQ" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("createdAt", "decision", "disputed", "externalId", "finalLabel", "id", "labelCount", "leaseExpiresAt", "leasedBy", "meta", "priority", "projectId", "q", "rand", "score", "status", "text", "updatedAt", "z") SELECT "createdAt", "decision", "disputed", "externalId", "finalLabel", "id", "labelCount", "leaseExpiresAt", "leasedBy", "meta", "priority", "projectId", "q", "rand", "score", "status", "text", "updatedAt", "z" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_status_priority_idx" ON "Item"("projectId", "status", "priority");
CREATE INDEX "Item_projectId_status_priorityB_idx" ON "Item"("projectId", "status", "priorityB");
CREATE INDEX "Item_auditPlanId_auditRank_idx" ON "Item"("auditPlanId", "auditRank");
CREATE INDEX "Item_leasedBy_idx" ON "Item"("leasedBy");
CREATE UNIQUE INDEX "Item_projectId_externalId_key" ON "Item"("projectId", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditPlan_projectId_idx" ON "AuditPlan"("projectId");

