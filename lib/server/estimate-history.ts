import "server-only";
import { sql } from "./db/client";
import type { AuditEstimate } from "@/lib/sampling/audit";
import type { HistoryView } from "@/lib/shared/types";

type Summary = Pick<AuditEstimate, "tau" | "labeled" | "falsePositives" | "falseNegatives" | "errorRate" | "cost" | "imputedShare">;

/**
 * Keeps the audit estimate at τ made right after a retrain with the model version it describes (in the version's
 * metrics, key `estimateAtTau`), so the overview can chart how the errors left in the decisions moved from version
 * to version. Only the retrain job that created the version writes it.
 */
export async function recordVersionEstimate(projectId: string, version: number, e: Summary, at: Date): Promise<void> {
  const row = await sql().get<{ metrics: string | null }>(`SELECT metrics FROM "ModelVersion" WHERE "projectId" = ? AND version = ?`, [projectId, version]);
  if (!row) return;
  const metrics = row.metrics ? (JSON.parse(row.metrics) as Record<string, unknown>) : {};
  const { tau, labeled, falsePositives, falseNegatives, errorRate, cost, imputedShare } = e;
  metrics.estimateAtTau = { tau, labeled, falsePositives, falseNegatives, errorRate, cost, imputedShare, at: at.toISOString() };
  await sql().run(`UPDATE "ModelVersion" SET metrics = ? WHERE "projectId" = ? AND version = ?`, [JSON.stringify(metrics), projectId, version]);
}

/** Every model version of a project, oldest first, with the estimate at τ recorded at its retrain (or null). */
export async function estimateHistory(projectId: string): Promise<HistoryView> {
  const rows = await sql().all<{ version: number; kind: string; createdAt: string | Date; labelsUsed: number; metrics: string | null }>(
    `SELECT version, kind, "createdAt", "labelsUsed", metrics FROM "ModelVersion" WHERE "projectId" = ? ORDER BY version`,
    [projectId],
  );
  return {
    versions: rows.map((r) => {
      const m = r.metrics ? (JSON.parse(r.metrics) as { estimateAtTau?: HistoryView["versions"][number]["estimate"] }) : {};
      return { version: Number(r.version), kind: r.kind, createdAt: new Date(r.createdAt).toISOString(), labelsUsed: Number(r.labelsUsed), estimate: m.estimateAtTau ?? null };
    }),
  };
}
