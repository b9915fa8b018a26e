import "server-only";
import { UnsupportedMediaTypeError } from "../errors";
import { getProject } from "../projects";
import type { StrategyName } from "@/lib/shared/schemas";
import type { ImportReport } from "@/lib/shared/types";
import { BatchWriter, type GoodRow } from "./batch-writer";
import { itemUploadLimits, maxTextBytes } from "./limits";
import { readRecords } from "./records";
import { validateRecord, type ParsedRow, type RowLimits } from "./rows";
import { clip } from "./values";
import { mediaType } from "../media-type";

export { maxTextBytes };

export type ImportFormat = "ndjson" | "csv";

const NDJSON_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/ndjson"];
const CSV_TYPES = ["text/csv"];
const MAX_REPORTED_ERRORS = 100;
const MAX_REPORTED_IDS = 100;
const BATCH_ROWS = 1000;

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

/** Maps a record's fields onto a pool row: JSON keeps `meta` plus unknown fields as meta, CSV its other columns. */
function toItemRow(line: number, fields: Record<string, unknown>, lossless: boolean, format: ImportFormat, limits: RowLimits): ParsedRow {
  if (format === "csv") {
    const { id, text, score, ...rest } = fields;
    return validateRecord(line, { id, text, score, meta: Object.keys(rest).length ? rest : null }, limits);
  }
  const { id, text, score, meta, ...rest } = fields;
  if (meta !== undefined && meta !== null && (typeof meta !== "object" || Array.isArray(meta)))
    return { ok: false, line, message: '"meta" must be an object' };
  const merged = { ...rest, ...((meta as Record<string, unknown> | null | undefined) ?? {}) };
  return validateRecord(line, { id, text, score, meta: Object.keys(merged).length ? merged : null }, limits, lossless);
}

/**
 * Streams rows into a project's pool: parsed and validated one by one, upserted by external id in batches of
 * 1,000, each batch in one transaction (a row is either fully stored or not at all). Every physical record is
 * counted in `received` and either stored or reported with its line and reason; labels of re-imported ids are
 * kept, and labeled ids whose text changed are listed in `textChanged`. Throws (before storing anything) 400s for
 * a file that cannot be read as `format` (empty, header only, JSON array, wrong format, bad header) and a 413 when
 * the body passes VERGE_IMPORT_MAX_BYTES (batches stored before that point stay). `declaredBytes` is the
 * request's Content-Length, refused early when over the limit.
 */
export async function importItems(
  projectId: string,
  body: AsyncIterable<Uint8Array>,
  format: ImportFormat,
  onProgress?: ImportProgress,
  rng: () => number = Math.random,
  declaredBytes?: number | null,
): Promise<ImportReport> {
  const project = await getProject(projectId);
  const upload = itemUploadLimits();
  const limits: RowLimits = { maxTextBytes: maxTextBytes(), maxDepth: upload.maxDepth };
  const report: ImportReport = { received: 0, inserted: 0, updated: 0, rejected: 0, errors: [], textChanged: { count: 0, ids: [] } };
  const reject = (line: number, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, message });
  };
  const store = new BatchWriter(project.id, project.threshold, project.strategy as StrategyName, rng);
  let batch: GoodRow[] = [];
  const count = (r: { inserted: number; updated: number; textChanged: string[] }) => {
    report.inserted += r.inserted;
    report.updated += r.updated;
    report.textChanged.count += r.textChanged.length;
    for (const id of r.textChanged) if (report.textChanged.ids.length < MAX_REPORTED_IDS) report.textChanged.ids.push(id);
  };
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    try {
      count(await store.write(rows));
    } catch (e) {
      // A row the database refuses must not take its batch down: store the rows one by one and report the ones
      // that fail. When every row fails the cause is not a row (database gone): that is the caller's error.
      const failures: { line: number; message: string }[] = [];
      for (const row of rows) {
        try {
          count(await store.write([row]));
        } catch (rowError) {
          failures.push({ line: row.line, message: `could not be stored: ${clip((rowError as Error).message)}` });
        }
      }
      if (failures.length === rows.length) throw e;
      for (const f of failures) reject(f.line, f.message);
    }
    onProgress?.(report);
  };
  const shape = { required: ["id", "text"], example: '{"id":"a1","text":"…","score":0.7}' };
  for await (const rec of readRecords(body, format, upload, shape, declaredBytes)) {
    report.received++;
    const row = "error" in rec ? ({ ok: false, line: rec.line, message: rec.error } as const) : toItemRow(rec.line, rec.fields, rec.lossless, format, limits);
    if (!row.ok) {
      reject(row.line, row.message);
      continue;
    }
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return report;
}
