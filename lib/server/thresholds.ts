import "server-only";
import { sql } from "./db/client";
import type { Project } from "./db/generated/sqlite/client";
import { ConflictError, ValidationError } from "./errors";
import { slotColumns } from "./queue/slots";
import { withPoolCache } from "./pool-version";
import { activeEstimate } from "./active-estimates";
import { AuditInputError, type AuditStratum } from "@/lib/sampling/audit";
import { thresholdCurve, thresholdGrid, type LabelRecord, type PoolGroupBins, type ThresholdPool } from "@/lib/sampling/thresholds";
import type { ThresholdsQuery } from "@/lib/shared/schemas";
import type { ThresholdsView } from "@/lib/shared/types";

/** Default number of even steps of the candidate grid. */
export const DEFAULT_STEPS = 100;
/** The default grid spans the pool's q range, kept this far inside (0, 1) (thresholds must lie strictly inside). */
const EDGE = 0.001;
/** Items outside the audit plan (imported after it was made) form one group of their own. */
const NO_PLAN = -1;

/**
 * Estimates at candidate thresholds τ′ for a project: from … to in `steps` even steps (default: the pool's q range
 * in 100 steps) plus the saved τ, each with decision counts, flips against τ and the audit estimates with 95%
 * intervals (lib/sampling/thresholds). Reads two aggregates — a (stratum, grid bin) histogram of the live q and the
 * audit-labeled items — never the pool's rows. The histogram (and the default range) is cached per pool version
 * (lib/server/pool-version.ts), so only the first call after a write scans the pool; labels are always read live.
 * Throws ValidationError (400) when from and to are too close to space `steps` thresholds apart.
 */
export async function thresholdEstimates(project: Project, query: ThresholdsQuery): Promise<ThresholdsView> {
  try {
    return await attempt(project, query);
  } catch (e) {
    // A retrain can rescore the slot between the two reads; the second read sees a consistent pool.
    if (!(e instanceof AuditInputError)) throw e;
  }
  try {
    return await attempt(project, query);
  } catch (e) {
    if (e instanceof AuditInputError) throw new ConflictError(`The pool changed while estimating (${e.message}); try again.`);
    throw e;
  }
}

async function attempt(project: Project, query: ThresholdsQuery): Promise<ThresholdsView> {
  const s = sql();
  const c = slotColumns(project.scoreSlot);
  const tau = project.threshold;
  let { from, to } = query;
  const steps = query.steps ?? DEFAULT_STEPS;
  if (from === undefined || to === undefined) {
    // The range and the histogram below depend only on the pool (cached per pool version); labels are read live.
    const range = await withPoolCache(project, "range", () =>
      s.get<{ lo: number | null; hi: number | null }>(
        // Two subqueries: each is one seek on the (projectId, q, …) index, where min and max together scan it.
        `SELECT (SELECT min(${c.q}) FROM "Item" WHERE "projectId" = ? AND ${c.q} IS NOT NULL) AS lo,
           (SELECT max(${c.q}) FROM "Item" WHERE "projectId" = ? AND ${c.q} IS NOT NULL) AS hi`,
        [project.id, project.id],
      ),
    );
    const clamp = (v: number) => Math.min(1 - EDGE, Math.max(EDGE, v));
    from ??= Math.min(clamp(range?.lo ?? tau), to ?? 1);
    to ??= Math.max(clamp(range?.hi ?? tau), from);
  }
  const grid = thresholdGrid(from, to, steps);
  if (from < to && grid.edges.length !== steps + 1) throw new ValidationError(`query: from and to are too close for ${steps} steps`, [{ path: "steps", message: "too many steps for the range" }]);
  // One even grid: bins by floor((q − from)/width), then corrected by the exact edge comparisons (see below).
  const S = grid.edges.length - 1;
  const width = S > 0 ? grid.width : 1;
  const edge = (k: string) => `(CAST(? AS DOUBLE PRECISION) + (${k}) * CAST(? AS DOUBLE PRECISION))`;
  // A subquery the planner must not flatten (SQLite: LIMIT -1, PostgreSQL: OFFSET 0), so b0 is computed once per
  // item rather than once per reference in the CASE below: the cold scan takes about half the time.
  const fence = s.dialect === "sqlite" ? "LIMIT -1" : "OFFSET 0";
  const histKey = `hist|${tau}|${project.auditPlanId ?? ""}|${from}|${width}|${S}`;
  const rows = await withPoolCache(project, histKey, () => s.all<{ g: number; b: number; n: number; sq: number; nt: number; sqt: number }>(
    // The floor can land one bin off when q sits on an edge (rounding of the division); comparing q with the edge
    // computed as from + k·width — the same IEEE operations as thresholdGrid — puts it on the exact side.
    `SELECT g, b, count(*) AS n, sum(q) AS sq, sum(CASE WHEN q >= ? THEN 1 ELSE 0 END) AS nt, sum(CASE WHEN q >= ? THEN q ELSE 0 END) AS sqt
     FROM (
       SELECT g, q, CASE
           WHEN q < ${edge("0")} THEN -1
           WHEN q >= ${edge(String(S))} THEN ${S}
           WHEN q < ${edge("b0")} THEN b0 - 1
           WHEN q >= ${edge("b0 + 1")} THEN b0 + 1
           ELSE b0 END AS b
       FROM (
         SELECT CASE WHEN "auditPlanId" = ? AND "auditStratum" IS NOT NULL THEN "auditStratum" ELSE ${NO_PLAN} END AS g, ${c.q} AS q,
           CAST(floor((${c.q} - CAST(? AS DOUBLE PRECISION)) / CAST(? AS DOUBLE PRECISION)) AS INTEGER) AS b0
         FROM "Item" WHERE "projectId" = ? AND ${c.q} IS NOT NULL ${fence}
       ) t0
     ) t
     GROUP BY g, b`,
    [tau, tau, from, width, from, width, from, width, from, width, project.auditPlanId ?? "", from, width, project.id],
  ));
  const { pool, thresholds } = binsToPool(grid.edges, tau, rows);
  const labels = await auditLabels(project, c.q);
  const curve = thresholdCurve({ pool: { ...pool, thresholds }, labels, current: tau });
  return { ...curve, from, to, steps, labelSource: "audit", active: await activeEstimate(project) };
}

/**
 * The grid histogram re-binned by the candidate thresholds = grid edges ∪ {τ}: an item's bin is the number of
 * thresholds ≤ q, i.e. (grid bin + 1) plus one when τ is not a grid edge and q ≥ τ.
 */
function binsToPool(edges: number[], tau: number, rows: { g: number; b: number; n: number; sq: number; nt: number; sqt: number }[]): { pool: ThresholdPool; thresholds: number[] } {
  const tauIsEdge = edges.includes(tau);
  const thresholds = tauIsEdge ? edges : [...edges, tau].sort((a, b) => a - b);
  const K = thresholds.length;
  const groups = new Map<number, PoolGroupBins & { counts: number[]; sumQ: number[] }>();
  for (const r of rows) {
    const g = Number(r.g);
    if (!groups.has(g)) groups.set(g, { group: g, counts: new Array<number>(K + 1).fill(0), sumQ: new Array<number>(K + 1).fill(0) });
    const bins = groups.get(g)!;
    // The SQL puts every q in [−1, S]; the clamp only guards the array against a database that rounds differently.
    const low = Math.min(edges.length, Math.max(0, Number(r.b) + 1));
    const high = low + (tauIsEdge ? 0 : 1);
    const [n, sq, nt, sqt] = [Number(r.n), Number(r.sq), Number(r.nt), Number(r.sqt)];
    bins.counts[low]! += n - nt;
    bins.sumQ[low]! += Math.max(0, sq - sqt);
    bins.counts[high]! += nt;
    bins.sumQ[high]! += sqt;
  }
  return { pool: { thresholds, groups: [...groups.values()] }, thresholds };
}

/**
 * The estimator's inputs: labeled draws of the live audit plan (a prefix of its draw order, up to the draws served),
 * with the plan's inclusion probability π_h and the live q. Swapping in other labels with known π changes only this.
 */
async function auditLabels(project: Project, qCol: string): Promise<LabelRecord[]> {
  if (!project.auditPlanId) return [];
  const s = sql();
  const plan = await s.get<{ strata: string; served: number }>(`SELECT strata, served FROM "AuditPlan" WHERE id = ?`, [project.auditPlanId]);
  if (!plan) return [];
  const strata = JSON.parse(plan.strata) as AuditStratum[];
  const rows = await s.all<{ g: number; q: number; finalY: number }>(
    `SELECT "auditStratum" AS g, ${qCol} AS q, "finalY" FROM "Item"
     WHERE "auditPlanId" = ? AND "projectId" = ? AND "auditRank" < ? AND "finalY" IS NOT NULL AND ${qCol} IS NOT NULL AND "auditStratum" IS NOT NULL`,
    [project.auditPlanId, project.id, plan.served],
  );
  const labels: LabelRecord[] = [];
  for (const r of rows) {
    const pi = strata[Number(r.g)]?.inclusionProbability ?? 0;
    // y is the stored class, never read from the label's current name.
    if (pi > 0) labels.push({ q: Number(r.q), y: Number(r.finalY) === 1 ? 1 : 0, pi, group: Number(r.g) });
  }
  return labels;
}
