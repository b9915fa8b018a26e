import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAudit, planUniformAudit } from "./plan";
import { deserializeAuditPlan, serializeAuditPlan } from "./serialize";
import { mulberry32 } from "./stats";
import { AuditInputError, type AuditPlan } from "./types";

const pool = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n }, () => 1 / (1 + Math.exp(-(4 * r() - 3) * 2)));
};

function checkInvariants(plan: AuditPlan, q: ArrayLike<number>, budget: number, floor: number): void {
  const N = q.length;
  const n = Math.min(Math.floor(budget), N);
  expect(plan.strata.reduce((s, h) => s + h.draws, 0)).toBe(n);
  expect(plan.order.length).toBe(n);
  expect(plan.strata.reduce((s, h) => s + h.size, 0)).toBe(N);
  const effectiveFloor = Math.min(floor, Math.floor(n / plan.strata.length));
  for (const s of plan.strata) {
    expect(s.size).toBeGreaterThan(0);
    expect(s.draws).toBeLessThanOrEqual(s.size);
    expect(s.draws).toBeGreaterThanOrEqual(Math.min(s.size, effectiveFloor));
    expect(s.inclusionProbability).toBeCloseTo(s.draws / s.size, 12);
    // π ∈ (0, 1] whenever there is a floor to guarantee a draw (floor 0 allows undrawn strata).
    if (effectiveFloor > 0) {
      expect(s.inclusionProbability).toBeGreaterThan(0);
      expect(s.inclusionProbability).toBeLessThanOrEqual(1);
    }
  }
  // order: distinct items, rank is its inverse, per-stratum counts match the allocation.
  const perStratum = new Array(plan.strata.length).fill(0);
  const seen = new Set<number>();
  plan.order.forEach((item, pos) => {
    expect(seen.has(item)).toBe(false);
    seen.add(item);
    expect(plan.rank[item]).toBe(pos);
    perStratum[plan.assignments[item]!]++;
  });
  expect(perStratum).toEqual(plan.strata.map((s) => s.draws));
  expect(Array.from(plan.rank).filter((r) => r >= 0).length).toBe(n);
  // Strata are q-intervals: members' q within [lo, hi], strata ordered, never straddling τ when > 1 stratum.
  for (let i = 0; i < N; i++) {
    const s = plan.strata[plan.assignments[i]!]!;
    expect(q[i]!).toBeGreaterThanOrEqual(s.lo);
    expect(q[i]!).toBeLessThanOrEqual(s.hi);
  }
  for (let h = 1; h < plan.strata.length; h++) expect(plan.strata[h]!.lo).toBeGreaterThan(plan.strata[h - 1]!.hi);
  if (plan.strata.length > 1) for (const s of plan.strata) expect(s.lo >= plan.tau || s.hi < plan.tau).toBe(true);
}

describe("planAudit", () => {
  const q = pool(5000, 1);

  it("allocates exactly the budget, respects floors, and draws a permutation", () => {
    const plan = planAudit({ q, tau: 0.7, budget: 300, rng: mulberry32(2) });
    checkInvariants(plan, q, 300, 2);
    expect(plan.strata.length).toBe(16);
  });

  it("puts more draws where the decision's error is uncertain (Neyman)", () => {
    const plan = planAudit({ q, tau: 0.5, budget: 600, rng: mulberry32(3) });
    const perItem = plan.strata.map((s) => ({ p: s.meanErrorProbability, pi: s.inclusionProbability }));
    const nearTau = perItem.filter((s) => s.p > 0.3);
    const far = perItem.filter((s) => s.p < 0.02);
    expect(nearTau.length).toBeGreaterThan(0);
    expect(far.length).toBeGreaterThan(0);
    expect(Math.min(...nearTau.map((s) => s.pi))).toBeGreaterThan(Math.max(...far.map((s) => s.pi)));
  });

  it("any prefix of the order is within one draw of proportional in every stratum", () => {
    const plan = planAudit({ q, tau: 0.3, budget: 250, rng: mulberry32(4) });
    const m = new Array(plan.strata.length).fill(0);
    for (const item of plan.order) {
      m[plan.assignments[item]!]++;
      for (let h = 0; h < m.length; h++) {
        for (let g = 0; g < m.length; g++) {
          const nh = plan.strata[h]!.draws;
          const ng = plan.strata[g]!.draws;
          expect(Math.abs(m[h] / nh - m[g] / ng)).toBeLessThanOrEqual(1 / nh + 1 / ng + 1e-12);
        }
      }
    }
  });

  it("is deterministic under a seed and differs across seeds", () => {
    const a = planAudit({ q, tau: 0.5, budget: 200, rng: mulberry32(9) });
    const b = planAudit({ q, tau: 0.5, budget: 200, rng: mulberry32(9) });
    const c = planAudit({ q, tau: 0.5, budget: 200, rng: mulberry32(10) });
    expect(serializeAuditPlan(a)).toEqual(serializeAuditPlan(b));
    expect(Array.from(a.order)).not.toEqual(Array.from(c.order));
    expect(a.strata).toEqual(c.strata); // stratification and allocation depend on q only
  });

  it("caps the budget at the pool size and handles tiny budgets", () => {
    const small = pool(30, 5);
    const all = planAudit({ q: small, tau: 0.5, budget: 1000, rng: mulberry32(1) });
    checkInvariants(all, small, 1000, 2);
    expect(all.strata.every((s) => s.inclusionProbability === 1)).toBe(true);
    const one = planAudit({ q: small, tau: 0.5, budget: 1, rng: mulberry32(1) });
    checkInvariants(one, small, 1, 2);
    expect(one.strata.length).toBe(1);
    const none = planAudit({ q: small, tau: 0.5, budget: 0, rng: mulberry32(1) });
    expect(none.order.length).toBe(0);
  });

  it("keeps ties in one stratum and survives degenerate pools", () => {
    const ties = [0, 0, 0, 0, 1, 1, 1, 1, 0.5, 0.5];
    const plan = planAudit({ q: ties, tau: 0.5, budget: 6, rng: mulberry32(1) });
    checkInvariants(plan, ties, 6, 2);
    const constant = new Array(100).fill(0.2);
    checkInvariants(planAudit({ q: constant, tau: 0.5, budget: 10, rng: mulberry32(1) }), constant, 10, 2);
  });

  it("uniform plan: one stratum, equal inclusion probability", () => {
    const plan = planUniformAudit({ q, tau: 0.5, budget: 100, rng: mulberry32(1) });
    expect(plan.strata).toHaveLength(1);
    expect(plan.strata[0]!.inclusionProbability).toBeCloseTo(100 / 5000, 12);
  });

  it("rejects bad input with clear errors", () => {
    const rng = mulberry32(1);
    expect(() => planAudit({ q: [0.2, 1.2], tau: 0.5, budget: 1, rng })).toThrow(/q\[1\].*\[0, 1\]/);
    expect(() => planAudit({ q: [0.2, Number.NaN], tau: 0.5, budget: 1, rng })).toThrow(AuditInputError);
    expect(() => planAudit({ q: [0.2, -0.1], tau: 0.5, budget: 1, rng })).toThrow(AuditInputError);
    expect(() => planAudit({ q: [0.2], tau: 0.5, budget: -1, rng })).toThrow(/budget/);
    expect(() => planAudit({ q: [0.2], tau: 0, budget: 1, rng })).toThrow(/tau/);
    expect(() => planAudit({ q: [0.2], tau: 1, budget: 1, rng })).toThrow(/tau/);
    expect(() => planAudit({ q: [0.2], tau: 0.5, budget: 1, rng, strata: 0 })).toThrow(/strata/);
    expect(() => planAudit({ q: [0.2], tau: 0.5, budget: 1, rng, floor: 1.5 })).toThrow(/floor/);
    expect(() => planAudit({ q: [], tau: 0.5, budget: 1, rng })).toThrow(/empty/);
    expect(() => planAudit({ q: [0.2, 0.3], tau: 0.5, budget: 1, rng: () => 1 })).toThrow(/rng/);
  });

  it("serializes to JSON and back", () => {
    const plan = planAudit({ q, tau: 0.9, budget: 120, rng: mulberry32(7), id: "plan-1" });
    const back = deserializeAuditPlan(JSON.parse(JSON.stringify(serializeAuditPlan(plan))));
    expect(back).toEqual(plan);
    expect(() => deserializeAuditPlan({ version: 2 })).toThrow(AuditInputError);
    expect(() => deserializeAuditPlan({ ...serializeAuditPlan(plan), order: [0, 0] })).toThrow(/order/);
  });

  it("property: invariants hold for arbitrary pools, thresholds, budgets, strata and floors", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (qs, tau, budget, strata, floor, seed) => {
          const plan = planAudit({ q: qs, tau, budget, strata, floor, rng: mulberry32(seed) });
          checkInvariants(plan, qs, budget, floor);
          expect(plan.strata.length).toBeLessThanOrEqual(strata);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});
