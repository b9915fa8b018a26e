import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "./db/client";
import { sqlTime, type SqlExec } from "./db/sql";
import type { Project } from "./db/generated/sqlite/client";
import { clip, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./errors";
import type { LabelView, LeasedItem } from "@/lib/shared/types";
import { slotColumns } from "./queue/slots";
import { enqueueJob } from "./jobs/queue";
import { wasServed } from "./queue/served";

/** How many of one's own most recent labels can be undone. */
export const UNDO_DEPTH = 10;

interface LabelRow {
  id: string;
  itemId: number;
  userId: string;
  value: string;
  y: number | null;
  stream: string;
  createdAt: string;
  deletedAt: string | null;
}

interface ItemState {
  id: number;
  externalId: string;
  score: number | null;
  q: number | null;
  leasedBy: string | null;
  leaseStream: string | null;
  auditPlanId: string | null;
  auditStratum: number | null;
  textVersion: number;
  roundNo: number | null;
  roundPi: number | null;
  roundQ: number | null;
}

/** Pool sizes for cold-start inclusion probabilities, recounted at most once a minute (a count scans the pool). */
const poolSizes = new Map<string, { n: number; at: number }>();
async function poolSize(t: SqlExec, projectId: string): Promise<number> {
  const hit = poolSizes.get(projectId);
  if (hit && Date.now() - hit.at < 60_000) return hit.n;
  const row = await t.get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ?`, [projectId]);
  poolSizes.set(projectId, { n: row?.n ?? 0, at: Date.now() });
  return row?.n ?? 0;
}

/** Inclusion probability π_h of each stratum of an audit plan (plans are frozen, so this never goes stale). */
const planStrata = new Map<string, number[]>();
async function inclusionProbability(t: SqlExec, planId: string, stratum: number): Promise<number | null> {
  let pis = planStrata.get(planId);
  if (!pis) {
    const row = await t.get<{ strata: string }>(`SELECT strata FROM "AuditPlan" WHERE id = ?`, [planId]);
    if (!row) return null;
    pis = (JSON.parse(row.strata) as { inclusionProbability: number }[]).map((s) => s.inclusionProbability);
    planStrata.set(planId, pis);
  }
  return pis[stratum] ?? null;
}

/**
 * Maps a label name onto its class y: 1 positive, 0 negative, null for skip; anything else is a 400 naming the
 * choices. Names are looked up only here, on the way in: stored labels carry y, so renaming a label changes no
 * label's meaning.
 */
export function labelToY(project: Pick<Project, "positiveLabel" | "negativeLabel">, value: string): 0 | 1 | null {
  if (value === project.positiveLabel) return 1;
  if (value === project.negativeLabel) return 0;
  if (value === "skip") return null;
  throw new ValidationError(
    `value must be "${project.positiveLabel}", "${project.negativeLabel}" or "skip", got ${JSON.stringify(clip(value))}`,
    { field: "value" },
  );
}

/** The project's current name for class y (1 positive, 0 negative, null "skip"): names are for display only. */
export function labelName(project: Pick<Project, "positiveLabel" | "negativeLabel">, y: number | null): string {
  return y === null ? "skip" : y === 1 ? project.positiveLabel : project.negativeLabel;
}

/**
 * Who may label an item: `served` (the default) accepts a label only for an item served to its author (leased
 * to them now, or recorded in "Serve" by leaseItems), else 403. `adjudication` is the hook for a researcher's
 * deciding label on an item they were not served; `import` stores the labels of another tool's file (Label Studio,
 * Prodigy) as the importing researcher's. Both bypass the served check, so their callers must check the
 * researcher role first.
 */
export type LabelAuthority = "served" | "adjudication" | "import";

/**
 * Stores a label. Idempotent on `requestId`: a retry returns the label stored the first time. A label for an
 * item whose lease expired is still kept (valid work is never lost) when the item was served to its author;
 * an item never served to the author is a 403. The item's final class is the majority of its labels' y and
 * disagreement marks it disputed.
 */
export async function createLabel(
  project: Project,
  userId: string,
  input: { itemId: number; value: string; requestId: string },
  now = new Date(),
  authority: LabelAuthority = "served",
): Promise<LabelView> {
  const y = labelToY(project, input.value);
  // Two retries racing past the requestId check collide on its unique index; the loser re-reads the winner's label.
  for (let attempt = 0; ; attempt++) {
    try {
      return await storeLabel(project, userId, input, y, now, authority);
    } catch (e) {
      if (attempt > 0 || !isUniqueViolation(e)) throw e;
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

async function storeLabel(
  project: Project,
  userId: string,
  input: { itemId: number; value: string; requestId: string },
  y: 0 | 1 | null,
  now: Date,
  authority: LabelAuthority,
): Promise<LabelView> {
  return sql().tx(async (t) => {
    // Locking the item first (PostgreSQL) queues concurrent labels of one item, so a retry racing its original
    // sees the original's label below instead of passing the checks alongside it.
    const item = await t.get<ItemState>(
      `SELECT id, "externalId", score, ${slotColumns(project.scoreSlot).q} AS q, "leasedBy", "leaseStream", "auditPlanId", "auditStratum", "textVersion",
         "roundNo", "roundPi", "roundQ"
       FROM "Item" WHERE id = ? AND "projectId" = ?${sql().dialect === "postgresql" ? " FOR UPDATE" : ""}`,
      [input.itemId, project.id],
    );
    const prior = await t.get<LabelRow & { externalId: string }>(
      `SELECT l.*, i."externalId" FROM "Label" l JOIN "Item" i ON i.id = l."itemId" WHERE l."projectId" = ? AND l."requestId" = ?`,
      [project.id, input.requestId],
    );
    if (prior) {
      // Compared by class: a retry sent before a label rename still names the same class.
      if (prior.userId !== userId || prior.itemId !== input.itemId || prior.y !== y)
        throw new ConflictError(`requestId ${input.requestId} was already used for a different label.`);
      return view(prior, prior.externalId, true);
    }
    if (!item) throw new NotFoundError(`Item ${input.itemId}`);
    if (authority === "served" && item.leasedBy !== userId && !(await wasServed(t, item.id, userId)))
      throw new ForbiddenError(`Item ${item.externalId} was not served to you: label only the items /next gives you.`);
    const mine = await t.get<Pick<LabelRow, "id" | "itemId" | "value" | "y" | "stream" | "createdAt">>(
      `SELECT id, "itemId", value, y, stream, "createdAt" FROM "Label" WHERE "itemId" = ? AND "userId" = ? AND "deletedAt" IS NULL`,
      [item.id, userId],
    );
    // The same answer from another tab (or session) of this labeler is already stored: done, not an error to retry.
    // Compared by class y: the same answer given before a label rename is still the same answer.
    if (mine && mine.y === y) return view(mine, item.externalId, true);
    if (mine) throw new ConflictError(`You already labeled item ${item.externalId}; undo that label to change it.`, { labelId: mine.id });
    // The stream is the one the caller was served the item by; a label without a live lease counts as active.
    // Read inside the transaction: the counter and the model version must be current, not the request's copy.
    const p = (await t.get<{ modelVersion: number; hasScores: number; trained: number; labelsSinceTrain: number; guidelinesVersion: number }>(
      `SELECT "modelVersion", "hasScores", trained, "labelsSinceTrain", "guidelinesVersion" FROM "Project" WHERE id = ?`,
      [project.id],
    ))!;
    let stream = item.leasedBy === userId && item.leaseStream ? item.leaseStream : "active";
    let pi: number | null = null;
    let planId: string | null = null;
    let stratum: number | null = null;
    if (item.roundNo !== null && item.roundPi !== null) {
      // Planned by a queue round (queue/rounds.ts): the round's π is the probability it was drawn with, whoever
      // labels it and whenever; π = 1 marks a certainty unit (the strategy's pick), π < 1 a randomized draw.
      pi = item.roundPi;
      stream = pi >= 1 ? "active" : "audit";
    } else if (stream === "audit" && item.auditPlanId && item.auditStratum !== null) {
      planId = item.auditPlanId;
      stratum = item.auditStratum;
      pi = await inclusionProbability(t, planId, stratum);
    } else if (stream === "random") {
      const n = await poolSize(t, project.id);
      pi = n > 0 ? 1 / n : null; // one uniform draw from the pool
    }
    const id = randomUUID();
    const createdAt = sqlTime(now);
    await t.run(
      `INSERT INTO "Label" (id, "projectId", "itemId", "userId", value, y, "requestId", stream, strategy,
         "inclusionProbability", "auditPlanId", "auditStratum", "modelVersion", "scoreAtLabel", "qAtLabel", "createdAt", "textVersion", "guidelinesVersion",
         round, "roundQ")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      // The guidelines version is the server's current one at storing time (the labeler's panel shows the same).
      [id, project.id, item.id, userId, input.value, y, input.requestId, stream, stream === "active" || item.roundNo !== null ? project.strategy : null, pi, planId, stratum,
        p.modelVersion, item.score, item.q, createdAt, item.textVersion, p.guidelinesVersion, item.roundNo, item.roundQ],
    );
    await settleItem(t, project, item.id, userId, now);
    if (y !== null) await countTowardRetrain(t, project, p, y);
    return view({ id, itemId: item.id, value: input.value, stream, createdAt }, item.externalId, false);
  });
}

/**
 * Every `retrainEvery` labels queue a retrain; in cold start, so does the first label of the second class (the
 * model can then learn, and the queue switches from random draws to the strategy).
 */
async function countTowardRetrain(
  t: SqlExec,
  project: Project,
  p: { hasScores: number; trained: number; labelsSinceTrain: number },
  y: 0 | 1,
): Promise<void> {
  await t.run(`UPDATE "Project" SET "labelsSinceTrain" = "labelsSinceTrain" + 1 WHERE id = ?`, [project.id]);
  let due = p.labelsSinceTrain + 1 >= project.retrainEvery;
  if (!due && !p.hasScores && !p.trained) {
    const other = await t.get(`SELECT 1 AS x FROM "Label" WHERE "projectId" = ? AND y = ? AND "deletedAt" IS NULL LIMIT 1`, [project.id, 1 - y]);
    due = !!other;
  }
  if (due) await enqueueJob(project.id, "retrain", { reason: "labels" }, t);
}

/**
 * Recomputes an item's label count, final class, dispute flag and status from its live labels and its live
 * adjudication: an adjudication's class wins over the labels' majority and settles the item (status done).
 */
export async function settleItem(t: SqlExec, project: Project, itemId: number, userId: string, now: Date): Promise<void> {
  const c = await t.get<{ pos: number; neg: number }>(
    `SELECT coalesce(sum(CASE WHEN y = 1 THEN 1 ELSE 0 END), 0) AS pos, coalesce(sum(CASE WHEN y = 0 THEN 1 ELSE 0 END), 0) AS neg
     FROM "Label" WHERE "itemId" = ? AND "deletedAt" IS NULL`,
    [itemId],
  );
  const pos = c?.pos ?? 0;
  const neg = c?.neg ?? 0;
  const n = pos + neg;
  const adjudicated = await t.get<{ y: number }>(`SELECT y FROM "Adjudication" WHERE "itemId" = ? AND "undoneAt" IS NULL`, [itemId]);
  const majority = n === 0 || pos === neg ? null : pos > neg ? 1 : 0;
  const finalY = adjudicated ? (Number(adjudicated.y) === 1 ? 1 : 0) : majority;
  const final = finalY === null ? null : finalY === 1 ? project.positiveLabel : project.negativeLabel;
  const done = n >= project.labelsPerItem || !!adjudicated;
  await t.run(
    `UPDATE "Item" SET "labelCount" = ?, "finalY" = ?, "finalLabel" = ?, disputed = ${pos > 0 && neg > 0 ? "true" : "false"}, status = ?, "updatedAt" = ?,
       "lastLabelAt" = (SELECT max(l."createdAt") FROM "Label" l WHERE l."itemId" = "Item".id AND l."deletedAt" IS NULL),
       "leasedBy" = CASE WHEN ? = 1 OR "leasedBy" = ? THEN NULL ELSE "leasedBy" END,
       "leaseExpiresAt" = CASE WHEN ? = 1 OR "leasedBy" = ? THEN NULL ELSE "leaseExpiresAt" END
     WHERE id = ?`,
    [n, finalY, final, done ? "done" : "queued", sqlTime(now), done ? 1 : 0, userId, done ? 1 : 0, userId, itemId],
  );
}

/**
 * Undoes one of the caller's own `UNDO_DEPTH` most recent labels. The label is kept, marked deleted (exports
 * leave it out), and the item is leased back to the caller so it can be labeled again.
 */
export async function undoLabel(project: Project, userId: string, labelId: string, now = new Date()): Promise<LeasedItem> {
  return sql().tx(async (t) => {
    const label = await t.get<LabelRow>(`SELECT * FROM "Label" WHERE id = ? AND "projectId" = ?`, [labelId, project.id]);
    if (!label) throw new NotFoundError("Label");
    if (label.userId !== userId) throw new ForbiddenError("You can only undo your own labels.");
    if (label.deletedAt) throw new ConflictError("This label was already undone.");
    const recent = await t.all<{ id: string }>(
      `SELECT id FROM "Label" WHERE "projectId" = ? AND "userId" = ? AND "deletedAt" IS NULL ORDER BY "createdAt" DESC, id DESC LIMIT ?`,
      [project.id, userId, UNDO_DEPTH],
    );
    if (!recent.some((r) => r.id === labelId))
      throw new ConflictError(`Only your ${UNDO_DEPTH} most recent labels can be undone.`);
    await t.run(`UPDATE "Label" SET "deletedAt" = ? WHERE id = ?`, [sqlTime(now), labelId]);
    await settleItem(t, project, label.itemId, userId, now);
    const until = new Date(now.getTime() + project.leaseSeconds * 1000);
    // No session: whichever tab of the caller undid it claims it with its next heartbeat.
    await t.run(`UPDATE "Item" SET "leasedBy" = ?, "leaseExpiresAt" = ?, "leaseSession" = NULL WHERE id = ? AND status = 'queued'`, [
      userId,
      sqlTime(until),
      label.itemId,
    ]);
    const item = await t.get<{ id: number; externalId: string; text: string; meta: string | null }>(
      `SELECT id, "externalId", text, meta FROM "Item" WHERE id = ?`,
      [label.itemId],
    );
    return {
      itemId: item!.id,
      id: item!.externalId,
      text: item!.text,
      meta: item!.meta ? (JSON.parse(item!.meta) as Record<string, unknown>) : null,
      stream: "active",
      leaseExpiresAt: until.toISOString(),
    };
  });
}

function view(l: Pick<LabelRow, "id" | "itemId" | "value" | "stream" | "createdAt">, externalId: string, duplicate: boolean): LabelView {
  return {
    labelId: l.id,
    itemId: l.itemId,
    id: externalId,
    value: l.value,
    stream: l.stream,
    createdAt: new Date(l.createdAt).toISOString(),
    duplicate,
  };
}
