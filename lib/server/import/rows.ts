import { parse as parseCsv } from "csv-parse/sync";
import { decodeUtf8, type RawLine } from "./lines";

/** One row ready to store, or the reason it was rejected. */
export type ParsedRow =
  | { ok: true; line: number; id: string; text: string; score: number | null; meta: Record<string, unknown> | null }
  | { ok: false; line: number; message: string };

export interface RowLimits {
  maxTextBytes: number;
}

const MAX_ID = 200;
const textEncoder = new TextEncoder();

/** Validates the fields of one record; `source` names fields the way the file does. */
export function validateRecord(
  line: number,
  rec: { id: unknown; text: unknown; score: unknown; meta: Record<string, unknown> | null },
  limits: RowLimits,
): ParsedRow {
  const fail = (message: string): ParsedRow => ({ ok: false, line, message });
  let id: string;
  if (typeof rec.id === "string") id = rec.id.trim();
  else if (typeof rec.id === "number" && Number.isFinite(rec.id)) id = String(rec.id);
  else if (rec.id === undefined || rec.id === null) return fail('missing "id"');
  else return fail('"id" must be a string or a number');
  if (id === "") return fail('"id" is empty');
  if (id.length > MAX_ID) return fail(`"id" is longer than ${MAX_ID} characters`);
  if (rec.text === undefined || rec.text === null) return fail('missing "text"');
  if (typeof rec.text !== "string") return fail('"text" must be a string');
  if (rec.text.trim() === "") return fail('"text" is empty');
  const bytes = rec.text.length * 3 <= limits.maxTextBytes ? rec.text.length : textEncoder.encode(rec.text).length;
  if (bytes > limits.maxTextBytes)
    return fail(`"text" is ${bytes.toLocaleString("en-US")} bytes; the limit is ${limits.maxTextBytes.toLocaleString("en-US")}`);
  let score: number | null = null;
  if (rec.score !== undefined && rec.score !== null && rec.score !== "") {
    const n = typeof rec.score === "string" ? Number(rec.score.trim()) : rec.score;
    if (typeof n !== "number" || Number.isNaN(n)) return fail(`"score" must be a number in [0, 1], got ${JSON.stringify(rec.score)}`);
    if (n < 0 || n > 1) return fail(`"score" must lie in [0, 1], got ${n}`);
    score = n;
  }
  return { ok: true, line, id, text: rec.text, score, meta: rec.meta };
}

/** One NDJSON line: `{"id","text","score"?,"meta"?}`; any other fields are kept in meta. */
export function parseJsonLine(raw: RawLine, limits: RowLimits): ParsedRow | null {
  const { line } = raw;
  if (raw.truncated) return { ok: false, line, message: `line is longer than ${raw.bytes.length.toLocaleString("en-US")} bytes` };
  const s = decodeUtf8(raw.bytes);
  if (s === null) return { ok: false, line, message: "invalid UTF-8" };
  if (s.trim() === "") return null;
  let obj: unknown;
  try {
    obj = JSON.parse(s);
  } catch (e) {
    return { ok: false, line, message: `malformed JSON: ${(e as Error).message}` };
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return { ok: false, line, message: "expected a JSON object" };
  const { id, text, score, meta, ...rest } = obj as Record<string, unknown>;
  if (meta !== undefined && meta !== null && (typeof meta !== "object" || Array.isArray(meta)))
    return { ok: false, line, message: '"meta" must be an object' };
  const merged = { ...rest, ...((meta as Record<string, unknown> | null | undefined) ?? {}) };
  return validateRecord(line, { id, text, score, meta: Object.keys(merged).length ? merged : null }, limits);
}

/** Parses a CSV header line; throws a message naming the missing columns. */
export function parseCsvHeader(raw: RawLine): string[] {
  const s = decodeUtf8(raw.bytes);
  if (s === null) throw new Error("the header line is not valid UTF-8");
  const rows = parseCsv(s.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
  const cols = (rows[0] ?? []).map((c) => c.trim());
  const missing = ["id", "text"].filter((c) => !cols.includes(c));
  if (missing.length)
    throw new Error(
      `CSV header must name the columns id and text (and optionally score); missing: ${missing.join(", ")}. Found: ${cols.join(", ") || "(nothing)"}`,
    );
  const dup = cols.find((c, i) => cols.indexOf(c) !== i);
  if (dup) throw new Error(`CSV header repeats the column "${dup}"`);
  return cols;
}

/** Maps one CSV record (already split into cells) onto a row; columns other than id/text/score become meta. */
export function csvRecordToRow(line: number, header: string[], cells: string[], limits: RowLimits): ParsedRow {
  if (cells.length !== header.length)
    return { ok: false, line, message: `expected ${header.length} columns, found ${cells.length}` };
  const rec: Record<string, string> = {};
  header.forEach((h, i) => (rec[h] = cells[i] ?? ""));
  const { id, text, score, ...rest } = rec;
  return validateRecord(line, { id, text, score, meta: Object.keys(rest).length ? rest : null }, limits);
}
