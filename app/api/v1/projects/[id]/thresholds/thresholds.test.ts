import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import { estimateAudit, mulberry32, type AuditPlan, type AuditStratum, type Interval } from "@/lib/sampling/audit";
import { thresholdGrid, type MaybeInterval, type ThresholdPoint } from "@/lib/sampling/thresholds";
import type { ThresholdsView } from "@/lib/shared/types";
import { GET } from "./route";

/**
 * The endpoint against a brute-force oracle: a seeded pool with known q, strata, inclusion probabilities and labels,
 * counts by looping over every item, estimates from the audit estimator run on the whole pool in memory.
 */
let owner: UserView;
let token: string;
const TAU = 0.9;
const N = 700;

interface SeedItem { q: number | null; stratum: number | null; rank: number | null; label: 0 | 1 | null }
const seed: SeedItem[] = [];
const STRATA = [[0, 0.5], [0.5, 0.8], [0.8, TAU], [TAU, 1.01]] as const;
const DRAWS = [12, 14, 16, 18];
let served = 0;
let projectId = "";

beforeAll(async () => {
  owner = await makeUser(true);
  token = (await createToken(owner.id, "t")).token;
  projectId = (await makeProject(owner, { threshold: TAU })).id;
  const r = mulberry32(7);
  const grid = thresholdGrid(0.1, 0.95, 17).edges;
  for (let i = 0; i < N; i++) {
    // Some q exactly on grid edges and on τ, to check that the database bins them on the exact side.
    let q: number | null = i % 23 === 0 ? grid[i % grid.length]! : i % 31 === 0 ? TAU : r() ** 0.6;
    if (i % 97 === 0) q = null; // undecided
    if (i === 5) q = 1;
    if (i === 6) q = 0;
    seed.push({ q, stratum: null, rank: null, label: null });
  }
  // The plan covers the first 650 items with q; the rest were imported after it (no stratum).
  const members = STRATA.map(([lo, hi]) => seed.map((s, i) => ({ s, i })).filter(({ s, i }) => i < 650 && s.q !== null && s.q >= lo && s.q < hi));
  const strata: AuditStratum[] = members.map((m, h) => ({
    index: h, lo: STRATA[h]![0], hi: STRATA[h]![1], size: m.length, draws: DRAWS[h]!, inclusionProbability: DRAWS[h]! / m.length,
    decidedPositive: m.filter(({ s }) => s.q! >= TAU).length, meanErrorProbability: 0,
  }));
  let rank = 0;
  members.forEach((m, h) => {
    for (const { s } of m) s.stratum = h;
    const shuffled = [...m].sort(() => r() - 0.5).slice(0, DRAWS[h]);
    for (const { s } of shuffled) s.rank = rank++;
  });
  served = rank - 9; // the last 9 draws were never served: their labels (if any) are not audit labels
  for (const s of seed) {
    const truth = s.q !== null && r() < s.q ? 1 : 0;
    if (s.rank !== null) s.label = truth;
    else if (r() < 0.05) s.label = truth; // active labels: no known inclusion probability, never in the estimate
  }
  const planId = randomUUID();
  await sql().run(
    `INSERT INTO "AuditPlan" (id, "projectId", tau, "poolSize", budget, "modelVersion", strata, served) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    [planId, projectId, TAU, 650, rank, JSON.stringify(strata), served],
  );
  for (const [i, s] of seed.entries()) {
    await sql().run(
      `INSERT INTO "Item" ("projectId", "externalId", text, q, decision, rand, status, "finalLabel", "finalY", "auditPlanId", "auditStratum", "auditRank")
       VALUES (?, ?, ?, ?, ?, 0.5, ?, ?, ?, ?, ?, ?)`,
      [projectId, `x${i}`, `text ${i}`, s.q, s.q === null ? null : s.q >= TAU ? 1 : 0, s.label === null ? "queued" : "done",
        s.label === null ? null : s.label === 1 ? "spam" : "ham", s.label, s.stratum === null ? null : planId, s.stratum, s.rank],
    );
  }
  await sql().run(`UPDATE "Project" SET "auditPlanId" = ? WHERE id = ?`, [planId, projectId]);
});

async function get(query: string, id = projectId) {
  const res = await GET(new Request(`http://verge.test/api${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });
  return { status: res.status, json: (await res.json()) as ThresholdsView & { error?: { code: string; message: string } } };
}

/** Every field of one point, computed from the seeded pool by brute force. */
function oracle(tau: number): Omit<ThresholdPoint, "tau"> {
  const decided = seed.filter((s) => s.q !== null);
  const positive = decided.filter((s) => s.q! >= tau).length;
  const now = decided.filter((s) => s.q! >= TAU).length;
  const pool = decided.map((s) => ({ ...s, stratum: s.stratum ?? 4 }));
  const order = pool.map((s, i) => ({ s, i })).filter(({ s }) => s.rank !== null).sort((a, b) => a.s.rank! - b.s.rank!).map(({ i }) => i);
  const rankOf = new Int32Array(pool.length).fill(-1);
  order.forEach((i, k) => (rankOf[i] = k));
  const strata = [0, 1, 2, 3, 4].map((h) => ({ index: h, lo: 0, hi: 1, size: 0, draws: 0, inclusionProbability: 0, decidedPositive: 0, meanErrorProbability: 0 }));
  const plan: AuditPlan = {
    id: "p", tau: TAU, poolSize: pool.length, budget: order.length, floor: 0, objective: "errors", strata,
    assignments: Int32Array.from(pool, (s) => s.stratum), order: Int32Array.from(order), rank: rankOf, q: Float64Array.from(pool, (s) => s.q!),
  };
  const labeled = pool.flatMap((s, index) => (s.rank !== null && s.rank < served && s.label !== null ? [{ index, y: s.label, q: s.q! }] : []));
  const at = (level: number) => estimateAudit({ plan, tau, labeled, level, costs: { fp: TAU, fn: 1 - TAU } });
  const e = at(0.95);
  const wide = at(0.975);
  const n = pool.length;
  const tp = (fp: number) => positive - fp;
  return {
    positive, negative: n - positive,
    flips: { toPositive: Math.max(0, positive - now), toNegative: Math.max(0, now - positive) },
    falsePositives: e.falsePositives, falseNegatives: e.falseNegatives,
    precision: { value: 1 - e.falsePositives.value / positive, low: 1 - e.falsePositives.high / positive, high: 1 - e.falsePositives.low / positive },
    recall: {
      value: tp(e.falsePositives.value) / (tp(e.falsePositives.value) + e.falseNegatives.value),
      low: tp(wide.falsePositives.high) / (tp(wide.falsePositives.high) + wide.falseNegatives.high),
      high: tp(wide.falsePositives.low) / (tp(wide.falsePositives.low) + wide.falseNegatives.low),
    },
    errorRate: e.errorRate,
    costPer1000: { value: (e.cost.value * 1000) / n, low: (e.cost.low * 1000) / n, high: (e.cost.high * 1000) / n },
  };
}

const close = (a: MaybeInterval, b: Interval) => {
  expect(a.value).not.toBeNull();
  const x = a as Interval;
  for (const k of ["value", "low", "high"] as const) expect(x[k], k).toBeCloseTo(b[k], 7);
};

describe("GET /projects/{id}/thresholds", () => {
  it("matches a brute-force computation of every field at every τ′ of a grid, τ included", async () => {
    const { status, json } = await get("?from=0.1&to=0.95&steps=17");
    expect(status).toBe(200);
    expect(json.points.map((p) => p.tau)).toEqual([...thresholdGrid(0.1, 0.95, 17).edges, TAU].sort((a, b) => a - b));
    expect(json.labels).toBe(seed.filter((s) => s.rank !== null && s.rank < served).length);
    expect(json.poolSize).toBe(seed.filter((s) => s.q !== null).length);
    for (const p of json.points) {
      const o = oracle(p.tau);
      expect([p.positive, p.negative, p.flips], `τ′ = ${p.tau}`).toEqual([o.positive, o.negative, o.flips]);
      for (const f of ["falsePositives", "falseNegatives", "precision", "recall", "errorRate", "costPer1000"] as const) close(p[f], o[f] as Interval);
    }
    expect(json.points.find((p) => p.tau === TAU)!.flips).toEqual({ toPositive: 0, toNegative: 0 });
  });

  it("defaults to 100 steps over the pool's q range, clamped inside (0, 1)", async () => {
    const { status, json } = await get("");
    expect(status).toBe(200);
    expect([json.from, json.to, json.steps]).toEqual([0.001, 0.999, 100]);
    expect(json.points).toHaveLength(102);
    const mid = json.points[37]!;
    expect(mid.positive).toBe(oracle(mid.tau).positive);
    close(mid.falseNegatives, oracle(mid.tau).falseNegatives as Interval);
  });

  it("rejects bad queries with a 400 naming the field", async () => {
    const cases: [string, string][] = [
      ["?from=0.8&to=0.2", "query.from: must not exceed to"],
      ["?steps=0", "query.steps: must be at least 1"],
      ["?steps=1001", "query.steps: must be at most 1000"],
      ["?steps=2.5", "query.steps: must be an integer"],
      ["?from=0", "query.from: must be above 0"],
      ["?to=1", "query.to: must be below 1"],
      ["?from=abc", "query.from"],
      ["?tau=0.5", "query"],
    ];
    for (const [q, message] of cases) {
      const { status, json } = await get(q);
      expect(status, q).toBe(400);
      expect(json.error!.code).toBe("invalid_request");
      expect(json.error!.message, q).toContain(message);
    }
  });

  it("gives counts and an explicit no-estimate state when the project has no labels", async () => {
    const empty = await makeProject(owner, { threshold: 0.5 });
    for (const [i, q] of [0.2, 0.4, 0.6, 0.8].entries()) {
      await sql().run(`INSERT INTO "Item" ("projectId", "externalId", text, q, decision, rand) VALUES (?, ?, 't', ?, ?, 0.5)`, [empty.id, `e${i}`, q, q >= 0.5 ? 1 : 0]);
    }
    const { status, json } = await get("?from=0.3&to=0.7&steps=2", empty.id);
    expect(status).toBe(200);
    expect(json.points.map((p) => [p.tau, p.positive, p.flips.toPositive, p.flips.toNegative])).toEqual([[0.3, 3, 1, 0], [0.5, 2, 0, 0], [0.7, 1, 0, 1]]);
    for (const f of ["falsePositives", "falseNegatives", "precision", "recall", "errorRate", "costPer1000"] as const) {
      expect(json.points[1]![f]).toEqual({ value: null, reason: "no-labels" });
    }
    const none = await makeProject(owner, { threshold: 0.5 });
    const bare = await get("", none.id);
    expect(bare.status).toBe(200);
    expect(bare.json.points).toEqual([expect.objectContaining({ tau: 0.5, positive: 0, negative: 0 })]);
  });
});
