import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyLossless } from "lossless-json";
import { decodeUtf8, type RawLine } from "./lines";
import { clip, normalizeId, parseOptionalNumber, unstorableText } from "./values";

/** One row ready to store (meta already serialised as JSON text), or the reason it was rejected. */
export type ParsedRow =
  | { ok: true; line: number; id: string; text: string; score: number | null; meta: string | null }
  | { ok: false; line: number; message: string };

export interface RowLimits {
  maxTextBytes: number;
  /** Deepest allowed nesting of a JSON row (the row object is level 1). */
  maxDepth: number;
}

const textEncoder = new TextEncoder();

/** Validates the fields of one record; `lossless` says numbers in meta are lossless-json values. */
export function validateRecord(
  line: number,
  rec: { id: unknown; text: unknown; score: unknown; meta: Record<string, unknown> | null },
  limits: RowLimits,
  lossless = false,
): ParsedRow {
  const fail = (message: string): ParsedRow => ({ ok: false, line, message });
  const id = normalizeId(rec.id);
  if (!id.ok) return fail(id.message);
  if (rec.text === undefined || rec.text === null) return fail('missing "text"');
  if (typeof rec.text !== "string") return fail('"text" must be a string');
  if (rec.text.trim() === "") return fail('"text" is empty');
  const unstorable = unstorableText("text", rec.text);
  if (unstorable) return fail(unstorable);
  const bytes = rec.text.length * 3 <= limits.maxTextBytes ? rec.text.length : textEncoder.encode(rec.text).length;
  if (bytes > limits.maxTextBytes)
    return fail(`"text" is ${bytes.toLocaleString("en-US")} bytes; the limit is ${limits.maxTextBytes.toLocaleString("en-US")}`);
  const score = parseOptionalNumber("score", rec.score, 0, 1);
  if (!score.ok) return fail(score.message);
  let meta: string | null = null;
  if (rec.meta) {
    try {
      meta = lossless ? stringifyLossless(rec.meta)! : JSON.stringify(rec.meta);
    } catch (e) {
      return fail(`"meta" cannot be stored: ${clip((e as Error).message)}`);
    }
  }
  return { ok: true, line, id: id.id, text: rec.text, score: score.value, meta };
}

/** Parses a CSV header line; throws a message naming the missing columns. */
export function parseCsvHeader(raw: RawLine, required: readonly string[] = ["id", "text"]): string[] {
  if (raw.truncated) throw new Error("the header line is longer than the line limit (VERGE_IMPORT_MAX_LINE_BYTES)");
  const s = decodeUtf8(raw.bytes);
  if (s === null) throw new Error("the header line is not valid UTF-8");
  let rows: string[][];
  try {
    rows = parseCsv(s, { relax_column_count: true }) as string[][];
  } catch (e) {
    throw new Error(`the header line is not valid CSV: ${clip((e as Error).message)}`);
  }
  const cols = (rows[0] ?? []).map((c) => c.trim());
  const missing = required.filter((c) => !cols.includes(c));
  if (missing.length)
    throw new Error(
      `CSV header must name the columns ${required.join(" and ")}; missing: ${missing.join(", ")}. Found: ${clip(cols.join(", ")) || "(nothing)"}`,
    );
  const dup = cols.find((c, i) => cols.indexOf(c) !== i);
  if (dup) throw new Error(`CSV header repeats the column "${clip(dup)}"`);
  return cols;
}
