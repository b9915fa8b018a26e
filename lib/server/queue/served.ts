import "server-only";
import type { SqlExec } from "../db/sql";

/**
 * Records that items were served (leased) to a labeler: one statement, inside the leasing transaction.
 * A label is accepted only for an item served to its author (lib/server/labels.ts); re-serving refreshes servedAt.
 */
export async function recordServes(t: SqlExec, userId: string, itemIds: readonly number[], servedAt: string): Promise<void> {
  if (!itemIds.length) return;
  await t.run(
    `INSERT INTO "Serve" ("itemId", "userId", "servedAt") VALUES ${itemIds.map(() => "(?, ?, ?)").join(", ")}
     ON CONFLICT ("itemId", "userId") DO UPDATE SET "servedAt" = excluded."servedAt"`,
    itemIds.flatMap((id) => [id, userId, servedAt]),
  );
}

/** Whether the item was ever served to the user (see recordServes). */
export async function wasServed(t: SqlExec, itemId: number, userId: string): Promise<boolean> {
  return !!(await t.get(`SELECT 1 AS x FROM "Serve" WHERE "itemId" = ? AND "userId" = ?`, [itemId, userId]));
}
