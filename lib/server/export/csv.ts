/**
 * A CSV cell (RFC 4180) holding the value exactly: quoted when it holds a comma, quote or line break, or starts or
 * ends with white space. With `excel`, text a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a
 * leading ' so opening the file cannot execute anything; plain CSV keeps every value byte-identical for pandas,
 * R and re-import.
 */
export function csvCell(v: unknown, excel = false): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let s = typeof v === "string" ? v : typeof v === "boolean" ? String(v) : JSON.stringify(v);
  if (excel && typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF terminator (`excel`: formula-neutralised cells, see csvCell). */
export function csvLine(cells: unknown[], excel = false): string {
  return cells.map((c) => csvCell(c, excel)).join(",") + "\r\n";
}

/** UTF-8 byte-order mark: Excel reads a CSV as UTF-8 only when it starts with one. */
export const UTF8_BOM = "\uFEFF";
