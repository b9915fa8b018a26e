import "server-only";
import type { SqlExec } from "../db/sql";
import { sql } from "../db/client";
import type { Project } from "../db/generated/sqlite/client";
import { slotColumns } from "./slots";
import { inclusionProbabilities, poissonDraw, roundSums, type RoundSums } from "@/lib/sampling/active-estimate";

/** Typed parameters: PostgreSQL cannot infer the type of a bare parameter in a CASE result. */
const WHEN = "WHEN CAST(? AS INTEGER) THEN CAST(? AS DOUBLE PRECISION)";

/** Most labels one round plans (certainty units + expected draws); a round is re-planned when it runs dry. */
export const MAX_ROUND_SIZE = 100;
/** Thresholds τ′ = k/100 whose round sums are stored with each round, beside the exact ones at the project's τ. */
export const ROUND_GRID = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** What an EstRound row's `sums` holds: RoundSums at the round's τ and at every τ′ of ROUND_GRID (same order). */
export interface StoredRoundSums {
  atTau: RoundSums;
  grid: RoundSums[];
}

/** Whether the queue serves in rounds (certainty units + a randomized draw): a scored pool and a random share. */
export function servesRounds(project: Pick<Project, "randomShare" | "hasScores" | "trained">): boolean {
  return project.randomShare > 0 && (project.hasScores || project.trained);
}

/**
 * The current round of a project, or 0 when there is none or it is stale: planned under another model version,
 * threshold, strategy or random share than the project's now (a retrain or a settings change ends a round).
 */
export async function currentRound(t: SqlExec, projectId: string): Promise<{ round: number; live: boolean }> {
  const r = await t.get<{ estRound: number; mv: number; tau: number; strategy: string; share: number; rmv: number | null; rtau: number | null; rstrategy: string | null; rshare: number | null }>(
    `SELECT p."estRound", p."modelVersion" AS mv, p.threshold AS tau, p.strategy, p."randomShare" AS share,
       r."modelVersion" AS rmv, r.tau AS rtau, r.strategy AS rstrategy, r."randomShare" AS rshare
     FROM "Project" p LEFT JOIN "EstRound" r ON r."projectId" = p.id AND r.round = p."estRound" WHERE p.id = ?`,
    [projectId],
  );
  if (!r) return { round: 0, live: false };
  const live = r.rmv === r.mv && r.rtau === r.tau && r.rstrategy === r.strategy && r.rshare === r.share;
  return { round: r.estRound, live };
}

/**
 * Plans the next queue round of a project inside the caller's transaction (sampling.md §5b, design.ts).
 * The round's unlabeled set U is every queued, scored item not held under another caller's live lease. Its
 * `round(1 − randomShare)·B` best items by the strategy's stored priority are certainty units (π = 1), with
 * B = max(need, min(retrainEvery, MAX_ROUND_SIZE)) labels per round; the rest R = U \ certainty get inclusion
 * probabilities π from the design mix 0.5·r(q) + 0.45·√(q(1 − q)) + 0.05 uniform (expected draws randomShare·B)
 * under the live model's q (the lagged model of this round), and a Poisson draw with `rng` picks the served ones.
 * Each planned item stores (roundNo, roundPi, roundQ): the π stored is the probability the draw used.
 * The round's sums over R (RoundSums at τ and at ROUND_GRID) go to EstRound, so estimates never rescan the pool.
 * `exclude`: items the caller is about to lease from the previous round (they stay in it).
 * Concurrent callers: the project row is locked (PostgreSQL) or the transaction is exclusive (SQLite); a caller
 * that finds a round already planned past `seen` plans nothing. Returns the round now current.
 * Cost: one read of (id, q, priority) over U — O(pool) once per round, not per request.
 */
export async function planNextRound(
  t: SqlExec,
  project: Pick<Project, "id">,
  seen: number,
  need: number,
  now: string,
  rng: () => number,
  exclude: readonly number[] = [],
): Promise<number> {
  const lock = sql().dialect === "postgresql" ? " FOR UPDATE" : "";
  // The settings are read here, under the lock: the caller's copy of the project may predate a settings change.
  const p = (await t.get<{ estRound: number; modelVersion: number; scoreSlot: number; threshold: number; strategy: string; randomShare: number; retrainEvery: number }>(
    `SELECT "estRound", "modelVersion", "scoreSlot", threshold, strategy, "randomShare", "retrainEvery" FROM "Project" WHERE id = ?${lock}`,
    [project.id],
  ))!;
  if (p.estRound !== seen) return p.estRound;
  const c = slotColumns(p.scoreSlot);
  const pool = await t.all<{ id: number; q: number; pr: number }>(
    `SELECT id, ${c.q} AS q, ${c.priority} AS pr FROM "Item"
     WHERE "projectId" = ? AND status = 'queued' AND ${c.q} IS NOT NULL AND ("leasedBy" IS NULL OR "leaseExpiresAt" <= ?)
       ${exclude.length ? `AND id NOT IN (${exclude.map(() => "?").join(",")})` : ""}`,
    [project.id, now, ...exclude],
  );
  if (!pool.length) return p.estRound;
  const size = Math.max(need, Math.min(p.retrainEvery, MAX_ROUND_SIZE));
  const nCertain = Math.min(pool.length, Math.round((1 - p.randomShare) * size));
  const order = pool.map((_, i) => i).sort((a, b) => pool[b]!.pr - pool[a]!.pr || pool[a]!.id - pool[b]!.id);
  const certain = new Uint8Array(pool.length);
  for (const i of order.slice(0, nCertain)) certain[i] = 1;
  const rest = order.slice(nCertain);
  const expected = Math.max(size - nCertain, 0);
  const restQ = Float64Array.from(rest, (i) => clampQ(pool[i]!.q));
  const restPi = expected > 0 && rest.length ? inclusionProbabilities({ q: restQ, tau: p.threshold, expectedSize: expected }) : new Float64Array(rest.length);
  const drawn = expected > 0 && rest.length ? poissonDraw(restPi, rng) : new Int32Array(0);
  const round = p.estRound + 1;
  const planned: [number, number, number][] = [];
  for (let i = 0; i < pool.length; i++) if (certain[i]) planned.push([pool[i]!.id, 1, clampQ(pool[i]!.q)]);
  for (const k of drawn) planned.push([pool[rest[k]!]!.id, restPi[k]!, restQ[k]!]);
  for (let k = 0; k < planned.length; k += 300) {
    const chunk = planned.slice(k, k + 300);
    // One statement per chunk: roundPi and roundQ by CASE on id. The lease check is evaluated again after a row
    // lock wait (PostgreSQL), so an item a concurrent `next` just leased from the previous round stays in it.
    await t.run(
      `UPDATE "Item" SET "roundNo" = ?, "roundPi" = CASE id ${chunk.map(() => WHEN).join(" ")} END,
         "roundQ" = CASE id ${chunk.map(() => WHEN).join(" ")} END
       WHERE id IN (${chunk.map(() => "?").join(",")}) AND ("leasedBy" IS NULL OR "leaseExpiresAt" <= ?)`,
      [round, ...chunk.flatMap(([id, pi]) => [id, pi]), ...chunk.flatMap(([id, , q]) => [id, q]), ...chunk.map(([id]) => id), now],
    );
  }
  const sums = rest.length
    ? roundSums({ round, q: restQ, pi: restPi.map((v) => (v > 0 ? v : 1)), taus: [p.threshold, ...ROUND_GRID] })
    : [p.threshold, ...ROUND_GRID].map(() => ({ round, sumEFp: 0, sumEFn: 0, modelVarFp: 0, modelVarFn: 0 }));
  const stored: StoredRoundSums = { atTau: sums[0]!, grid: sums.slice(1) };
  await t.run(
    `INSERT INTO "EstRound" ("projectId", round, "modelVersion", tau, strategy, "randomShare", "expectedSize", eligible, certain, drawn, sums, "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [project.id, round, p.modelVersion, p.threshold, p.strategy, p.randomShare, expected, rest.length, nCertain, drawn.length, JSON.stringify(stored), now],
  );
  await t.run(`UPDATE "Project" SET "estRound" = ? WHERE id = ?`, [round, project.id]);
  return round;
}

/** Calibrated q can be exactly 0 or 1 after rounding; the design needs values in [0, 1] only, so just guard NaN. */
function clampQ(q: number): number {
  return Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 0.5;
}
