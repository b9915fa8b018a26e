import "server-only";
import { randomUUID } from "node:crypto";
import { defaultModelConfig, fitDecisionModel, priorModel, type DecisionModel, type TrainingExample } from "@/lib/model";
import { ScorePool, scoreProcessesFromEnv } from "@/lib/server/scoring/score-pool";
import { hashString } from "@/lib/model/hash";
import { mulberry32, rankPool, type StrategyName } from "@/lib/sampling";
import { recordVersionEstimate } from "../estimate-history";
import { estimateAudit, planAudit, type AuditPlan, type AuditStratum } from "@/lib/sampling/audit";
import { sql } from "../db/client";
import { sqlTime, type Param } from "../db/sql";
import { bulkUpdate } from "../db/bulk";
import { getProject } from "../projects";
import { slotColumns } from "../queue/slots";
import { bumpPoolVersion } from "../pool-version";

/** Audit draws planned per pool (the stream serves a prefix of them, in an order that stays stratified). */
const AUDIT_BUDGET = 5000;
// Short write transactions: a labeler's lease or label never waits long for the worker's lock (SQLite).
const WRITE_BATCH = 250;

/**
 * Runs one of the worker's short write transactions, then (SQLite) pauses for a quarter of the time it held the
 * write lock. The web server's writers wait on that lock with SQLite's busy handler, which polls every ≤ 100 ms:
 * back-to-back batches of a long retrain hold it nearly all the time and can starve a sign-in or an import past
 * its 10 s busy timeout; the pause leaves them a window at every poll, for about 25% more write time.
 */
async function writeBatch(fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  if (sql().dialect === "sqlite") await new Promise((r) => setTimeout(r, Math.max(2, (performance.now() - t0) / 4)));
}
const SCORE_CHUNK = 50_000;

interface PoolRow {
  id: number;
  text: string;
  score: number | null;
  status: string;
  finalY: number | null;
  pi: number | null;
  auditStratum: number | null;
  auditRank: number | null;
  auditQ: number | null;
}

export interface RetrainResult {
  modelVersion: number;
  labelsUsed: number;
  coldStart: boolean;
  items: number;
  decisionsChanged: number;
  seconds: number;
}

type Progress = (fraction: number, message: string) => Promise<void>;

/**
 * Fits and calibrates the decision model on the final labels, rescores every item, ranks the unlabeled ones for
 * the project's strategy, writes all of it into the idle score slot, then swaps model version and slot in one
 * transaction. Labelers keep being served from the live slot meanwhile.
 */
export async function retrainProject(projectId: string, progress: Progress): Promise<RetrainResult> {
  const t0 = Date.now();
  const project = await getProject(projectId);
  // Seeded by the version and the pool's size: a retrain of the same pool and labels is reproducible.
  let seed = 0;
  const labelsAtStart = project.labelsSinceTrain;
  const live = slotColumns(project.scoreSlot);
  const idleSlot = project.scoreSlot === 1 ? 0 : 1;
  const idle = slotColumns(idleSlot);
  await progress(0.02, "loading the pool");
  const rows = await sql().all<PoolRow & { liveDecision: number | null }>(
    `SELECT i.id, i.text, i.score, i.status, i."finalY", i."auditStratum", i."auditRank", i."auditQ", i.${live.decision} AS "liveDecision",
       (SELECT max(l."inclusionProbability") FROM "Label" l
         WHERE l."itemId" = i.id AND l."deletedAt" IS NULL AND l.stream IN ('audit', 'random')) AS pi
     FROM "Item" i WHERE i."projectId" = ? ORDER BY i.id`,
    [projectId],
  );
  const hasScores = rows.some((r) => r.score !== null);
  const examples: TrainingExample[] = [];
  for (const r of rows) {
    if (r.finalY === null) continue;
    examples.push({
      text: r.text,
      score: r.score,
      y: r.finalY === 1 ? 1 : 0, // the stored class, never the label's current name
      inclusionProbability: r.pi,
    });
  }
  const positives = examples.filter((e) => e.y === 1).length;
  seed = hashString(`${project.modelVersion + 1}:${rows.length}:${examples.length}:${positives}`);
  const coldStart = positives === 0 || positives === examples.length;
  const rng = mulberry32(seed >>> 0);
  await progress(0.1, `fitting on ${examples.length} labels`);
  const model: DecisionModel = coldStart ? priorModel(hasScores) : fitDecisionModel(examples, defaultModelConfig(hasScores), rng);

  await progress(0.35, "rescoring the pool");
  const n = rows.length;
  const z = new Float64Array(n);
  const q = new Float64Array(n);
  const sigma = new Float64Array(n);
  const scorer = new ScorePool(scoreProcessesFromEnv());
  try {
    await scorer.setModel(model);
    for (let s = 0; s < n; s += SCORE_CHUNK) {
      const part = await scorer.score(rows.slice(s, s + SCORE_CHUNK).map((r) => ({ text: r.text, score: r.score })));
      z.set(part.z, s);
      q.set(part.q, s);
      sigma.set(part.sigma, s);
    }
  } finally {
    scorer.close();
  }

  await progress(0.55, "ranking");
  const open: number[] = [];
  for (let i = 0; i < n; i++) if (rows[i]!.status === "queued") open.push(i);
  const priority = new Float64Array(n).fill(-1e9);
  if (open.length) {
    // Without scores and before both labels were seen, the model knows nothing yet: random order (cold start).
    const strategy = (coldStart && !hasScores ? "random" : project.strategy) as StrategyName;
    const pick = (a: Float64Array) => Float64Array.from(open, (i) => a[i]!);
    const ranked = rankPool({
      model,
      items: open.map((i) => ({ text: rows[i]!.text, score: rows[i]!.score })),
      scored: { z: pick(z), q: pick(q), sigma: pick(sigma) },
      tau: project.threshold,
      strategy,
      batchSize: 20,
      selfValue: project.selfValue,
      rng,
    });
    open.forEach((i, k) => (priority[i] = ranked.priority[k]!));
  }

  await progress(0.7, "writing scores");
  let changed = 0;
  for (let s = 0; s < n; s += WRITE_BATCH) {
    const batch: Param[][] = [];
    for (let i = s; i < Math.min(n, s + WRITE_BATCH); i++) {
      const d = q[i]! >= project.threshold ? 1 : 0;
      if (rows[i]!.liveDecision !== d) changed++;
      // The z column is the calibrated logit (logit q), the scale the SQL strategies and the threshold use.
      const u = model.calibration.a * z[i]! + model.calibration.b;
      batch.push([rows[i]!.id, q[i]!, Number.isFinite(u) ? u : null, d, priority[i]!]);
    }
    await writeBatch(() =>
      sql().tx((t) =>
        bulkUpdate(t, sql().dialect, "Item", [
          { name: "id", type: "int" },
          { name: idle.q, type: "float" },
          { name: idle.z, type: "float" },
          { name: idle.decision, type: "int" },
          { name: idle.priority, type: "float" },
        ], batch),
      ),
    );
    await progress(0.7 + (0.2 * Math.min(n, s + WRITE_BATCH)) / n, "writing scores");
  }

  // An audit plan is frozen per pool: a new one only when the pool changed; a new model reuses its strata.
  let planId = project.auditPlanId;
  const current = planId ? await sql().get<{ poolSize: number }>(`SELECT "poolSize" FROM "AuditPlan" WHERE id = ?`, [planId]) : undefined;
  if (n > 0 && (!current || current.poolSize !== n)) {
    await progress(0.92, "planning the audit");
    const plan = planAudit({ q, tau: project.threshold, budget: Math.min(n, AUDIT_BUDGET), rng, id: randomUUID() });
    planId = plan.id;
    await writeAuditPlan(projectId, plan, rows, project.modelVersion + 1);
  }

  const version = project.modelVersion + 1;
  await sql().tx(async (t) => {
    await t.run(
      `INSERT INTO "ModelVersion" (id, "projectId", version, kind, name, params, metrics, "labelsUsed", "createdAt")
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
      [randomUUID(), projectId, version, coldStart ? "prior" : "trained", JSON.stringify(model), JSON.stringify({ ...model.metrics, coldStart, decisionsChanged: changed }), examples.length, sqlTime(new Date())],
    );
    await t.run(
      `UPDATE "Project" SET "scoreSlot" = ?, "modelVersion" = ?,
         "labelsSinceTrain" = CASE WHEN "labelsSinceTrain" > ? THEN "labelsSinceTrain" - ? ELSE 0 END, "auditPlanId" = ?,
         trained = ${coldStart ? "false" : "true"}, "poolVersion" = "poolVersion" + 1 WHERE id = ?`,
      [idleSlot, version, labelsAtStart, labelsAtStart, planId, projectId],
    );
  });
  await progress(0.97, "estimating errors");
  if (planId) await refreshEstimate(projectId);
  return { modelVersion: version, labelsUsed: examples.length, coldStart, items: n, decisionsChanged: changed, seconds: (Date.now() - t0) / 1000 };
}

async function writeAuditPlan(projectId: string, plan: AuditPlan, rows: PoolRow[], modelVersion: number): Promise<void> {
  await sql().run(
    `INSERT INTO "AuditPlan" (id, "projectId", tau, "poolSize", budget, "modelVersion", strata, served, "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    [plan.id, projectId, plan.tau, plan.poolSize, plan.budget, modelVersion, JSON.stringify(plan.strata), sqlTime(new Date())],
  );
  for (let s = 0; s < rows.length; s += WRITE_BATCH) {
    const batch: Param[][] = [];
    for (let i = s; i < Math.min(rows.length, s + WRITE_BATCH); i++) {
      const rank = plan.rank[i]!;
      batch.push([rows[i]!.id, plan.id, plan.assignments[i]!, rank >= 0 ? rank : null, plan.q[i]!]);
    }
    await writeBatch(() => sql().tx(async (t) => {
      await bulkUpdate(t, sql().dialect, "Item", [
        { name: "id", type: "int" },
        { name: '"auditPlanId"', type: "text" },
        { name: '"auditStratum"', type: "int" },
        { name: '"auditRank"', type: "int" },
        { name: '"auditQ"', type: "float" },
      ], batch);
      // Items leave the live plan's strata batch by batch, before the swap: cached aggregates must see it.
      await bumpPoolVersion(t, projectId);
    }));
  }
}

/**
 * Recomputes the audit estimate of the live decisions: the plan's labeled draws (a prefix of its order, up to the
 * draws served) with the stratified estimator, decisions from the live q.
 */
export async function refreshEstimate(projectId: string): Promise<void> {
  const project = await getProject(projectId);
  if (!project.auditPlanId) return;
  const planRow = await sql().get<{ id: string; tau: number; poolSize: number; budget: number; strata: string; served: number }>(
    `SELECT id, tau, "poolSize", budget, strata, served FROM "AuditPlan" WHERE id = ?`,
    [project.auditPlanId],
  );
  if (!planRow) return;
  const live = slotColumns(project.scoreSlot);
  const rows = await sql().all<{ auditStratum: number | null; auditRank: number | null; auditQ: number | null; q: number | null; finalY: number | null }>(
    `SELECT "auditStratum", "auditRank", "auditQ", ${live.q} AS q, "finalY" FROM "Item" WHERE "projectId" = ? AND "auditPlanId" = ? ORDER BY id`,
    [projectId, planRow.id],
  );
  if (rows.length !== planRow.poolSize) return; // the pool changed: the next retrain plans anew
  const strata = JSON.parse(planRow.strata) as AuditStratum[];
  const n = rows.length;
  const assignments = new Int32Array(n);
  const rank = new Int32Array(n).fill(-1);
  const planQ = new Float64Array(n);
  const liveQ = new Float64Array(n);
  const order = new Int32Array(planRow.budget);
  rows.forEach((r, i) => {
    assignments[i] = r.auditStratum ?? 0;
    planQ[i] = r.auditQ ?? 0;
    liveQ[i] = r.q ?? r.auditQ ?? 0;
    if (r.auditRank !== null) {
      rank[i] = r.auditRank;
      order[r.auditRank] = i;
    }
  });
  const plan: AuditPlan = { id: planRow.id, tau: planRow.tau, poolSize: n, budget: planRow.budget, floor: 2, objective: "errors", strata, assignments, order, rank, q: planQ };
  const labeled = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.auditRank === null || r.auditRank >= planRow.served || r.finalY === null) continue;
    labeled.push({ index: i, y: (r.finalY === 1 ? 1 : 0) as 0 | 1, q: liveQ[i]! });
  }
  const estimate = estimateAudit({ plan, tau: project.threshold, labeled, q: liveQ });
  const { cells: _cells, ...summary } = estimate;
  const at = new Date();
  await sql().run(`UPDATE "AuditPlan" SET estimate = ?, "estimatedAt" = ? WHERE id = ?`, [JSON.stringify(summary), sqlTime(at), planRow.id]);
  await recordVersionEstimate(projectId, project.modelVersion, summary, at);
}
