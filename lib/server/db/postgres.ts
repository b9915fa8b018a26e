import pg from "pg";
import type { Param, Sql, SqlExec } from "./sql";

// Counts (int8) and averages of integers (numeric) as JS numbers; timestamps are stored in UTC.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));
pg.types.setTypeParser(1114, (v: string) => new Date(v.replace(" ", "T") + "Z"));

/** `?` placeholders (the SQLite style the services use) as PostgreSQL's `$n`. */
export function numberPlaceholders(query: string): string {
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

function exec(client: pg.Pool | pg.PoolClient): SqlExec {
  const q = async <T,>(query: string, params: readonly Param[] = []) => client.query(numberPlaceholders(query), params as unknown[]) as unknown as Promise<pg.QueryResult & { rows: T[] }>;
  return {
    all: async <T,>(query: string, params?: readonly Param[]) => (await q<T>(query, params)).rows,
    get: async <T,>(query: string, params?: readonly Param[]) => (await q<T>(query, params)).rows[0],
    run: async (query: string, params?: readonly Param[]) => ({ changes: (await q(query, params)).rowCount ?? 0 }),
  };
}

/** The hot-path SQL interface on a PostgreSQL pool: one pooled connection per transaction, READ COMMITTED. */
export function openPostgres(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.VERGE_PG_POOL ?? 10) });
  // An idle connection dies when the server restarts; pg reports it here, and an unhandled 'error' event would end
  // the process. The pool drops that connection and opens a new one on demand, so requests recover by themselves.
  pool.on("error", (e) => console.error(`verge: idle PostgreSQL connection lost (${e.message}); reconnecting on demand`));
  // A connection cut mid-query reports twice (the server's FATAL, then "terminated unexpectedly") and the second
  // can come after the pool let go of it; queries see their own errors, so late ones are only swallowed here.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const direct = exec(pool);
  return {
    dialect: "postgresql",
    ...direct,
    tx: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const out = await fn(exec(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        // A failed ROLLBACK means the connection itself is gone: destroy it rather than pool it again.
        await client.query("ROLLBACK").catch((r: Error) => (broken = r));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => void pool.end(),
  };
}
