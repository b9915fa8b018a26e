import "server-only";
import { sql } from "./db/client";
import type { SqlExec } from "./db/sql";

/**
 * A per-project pool version: `Project.poolVersion`, bumped by every write that changes what the pool aggregates
 * read — the live q or decisions, the audit strata, the set of items (import, score upload, retrain slot swap,
 * audit plan, τ change). Aggregates over the whole pool (the thresholds histogram, the stats histogram) are cached
 * per process under a key that includes the version read from the database, so several server processes stay
 * correct without talking to each other: a write anywhere bumps the version and every process misses its cache.
 *
 * Bumps run in the same transaction as the write (or after it), never before it: a reader that reads version V and
 * then scans sees a pool at least as new as V, so an entry cached under V is never older than V.
 */

/** Bumps the project's pool version; call inside the transaction of the write that changed the pool. */
export async function bumpPoolVersion(t: SqlExec, projectId: string): Promise<void> {
  await t.run(`UPDATE "Project" SET "poolVersion" = "poolVersion" + 1 WHERE id = ?`, [projectId]);
}

/** The project's current pool version and live score slot, read from the database (null if the project is gone). */
export async function readPoolVersion(projectId: string): Promise<{ version: number; scoreSlot: number } | null> {
  const r = await sql().get<{ v: number; s: number }>(`SELECT "poolVersion" AS v, "scoreSlot" AS s FROM "Project" WHERE id = ?`, [projectId]);
  return r ? { version: Number(r.v), scoreSlot: Number(r.s) } : null;
}

/** Entries kept per process; each holds one aggregate of a few thousand numbers at most. */
const MAX_ENTRIES = 64;
const cache = new Map<string, Promise<unknown>>();

/**
 * The aggregate for `key` (which must include the project id and its pool version, plus every other input of
 * `compute`), computed once per process: concurrent callers share one computation, and a failed computation is
 * not kept. Least recently used entries are dropped beyond MAX_ENTRIES.
 */
export function cachedAggregate<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const p = compute();
  cache.set(key, p);
  p.catch(() => {
    if (cache.get(key) === p) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return p;
}

/**
 * Runs `compute` through the cache when the caller's view of the project matches the database (same live slot), and
 * directly otherwise (a caller holding a project read before a retrain swapped the slot gets an uncached answer).
 * `key` lists the inputs of `compute` besides the project, its pool version and slot.
 */
export async function withPoolCache<T>(project: { id: string; scoreSlot: number }, key: string, compute: () => Promise<T>): Promise<T> {
  const v = await readPoolVersion(project.id);
  if (!v || v.scoreSlot !== project.scoreSlot) return compute();
  return cachedAggregate(`${project.id}|${v.version}|${v.scoreSlot}|${key}`, compute);
}

/** Empties this process's cache (tests). */
export function clearPoolCache(): void {
  cache.clear();
}
