import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "../db/client";

/**
 * Better Auth's rate-limit storage on Verge's hot-path connection: one write transaction per request (SQLite:
 * `BEGIN IMMEDIATE`, so it waits its turn; PostgreSQL: the row locked with `FOR UPDATE`, the first insert an upsert),
 * in the same "RateLimit" table Better Auth's database storage uses, so every app instance counts together.
 * Semantics follow Better Auth's own database storage: a rolling window of `rule.window` seconds measured from the
 * key's last request; at `rule.max` requests the next is refused with `retryAfter` = seconds until the window ends.
 * Prisma's deferred transactions, which the built-in storage uses, fail at once with SQLITE_BUSY_SNAPSHOT when the
 * training worker commits between their read and their write; this path cannot.
 */
export const sqlRateLimitStorage = {
  async consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> {
    const now = Date.now();
    const windowMs = rule.window * 1000;
    const pg = sql().dialect === "postgresql";
    return sql().tx(async (t) => {
      const row = await t.get<{ count: number | string; lastRequest: number | string | bigint }>(
        `SELECT count, "lastRequest" FROM "RateLimit" WHERE key = ?${pg ? " FOR UPDATE" : ""}`,
        [key],
      );
      const last = row ? Number(row.lastRequest) : 0;
      const count = row ? Number(row.count) : 0;
      const fresh = !row || now - last >= windowMs;
      if (!fresh && count >= rule.max) return { allowed: false, retryAfter: Math.max(1, Math.ceil((last + windowMs - now) / 1000)) };
      await t.run(
        `INSERT INTO "RateLimit" (id, key, count, "lastRequest") VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET count = excluded.count, "lastRequest" = excluded."lastRequest"`,
        [randomUUID(), key, fresh ? 1 : count + 1, now],
      );
      return { allowed: true, retryAfter: null };
    });
  },
};
