import "server-only";
import { sql } from "./db/client";
import { sqlTime } from "./db/sql";
import type { Project } from "./db/generated/sqlite/client";
import { cohenKappa, krippendorffAlphaNominal } from "@/lib/sampling/agreement";
import type { LabelersView } from "@/lib/shared/types";

/**
 * The labelers of a project — labels, skips, labels in the last hour and the hourly rate over their active span in
 * it (at least one minute) — and their agreement on items with two or more labels (skips left out): Cohen's κ for
 * every pair who labeled the same items, Krippendorff's α (nominal) over all of them. Three aggregates, no label rows.
 */
export async function labelersView(project: Project, now = new Date()): Promise<LabelersView> {
  const s = sql();
  const hourAgo = sqlTime(new Date(now.getTime() - 3_600_000));
  const people = await s.all<{ userId: string; email: string; labels: number; skips: number; lastHour: number; firstInHour: string | Date | null }>(
    `SELECT l."userId", u.email, count(*) AS labels, coalesce(sum(CASE WHEN l.y IS NULL THEN 1 ELSE 0 END), 0) AS skips,
       coalesce(sum(CASE WHEN l."createdAt" >= ? THEN 1 ELSE 0 END), 0) AS "lastHour",
       min(CASE WHEN l."createdAt" >= ? THEN l."createdAt" END) AS "firstInHour"
     FROM "Label" l JOIN "User" u ON u.id = l."userId"
     WHERE l."projectId" = ? AND l."deletedAt" IS NULL GROUP BY l."userId", u.email ORDER BY labels DESC`,
    [hourAgo, hourAgo, project.id],
  );
  const pairs = await s.all<{ ua: string; ub: string; n: number; pp: number; pn: number; np: number; nn: number }>(
    `SELECT a."userId" AS ua, b."userId" AS ub, count(*) AS n,
       sum(CASE WHEN a.y = 1 AND b.y = 1 THEN 1 ELSE 0 END) AS pp, sum(CASE WHEN a.y = 1 AND b.y = 0 THEN 1 ELSE 0 END) AS pn,
       sum(CASE WHEN a.y = 0 AND b.y = 1 THEN 1 ELSE 0 END) AS np, sum(CASE WHEN a.y = 0 AND b.y = 0 THEN 1 ELSE 0 END) AS nn
     FROM "Label" a JOIN "Label" b ON b."itemId" = a."itemId" AND a."userId" < b."userId"
     WHERE a."projectId" = ? AND a."deletedAt" IS NULL AND b."deletedAt" IS NULL AND a.y IS NOT NULL AND b.y IS NOT NULL
     GROUP BY a."userId", b."userId"`,
    [project.id],
  );
  // Items with ≥ 2 labels, grouped by their (positive, negative) counts: α needs only those counts.
  const units = await s.all<{ pos: number; neg: number; times: number }>(
    `SELECT pos, neg, count(*) AS times FROM (
       SELECT sum(CASE WHEN y = 1 THEN 1 ELSE 0 END) AS pos, sum(CASE WHEN y = 0 THEN 1 ELSE 0 END) AS neg
       FROM "Label" WHERE "projectId" = ? AND "deletedAt" IS NULL AND y IS NOT NULL GROUP BY "itemId" HAVING count(*) >= 2
     ) t GROUP BY pos, neg`,
    [project.id],
  );
  const email = new Map(people.map((p) => [p.userId, p.email]));
  return {
    labelers: people.map((p) => {
      const lastHour = Number(p.lastHour);
      let perHour: number | null = null;
      if (lastHour > 0 && p.firstInHour !== null) {
        const span = Math.min(3_600_000, Math.max(60_000, now.getTime() - new Date(p.firstInHour).getTime()));
        perHour = Math.round((lastHour * 3_600_000) / span);
      }
      return { userId: p.userId, email: p.email, labels: Number(p.labels), skips: Number(p.skips), lastHour, perHour };
    }),
    pairs: pairs.map((r) => ({
      a: email.get(r.ua) ?? r.ua,
      b: email.get(r.ub) ?? r.ub,
      items: Number(r.n),
      agreement: (Number(r.pp) + Number(r.nn)) / Number(r.n),
      kappa: cohenKappa([[Number(r.pp), Number(r.pn)], [Number(r.np), Number(r.nn)]]),
    })),
    alpha: {
      value: krippendorffAlphaNominal(units.map((u) => [Number(u.pos), Number(u.neg)]), units.map((u) => Number(u.times))),
      items: units.reduce((s, u) => s + Number(u.times), 0),
    },
  };
}
