import "server-only";
import { sql } from "../db/client";
import { sqlTime, type Param } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import { csvLine, UTF8_BOM } from "./csv";
import { slotColumns } from "../queue/slots";
import { labelName } from "../labels";
import { labelStudioTasks, prodigyTasks } from "./interop-export";
import { filterSql, type ExportFilters } from "./filters";

/**
 * `csv`: plain RFC 4180 UTF-8, values exact (pandas, R); `csv-excel`: UTF-8 BOM and formula-neutralised cells;
 * `labelstudio` (a JSON array of tasks) and `prodigy` (JSON Lines): one task per item whatever `what` is, unfiltered.
 */
export type ExportFormat = "jsonl" | "csv" | "csv-excel" | "labelstudio" | "prodigy";
export const EXPORT_FORMATS = ["jsonl", "csv", "csv-excel", "labelstudio", "prodigy"] as const;
export type ExportWhat = "labels" | "decisions" | "items";
export const EXPORT_WHATS = ["labels", "decisions", "items"] as const;

const PAGE = 2000;

export const LABEL_COLUMNS = [
  "id", "value", "labeler", "createdAt", "stream", "strategy", "inclusionProbability", "auditPlan", "auditStratum",
  "modelVersion", "scoreAtLabel", "qAtLabel", "textVersion", "itemTextVersion",
] as const;
/**
 * `label` is the final human label (the live adjudication's, else the labels' majority); `finalDecision` is that
 * label where one exists, else the model's decision.
 */
export const DECISION_COLUMNS = [
  "id", "score", "q", "decision", "label", "labels", "disputed", "textVersion", "textChangedAt", "needsReview",
  "adjudicated", "adjudicatedBy", "finalDecision",
] as const;
/** The decisions columns with the item's text and metadata (JSON) after its id. */
export const ITEM_COLUMNS = ["id", "text", "meta", ...DECISION_COLUMNS.slice(1)] as const;

interface LabelExportRow {
  rowKey: string;
  id: string;
  y: number | null;
  labeler: string;
  createdAt: string | Date;
  stream: string;
  strategy: string | null;
  inclusionProbability: number | null;
  auditPlan: string | null;
  auditStratum: number | null;
  modelVersion: number | null;
  scoreAtLabel: number | null;
  qAtLabel: number | null;
  textVersion: number;
  itemTextVersion: number;
}

interface DecisionExportRow {
  rowKey: number;
  id: string;
  score: number | null;
  q: number | null;
  decision: number | null;
  finalY: number | null;
  labels: number;
  disputed: number | boolean;
  textVersion: number;
  textChangedAt: string | Date | null;
  needsReview: number;
  adjudicatedBy: string | null;
  text?: string;
  meta?: string | null;
}

/** Pages through rows by key (`after` = the last row's key) so a 1M-row export streams in constant memory. */
async function* pages<T>(query: string, params: Param[], first: Param[], keyOf: (row: T) => Param[]): AsyncGenerator<T[]> {
  let after = first;
  for (;;) {
    const rows = await sql().all<T>(query, [...params, ...after, PAGE]);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

async function* labelRows(project: Project, filters: ExportFilters): AsyncGenerator<Record<string, unknown>> {
  const f = filterSql(project, filters, "l");
  const q = `SELECT l.id AS "rowKey", i."externalId" AS id, l.y, u.email AS labeler, l."createdAt", l.stream, l.strategy,
      l."inclusionProbability", l."auditPlanId" AS "auditPlan", l."auditStratum", l."modelVersion", l."scoreAtLabel", l."qAtLabel",
      l."textVersion", i."textVersion" AS "itemTextVersion"
    FROM "Label" l JOIN "Item" i ON i.id = l."itemId" JOIN "User" u ON u.id = l."userId"
    WHERE l."projectId" = ? AND l."deletedAt" IS NULL${f.where} AND (l."createdAt", l.id) > (?, ?) ORDER BY l."createdAt", l.id LIMIT ?`;
  const rawTime = (r: LabelExportRow) => (typeof r.createdAt === "string" ? r.createdAt : sqlTime(r.createdAt));
  for await (const page of pages<LabelExportRow>(q, [project.id, ...f.params], ["0001-01-01T00:00:00.000+00:00", ""], (r) => [rawTime(r), r.rowKey])) {
    for (const r of page) {
      const { rowKey: _k, y, id, ...rest } = r;
      // The stored class under the project's current label name (names are display only).
      yield { id, value: labelName(project, y), ...rest, createdAt: new Date(r.createdAt).toISOString() };
    }
  }
}

async function* decisionRows(project: Project, filters: ExportFilters, withText: boolean): AsyncGenerator<Record<string, unknown>> {
  const c = slotColumns(project.scoreSlot);
  const f = filterSql(project, filters);
  const q = `SELECT i.id AS "rowKey", i."externalId" AS id,${withText ? " i.text, i.meta," : ""} i.score, i.${c.q} AS q, i.${c.decision} AS decision, i."finalY",
      i."labelCount" AS labels, i.disputed, i."textVersion", i."textChangedAt",
      CASE WHEN EXISTS (SELECT 1 FROM "Label" l WHERE l."itemId" = i.id AND l."deletedAt" IS NULL AND l.y IS NOT NULL
        AND l."textVersion" < i."textVersion") THEN 1 ELSE 0 END AS "needsReview", au.email AS "adjudicatedBy"
    FROM "Item" i LEFT JOIN "Adjudication" a ON a."itemId" = i.id AND a."undoneAt" IS NULL LEFT JOIN "User" au ON au.id = a."userId"
    WHERE i."projectId" = ?${f.where} AND i.id > ? ORDER BY i.id LIMIT ?`;
  for await (const page of pages<DecisionExportRow>(q, [project.id, ...f.params], [-1], (r) => [r.rowKey])) {
    for (const r of page) {
      const decision = r.decision === null ? null : r.decision === 1 ? project.positiveLabel : project.negativeLabel;
      const label = r.finalY === null ? null : labelName(project, r.finalY);
      yield {
        id: r.id,
        ...(withText ? { text: r.text, meta: r.meta ? (JSON.parse(r.meta) as unknown) : null } : {}),
        score: r.score,
        q: r.q,
        decision,
        label,
        labels: r.labels,
        disputed: Boolean(r.disputed),
        textVersion: r.textVersion,
        textChangedAt: r.textChangedAt === null ? null : new Date(r.textChangedAt).toISOString(),
        // A live label judged an older text than the item holds now.
        needsReview: Number(r.needsReview) === 1,
        adjudicated: r.adjudicatedBy !== null,
        adjudicatedBy: r.adjudicatedBy,
        // A human label, where one exists, is the decision that ships.
        finalDecision: label ?? decision,
      };
    }
  }
}

/**
 * A streamed export body: JSONL (one object per line) or CSV with a header row (`csv-excel`: preceded by a UTF-8
 * BOM, formula-like text neutralised). Ids are always the stored text, byte for byte. `filters` narrow the rows
 * (lib/server/export/filters.ts).
 */
export function exportStream(project: Project, what: ExportWhat, format: ExportFormat, filters: ExportFilters = {}): ReadableStream<Uint8Array> {
  const columns: readonly string[] = what === "labels" ? LABEL_COLUMNS : what === "items" ? ITEM_COLUMNS : DECISION_COLUMNS;
  const rows =
    format === "labelstudio"
      ? labelStudioTasks(project)
      : format === "prodigy"
        ? prodigyTasks(project)
        : what === "labels"
          ? labelRows(project, filters)
          : decisionRows(project, filters, what === "items");
  const enc = new TextEncoder();
  const csv = format === "csv" || format === "csv-excel";
  const excel = format === "csv-excel";
  // Label Studio reads one JSON array: "[" first, "," between tasks, "]" last.
  const array = format === "labelstudio";
  let first = true;
  let headerSent = !csv;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      if (!headerSent) {
        chunk += (excel ? UTF8_BOM : "") + csvLine([...columns]);
        headerSent = true;
      }
      for (let n = 0; n < 500; n++) {
        const next = await rows.next();
        if (next.done) {
          if (array) chunk += first ? "[]\n" : "\n]\n";
          if (chunk) controller.enqueue(enc.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        if (array) {
          chunk += (first ? "[\n" : ",\n") + JSON.stringify(r);
          first = false;
        } else chunk += csv ? csvLine(columns.map((c) => r[c]), excel) : JSON.stringify(r) + "\n";
      }
      controller.enqueue(enc.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
