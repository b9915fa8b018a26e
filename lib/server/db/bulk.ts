import type { Param, SqlExec } from "./sql";

export type ColumnType = "int" | "float" | "text";
const PG_TYPE: Record<ColumnType, string> = { int: "integer", float: "double precision", text: "text" };
const ROWS_PER_STATEMENT = 500;

/**
 * Updates many rows by key in statements of 500 rows: `UPDATE … FROM (VALUES …)`, which SQLite (3.33+) and
 * PostgreSQL both run; one statement per 500 rows instead of one per row. `columns[0]` is the key.
 * PostgreSQL needs the VALUES columns typed, so the first row's placeholders carry casts.
 */
export async function bulkUpdate(
  t: SqlExec,
  dialect: "sqlite" | "postgresql",
  table: string,
  columns: { name: string; type: ColumnType }[],
  rows: Param[][],
): Promise<void> {
  const [key, ...sets] = columns;
  if (!key || sets.length === 0) throw new Error("bulkUpdate needs a key column and at least one column to set");
  const alias = columns.map((_, i) => `column${i + 1}`);
  for (let s = 0; s < rows.length; s += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(s, s + ROWS_PER_STATEMENT);
    const values = chunk
      .map((_, r) => `(${columns.map((c) => (r === 0 && dialect === "postgresql" ? `?::${PG_TYPE[c.type]}` : "?")).join(",")})`)
      .join(",");
    const from = dialect === "postgresql" ? `(VALUES ${values}) AS v(${alias.join(",")})` : `(VALUES ${values}) AS v`;
    await t.run(
      `UPDATE "${table}" SET ${sets.map((c, i) => `${c.name} = v.${alias[i + 1]}`).join(", ")} FROM ${from} WHERE "${table}".${key.name} = v.column1`,
      chunk.flat(),
    );
  }
}
