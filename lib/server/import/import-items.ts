import "server-only";
import { EmptyFileError, UnsupportedMediaTypeError, ValidationError } from "../errors";
import { getProject } from "../projects";
import type { StrategyName } from "@/lib/shared/schemas";
import type { ImportReport } from "@/lib/shared/types";
import { BatchWriter, type GoodRow } from "./batch-writer";
import { itemUploadLimits, maxTextBytes } from "./limits";
import { readRecords, type UploadRecord } from "./records";
import { fromLabelStudio, fromProdigy, type ImportedLabel } from "./interop";
import { jsonArrayRecords } from "./json-array";
import { toUtf8 } from "./encoding";
import { capBytes } from "./limits";
import { storeImportedLabels, type PendingLabel } from "./imported-labels";
import { UnreadableFileError } from "../errors";
import { validateRecord, type ParsedRow, type RowLimits } from "./rows";
import { clip } from "./values";
import { mediaType } from "../media-type";

export { maxTextBytes };

export type ImportFormat = "ndjson" | "csv";
/** Pool formats: also `labelstudio` (a JSON array of Label Studio tasks) and `prodigy` (Prodigy JSON Lines); see docs/interop.md. */
export type ItemImportFormat = ImportFormat | "labelstudio" | "prodigy";
export const ITEM_IMPORT_FORMATS = ["jsonl", "csv", "labelstudio", "prodigy"] as const;
const LABEL_STUDIO_TYPES = ["application/vnd.label-studio+json"];

/**
 * The pool format of an upload: `?format=jsonl|csv|labelstudio|prodigy` when given (a 400 naming query.format
 * otherwise), else the Content-Type (JSON Lines, CSV, or application/vnd.label-studio+json), else a 415.
 */
export function itemFormatFromRequest(req: Request): ItemImportFormat {
  const q = new URL(req.url).searchParams.get("format");
  if (q !== null) {
    if (!(ITEM_IMPORT_FORMATS as readonly string[]).includes(q))
      throw new ValidationError(`query.format: must be one of ${ITEM_IMPORT_FORMATS.join(", ")}, got ${JSON.stringify(q)}`, [
        { path: "format", message: "unknown format" },
      ]);
    return q === "jsonl" ? "ndjson" : (q as ItemImportFormat);
  }
  const type = req.headers.get("content-type");
  if (LABEL_STUDIO_TYPES.includes((type ?? "").split(";")[0]!.trim().toLowerCase())) return "labelstudio";
  return formatFromContentType(type);
}

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
function toItemRow(line: number, fields: Record<string, unknown>, lossless: boolean, format: "ndjson" | "csv", limits: RowLimits): ParsedRow {
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
  format: ItemImportFormat,
  onProgress?: ImportProgress,
  rng: () => number = Math.random,
  declaredBytes?: number | null,
  labeler?: string,
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
  // Labels carried by Label Studio annotations or Prodigy answers, stored for `labeler` after their batch.
  let pending: PendingLabel[] = [];
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
      if (failures.length === rows.length) {
        // The project was deleted while its pool streamed in: a 404 saying so, not an internal error.
        await getProject(projectId);
        throw e;
      }
      for (const f of failures) reject(f.line, f.message);
    }
    await storeLabels();
    onProgress?.(report);
  };
  const storeLabels = async () => {
    const todo = pending;
    pending = [];
    if (!todo.length || !labeler) return;
    const r = await storeImportedLabels(project, labeler, todo);
    report.labels = { stored: (report.labels?.stored ?? 0) + r.stored, refused: (report.labels?.refused ?? 0) + r.errors.length };
    for (const e of r.errors) if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(e);
  };
  const mapper = format === "labelstudio" ? fromLabelStudio : format === "prodigy" ? fromProdigy : null;
  const shape = { required: ["id", "text"], example: '{"id":"a1","text":"…","score":0.7}' };
  const records: AsyncIterable<UploadRecord> =
    format === "labelstudio"
      ? jsonArrayRecords(toUtf8(capBytes(body, upload, declaredBytes)), {
          maxElementBytes: upload.maxLineBytes,
          maxDepth: upload.maxDepth,
          notArray: (first) =>
            new UnreadableFileError(
              "not_label_studio",
              first === "]"
                ? "Label Studio JSON must be one array of tasks; found more after its closing ]."
                : `Label Studio JSON must be an array of tasks ([{"data": {"text": "…"}}, …]); the file starts with ${JSON.stringify(first || "nothing")}.`,
            ),
          truncated: () => new UnreadableFileError("truncated_json", "The Label Studio JSON array ends before its closing ]: the file is cut off."),
        })
      : readRecords(body, format === "csv" ? "csv" : "ndjson", upload, shape, declaredBytes);
  for await (const rec of records) {
    report.received++;
    let label: ImportedLabel = null;
    let row: ParsedRow;
    if ("error" in rec) row = { ok: false, line: rec.line, message: rec.error };
    else if (mapper) {
      const m = mapper(rec.fields, project);
      if ("error" in m) row = { ok: false, line: rec.line, message: m.error };
      else {
        row = validateRecord(rec.line, m.fields, limits, rec.lossless);
        label = m.label;
      }
    } else row = toItemRow(rec.line, rec.fields, rec.lossless, format === "csv" ? "csv" : "ndjson", limits);
    if (!row.ok) {
      reject(row.line, row.message);
      continue;
    }
    if (label) pending.push({ line: row.line, id: row.id, label });
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  if (report.received === 0 && format === "labelstudio") throw new EmptyFileError("The Label Studio JSON array holds no tasks.");
  return report;
}
