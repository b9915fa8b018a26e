import { BadHeaderError, EmptyFileError, UnreadableFileError } from "../errors";
import { csvRecords } from "./csv-records";
import { toUtf8 } from "./encoding";
import { parseJsonObject } from "./json-line";
import { capBytes, type UploadLimits } from "./limits";
import { decodeUtf8, splitLines, type RawLine } from "./lines";
import { parseCsvHeader } from "./rows";

export type UploadFormat = "ndjson" | "csv";

/** One record of an upload: its fields by name, or why it could not be read. `line` is the physical line. */
export type UploadRecord =
  | { line: number; fields: Record<string, unknown>; lossless: boolean }
  | { line: number; error: string };

export interface RecordShape {
  /** Columns a CSV header must name (e.g. id, text). */
  required: readonly string[];
  /** One example row as JSON, for messages ("one {"id","score"} per line"). */
  example: string;
}

/**
 * Reads an upload (JSON Lines or CSV) record by record, streaming: the body is capped at `limits.maxBytes` (413),
 * decoded to UTF-8 (BOM dropped, UTF-16 transcoded), split at LF/CRLF/CR, and each physical record is yielded
 * once, either with its fields or with the reason it is unreadable. Whole-file problems throw a 400 before any
 * row: an empty file, a CSV with only a header, a JSON array sent as JSON Lines, CSV sent as JSON Lines and the
 * other way round.
 */
export async function* readRecords(
  body: AsyncIterable<Uint8Array>,
  format: UploadFormat,
  limits: UploadLimits,
  shape: RecordShape,
  declaredBytes?: number | null,
): AsyncGenerator<UploadRecord> {
  const lines = splitLines(toUtf8(capBytes(body, limits, declaredBytes)), limits.maxLineBytes);
  const it = lines[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && isBlank(first.value)) first = await it.next();
  if (first.done) throw new EmptyFileError();
  const head = first.value;
  const rest = (async function* () {
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  })();
  if (format === "ndjson") {
    refuseNonJsonLines(head, shape);
    yield jsonRecord(head, limits);
    for await (const raw of rest) if (!isBlank(raw)) yield jsonRecord(raw, limits);
    return;
  }
  refuseJsonAsCsv(head);
  let header: string[];
  try {
    header = parseCsvHeader(head, shape.required);
  } catch (e) {
    const text = decodeUtf8(head.bytes) ?? "";
    const sep = [";", "\t"].find((c) => text.includes(c) && !text.includes(","));
    const hint = sep ? ` The header seems separated by ${sep === ";" ? "semicolons" : "tabs"}; Verge reads comma-separated CSV.` : "";
    throw new BadHeaderError(`line ${head.line}: ${(e as Error).message}${hint}`);
  }
  let rows = 0;
  for await (const rec of csvRecords(rest, limits.maxLineBytes)) {
    rows++;
    if ("error" in rec) yield { line: rec.line, error: rec.error };
    else if (rec.cells.length !== header.length)
      yield { line: rec.line, error: `expected ${header.length} columns, found ${rec.cells.length}` };
    else yield { line: rec.line, fields: Object.fromEntries(header.map((h, i) => [h, rec.cells[i] ?? ""])), lossless: false };
  }
  if (rows === 0) throw new EmptyFileError(`The CSV file has a header line (${header.join(",")}) but no rows.`);
}

function isBlank(raw: RawLine): boolean {
  if (raw.truncated) return false;
  for (const b of raw.bytes) if (b !== 32 && b !== 9) return false;
  return true;
}

function jsonRecord(raw: RawLine, limits: UploadLimits): UploadRecord {
  const { line } = raw;
  if (raw.truncated)
    return { line, error: `line is longer than ${limits.maxLineBytes.toLocaleString("en-US")} bytes (VERGE_IMPORT_MAX_LINE_BYTES)` };
  const s = decodeUtf8(raw.bytes);
  if (s === null) return { line, error: "invalid UTF-8" };
  const parsed = parseJsonObject(s, limits.maxDepth);
  return parsed.ok ? { line, fields: parsed.value, lossless: parsed.lossless } : { line, error: parsed.message };
}

/** A JSON array or a CSV file sent as JSON Lines is refused once, by name, instead of one error per line. */
function refuseNonJsonLines(head: RawLine, shape: RecordShape): void {
  const s = (decodeUtf8(head.bytes) ?? "").trim();
  if (s.startsWith("["))
    throw new UnreadableFileError(
      "json_array",
      `This is a JSON array (line ${head.line} starts with "["); Verge wants JSON Lines: one object per line, such as ${shape.example}. ` +
        `Convert it with: jq -c '.[]' file.json > file.jsonl`,
    );
  if (s.startsWith("{")) return;
  const cells = s.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ""));
  if (cells.length > 1 && cells.includes("id"))
    throw new UnreadableFileError(
      "looks_like_csv",
      `This looks like CSV (line ${head.line} is a header naming ${cells.slice(0, 5).join(", ")}), not JSON Lines; upload it as a .csv file (Content-Type: text/csv).`,
    );
}

function refuseJsonAsCsv(head: RawLine): void {
  const s = (decodeUtf8(head.bytes) ?? "").trim();
  if (s.startsWith("{") || s.startsWith("["))
    throw new UnreadableFileError(
      "looks_like_json",
      `This looks like JSON (line ${head.line} starts with "${s[0]}"), not CSV; upload JSON Lines as a .jsonl file (Content-Type: application/x-ndjson)` +
        (s.startsWith("[") ? ", one object per line rather than one array." : "."),
    );
}
