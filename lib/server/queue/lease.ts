import "server-only";
import { skipLocked, sql } from "../db/client";
import { sqlTime, type SqlExec } from "../db/sql";
import type { Project } from "../db/generated/sqlite/client";
import type { Role } from "@/lib/shared/schemas";
import type { LeasedItem, ServedItem } from "@/lib/shared/types";
import { slotColumns } from "./slots";
import { recordServes } from "./served";
import { currentRound, planNextRound, servesRounds } from "./rounds";

type Stream = LeasedItem["stream"];

interface ItemRow {
  id: number;
  externalId: string;
  text: string;
  meta: string | null;
  leaseStream: string | null;
  auditRank: number | null;
}

const FREE = `i."projectId" = ? AND i.status = 'queued' AND (i."leaseExpiresAt" IS NULL OR i."leaseExpiresAt" <= ?)
  AND NOT EXISTS (SELECT 1 FROM "Label" l WHERE l."itemId" = i.id AND l."userId" = ? AND l."deletedAt" IS NULL)`;

/** Cold start: no external scores and no model fitted on both labels yet, so the active stream draws at random. */
export function isColdStart(project: Pick<Project, "hasScores" | "trained">): boolean {
  return !project.hasScores && !project.trained;
}

/**
 * Leases up to `count` items to a labeler. The caller's unexpired leases of this `session` come back first, renewed
 * to `now + leaseSeconds` (a reload loses nothing, and the expiry reported is the one stored). With a scored pool and
 * a `randomShare` > 0 the new slots come from the current queue round (certainty units, then its randomized draws;
 * rounds.ts plans the next round when this one is used up). Otherwise each new slot is
 * an audit draw with probability `auditFraction` (the next item of the audit plan's order) and otherwise the best
 * item by the strategy's stored priority (by the random draw during cold start).
 * One transaction: with one label per item no two callers ever hold the same item; expired leases free items.
 * `session` names one labeling session of the user (a browser tab; null for API callers that send none): two
 * sessions of one user hold distinct items, and each gets back only its own leases.
 */
export async function leaseItems(
  project: Project,
  userId: string,
  count: number,
  now = new Date(),
  rng: () => number = Math.random,
  session: string | null = null,
): Promise<LeasedItem[]> {
  const nowS = sqlTime(now);
  const until = new Date(now.getTime() + project.leaseSeconds * 1000);
  const untilS = sqlTime(until);
  const c = slotColumns(project.scoreSlot);
  const rows = await sql().tx(async (t) => {
    // Unary + keeps (projectId, status, priority) out of this plan: without it SQLite picks that index for its free
    // ORDER BY and walks every queued item of the project (tens of ms at 1M items) instead of the caller's few
    // leases through the leasedBy index. See docs/benchmarks/api-notes.md.
    const mine = await t.all<ItemRow>(
      `SELECT id, "externalId", text, meta, "leaseStream", "auditRank" FROM "Item"
       WHERE "leasedBy" = ? AND ${sql().dialect === "sqlite" ? "+" : ""}"projectId" = ? AND status = 'queued' AND "leaseExpiresAt" > ?
         AND coalesce("leaseSession", '') = ?
       ORDER BY ${c.priority} DESC, id LIMIT ?`,
      [userId, project.id, nowS, session ?? "", count],
    );
    // Asking again renews what the caller holds: the expiry this answer reports must be the stored one, or the
    // items would be given to someone else while the caller still works on them.
    if (mine.length) await t.run(`UPDATE "Item" SET "leaseExpiresAt" = ? WHERE id IN (${mine.map(() => "?").join(",")})`, [untilS, ...mine.map((r) => r.id)]);
    const need = count - mine.length;
    if (need <= 0) return mine;
    if (servesRounds(project)) {
      const planned = await leaseRound(t, project, userId, need, nowS, rng);
      await holdLeases(t, planned, userId, untilS, session);
      const more = need - planned.length;
      // A scored pool with no item left to plan (e.g. only unscored items remain): the strategy's order serves the rest.
      const rest = more > 0 ? await strategyItems(t, project, userId, nowS, planned.map((r) => r.id), more, isColdStart(project) ? "random" : "active") : [];
      await holdLeases(t, rest, userId, untilS, session);
      await recordServes(t, userId, [...planned, ...rest].map((r) => r.id), nowS);
      return [...mine, ...planned, ...rest];
    }
    let audits = 0;
    if (project.auditPlanId) for (let k = 0; k < need; k++) if (rng() < project.auditFraction) audits++;
    const audit = audits
      ? await t.all<ItemRow>(
          `SELECT i.id, i."externalId", i.text, i.meta, 'audit' AS "leaseStream", i."auditRank" FROM "Item" i
           WHERE i."auditPlanId" = ? AND i."auditRank" IS NOT NULL AND ${FREE}
           ORDER BY i."auditRank", i.id LIMIT ?${skipLocked("i")}`,
          [project.auditPlanId, project.id, nowS, userId, audits],
        )
      : [];
    // In cold start every item is unscored, so the stored priority already is the random draw's order.
    const cold = isColdStart(project);
    const taken = audit.map((r) => r.id);
    const active = await strategyItems(t, project, userId, nowS, taken, need - audit.length, cold ? "random" : "active");
    await holdLeases(t, audit, userId, untilS, session);
    await holdLeases(t, active, userId, untilS, session);
    await recordServes(t, userId, [...audit, ...active].map((r) => r.id), nowS);
    if (audit.length) {
      const frontier = Math.max(...audit.map((r) => r.auditRank ?? 0)) + 1;
      await t.run(`UPDATE "AuditPlan" SET served = CASE WHEN served > ? THEN served ELSE ? END WHERE id = ?`, [frontier, frontier, project.auditPlanId]);
    }
    return [...mine, ...audit, ...active];
  });
  return rows.map((r) => ({
    itemId: r.id,
    id: r.externalId,
    text: r.text,
    meta: r.meta ? (JSON.parse(r.meta) as Record<string, unknown>) : null,
    stream: (r.leaseStream ?? "active") as Stream,
    leaseExpiresAt: until.toISOString(),
  }));
}

/** The best free items by the strategy's stored priority, except `taken`. */
async function strategyItems(t: SqlExec, project: Project, userId: string, nowS: string, taken: number[], limit: number, stream: Stream): Promise<ItemRow[]> {
  if (limit <= 0) return [];
  const c = slotColumns(project.scoreSlot);
  return t.all<ItemRow>(
    `SELECT i.id, i."externalId", i.text, i.meta, ? AS "leaseStream", i."auditRank" FROM "Item" i
     WHERE ${FREE} ${taken.length ? `AND i.id NOT IN (${taken.map(() => "?").join(",")})` : ""}
     ORDER BY i.${c.priority} DESC, i.id LIMIT ?${skipLocked("i")}`,
    [stream, project.id, nowS, userId, ...taken, limit],
  );
}

/**
 * Free items of the current queue round (certainty units first, as the strategy ranks them; then the draws). When
 * the round has none left for this caller, the next round is planned (rounds.ts) and served from. Certainty units
 * are leased on the "active" stream, randomized draws on "audit" (the audit stream is the randomized share).
 */
async function leaseRound(t: SqlExec, project: Project, userId: string, need: number, nowS: string, rng: () => number): Promise<ItemRow[]> {
  const c = slotColumns(project.scoreSlot);
  const out: ItemRow[] = [];
  const cur = await currentRound(t, project.id);
  let round = cur.round;
  let live = cur.live;
  for (let attempt = 0; attempt < 2 && out.length < need; attempt++) {
    if (live) {
      const taken = out.map((r) => r.id);
      out.push(
        ...(await t.all<ItemRow>(
          `SELECT i.id, i."externalId", i.text, i.meta, CASE WHEN i."roundPi" >= 1 THEN 'active' ELSE 'audit' END AS "leaseStream", i."auditRank"
           FROM "Item" i WHERE i."roundNo" = ? AND ${FREE} ${taken.length ? `AND i.id NOT IN (${taken.map(() => "?").join(",")})` : ""}
           ORDER BY i."roundPi" DESC, i.${c.priority} DESC, i.id LIMIT ?${skipLocked("i")}`,
          [round, project.id, nowS, userId, ...taken, need - out.length],
        )),
      );
    }
    if (out.length >= need || attempt === 1) break;
    const next = await planNextRound(t, project, round, need - out.length, nowS, rng, out.map((r) => r.id));
    if (next === round) break;
    round = next;
    live = true;
  }
  return out;
}

/** Leases `rows` to the caller until `untilS`, each on its own stream. */
async function holdLeases(t: SqlExec, rows: ItemRow[], userId: string, untilS: string, session: string | null): Promise<void> {
  for (const stream of new Set(rows.map((r) => r.leaseStream))) {
    const group = rows.filter((r) => r.leaseStream === stream);
    await t.run(
      `UPDATE "Item" SET "leasedBy" = ?, "leaseExpiresAt" = ?, "leaseStream" = ?, "leaseSession" = ? WHERE id IN (${group.map(() => "?").join(",")})`,
      [userId, untilS, stream, session, ...group.map((r) => r.id)],
    );
  }
}

/**
 * Gives back a caller's leases (closing the labeling page) so others get those items at once: the listed items, or
 * else all of them; with a `session`, only that session's (closing one tab leaves the other tabs' items held).
 * Returns how many were released.
 */
export async function releaseLeases(projectId: string, userId: string, itemIds?: number[], session?: string | null): Promise<number> {
  const ids = itemIds ?? [];
  const bySession = session !== undefined && !ids.length;
  const r = await sql().run(
    `UPDATE "Item" SET "leasedBy" = NULL, "leaseExpiresAt" = NULL, "leaseStream" = NULL, "leaseSession" = NULL
     WHERE "projectId" = ? AND "leasedBy" = ?${ids.length ? ` AND id IN (${ids.map(() => "?").join(",")})` : ""}${bySession ? ` AND coalesce("leaseSession", '') = ?` : ""}`,
    [projectId, userId, ...ids, ...(bySession ? [session ?? ""] : [])],
  );
  return r.changes;
}

/** What a renewal found: the items still held (until `leaseExpiresAt`) and those lost to expiry or another labeler. */
export interface RenewResult {
  held: number[];
  lost: number[];
  leaseExpiresAt: string;
}

/**
 * Renews the caller's leases on `itemIds` (the labeling page's heartbeat) to `now + leaseSeconds`. An item stays
 * held while nobody else took it: the caller's live lease of this session or of no session (an undone label's item),
 * or the caller's own lapsed lease that no other labeler or session has taken since. Everything else is reported lost, so the page can drop it instead
 * of labeling an item someone else now holds. One UPDATE decides, so a concurrent `next` either sees the renewed
 * lease or wins the item and the renewal reports it lost.
 */
export async function renewLeases(
  project: Pick<Project, "id" | "leaseSeconds">,
  userId: string,
  itemIds: number[],
  session: string | null = null,
  now = new Date(),
): Promise<RenewResult> {
  const until = new Date(now.getTime() + project.leaseSeconds * 1000);
  if (!itemIds.length) return { held: [], lost: [], leaseExpiresAt: until.toISOString() };
  const untilS = sqlTime(until);
  const list = itemIds.map(() => "?").join(",");
  const held = await sql().tx(async (t) => {
    await t.run(
      `UPDATE "Item" SET "leaseExpiresAt" = ?, "leaseSession" = ?
       WHERE "projectId" = ? AND id IN (${list}) AND status = 'queued' AND "leasedBy" = ?
         AND (coalesce("leaseSession", '') = ? OR "leaseSession" IS NULL OR "leaseExpiresAt" <= ?)`,
      [untilS, session, project.id, ...itemIds, userId, session ?? "", sqlTime(now)],
    );
    return t.all<{ id: number }>(
      `SELECT id FROM "Item" WHERE "projectId" = ? AND id IN (${list}) AND status = 'queued' AND "leasedBy" = ?
         AND coalesce("leaseSession", '') = ? AND "leaseExpiresAt" > ?`,
      [project.id, ...itemIds, userId, session ?? "", sqlTime(now)],
    );
  });
  const ok = new Set(held.map((r) => r.id));
  return { held: [...ok].sort((a, b) => a - b), lost: itemIds.filter((i) => !ok.has(i)), leaseExpiresAt: until.toISOString() };
}

/**
 * What a caller of `next` sees of its items. Labelers never see the stream (knowing an item is an audit draw can
 * bias its label) and see metadata only when the project shows it; researchers and admins see everything.
 */
export function servedView(items: LeasedItem[], project: Pick<Project, "showMeta">, role: Role): ServedItem[] {
  if (role !== "labeler") return items;
  return items.map(({ stream: _stream, ...rest }) => ({ ...rest, meta: project.showMeta ? rest.meta : null }));
}
