import "server-only";
import { sql } from "../db/client";
import { sqlTime, type Param } from "../db/sql";
import { BadHeaderError, EmptyFileError, UnsupportedMediaTypeError } from "../errors";
import { getProject } from "../projects";
import { priorityOf } from "../queue/priority";
import { logitClamped } from "@/lib/model";
import type { StrategyName } from "@/lib/shared/schemas";
import type { ImportReport } from "@/lib/shared/types";
import { splitLines } from "./lines";
import { csvRecordToRow, parseCsvHeader, parseJsonLine, type ParsedRow } from "./rows";
import { csvRecords } from "./csv-records";
import { mediaType } from "../media-type";

export type ImportFormat = "ndjson" | "csv";

const NDJSON_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/ndjson"];
const CSV_TYPES = ["text/csv"];
const MAX_REPORTED_ERRORS = 100;
const BATCH_ROWS = 1000;
const ROWS_PER_STATEMENT = 250;

export function maxTextBytes(): number {
  const v = Number(process.env.VERGE_MAX_TEXT_BYTES ?? 102_400);
  return Number.isFinite(v) && v > 0 ? v : 102_400;
}

/** Chooses the parser from a Content-Type header; anything else is a 415 naming what is accepted. */
export function formatFromContentType(type: string | null): ImportFormat {
  const base = mediaType(type);
  if (NDJSON_TYPES.includes(base)) return "ndjson";
  if (CSV_TYPES.includes(base)) return "csv";
  throw new UnsupportedMediaTypeError(type, [...NDJSON_TYPES.slice(0, 1), ...CSV_TYPES]);
}

export interface ImportProgress {
  (report: ImportReport): void;
}

/**
 * Streams rows into a project's pool: parsed and validated one by one, upserted by external id in batches of
 * 1,000, each batch in one transaction (a row is either fully stored or not at all). Bad rows are reported with
 * their line number and skipped; labels of re-imported ids are kept.
 */
export async function importItems(
  projectId: string,
  body: AsyncIterable<Uint8Array>,
  format: ImportFormat,
  onProgress?: ImportProgress,
  rng: () => number = Math.random,
): Promise<ImportReport> {
  const project = await getProject(projectId);
  const limits = { maxTextBytes: maxTextBytes() };
  const maxLine = limits.maxTextBytes * 2 + 65_536;
  const report: ImportReport = { received: 0, inserted: 0, updated: 0, rejected: 0, errors: [] };
  const reject = (line: number, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, message });
  };
  const store = new BatchWriter(project.id, project.threshold, project.strategy as StrategyName, rng);
  let batch: Extract<ParsedRow, { ok: true }>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const r = await store.write(batch);
    report.inserted += r.inserted;
    report.updated += r.updated;
    batch = [];
    onProgress?.(report);
  };
  const accept = async (row: ParsedRow | null) => {
    if (!row) return;
    report.received++;
    if (!row.ok) return reject(row.line, row.message);
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  };

  const lines = splitLines(body, maxLine);
  let sawAnything = false;
  if (format === "ndjson") {
    for await (const raw of lines) {
      if (raw.bytes.length) sawAnything = true;
      await accept(parseJsonLine(raw, limits));
    }
  } else {
    const it = lines[Symbol.asyncIterator]();
    let first = await it.next();
    while (!first.done && first.value.bytes.length === 0) first = await it.next();
    if (first.done) throw new EmptyFileError();
    sawAnything = true;
    let header: string[];
    try {
      header = parseCsvHeader(first.value);
    } catch (e) {
      throw new BadHeaderError(`line ${first.value.line}: ${(e as Error).message}`);
    }
    const rest = { [Symbol.asyncIterator]: () => it };
    for await (const rec of csvRecords(rest, maxLine)) {
      await accept("error" in rec ? { ok: false, line: rec.line, message: rec.error } : csvRecordToRow(rec.line, header, rec.cells, limits));
    }
  }
  if (!sawAnything) throw new EmptyFileError();
  await flush();
  return report;
}

/**
 * Upserts validated rows into both score slots; q starts as the external score (the prior "trust the
 * classifier") until the next retrain rescores the pool. Labeled items keep their place at the end of the queue.
 */
class BatchWriter {
  constructor(
    private projectId: string,
    private tau: number,
    private strategy: StrategyName,
    private rng: () => number,
  ) {}

  async write(rows: Extract<ParsedRow, { ok: true }>[]): Promise<{ inserted: number; updated: number }> {
    // Within one batch the last occurrence of an id wins, as it would across batches.
    const byId = new Map<string, (typeof rows)[number]>();
    for (const r of rows) byId.set(r.id, r);
    const unique = [...byId.values()];
    const now = sqlTime(new Date());
    return sql().tx(async (t) => {
      let existing = 0;
      for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
        const chunk = unique.slice(i, i + ROWS_PER_STATEMENT);
        const found = await t.get<{ n: number }>(
          `SELECT count(*) AS n FROM "Item" WHERE "projectId" = ? AND "externalId" IN (${chunk.map(() => "?").join(",")})`,
          [this.projectId, ...chunk.map((r) => r.id)],
        );
        existing += found?.n ?? 0;
        const params: Param[] = [];
        for (const r of chunk) {
          const q = r.score;
          const z = q === null ? null : logitClamped(q);
          const rand = this.rng();
          const decision = q === null ? null : q >= this.tau ? 1 : 0;
          const priority = priorityOf(this.strategy, this.tau, z, rand);
          params.push(
            this.projectId,
            r.id,
            r.text,
            r.meta ? JSON.stringify(r.meta) : null,
            r.score,
            q,
            z,
            decision,
            priority,
            rand,
            now,
            now,
            q,
            z,
            decision,
            priority,
          );
        }
        await t.run(
          `INSERT INTO "Item" ("projectId","externalId","text","meta","score","q","z","decision","priority","rand","createdAt","updatedAt",
              "qB","zB","decisionB","priorityB")
           VALUES ${chunk.map(() => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").join(",")}
           ON CONFLICT ("projectId","externalId") DO UPDATE SET
             "text" = excluded."text", "meta" = excluded."meta", "score" = excluded."score", "q" = excluded."q",
             "z" = excluded."z", "decision" = excluded."decision",
             "priority" = CASE WHEN "Item".status = 'done' THEN -1e9 ELSE excluded."priority" END, "rand" = excluded."rand",
             "qB" = excluded."qB", "zB" = excluded."zB", "decisionB" = excluded."decisionB",
             "priorityB" = CASE WHEN "Item".status = 'done' THEN -1e9 ELSE excluded."priorityB" END,
             "updatedAt" = excluded."updatedAt"`,
          params,
        );
      }
      if (unique.some((r) => r.score !== null)) await t.run(`UPDATE "Project" SET "hasScores" = true WHERE id = ? AND NOT "hasScores"`, [this.projectId]);
      return { inserted: unique.length - existing, updated: rows.length - (unique.length - existing) };
    });
  }
}
