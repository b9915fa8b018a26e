import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client";
import { databaseKind, sqliteFileFromUrl } from "./url";
import { openSqlite, type Sql } from "./sql";
import { openPostgres } from "./postgres";

/**
 * The one place that opens the database, chosen by DATABASE_URL: a SQLite file (default) or PostgreSQL.
 * Prisma serves typed CRUD; `sql()` serves the hot paths (import, leasing, labels, export, aggregates).
 * Both generated clients have the same models, so the SQLite client's type describes either.
 * See docs/decisions/hot-path-sql.md and docs/decisions/postgresql.md.
 */
type Globals = { verge?: { prisma: PrismaClient; sql: Sql; url: string } };
const g = globalThis as unknown as Globals;

function open() {
  const url = process.env.DATABASE_URL ?? "";
  if (g.verge && g.verge.url === url) return g.verge;
  if (databaseKind(url) === "postgresql") {
    const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
    g.verge = { prisma, sql: openPostgres(url), url };
  } else {
    const file = sqliteFileFromUrl(url);
    const sql = openSqlite(file);
    const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }) });
    g.verge = { prisma, sql, url };
  }
  return g.verge;
}

export function db(): PrismaClient {
  return open().prisma;
}

export function sql(): Sql {
  return open().sql;
}

/** `FOR UPDATE SKIP LOCKED` where rows are claimed (PostgreSQL); SQLite's write transaction already serialises. */
export function skipLocked(alias?: string): string {
  return sql().dialect === "postgresql" ? ` FOR UPDATE${alias ? ` OF ${alias}` : ""} SKIP LOCKED` : "";
}

/** Closes both connections (tests and CLI commands). */
export async function closeDb(): Promise<void> {
  const v = g.verge;
  if (!v) return;
  g.verge = undefined;
  await v.prisma.$disconnect();
  v.sql.close();
}
