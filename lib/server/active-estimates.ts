import "server-only";
import { sql } from "./db/client";
import type { Project } from "./db/generated/sqlite/client";
import { slotColumns } from "./queue/slots";
import type { StoredRoundSums } from "./queue/rounds";
import { ActiveEstimateInputError, estimateActive, type ActiveLabel, type RoundSums } from "@/lib/sampling/active-estimate";
import type { ActiveEstimateView } from "@/lib/shared/types";


/**
 * FP, FN, errors, cost, precision and recall of the live decisions (live q ≥ τ) over the scored pool, from every
 * label (estimateActive: Zrnic & Candès 2024, Kossen et al. 2021). Rounds used: those planned under the live model
 * version at the current τ whose planned items are all labeled or skipped (a round still being labeled would
 * weight only the draws served first). Their stored RoundSums set the control-variate totals; every label of an
 * earlier round or none counts exactly from the first used round on, a label of an unused round between them from
 * the next used round on, and labels after the last used round are left out (those items were unlabeled then).
 * Assumptions: the live model was fitted before the used rounds were drawn (true: a retrain ends a round), skips
 * are unrelated to the class. Returns null when no round qualifies yet (e.g. just after a retrain).
 */
export async function activeEstimate(project: Project): Promise<ActiveEstimateView | null> {
  const s = sql();
  const c = slotColumns(project.scoreSlot);
  const tau = project.threshold;
  const candidates = await s.all<{ round: number; sums: string; certain: number; drawn: number }>(
    `SELECT round, sums, certain, drawn FROM "EstRound" WHERE "projectId" = ? AND "modelVersion" = ? AND tau = ? ORDER BY round`,
    [project.id, project.modelVersion, tau],
  );
  if (!candidates.length) return null;
  const open = await s.all<{ r: number }>(
    `SELECT DISTINCT i."roundNo" AS r FROM "Item" i WHERE i."projectId" = ? AND i."roundNo" >= ? AND i.status = 'queued'
       AND NOT EXISTS (SELECT 1 FROM "Label" l WHERE l."itemId" = i.id AND l.round = i."roundNo" AND l."deletedAt" IS NULL)`,
    [project.id, candidates[0]!.round],
  );
  const openSet = new Set(open.map((o) => Number(o.r)));
  const used = candidates.filter((r) => !openSet.has(r.round));
  if (!used.length) return null;
  const usedIds = used.map((r) => r.round);
  // One row per labeled item: its class (finalY), live q, and the round, π and lagged q of its first label.
  const rows = await s.all<{ itemId: number; y: number | null; q: number; round: number | null; pi: number | null; roundQ: number | null; ly: number | null }>(
    `SELECT i.id AS "itemId", i."finalY" AS y, i.${c.q} AS q, l.round, l."inclusionProbability" AS pi, l."roundQ", l.y AS ly
     FROM "Label" l JOIN "Item" i ON i.id = l."itemId"
     WHERE l."projectId" = ? AND l."deletedAt" IS NULL AND i.${c.q} IS NOT NULL
     ORDER BY l."createdAt", l.id`,
    [project.id],
  );
  const first = new Map<number, (typeof rows)[number]>();
  const skippedOnly = new Map<number, boolean>();
  for (const r of rows) {
    if (!first.has(r.itemId) || first.get(r.itemId)!.ly === null) first.set(r.itemId, r);
    skippedOnly.set(r.itemId, (skippedOnly.get(r.itemId) ?? true) && r.ly === null);
  }
  const labels: ActiveLabel[] = [];
  let skipped = 0;
  for (const r of first.values()) {
    const inUsed = r.round !== null && usedIds.includes(Number(r.round));
    if (skippedOnly.get(r.itemId)) {
      if (inUsed) skipped++;
      continue;
    }
    if (r.y === null) continue; // a tie between labelers: no class to count
    const y = Number(r.y) === 1 ? 1 : 0;
    const q = Number(r.q);
    if (inUsed && r.pi !== null && r.roundQ !== null) {
      const pi = Number(r.pi);
      labels.push({ round: Number(r.round), y, q: Number(r.roundQ), pi, certainty: pi >= 1, qDecision: q });
      continue;
    }
    // Labeled outside the used rounds: counted exactly from the first used round after its own round.
    const from = r.round === null ? usedIds[0] : usedIds.find((u) => u > Number(r.round));
    if (from === undefined) continue;
    labels.push({ round: from, y, q, pi: 1, certainty: true, qDecision: q });
  }
  const pool = await s.get<{ n: number; d: number }>(
    `SELECT count(*) AS n, coalesce(sum(CASE WHEN ${c.q} >= ? THEN 1 ELSE 0 END), 0) AS d FROM "Item" WHERE "projectId" = ? AND ${c.q} IS NOT NULL`,
    [tau, project.id],
  );
  const rounds: RoundSums[] = used.map((r) => ({ ...(JSON.parse(r.sums) as StoredRoundSums).atTau, round: r.round }));
  const planned = used.reduce((a, r) => a + Number(r.certain) + Number(r.drawn), 0);
  try {
    const est = estimateActive({ labels, rounds, pool: { size: Number(pool?.n ?? 0), decidedPositive: Number(pool?.d ?? 0) }, tau });
    return { ...est, decisionModelVersion: project.modelVersion, roundsUsed: usedIds, skipShare: planned ? skipped / planned : 0 };
  } catch (e) {
    // The pool changed under the reads (a rescore between them): no estimate this time rather than a wrong one.
    if (e instanceof ActiveEstimateInputError) return null;
    throw e;
  }
}
