import "server-only";
import { sql } from "../db/client";
import type { Param } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import { slotColumns } from "../queue/slots";
import { labelName } from "../labels";
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
  finalY: number | null;
  disputed: number | boolean;
  lastLabelAt: string | Date | null;
  textChanged: number;
  sortKey: number | string | Date | null;
}

/**
 * The sort key over the live score slot. `nullable` keys (q, last label time) sort their NULLs below every value:
 * first in ascending order, last in descending. They are paged as two segments (NULLs by id, then values, or the
 * reverse) so that each segment is one range scan of a plain index. `|q − τ|` has no index (τ varies); items
 * without q sort as distance 2. τ is a stored finite number, written as an exact literal.
 */
function sortKey(project: Project, sort: BrowseQuery["sort"]): { expr: string; nullable: boolean; pgType: string } {
  const c = slotColumns(project.scoreSlot);
  switch (sort) {
    case "priority":
      return { expr: `i.${c.priority}`, nullable: false, pgType: "DOUBLE PRECISION" };
    case "q":
      return { expr: `i.${c.q}`, nullable: true, pgType: "DOUBLE PRECISION" };
    case "distance":
      return { expr: `COALESCE(ABS(i.${c.q} - ${String(Number(project.threshold))}), 2)`, nullable: false, pgType: "DOUBLE PRECISION" };
    case "lastLabel":
      return { expr: `i."lastLabelAt"`, nullable: true, pgType: "TIMESTAMP(3)" };
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
  if (f.nearTau !== undefined) {
    // The range (widened past any rounding) lets the q index find the band; ABS decides exactly.
    add(`i.${c.q} > ? AND i.${c.q} < ? AND ABS(i.${c.q} - ?) < ?`, project.threshold - f.nearTau - 1e-9, project.threshold + f.nearTau + 1e-9, project.threshold, f.nearTau);
  }
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
    case "adjudicated":
      add(`EXISTS (SELECT 1 FROM "Adjudication" a WHERE a."itemId" = i.id AND a."undoneAt" IS NULL)`);
      break;
  }
  if (f.stream !== undefined || f.labeler !== undefined || f.modelVersion !== undefined) {
    // Driven from the labels (few next to the pool): the matching item ids are collected first, then sorted.
    const label = [`l."projectId" = ?`, `l."deletedAt" IS NULL`];
    const lp: Param[] = [project.id];
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
    add(`i.id IN (SELECT l."itemId" FROM "Label" l WHERE ${label.join(" AND ")})`, ...lp);
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
  const key = sortKey(project, f.sort);
  const asc = f.order === "asc";
  const dir = asc ? "ASC" : "DESC";
  const cur = f.cursor !== undefined ? decodeCursor(f.cursor, f, fp) : null;
  const param = db.dialect === "postgresql" ? `CAST(? AS ${key.pgType})` : "?";
  const c = slotColumns(project.scoreSlot);
  const select = `SELECT i.id, i."externalId", substr(i.text, 1, ${BROWSE_TEXT_CHARS}) AS text, i.score, i.${c.q} AS q, i.${c.decision} AS decision,
       i.${c.priority} AS priority, i."labelCount", i."finalY", i.disputed, i."lastLabelAt",
       CASE WHEN i."textChangedAt" IS NOT NULL THEN 1 ELSE 0 END AS "textChanged", ${key.expr} AS "sortKey"
     FROM "Item" i WHERE ${where.join(" AND ")}`;
  // Rows after (value, id) in this order, written with a plain bound first so the planner can start an index scan
  // there (a row-value comparison is not an index bound on every database).
  const after = (v: Param, id: number) => ({
    sql: ` AND ${key.expr} ${asc ? ">=" : "<="} ${param} AND (${key.expr} ${asc ? ">" : "<"} ${param} OR i.id ${asc ? ">" : "<"} ?)`,
    params: [v, v, id],
  });
  const values = { kind: "values" as const };
  const nulls = { kind: "nulls" as const };
  const segments = !key.nullable ? [values] : asc ? [nulls, values] : [values, nulls];
  const want = f.limit + 1;
  const rows: Row[] = [];
  let started = cur === null;
  for (const seg of segments) {
    if (rows.length >= want) break;
    let extra = "";
    let extraParams: Param[] = [];
    if (!started) {
      // The cursor lies in this segment, or a later one (then this one was read to its end already).
      const inThis = seg.kind === "nulls" ? cur!.k === null : cur!.k !== null;
      if (!inThis) continue;
      started = true;
      if (seg.kind === "nulls") {
        extra = ` AND i.id ${asc ? ">" : "<"} ?`;
        extraParams = [cur!.id];
      } else {
        const a = after(cur!.k, cur!.id);
        extra = a.sql;
        extraParams = a.params;
      }
    }
    const isNull = key.nullable ? ` AND ${key.expr} IS ${seg.kind === "nulls" ? "" : "NOT "}NULL` : "";
    const order = seg.kind === "nulls" ? `i.id ${dir}` : `${key.expr} ${dir}, i.id ${dir}`;
    rows.push(...(await db.all<Row>(`${select}${isNull}${extra} ORDER BY ${order} LIMIT ?`, [...params, ...extraParams, want - rows.length])));
  }
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
    finalLabel: r.finalY === null ? null : labelName(project, Number(r.finalY)),
    disputed: Boolean(r.disputed),
    lastLabelAt: iso(r.lastLabelAt),
    textChanged: Number(r.textChanged) === 1,
  }));
  const keyOf = (v: Row["sortKey"]) => (v === null ? null : v instanceof Date ? v.toISOString() : typeof v === "string" ? v : Number(v));
  return {
    items,
    nextCursor: more && last ? encodeCursor({ s: f.sort, o: f.order, f: fp, k: keyOf(last.sortKey), id: Number(last.id) }) : null,
  };
}
