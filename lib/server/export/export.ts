import "server-only";
import { sql } from "../db/client";
import type { Project } from "../db/generated/sqlite/client";
import { csvLine } from "./csv";
import { slotColumns } from "../queue/slots";

export type ExportFormat = "jsonl" | "csv";
export type ExportWhat = "labels" | "decisions";

const PAGE = 2000;

export const LABEL_COLUMNS = [
  "id", "value", "labeler", "createdAt", "stream", "strategy", "inclusionProbability", "auditPlan", "auditStratum",
  "modelVersion", "scoreAtLabel", "qAtLabel",
] as const;
export const DECISION_COLUMNS = ["id", "score", "q", "decision", "label", "labels", "disputed"] as const;

interface LabelExportRow {
  rowKey: number;
  id: string;
  value: string;
  labeler: string;
  createdAt: string;
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
  label: string | null;
  labels: number;
  disputed: number;
}

/** Pages through rows by key so a 1M-row export streams in constant memory. */
async function* pages<T extends { rowKey: number }>(query: string, params: (string | number)[]): AsyncGenerator<T[]> {
  let after = -1;
  for (;;) {
    const rows = await sql().all<T>(query, [...params, after, PAGE]);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.rowKey;
  }
}

async function* labelRows(project: Project): AsyncGenerator<Record<string, unknown>> {
  const q = `SELECT l.rowid AS "rowKey", i."externalId" AS id, l.value, u.email AS labeler, l."createdAt", l.stream, l.strategy,
      l."inclusionProbability", l."auditPlanId" AS "auditPlan", l."auditStratum", l."modelVersion", l."scoreAtLabel", l."qAtLabel"
    FROM "Label" l JOIN "Item" i ON i.id = l."itemId" JOIN "User" u ON u.id = l."userId"
    WHERE l."projectId" = ? AND l."deletedAt" IS NULL AND l.rowid > ? ORDER BY l.rowid LIMIT ?`;
  for await (const page of pages<LabelExportRow>(q, [project.id])) {
    for (const r of page) {
      const { rowKey: _k, ...rest } = r;
      yield { ...rest, createdAt: new Date(r.createdAt).toISOString() };
    }
  }
}

async function* decisionRows(project: Project): AsyncGenerator<Record<string, unknown>> {
  const c = slotColumns(project.scoreSlot);
  const q = `SELECT i.id AS "rowKey", i."externalId" AS id, i.score, i.${c.q} AS q, i.${c.decision} AS decision, i."finalLabel" AS label,
      i."labelCount" AS labels, i.disputed
    FROM "Item" i WHERE i."projectId" = ? AND i.id > ? ORDER BY i.id LIMIT ?`;
  for await (const page of pages<DecisionExportRow>(q, [project.id])) {
    for (const r of page) {
      yield {
        id: r.id,
        score: r.score,
        q: r.q,
        decision: r.decision === null ? null : r.decision === 1 ? project.positiveLabel : project.negativeLabel,
        label: r.label,
        labels: r.labels,
        disputed: r.disputed === 1,
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
