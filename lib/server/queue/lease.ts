import "server-only";
import { sql } from "../db/client";
import { sqlTime } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import type { LeasedItem } from "@/lib/shared/types";

interface ItemRow {
  id: number;
  externalId: string;
  text: string;
  meta: string | null;
}

/**
 * Leases up to `count` items to a labeler, best priority first: the caller's unexpired leases come back first
 * (a reload loses nothing), then free items. One transaction, so with one label per item no two callers ever
 * hold the same item; an expired lease frees its item for anyone. Items the caller already labeled or skipped
 * are never served to them again.
 */
export async function leaseItems(project: Project, userId: string, count: number, now = new Date()): Promise<LeasedItem[]> {
  const nowS = sqlTime(now);
  const until = new Date(now.getTime() + project.leaseSeconds * 1000);
  const untilS = sqlTime(until);
  const rows = await sql().tx(async (t) => {
    const mine = await t.all<ItemRow>(
      `SELECT id, "externalId", text, meta FROM "Item"
       WHERE "leasedBy" = ? AND "projectId" = ? AND status = 'queued' AND "leaseExpiresAt" > ?
       ORDER BY priority DESC LIMIT ?`,
      [userId, project.id, nowS, count],
    );
    const need = count - mine.length;
    const fresh =
      need > 0
        ? await t.all<ItemRow>(
            `SELECT i.id, i."externalId", i.text, i.meta FROM "Item" i
             WHERE i."projectId" = ? AND i.status = 'queued'
               AND (i."leaseExpiresAt" IS NULL OR i."leaseExpiresAt" <= ?)
               AND NOT EXISTS (SELECT 1 FROM "Label" l WHERE l."itemId" = i.id AND l."userId" = ? AND l."deletedAt" IS NULL)
             ORDER BY i.priority DESC LIMIT ?`,
            [project.id, nowS, userId, need],
          )
        : [];
    const all = [...mine, ...fresh];
    if (all.length) {
      await t.run(
        `UPDATE "Item" SET "leasedBy" = ?, "leaseExpiresAt" = ? WHERE id IN (${all.map(() => "?").join(",")})`,
        [userId, untilS, ...all.map((r) => r.id)],
      );
    }
    return all;
  });
  return rows.map((r) => ({
    itemId: r.id,
    id: r.externalId,
    text: r.text,
    meta: r.meta ? (JSON.parse(r.meta) as Record<string, unknown>) : null,
    stream: "active",
    leaseExpiresAt: until.toISOString(),
  }));
}

/** Gives back a caller's leases (closing the labeling page) so others get those items at once. */
export async function releaseLeases(projectId: string, userId: string, itemIds?: number[]): Promise<number> {
  const ids = itemIds ?? [];
  const r = await sql().run(
    `UPDATE "Item" SET "leasedBy" = NULL, "leaseExpiresAt" = NULL
     WHERE "projectId" = ? AND "leasedBy" = ?${ids.length ? ` AND id IN (${ids.map(() => "?").join(",")})` : ""}`,
    [projectId, userId, ...ids],
  );
  return r.changes;
}
