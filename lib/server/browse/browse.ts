import "server-only";
import { sql } from "../db/client";
import type { Param } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import { slotColumns } from "../queue/slots";
import { BROWSE_TEXT_CHARS, type BrowseItem, type BrowsePage, type BrowseQuery } from "@/lib/shared/browse";
import { decodeCursor, encodeCursor, filterFingerprint } from "./cursor";

interface Row {
  id: number;
  externalId: string;
  text: string;
  score: number | null;
  q: number | null;
  decision: number | null;
  priority: number;
  labelCount: number;
  finalLabel: string | null;
  disputed: number | boolean;
  lastLabelAt: string | Date | null;
  textChanged: number;
  sortKey: number | string | Date;
}

// Items without a live label sort as if labeled at this time (before every real one), items without q as q = −1
// and |q − τ| = 2: total orders with no NULLs, so the keyset comparison below never meets one.
const NO_TIME = "0001-01-01T00:00:00.000+00:00";

/** The sort expression over the live score slot. τ is a stored finite number, written as an exact literal. */
function sortExpr(project: Project, sort: BrowseQuery["sort"]): string {
  const c = slotColumns(project.scoreSlot);
  switch (sort) {
    case "priority":
      return `i.${c.priority}`;
    case "q":
      return `COALESCE(i.${c.q}, -1)`;
    case "distance":
      return `COALESCE(ABS(i.${c.q} - ${String(Number(project.threshold))}), 2)`;
    case "lastLabel":
      return `COALESCE(i."lastLabelAt", '${NO_TIME}')`;
  }
}

/** Filter conditions (AND) and their parameters; `search` uses the dialect's trigram index. */
function conditions(project: Project, f: BrowseQuery, dialect: "sqlite" | "postgresql"): { where: string[]; params: Param[] } {
  const c = slotColumns(project.scoreSlot);
  const where = [`i."projectId" = ?`];
  const params: Param[] = [project.id];
  const add = (cond: string, ...p: Param[]) => {
    where.push(cond);
    params.push(...p);
  };
  if (f.search !== undefined) {
    if (dialect === "sqlite") {
      // A double-quoted FTS5 phrase: with the trigram tokenizer it matches the text as a substring, any case.
      add(`i.id IN (SELECT rowid FROM "ItemFts" WHERE "ItemFts" MATCH ?)`, `"${f.search.replace(/"/g, '""')}"`);
    } else {
      add(`i.text ILIKE ? ESCAPE '\\'`, `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
  }
  if (f.qMin !== undefined) add(`i.${c.q} >= ?`, f.qMin);
  if (f.qMax !== undefined) add(`i.${c.q} <= ?`, f.qMax);
  if (f.scoreMin !== undefined) add(`i.score >= ?`, f.scoreMin);
  if (f.scoreMax !== undefined) add(`i.score <= ?`, f.scoreMax);
  if (f.decision !== undefined) add(`i.${c.decision} = ?`, f.decision === "positive" ? 1 : 0);
  if (f.nearTau !== undefined) add(`ABS(i.${c.q} - ?) < ?`, project.threshold, f.nearTau);
  switch (f.state) {
    case "unlabeled":
      add(`i."lastLabelAt" IS NULL`);
      break;
    case "labeled":
      add(`i."labelCount" > 0`);
      break;
    case "skipped":
      add(`i."labelCount" = 0 AND i."lastLabelAt" IS NOT NULL`);
      break;
    case "disputed":
      add(`i.disputed = true`);
      break;
  }
  if (f.stream !== undefined || f.labeler !== undefined || f.modelVersion !== undefined) {
    const label = [`l."itemId" = i.id`, `l."deletedAt" IS NULL`];
    const lp: Param[] = [];
    if (f.stream !== undefined) {
      label.push(`l.stream = ?`);
      lp.push(f.stream);
    }
    if (f.labeler !== undefined) {
      // Emails are stored lower-cased (lib/server/members.ts looks them up the same way).
      label.push(`l."userId" IN (SELECT u.id FROM "User" u WHERE u.id = ? OR u.email = ?)`);
      lp.push(f.labeler, f.labeler.toLowerCase());
    }
    if (f.modelVersion !== undefined) {
      label.push(`l."modelVersion" = ?`);
      lp.push(f.modelVersion);
    }
    add(`EXISTS (SELECT 1 FROM "Label" l WHERE ${label.join(" AND ")})`, ...lp);
  }
  return { where, params };
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/**
 * One page of a project's items matching `f`, in `f.sort`/`f.order` with the id as tie-breaker (same direction).
 * Keyset pagination: a page starts strictly after the cursor's (sort value, id), so deep pages cost what page 1
 * costs and rows inserted meanwhile never shift, repeat or hide rows that already matched.
 * @throws ValidationError for a cursor that is malformed or from another query.
 */
export async function browseItems(project: Project, f: BrowseQuery): Promise<BrowsePage> {
  const db = sql();
  const fp = filterFingerprint(f, project.threshold);
  const { where, params } = conditions(project, f, db.dialect);
  const expr = sortExpr(project, f.sort);
  const dir = f.order === "asc" ? "ASC" : "DESC";
  if (f.cursor !== undefined) {
    const cur = decodeCursor(f.cursor, f, fp);
    const cast = db.dialect === "postgresql" ? (f.sort === "lastLabel" ? "TIMESTAMP(3)" : "DOUBLE PRECISION") : null;
    const key = cast ? `CAST(? AS ${cast})` : "?";
    where.push(`(${expr}, i.id) ${dir === "ASC" ? ">" : "<"} (${key}, ?)`);
    params.push(cur.k, cur.id);
  }
  const c = slotColumns(project.scoreSlot);
  const rows = await db.all<Row>(
    `SELECT i.id, i."externalId", substr(i.text, 1, ${BROWSE_TEXT_CHARS}) AS text, i.score, i.${c.q} AS q, i.${c.decision} AS decision,
       i.${c.priority} AS priority, i."labelCount", i."finalLabel", i.disputed, i."lastLabelAt",
       CASE WHEN i."textChangedAt" IS NOT NULL THEN 1 ELSE 0 END AS "textChanged", ${expr} AS "sortKey"
     FROM "Item" i WHERE ${where.join(" AND ")} ORDER BY ${expr} ${dir}, i.id ${dir} LIMIT ?`,
    [...params, f.limit + 1],
  );
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  const last = page[page.length - 1];
  const items: BrowseItem[] = page.map((r) => ({
    id: Number(r.id),
    externalId: r.externalId,
    text: r.text,
    score: r.score,
    q: r.q,
    decision: r.decision === null ? null : Number(r.decision) === 1 ? project.positiveLabel : project.negativeLabel,
    priority: r.priority,
    labelCount: Number(r.labelCount),
    finalLabel: r.finalLabel,
    disputed: Boolean(r.disputed),
    lastLabelAt: iso(r.lastLabelAt),
    textChanged: Number(r.textChanged) === 1,
  }));
  const key = (v: Row["sortKey"]) => (v instanceof Date ? v.toISOString() : typeof v === "string" ? v : Number(v));
  return {
    items,
    nextCursor: more && last ? encodeCursor({ s: f.sort, o: f.order, f: fp, k: key(last.sortKey), id: Number(last.id) }) : null,
  };
}
