import "server-only";
import type { Param } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import { slotColumns } from "../queue/slots";

/**
 * Row filters shared by every export (labels, decisions, items), all optional: the item's live decision (class 1/0),
 * whether it has a human label (labeled: a live non-skip label or an adjudication), a label stream (labels export:
 * the label's stream; the others: the item has a live label of that stream), and a live q range [qMin, qMax].
 */
export interface ExportFilters {
  decision?: 0 | 1;
  labeled?: boolean;
  stream?: "active" | "audit" | "random";
  qMin?: number;
  qMax?: number;
}

/** SQL conditions (each starting with " AND ") over item alias `i` and, for the labels export, label alias `l`. */
export function filterSql(project: Project, f: ExportFilters, labelAlias?: string): { where: string; params: Param[] } {
  const c = slotColumns(project.scoreSlot);
  let where = "";
  const params: Param[] = [];
  if (f.decision !== undefined) {
    where += ` AND i.${c.decision} = ?`;
    params.push(f.decision);
  }
  if (f.labeled !== undefined) {
    const has = `(i."labelCount" > 0 OR EXISTS (SELECT 1 FROM "Adjudication" fa WHERE fa."itemId" = i.id AND fa."undoneAt" IS NULL))`;
    where += f.labeled ? ` AND ${has}` : ` AND NOT ${has}`;
  }
  if (f.stream !== undefined) {
    if (labelAlias) where += ` AND ${labelAlias}.stream = ?`;
    else where += ` AND EXISTS (SELECT 1 FROM "Label" fl WHERE fl."itemId" = i.id AND fl."deletedAt" IS NULL AND fl.stream = ?)`;
    params.push(f.stream);
  }
  if (f.qMin !== undefined) {
    where += ` AND i.${c.q} >= ?`;
    params.push(f.qMin);
  }
  if (f.qMax !== undefined) {
    where += ` AND i.${c.q} <= ?`;
    params.push(f.qMax);
  }
  return { where, params };
}
