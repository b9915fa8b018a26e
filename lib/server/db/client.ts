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
    const prisma = retryingBusy(new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }) }));
    g.verge = { prisma, sql, url };
  }
  return g.verge;
}

/** SQLite answered SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT (Prisma reports P1008 "SocketTimeout" or the SQLite code). */
function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === "P1008" || /^SQLITE_BUSY/.test(err?.code ?? "") || /SQLITE_BUSY|SocketTimeout|database is locked/.test(err?.message ?? "");
}

/**
 * Prisma's SQLite adapter runs a write that reads first (an update, an upsert) in a deferred `BEGIN` transaction.
 * When another connection — the training worker, or this process's hot-path connection — commits between the read
 * and the write, SQLite refuses the upgrade at once with SQLITE_BUSY instead of waiting (the snapshot is stale), and
 * a sign-in failed that way during a long retrain. Such an operation is retried from the start, up to 8 times with a
 * jittered backoff (about 1.3 s in all); anything else is thrown as it came.
 */
function retryingBusy(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        for (let attempt = 0; ; attempt++) {
          try {
            return await query(args);
          } catch (e) {
            if (attempt >= 8 || !isBusy(e)) throw e;
            await new Promise((r) => setTimeout(r, (2 + Math.random()) * 2 ** Math.min(attempt, 6)));
          }
        }
      },
    },
  }) as unknown as PrismaClient;
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
