import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "./db/client";
import { sqlTime, type SqlExec } from "./db/sql";
import type { Project } from "./db/generated/sqlite/client";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { labelName, labelToY, settleItem } from "./labels";
import { slotColumns } from "./queue/slots";
import type { AdjudicationView, ReviewItem, ReviewPage } from "@/lib/shared/types";

/** A model is "confident" against a label when |q − y| exceeds this (the review queue's contradictions). */
export const CONTRADICTION_MARGIN = 0.9;

interface AdjudicationRow {
  id: string;
  itemId: number;
  userId: string;
  y: number;
  overrides: string;
  replacesId: string | null;
  createdAt: string | Date;
  email?: string;
}

function adjView(project: Project, r: AdjudicationRow): AdjudicationView {
  return {
    adjudicationId: r.id,
    itemId: r.itemId,
    value: labelName(project, Number(r.y)),
    y: Number(r.y) === 1 ? 1 : 0,
    overrides: JSON.parse(r.overrides) as string[],
    by: r.email ?? r.userId,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

async function liveAdjudication(t: SqlExec, itemId: number): Promise<AdjudicationRow | undefined> {
  return t.get<AdjudicationRow>(
    `SELECT a.*, u.email FROM "Adjudication" a JOIN "User" u ON u.id = a."userId" WHERE a."itemId" = ? AND a."undoneAt" IS NULL`,
    [itemId],
  );
}

async function lockItem(t: SqlExec, project: Project, itemId: number): Promise<{ id: number; externalId: string }> {
  // FOR UPDATE (PostgreSQL) queues concurrent adjudications of one item; SQLite transactions are exclusive.
  const item = await t.get<{ id: number; externalId: string }>(
    `SELECT id, "externalId" FROM "Item" WHERE id = ? AND "projectId" = ?${sql().dialect === "postgresql" ? " FOR UPDATE" : ""}`,
    [itemId, project.id],
  );
  if (!item) throw new NotFoundError(`Item ${itemId}`);
  return item;
}

/**
 * Sets a researcher's final label (`value`: the positive or negative label name) for an item: a new Adjudication
 * record listing the live labels it overrides. It replaces a live adjudication of the other class (undo brings that
 * one back); the same class again is a no-op returning the live record (retries are safe). The item's finalY, which
 * retraining and exports read, becomes y. Throws 400 for "skip" or an unknown name, 404 for an unknown item.
 */
export async function adjudicate(project: Project, userId: string, itemId: number, value: string, now = new Date()): Promise<AdjudicationView & { duplicate: boolean }> {
  const y = labelToY(project, value);
  if (y === null) throw new ValidationError(`value must be "${project.positiveLabel}" or "${project.negativeLabel}": an adjudication cannot skip.`, { field: "value" });
  return sql().tx(async (t) => {
    await lockItem(t, project, itemId);
    const live = await liveAdjudication(t, itemId);
    if (live && Number(live.y) === y) return { ...adjView(project, live), duplicate: true };
    if (live) await t.run(`UPDATE "Adjudication" SET "undoneAt" = ?, "undoneBy" = ? WHERE id = ?`, [sqlTime(now), userId, live.id]);
    const labels = await t.all<{ id: string }>(
      `SELECT id FROM "Label" WHERE "itemId" = ? AND "deletedAt" IS NULL AND y IS NOT NULL ORDER BY "createdAt", id`,
      [itemId],
    );
    const id = randomUUID();
    const overrides = JSON.stringify(labels.map((l) => l.id));
    await t.run(
      `INSERT INTO "Adjudication" (id, "projectId", "itemId", "userId", y, overrides, "replacesId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, project.id, itemId, userId, y, overrides, live?.id ?? null, sqlTime(now)],
    );
    await settleItem(t, project, itemId, userId, now);
    const row = (await liveAdjudication(t, itemId))!;
    return { ...adjView(project, row), duplicate: false };
  });
}

/**
 * Undoes an item's live adjudication (when `adjudicationId` is given, only if that one is still live, so a retried
 * undo cannot undo a second one: 409). The adjudication it replaced, if any, is live again; otherwise the item's
 * final class falls back to its labels' majority. Returns the adjudication now live (or null). 404: none is live.
 */
export async function undoAdjudication(
  project: Project,
  userId: string,
  itemId: number,
  adjudicationId?: string,
  now = new Date(),
): Promise<{ itemId: number; adjudication: AdjudicationView | null }> {
  return sql().tx(async (t) => {
    await lockItem(t, project, itemId);
    const live = await liveAdjudication(t, itemId);
    if (adjudicationId && live?.id !== adjudicationId) throw new ConflictError(`Adjudication ${adjudicationId} is not live on this item: it was already undone.`);
    if (!live) throw new NotFoundError(`An adjudication of item ${itemId}`);
    await t.run(`UPDATE "Adjudication" SET "undoneAt" = ?, "undoneBy" = ? WHERE id = ?`, [sqlTime(now), userId, live.id]);
    if (live.replacesId) await t.run(`UPDATE "Adjudication" SET "undoneAt" = NULL, "undoneBy" = NULL WHERE id = ?`, [live.replacesId]);
    await settleItem(t, project, itemId, userId, now);
    const restored = await liveAdjudication(t, itemId);
    return { itemId, adjudication: restored ? adjView(project, restored) : null };
  });
}

/** The live adjudication of an item, for item endpoints (null when there is none). */
export async function adjudicationOf(project: Project, itemId: number): Promise<AdjudicationView | null> {
  const r = await liveAdjudication(sql(), itemId);
  return r ? adjView(project, r) : null;
}

/** Review cursor: the kind (0 disputed, 1 contradiction) and item id of the last row served, base64url JSON. */
function decodeCursor(cursor: string | undefined): { k: 0 | 1; id: number } {
  if (!cursor) return { k: 0, id: -1 };
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k?: unknown; id?: unknown };
    if ((v.k === 0 || v.k === 1) && Number.isSafeInteger(v.id)) return { k: v.k, id: v.id as number };
  } catch {
    // falls through to the 400 below
  }
  throw new ValidationError("query.cursor: malformed cursor; pass back the nextCursor of a previous page.", { field: "cursor" });
}

const encodeCursor = (k: 0 | 1, id: number) => Buffer.from(JSON.stringify({ k, id })).toString("base64url");

interface QueueRow {
  itemId: number;
  id: string;
  text: string;
  meta: string | null;
  q: number | null;
  decision: number | null;
  finalY: number | null;
}

/**
 * The review queue: unadjudicated disputed items first (by item id), then, with `contradictions`, unadjudicated
 * undisputed items whose final class contradicts a confident model (|q − y| > 0.9). Pages of `limit` rows with an
 * opaque `cursor` (stable under concurrent labels: rows are keyed by kind and item id). Each row carries its live labels.
 */
export async function reviewQuery(project: Project, opts: { limit: number; cursor?: string; contradictions: boolean }): Promise<ReviewPage> {
  const at = decodeCursor(opts.cursor);
  const c = slotColumns(project.scoreSlot);
  const cols = `i.id AS "itemId", i."externalId" AS id, i.text, i.meta, i.${c.q} AS q, i.${c.decision} AS decision, i."finalY"`;
  const unadjudicated = `NOT EXISTS (SELECT 1 FROM "Adjudication" a WHERE a."itemId" = i.id AND a."undoneAt" IS NULL)`;
  const rows: (QueueRow & { k: 0 | 1 })[] = [];
  if (at.k === 0) {
    const d = await sql().all<QueueRow>(
      `SELECT ${cols} FROM "Item" i WHERE i."projectId" = ? AND i.disputed = true AND i.id > ? AND ${unadjudicated} ORDER BY i.id LIMIT ?`,
      [project.id, at.id, opts.limit + 1],
    );
    rows.push(...d.map((r) => ({ ...r, k: 0 as const })));
  }
  if (opts.contradictions && rows.length <= opts.limit) {
    const after = at.k === 1 ? at.id : -1;
    const m = 1 - CONTRADICTION_MARGIN;
    const d = await sql().all<QueueRow>(
      `SELECT ${cols} FROM "Item" i WHERE i."projectId" = ? AND i.disputed = false AND i.id > ?
         AND ((i."finalY" = 1 AND i.${c.q} < ?) OR (i."finalY" = 0 AND i.${c.q} > ?)) AND ${unadjudicated} ORDER BY i.id LIMIT ?`,
      [project.id, after, m, 1 - m, opts.limit + 1 - rows.length],
    );
    rows.push(...d.map((r) => ({ ...r, k: 1 as const })));
  }
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  const more = rows.length > opts.limit;
  const labels = page.length
    ? await sql().all<{ labelId: string; itemId: number; y: number | null; labeler: string; createdAt: string | Date; stream: string }>(
        `SELECT l.id AS "labelId", l."itemId", l.y, u.email AS labeler, l."createdAt", l.stream FROM "Label" l JOIN "User" u ON u.id = l."userId"
         WHERE l."itemId" IN (${page.map(() => "?").join(", ")}) AND l."deletedAt" IS NULL ORDER BY l."createdAt", l.id`,
        page.map((r) => r.itemId),
      )
    : [];
  const items: ReviewItem[] = page.map((r) => ({
    itemId: r.itemId,
    id: r.id,
    text: r.text,
    meta: r.meta ? (JSON.parse(r.meta) as Record<string, unknown>) : null,
    q: r.q,
    decision: r.decision === null ? null : labelName(project, Number(r.decision)),
    finalLabel: r.finalY === null ? null : labelName(project, Number(r.finalY)),
    reason: r.k === 0 ? "disputed" : "contradiction",
    labels: labels
      .filter((l) => l.itemId === r.itemId)
      .map((l) => ({ labelId: l.labelId, labeler: l.labeler, value: labelName(project, l.y), stream: l.stream, createdAt: new Date(l.createdAt).toISOString() })),
  }));
  return { items, nextCursor: more && last ? encodeCursor(last.k, last.itemId) : null };
}
