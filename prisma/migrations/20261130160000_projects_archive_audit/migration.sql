-- Projects can be archived, and deletions and archiving are kept in an audit log.
-- AlterTable
ALTER TABLE "Project" ADD COLUMN "archivedAt" DATETIME;

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "projectId" TEXT,
    "details" TEXT
);

-- CreateIndex
CREATE INDEX "AuditLog_projectId_at_idx" ON "AuditLog"("projectId", "at");
