-- AlterTable
ALTER TABLE "Project" ADD COLUMN "poolVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Item_projectId_q_decision_auditStratum_auditPlanId_idx" ON "Item"("projectId", "q", "decision", "auditStratum", "auditPlanId");

-- CreateIndex
CREATE INDEX "Item_projectId_qB_decisionB_auditStratum_auditPlanId_idx" ON "Item"("projectId", "qB", "decisionB", "auditStratum", "auditPlanId");
