import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/sampling";
import { importItems } from "./import/import-items";
import { importScores } from "./import/import-scores";
import { retrainProject } from "./jobs/retrain";
import { createLabel } from "./labels";
import { clearPoolCache } from "./pool-version";
import { getProject, updateProject } from "./projects";
import { leaseItems } from "./queue/lease";
import { projectStats, labelerStats } from "./stats";
import { thresholdEstimates } from "./thresholds";
import { bytes, makeProject, makeUser, ndjson } from "./test/fixtures";
import type { UserView } from "./auth/users";

/**
 * The pool aggregates behind the thresholds endpoint and the stats are cached per pool version: after every kind of
 * write that changes q, decisions, strata or the pool, the cached answers must equal a computation from scratch
 * (and differ from the answers before the write, so the write is seen). Label writes are never cached: they show up
 * at once.
 */
const NOW = new Date("2026-11-30T12:00:00Z");
let owner: UserView;
let projectId = "";
const rng = mulberry32(5);
const pool = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `p${from + i}`, text: `snippet number ${from + i} ${i % 7 ? "buy" : "hello"}`, score: Number(rng().toFixed(4)) }));

/** Every answer that a cache could serve stale, for the live project as read now. */
async function answers() {
  const project = await getProject(projectId);
  return {
    grid: await thresholdEstimates(project, { from: 0.1, to: 0.9, steps: 16 }),
    range: await thresholdEstimates(project, {}),
    stats: await projectStats(project, owner.id, NOW),
    labeler: await labelerStats(project, owner.id, NOW),
  };
}

/**
 * Equal, numbers to 1e-12 relative: PostgreSQL may sum the same doubles in another order from one scan to the next,
 * so two uncached answers can already differ in the last bits there.
 */
function expectSame(a: unknown, b: unknown, path = "answer"): void {
  if (typeof a === "number" && typeof b === "number") {
    expect(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).toBe(true);
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    expect(Object.keys(a), path).toEqual(Object.keys(b));
    for (const k of Object.keys(a)) expectSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else expect(a, path).toEqual(b);
}

/** Answers through the (warm) cache, then from scratch: they must be the same. */
async function cachedEqualsFresh() {
  const cached = await answers();
  clearPoolCache();
  const fresh = await answers();
  expectSame(cached, fresh);
  return fresh;
}

/** Labels `n` served items (all audit draws: auditFraction is 1), both classes. */
async function label(n: number) {
  const project = await getProject(projectId);
  const leased = await leaseItems(project, owner.id, n, NOW, mulberry32(n));
  expect(leased.length).toBe(n);
  for (const it of leased) await createLabel(project, owner.id, { itemId: it.itemId, value: it.itemId % 2 ? "spam" : "ham", requestId: `r-${it.itemId}` }, NOW);
}

beforeAll(async () => {
  owner = await makeUser(true);
  projectId = (await makeProject(owner, { threshold: 0.5, retrainEvery: 10_000, auditFraction: 1 })).id;
  await importItems(projectId, bytes(ndjson(pool(300)), 4096), "ndjson", undefined, mulberry32(1));
});

describe("pool-version cache", () => {
  it("serves warm calls from the cache", async () => {
    const a = await answers();
    expectSame(await answers(), a);
    expect(a.stats.items).toBe(300);
  });

  it("sees an import of new items", async () => {
    const before = await answers();
    await importItems(projectId, bytes(ndjson(pool(50, 300)), 4096), "ndjson", undefined, mulberry32(2));
    const after = await cachedEqualsFresh();
    expect(after.stats.items).toBe(350);
    expect(after.labeler.items).toBe(350);
    expect(after.grid.points.map((p) => p.positive)).not.toEqual(before.grid.points.map((p) => p.positive));
  });

  it("sees an import that changes existing items' scores", async () => {
    const before = await answers();
    await importItems(projectId, bytes(ndjson(pool(100, 0).map((r) => ({ ...r, score: 0.99 }))), 4096), "ndjson", undefined, mulberry32(3));
    const after = await cachedEqualsFresh();
    expect(after.stats.items).toBe(350);
    expect(after.stats.decisions.positive).toBeGreaterThan(before.stats.decisions.positive);
    expect(after.stats.histogram).not.toEqual(before.stats.histogram);
  });

  it("sees a score upload", async () => {
    const before = await answers();
    await importScores(projectId, bytes(ndjson(Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, score: 0.0011 }))), 4096), "m2");
    const after = await cachedEqualsFresh();
    expect(after.stats.decisions.positive).toBeLessThan(before.stats.decisions.positive);
    expect(after.range.from).toBe(0.0011);
  });

  it("sees a change of τ (decisions recomputed)", async () => {
    const before = await answers();
    await updateProject(projectId, { threshold: 0.7 }, "admin");
    const after = await cachedEqualsFresh();
    expect(after.stats.decisions.positive).toBeLessThan(before.stats.decisions.positive);
    expect(after.grid.current).toBe(0.7);
  });

  it("sees a retrain (new audit plan, slot swap), also through a project read before it", async () => {
    await label(20);
    const stale = await getProject(projectId);
    const before = await answers();
    expect(before.grid.labels).toBe(0);
    await retrainProject(projectId, async () => {});
    const project = await getProject(projectId);
    expect(project.scoreSlot).not.toBe(stale.scoreSlot);
    expect(project.auditPlanId).not.toBe(stale.auditPlanId);
    const after = await cachedEqualsFresh();
    expect(after.stats.histogram).not.toEqual(before.stats.histogram);
    // A caller holding the project from before the swap gets the answer for that project, not a cached one.
    const old = await thresholdEstimates(stale, { from: 0.1, to: 0.9, steps: 16 });
    clearPoolCache();
    expectSame(await thresholdEstimates(stale, { from: 0.1, to: 0.9, steps: 16 }), old);
  });

  it("sees two retrains that swap back to the same slot with the same audit plan", async () => {
    const first = await getProject(projectId);
    const before = await answers(); // cached for this slot
    for (let k = 0; k < 2; k++) {
      await label(10);
      await retrainProject(projectId, async () => {});
    }
    const project = await getProject(projectId);
    expect(project.scoreSlot).toBe(first.scoreSlot);
    expect(project.auditPlanId).toBe(first.auditPlanId);
    const after = await cachedEqualsFresh();
    // The refitted model moved q: the pool's q range (the default grid) differs.
    expect([after.range.from, after.range.to]).not.toEqual([before.range.from, before.range.to]);
  });

  it("sees a new audit plan after the pool grew, and labels at once", async () => {
    await importItems(projectId, bytes(ndjson(pool(40, 350)), 4096), "ndjson", undefined, mulberry32(4));
    await retrainProject(projectId, async () => {});
    const before = await cachedEqualsFresh();
    await label(5);
    // No pool-version bump for labels: estimates, done counts and calibration are read live.
    const after = await answers();
    expect(after.stats.labeled).toBe(before.stats.labeled + 5);
    expect(after.labeler.labeled).toBe(before.labeler.labeled + 5);
    // At least the 5 new ones: serving them can also move the plan's frontier past draws labeled before it.
    expect(after.grid.labels).toBeGreaterThanOrEqual(before.grid.labels + 5);
    expect(after.stats.calibration).not.toEqual(before.stats.calibration);
    await cachedEqualsFresh();
  });
});
