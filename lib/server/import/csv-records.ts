import { parse as parseCsv } from "csv-parse/sync";
import { decodeUtf8, type RawLine } from "./lines";
import { clip } from "./values";

/** A CSV record assembled from one or more physical lines (quoted fields may hold line breaks). */
export type CsvRecord = { line: number; cells: string[] } | { line: number; error: string };

function countQuotes(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 34) n++;
  return n;
}

/**
 * Groups physical lines into RFC 4180 records: a record ends when its quote count is even.
 * Unquoted lines take a fast path (split on commas); quoted ones go through csv-parse.
 */
export async function* csvRecords(lines: AsyncIterable<RawLine>, maxRecordBytes: number): AsyncGenerator<CsvRecord> {
  let pending: RawLine[] = [];
  let quotes = 0;
  let size = 0;
  const finish = (): CsvRecord | null => {
    const group = pending;
    pending = [];
    quotes = 0;
    size = 0;
    const first = group[0]!;
    if (group.some((l) => l.truncated)) return { line: first.line, error: `record is longer than ${maxRecordBytes.toLocaleString("en-US")} bytes` };
    const parts = group.map((l) => decodeUtf8(l.bytes));
    if (parts.some((p) => p === null)) return { line: first.line, error: "invalid UTF-8" };
    const text = (parts as string[]).join("\n");
    if (text.trim() === "") return null;
    if (group.length === 1 && text.indexOf('"') < 0) return { line: first.line, cells: text.split(",") };
    try {
      const rows = parseCsv(text, { relax_column_count: true }) as string[][];
      if (rows.length !== 1) return { line: first.line, error: "could not parse the record as one CSV row" };
      return { line: first.line, cells: rows[0]! };
    } catch (e) {
      return { line: first.line, error: `malformed CSV: ${clip((e as Error).message)}` };
    }
  };
  for await (const l of lines) {
    pending.push(l);
    quotes += countQuotes(l.bytes);
    size += l.bytes.length + 1;
    if (quotes % 2 === 0 || size > maxRecordBytes) {
      const rec = size > maxRecordBytes && quotes % 2 === 1
        ? { line: pending[0]!.line, error: `unterminated quoted field (record over ${maxRecordBytes.toLocaleString("en-US")} bytes)` }
        : finish();
      if (size > maxRecordBytes) {
        pending = [];
        quotes = 0;
        size = 0;
      }
      if (rec) yield rec;
    }
  }
  if (pending.length) yield { line: pending[0]!.line, error: "unterminated quoted field at the end of the file" };
}
