import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * Migrations only (prisma.postgres.config.ts): Prisma's schema engine introspects catalog columns of type `name`
 * (OID 19) and `"char"` (OID 18), which the pg driver adapter cannot deserialize (prisma/orm#27403). This pool
 * reports those result columns as `text` (OID 25), which is what their values already are.
 * See docs/decisions/postgresql.md; `lib/server/db/postgres.test.ts` applies the migrations to a real server.
 */
const TEXT = 25;
const AS_TEXT = new Set([18, 19]);

type QueryResult = { fields?: { dataTypeID: number }[] };

function retype<T>(result: T): T {
  for (const f of (result as QueryResult).fields ?? []) if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = TEXT;
  return result;
}

function wrapQuery<C extends { query: (...args: never[]) => unknown }>(target: C): C {
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: unknown }).query = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const cb = last as (err: unknown, res: unknown) => void;
      return original(...args.slice(0, -1), (err: unknown, res: unknown) => cb(err, res && retype(res)));
    }
    const r = original(...args);
    return r instanceof Promise ? r.then(retype) : r;
  };
  return target;
}

class RetypingPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    wrapQuery(this as never);
    // Pool.query checks a client out with connect(callback); both forms hand out wrapped clients.
    const connect = this.connect.bind(this) as (cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) => unknown;
    (this as { connect: unknown }).connect = (cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) => {
      if (cb) return connect((err, client, done) => cb(err, client && wrapQuery(client as never), done));
      return (connect() as Promise<pg.PoolClient>).then((client) => wrapQuery(client as never));
    };
  }
}

export function migrationAdapter(connectionString: string): PrismaPg {
  return new PrismaPg(new RetypingPool({ connectionString }));
}
