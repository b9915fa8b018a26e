import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client";
import { sqliteFileFromUrl } from "./url";
import { openSqlite, type Sql } from "./sql";

/**
 * The one place that opens the database. Prisma serves typed CRUD; `sql()` serves the hot paths (import,
 * leasing, labels, export, aggregates) with prepared statements on a dedicated connection.
 * See docs/decisions/hot-path-sql.md.
 */
type Globals = { verge?: { prisma: PrismaClient; sql: Sql; file: string } };
const g = globalThis as unknown as Globals;

function open() {
  const file = sqliteFileFromUrl(process.env.DATABASE_URL);
  if (g.verge && g.verge.file === file) return g.verge;
  const sql = openSqlite(file);
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  const prisma = new PrismaClient({ adapter });
  g.verge = { prisma, sql, file };
  return g.verge;
}

export function db(): PrismaClient {
  return open().prisma;
}

export function sql(): Sql {
  return open().sql;
}

/** Closes both connections (tests and CLI commands). */
export async function closeDb(): Promise<void> {
  const v = g.verge;
  if (!v) return;
  g.verge = undefined;
  await v.prisma.$disconnect();
  v.sql.close();
}
