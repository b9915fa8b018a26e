import "server-only";
import { sql } from "./db/client";
import type { Project } from "./db/generated/sqlite/client";
import { slotColumns } from "./queue/slots";
import { reliability, type CalibrationLabel } from "@/lib/sampling/calibration/reliability";
import type { ReliabilityView } from "@/lib/shared/types";

/**
 * Reliability diagrams (10 bins of q, observed rate with 95% Wilson intervals, weights 1/π) and expected
 * calibration error from the labels drawn with known inclusion probability (audit and random streams):
 * first the live model on all of them (its current q), then each model version on the labels given while it was
 * live (q at label time). Active labels are left out: they are chosen for their q, so their rates are biased.
 */
export async function projectReliability(project: Project): Promise<ReliabilityView> {
  const c = slotColumns(project.scoreSlot);
  const rows = await sql().all<{ v: number | null; qAt: number | null; q: number | null; y: number; pi: number }>(
    `SELECT l."modelVersion" AS v, l."qAtLabel" AS "qAt", i.${c.q} AS q, l.y, l."inclusionProbability" AS pi
     FROM "Label" l JOIN "Item" i ON i.id = l."itemId"
     WHERE l."projectId" = ? AND l."deletedAt" IS NULL AND l.y IS NOT NULL AND l.stream IN ('audit', 'random')
       AND l."inclusionProbability" > 0 AND l."inclusionProbability" <= 1`,
    [project.id],
  );
  const live: CalibrationLabel[] = [];
  const byVersion = new Map<number, CalibrationLabel[]>();
  for (const r of rows) {
    const y = (Number(r.y) === 1 ? 1 : 0) as 0 | 1;
    const pi = Number(r.pi);
    if (r.q !== null) live.push({ q: Number(r.q), y, pi });
    if (r.v !== null && r.qAt !== null) {
      const v = Number(r.v);
      if (!byVersion.has(v)) byVersion.set(v, []);
      byVersion.get(v)!.push({ q: Number(r.qAt), y, pi });
    }
  }
  return {
    versions: [
      { version: project.modelVersion, source: "current", ...reliability(live) },
      ...[...byVersion.entries()].sort((a, b) => b[0] - a[0]).map(([version, labels]) => ({ version, source: "at-label" as const, ...reliability(labels) })),
    ],
  };
}
