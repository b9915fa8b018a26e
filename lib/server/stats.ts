import "server-only";
import { sql } from "./db/client";
import { sqlTime } from "./db/sql";
import type { Project } from "./db/generated/sqlite/client";
import type { StatsView } from "@/lib/shared/types";
import { slotColumns } from "./queue/slots";
import { isColdStart } from "./queue/lease";
import { liveModel } from "./model-status";
import { labelName } from "./labels";
import { withPoolCache } from "./pool-version";
import { activeEstimate } from "./active-estimates";
import { wilsonInterval, type AuditEstimate } from "@/lib/sampling/audit";

const BINS = 20;

/** The equal-width bin of a probability column, as SQL both SQLite and PostgreSQL evaluate alike. */
const bin = (col: string, bins: number) => `CASE WHEN ${col} >= 1 THEN ${bins - 1} ELSE CAST(floor(${col} * ${bins}) AS INTEGER) END`;

type AuditEstimateJson = Pick<AuditEstimate, "errorRate" | "falsePositives" | "falseNegatives" | "cost" | "labeled" | "imputedShare">;


/**
 * Project statistics from database aggregates, no rows loaded. The one aggregate over the whole pool — items,
 * decisions and the q histogram, in one pass — depends only on the pool and is cached per pool version
 * (lib/server/pool-version.ts); everything that labels change (done items, calibration, streams, labelers) is read
 * live from indexes or the labels.
 */
export async function projectStats(project: Project, userId: string, now = new Date()): Promise<StatsView> {
  const s = sql();
  const c = slotColumns(project.scoreSlot);
  const hourAgo = sqlTime(new Date(now.getTime() - 3_600_000));
  // bin is NULL for items without q: they count as items (and undecided) but stay out of the histogram.
  const bins = await withPoolCache(project, "stats-bins", () =>
    s.all<{ bin: number | null; n: number; pos: number; neg: number }>(
      `SELECT ${bin(c.q, BINS)} AS bin, count(*) AS n,
         coalesce(sum(CASE WHEN ${c.decision} = 1 THEN 1 ELSE 0 END), 0) AS pos,
         coalesce(sum(CASE WHEN ${c.decision} = 0 THEN 1 ELSE 0 END), 0) AS neg
       FROM "Item" WHERE "projectId" = ? GROUP BY bin`,
      [project.id],
    ),
  );
  const counts = { items: 0, pos: 0, neg: 0, done: 0 };
  for (const b of bins) {
    counts.items += Number(b.n);
    counts.pos += Number(b.pos);
    counts.neg += Number(b.neg);
  }
  // Served by the (projectId, status, priority) index: reads the done items' index entries only.
  const done = await s.get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ? AND status = 'done'`, [project.id]);
  counts.done = Number(done?.n ?? 0);
  const streams = await s.all<{ stream: string; n: number }>(
    `SELECT stream, count(*) AS n FROM "Label" WHERE "projectId" = ? AND "deletedAt" IS NULL GROUP BY stream`,
    [project.id],
  );
  // Grouped by class y and named with the current label names: a rename relabels nothing.
  const values = await s.all<{ y: number | null; n: number }>(
    `SELECT y, count(*) AS n FROM "Label" WHERE "projectId" = ? AND "deletedAt" IS NULL GROUP BY y`,
    [project.id],
  );
  const labelers = await s.all<{ userId: string; email: string; labels: number; lastHour: number }>(
    `SELECT l."userId", u.email, count(*) AS labels,
       coalesce(sum(CASE WHEN l."createdAt" >= ? THEN 1 ELSE 0 END), 0) AS "lastHour"
     FROM "Label" l JOIN "User" u ON u.id = l."userId"
     WHERE l."projectId" = ? AND l."deletedAt" IS NULL GROUP BY l."userId", u.email ORDER BY labels DESC`,
    [hourAgo, project.id],
  );
  const histogram = Array.from({ length: BINS }, (_, i) => ({ lo: i / BINS, hi: (i + 1) / BINS, count: 0, positiveDecisions: 0 }));
  for (const b of bins) {
    const h = b.bin === null ? undefined : histogram[Number(b.bin)];
    if (h) {
      h.count = Number(b.n);
      h.positiveDecisions = Number(b.pos);
    }
  }
  const items = counts.items;
  const me = await myProgress(project.id, userId, now);
  const skipped = values.find((v) => v.y === null)?.n ?? 0;
  const calib = await s.all<{ bin: number; n: number; meanQ: number; pos: number }>(
    `SELECT ${bin(c.q, 10)} AS bin, count(*) AS n, avg(${c.q}) AS "meanQ",
       sum(CASE WHEN i."finalY" = 1 THEN 1 ELSE 0 END) AS pos
     FROM (SELECT DISTINCT "itemId" FROM "Label" WHERE "projectId" = ? AND "deletedAt" IS NULL) l CROSS JOIN "Item" i
     WHERE i.id = l."itemId" AND i."projectId" = ? AND i."finalY" IS NOT NULL AND i.${c.q} IS NOT NULL
     GROUP BY bin ORDER BY bin`,
    // Only items with a live label have a final class (labels.ts settleItem): reaching them from the labels'
    // (projectId, createdAt) index avoids scanning the pool (CROSS JOIN keeps SQLite from starting at the items).
    [project.id, project.id],
  );
  const plan = project.auditPlanId
    ? await s.get<{ estimate: string | null; estimatedAt: string | null }>(`SELECT estimate, "estimatedAt" FROM "AuditPlan" WHERE id = ?`, [project.auditPlanId])
    : undefined;
  const est = plan?.estimate ? (JSON.parse(plan.estimate) as AuditEstimateJson) : null;
  const active = await activeEstimate(project);
  return {
    coldStart: isColdStart(project),
    model: await liveModel(project.id, project.modelVersion),
    estimates: active
      ? {
          errorRate: active.errorRate,
          falsePositives: active.falsePositives,
          falseNegatives: active.falseNegatives,
          cost: active.cost,
          auditLabels: active.randomLabels,
          imputedShare: 0,
          estimatedAt: now.toISOString(),
          source: "active" as const,
          labels: active.labels,
          effectiveSampleSize: active.effectiveSampleSize,
          modelBound: active.falsePositives.modelBound || active.falseNegatives.modelBound,
          skipShare: active.skipShare,
        }
      : est
      ? {
          source: "audit" as const,
          errorRate: est.errorRate,
          falsePositives: est.falsePositives,
          falseNegatives: est.falseNegatives,
          cost: est.cost,
          auditLabels: est.labeled,
          imputedShare: est.imputedShare,
          estimatedAt: plan?.estimatedAt ? new Date(plan.estimatedAt).toISOString() : null,
        }
      : null,
    calibration: calib.map((b) => {
      const w = wilsonInterval(b.pos, b.n, 1.959964);
      return { lo: b.bin / 10, hi: (b.bin + 1) / 10, meanQ: b.meanQ, labeled: b.n, positiveRate: b.pos / b.n, low: w.low, high: w.high };
    }),
    activeEstimates: active,
    items,
    labeled: counts.done,
    queued: items - counts.done,
    skipped,
    byStream: Object.fromEntries(streams.map((r) => [r.stream, r.n])),
    byValue: Object.fromEntries(values.map((r) => [labelName(project, r.y), r.n])),
    decisions: { positive: counts.pos, negative: counts.neg, undecided: items - counts.pos - counts.neg },
    histogram,
    labelers,
    me,
  };
}

/**
 * What the labeling page polls: pool progress and the caller's own pace. Two aggregates, not the researchers'
 * full set (histogram, calibration, labelers, estimates); the item count is cached per pool version.
 */
export async function labelerStats(project: Project, userId: string, now = new Date()): Promise<Pick<StatsView, "items" | "labeled" | "queued" | "me">> {
  const s = sql();
  const all = await withPoolCache(project, "items", () => s.get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ?`, [project.id]));
  const done = await s.get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ? AND status = 'done'`, [project.id]);
  const items = Number(all?.n ?? 0);
  const labeled = Number(done?.n ?? 0);
  return { items, labeled, queued: items - labeled, me: await myProgress(project.id, userId, now) };
}

async function myProgress(projectId: string, userId: string, now: Date): Promise<StatsView["me"]> {
  const hourAgo = sqlTime(new Date(now.getTime() - 3_600_000));
  const mine = await sql().get<{ n: number; first: string | null; lastHour: number }>(
    `SELECT count(*) AS n, min("createdAt") AS first,
       coalesce(sum(CASE WHEN "createdAt" >= ? THEN 1 ELSE 0 END), 0) AS "lastHour"
     FROM "Label" WHERE "projectId" = ? AND "userId" = ? AND "deletedAt" IS NULL`,
    [hourAgo, projectId, userId],
  );
  // Labels per hour over the caller's active span in the last hour (at least 1 minute, so it never explodes).
  let perHour: number | null = null;
  if (mine && mine.lastHour > 0) {
    const first = mine.first ? new Date(mine.first).getTime() : now.getTime();
    const spanMs = Math.min(3_600_000, Math.max(60_000, now.getTime() - Math.max(first, now.getTime() - 3_600_000)));
    perHour = Math.round((mine.lastHour * 3_600_000) / spanMs);
  }
  return { labels: mine?.n ?? 0, lastHour: mine?.lastHour ?? 0, perHour };
}
