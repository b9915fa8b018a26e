import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

export type Param = string | number | bigint | null | Buffer;

/** Statement execution, inside or outside a transaction. Placeholders are `?`. */
export interface SqlExec {
  all<T>(query: string, params?: readonly Param[]): Promise<T[]>;
  get<T>(query: string, params?: readonly Param[]): Promise<T | undefined>;
  run(query: string, params?: readonly Param[]): Promise<{ changes: number }>;
}

/**
 * Minimal SQL access for the hot paths (import, leasing, labels, export, aggregates). The interface is
 * asynchronous so a PostgreSQL pool can implement it; on SQLite one connection is shared and a
 * transaction holds it exclusively until it ends, so no other statement can run inside it.
 */
export interface Sql extends SqlExec {
  readonly dialect: "sqlite" | "postgresql";
  /** Runs `fn` atomically (SQLite: BEGIN IMMEDIATE); rolls back and rethrows when it throws. */
  tx<T>(fn: (t: SqlExec) => Promise<T>): Promise<T>;
  close(): void;
}

export function openSqlite(file: string): Sql {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: 10_000 });
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  conn.pragma("foreign_keys = ON");
  conn.pragma("cache_size = -65536");
  const cache = new Map<string, Database.Statement>();
  const stmt = (q: string) => {
    let s = cache.get(q);
    if (!s) {
      s = conn.prepare(q);
      cache.set(q, s);
    }
    return s;
  };
  const direct: SqlExec = {
    all: async <T,>(q: string, p: readonly Param[] = []) => stmt(q).all(...p) as T[],
    get: async <T,>(q: string, p: readonly Param[] = []) => stmt(q).get(...p) as T | undefined,
    run: async (q: string, p: readonly Param[] = []) => ({ changes: stmt(q).run(...p).changes }),
  };
  // A promise chain serialises transactions with each other and with single statements.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T,>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn, fn);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: "sqlite",
    all: (q, p) => exclusive(() => direct.all(q, p)),
    get: (q, p) => exclusive(() => direct.get(q, p)),
    run: (q, p) => exclusive(() => direct.run(q, p)),
    tx: (fn) =>
      exclusive(async () => {
        conn.exec("BEGIN IMMEDIATE");
        try {
          const out = await fn(direct);
          conn.exec("COMMIT");
          return out;
        } catch (e) {
          if (conn.inTransaction) conn.exec("ROLLBACK");
          throw e;
        }
      }),
    close: () => conn.close(),
  };
}

/** Timestamps as Prisma's SQLite adapter writes them, so raw and Prisma rows compare as strings. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
