import "server-only";
import { sql } from "../db/client";
import { sqlTime, type Param } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import { csvLine } from "./csv";
import { slotColumns } from "../queue/slots";
import { labelName } from "../labels";

export type ExportFormat = "jsonl" | "csv";
export type ExportWhat = "labels" | "decisions";

const PAGE = 2000;

export const LABEL_COLUMNS = [
  "id", "value", "labeler", "createdAt", "stream", "strategy", "inclusionProbability", "auditPlan", "auditStratum",
  "modelVersion", "scoreAtLabel", "qAtLabel",
] as const;
export const DECISION_COLUMNS = ["id", "score", "q", "decision", "label", "labels", "disputed"] as const;

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

async function* labelRows(project: Project): AsyncGenerator<Record<string, unknown>> {
  const q = `SELECT l.id AS "rowKey", i."externalId" AS id, l.y, u.email AS labeler, l."createdAt", l.stream, l.strategy,
      l."inclusionProbability", l."auditPlanId" AS "auditPlan", l."auditStratum", l."modelVersion", l."scoreAtLabel", l."qAtLabel"
    FROM "Label" l JOIN "Item" i ON i.id = l."itemId" JOIN "User" u ON u.id = l."userId"
    WHERE l."projectId" = ? AND l."deletedAt" IS NULL AND (l."createdAt", l.id) > (?, ?) ORDER BY l."createdAt", l.id LIMIT ?`;
  const rawTime = (r: LabelExportRow) => (typeof r.createdAt === "string" ? r.createdAt : sqlTime(r.createdAt));
  for await (const page of pages<LabelExportRow>(q, [project.id], ["0001-01-01T00:00:00.000+00:00", ""], (r) => [rawTime(r), r.rowKey])) {
    for (const r of page) {
      const { rowKey: _k, y, id, ...rest } = r;
      // The stored class under the project's current label name (names are display only).
      yield { id, value: labelName(project, y), ...rest, createdAt: new Date(r.createdAt).toISOString() };
    }
  }
}

async function* decisionRows(project: Project): AsyncGenerator<Record<string, unknown>> {
  const c = slotColumns(project.scoreSlot);
  const q = `SELECT i.id AS "rowKey", i."externalId" AS id, i.score, i.${c.q} AS q, i.${c.decision} AS decision, i."finalY",
      i."labelCount" AS labels, i.disputed
    FROM "Item" i WHERE i."projectId" = ? AND i.id > ? ORDER BY i.id LIMIT ?`;
  for await (const page of pages<DecisionExportRow>(q, [project.id], [-1], (r) => [r.rowKey])) {
    for (const r of page) {
      yield {
        id: r.id,
        score: r.score,
        q: r.q,
        decision: r.decision === null ? null : r.decision === 1 ? project.positiveLabel : project.negativeLabel,
        label: r.finalY === null ? null : labelName(project, r.finalY),
        labels: r.labels,
        disputed: Boolean(r.disputed),
      };
    }
  }
}

/** A streamed export body: JSONL (one object per line) or CSV with a header row. */
export function exportStream(project: Project, what: ExportWhat, format: ExportFormat): ReadableStream<Uint8Array> {
  const columns: readonly string[] = what === "labels" ? LABEL_COLUMNS : DECISION_COLUMNS;
  const rows = what === "labels" ? labelRows(project) : decisionRows(project);
  const enc = new TextEncoder();
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      if (!headerSent) {
        chunk += csvLine([...columns]);
        headerSent = true;
      }
      for (let n = 0; n < 500; n++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(enc.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        chunk += format === "csv" ? csvLine(columns.map((c) => r[c])) : JSON.stringify(r) + "\n";
      }
      controller.enqueue(enc.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
