import "server-only";
import { sql } from "../db/client";
import { sqlTime, type Param } from "../db/sql";
import { priorityOf } from "../queue/priority";
import { bumpPoolVersion } from "../pool-version";
import { logitClamped } from "@/lib/model";
import type { StrategyName } from "@/lib/shared/schemas";
import type { ParsedRow } from "./rows";

const ROWS_PER_STATEMENT = 250;

export type GoodRow = Extract<ParsedRow, { ok: true }>;

/**
 * Upserts validated rows into both score slots; q starts as the external score (the prior "trust the
 * classifier") until the next retrain rescores the pool. Labeled items keep their place at the end of the queue.
 * A changed text bumps the item's `textVersion`; on a labeled item it also sets `textChangedAt` (needs review),
 * since its labels judged the old text.
 */
export class BatchWriter {
  constructor(
    private projectId: string,
    private tau: number,
    private strategy: StrategyName,
    private rng: () => number,
  ) {}

  /** Writes one batch in one transaction; returns counts and the labeled ids whose text changed. */
  async write(rows: GoodRow[]): Promise<{ inserted: number; updated: number; textChanged: string[] }> {
    // Within one batch the last occurrence of an id wins, as it would across batches.
    const byId = new Map<string, GoodRow>();
    for (const r of rows) byId.set(r.id, r);
    const unique = [...byId.values()];
    const now = sqlTime(new Date());
    return sql().tx(async (t) => {
      let existing = 0;
      const textChanged: string[] = [];
      for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
        const chunk = unique.slice(i, i + ROWS_PER_STATEMENT);
        const found = await t.all<{ externalId: string; text: string; labelCount: number }>(
          `SELECT "externalId", text, "labelCount" FROM "Item" WHERE "projectId" = ? AND "externalId" IN (${chunk.map(() => "?").join(",")})`,
          [this.projectId, ...chunk.map((r) => r.id)],
        );
        existing += found.length;
        for (const f of found) if (f.labelCount > 0 && byId.get(f.externalId)!.text !== f.text) textChanged.push(f.externalId);
        const params: Param[] = [];
        for (const r of chunk) {
          const q = r.score;
          const z = q === null ? null : logitClamped(q);
          const rand = this.rng();
          const decision = q === null ? null : q >= this.tau ? 1 : 0;
          const priority = priorityOf(this.strategy, this.tau, z, rand);
          params.push(this.projectId, r.id, r.text, r.meta, r.score, q, z, decision, priority, rand, now, now, q, z, decision, priority);
        }
        await t.run(
          `INSERT INTO "Item" ("projectId","externalId","text","meta","score","q","z","decision","priority","rand","createdAt","updatedAt",
              "qB","zB","decisionB","priorityB")
           VALUES ${chunk.map(() => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").join(",")}
           ON CONFLICT ("projectId","externalId") DO UPDATE SET
             "text" = excluded."text", "meta" = excluded."meta", "score" = excluded."score", "q" = excluded."q",
             "z" = excluded."z", "decision" = excluded."decision",
             "priority" = CASE WHEN "Item".status = 'done' THEN -1e9 ELSE excluded."priority" END, "rand" = excluded."rand",
             "qB" = excluded."qB", "zB" = excluded."zB", "decisionB" = excluded."decisionB",
             "priorityB" = CASE WHEN "Item".status = 'done' THEN -1e9 ELSE excluded."priorityB" END,
             "textVersion" = CASE WHEN "Item"."text" <> excluded."text" THEN "Item"."textVersion" + 1 ELSE "Item"."textVersion" END,
             "textChangedAt" = CASE WHEN "Item"."text" <> excluded."text" AND "Item"."labelCount" > 0
               THEN excluded."updatedAt" ELSE "Item"."textChangedAt" END,
             "updatedAt" = excluded."updatedAt"`,
          params,
        );
      }
      if (unique.some((r) => r.score !== null)) await t.run(`UPDATE "Project" SET "hasScores" = true WHERE id = ? AND NOT "hasScores"`, [this.projectId]);
      await bumpPoolVersion(t, this.projectId); // items, q and decisions changed: cached pool aggregates are stale
      return { inserted: unique.length - existing, updated: rows.length - (unique.length - existing), textChanged };
    });
  }
}
