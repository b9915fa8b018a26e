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
  const direct = exec(pool);
  return {
    dialect: "postgresql",
    ...direct,
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(exec(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => void pool.end(),
  };
}
