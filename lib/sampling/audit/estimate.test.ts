import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniformAuditBaseline } from "./baseline";
import { estimateAudit } from "./estimate";
import { planAudit } from "./plan";
import { mulberry32 } from "./stats";
import { AuditInputError } from "./types";

function world(n: number, seed: number) {
  const r = mulberry32(seed);
  const q = Float64Array.from({ length: n }, () => r());
  const y = Uint8Array.from(q, (p) => (r() < p ? 1 : 0));
  return { q, y };
}
const truthOf = (q: ArrayLike<number>, y: ArrayLike<number>, tau: number) => {
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i]! >= tau && y[i] === 0) fp++;
    if (q[i]! < tau && y[i] === 1) fn++;
  }
  return { fp, fn };
};
const labelsOf = (order: ArrayLike<number>, q: ArrayLike<number>, y: ArrayLike<number>) =>
  Array.from(order, (index) => ({ index, y: y[index] as 0 | 1, q: q[index]! }));

describe("estimateAudit", () => {
  it("a census gives the truth with zero width", () => {
    const { q, y } = world(200, 1);
    const plan = planAudit({ q, tau: 0.6, budget: 200, rng: mulberry32(2) });
    const est = estimateAudit({ plan, tau: 0.6, labeled: labelsOf(plan.order, q, y) });
    const { fp, fn } = truthOf(q, y, 0.6);
    expect(est.falsePositives).toEqual({ value: fp, low: fp, high: fp });
    expect(est.falseNegatives.value).toBeCloseTo(fn, 9);
    expect(est.falseNegatives.high - est.falseNegatives.low).toBeCloseTo(0, 9);
    expect(est.cost.value).toBeCloseTo(0.6 * fp + 0.4 * fn, 9);
    expect(est.errorRate.value).toBeCloseTo((fp + fn) / 200, 12);
  });

  it("matches the hand-computed stratified estimator", () => {
    const { q, y } = world(3000, 3);
    const plan = planAudit({ q, tau: 0.5, budget: 150, rng: mulberry32(4) });
    const labeled = labelsOf(plan.order, q, y);
    const est = estimateAudit({ plan, tau: 0.5, labeled });
    let fp = 0;
    for (const s of plan.strata) {
      const mine = labeled.filter((l) => plan.assignments[l.index] === s.index);
      if (s.lo >= 0.5) fp += (s.size * mine.filter((l) => l.y === 0).length) / mine.length;
    }
    expect(est.falsePositives.value).toBeCloseTo(fp, 9);
    expect(est.imputedCells).toBe(0);
    expect(est.outOfOrder).toBe(0);
  });

  it("imputes strata without labels from the model, and says so", () => {
    const { q, y } = world(3000, 5);
    const plan = planAudit({ q, tau: 0.5, budget: 160, rng: mulberry32(6) });
    const est = estimateAudit({ plan, tau: 0.5, labeled: labelsOf(plan.order.subarray(0, 5), q, y) });
    expect(est.imputedCells).toBeGreaterThan(0);
    expect(est.imputedShare).toBeGreaterThan(0);
    expect(est.errors.low).toBeLessThanOrEqual(est.errors.value);
    expect(est.errors.high).toBeGreaterThanOrEqual(est.errors.value);
    const none = estimateAudit({ plan, tau: 0.5, labeled: [] });
    let expected = 0;
    for (let i = 0; i < q.length; i++) expected += Math.min(q[i]!, 1 - q[i]!);
    expect(none.errors.value).toBeCloseTo(expected, 6);
    expect(none.imputedShare).toBe(1);
  });

  it("accepts a different τ and a new model's q (post-stratifies by decision)", () => {
    const { q, y } = world(2000, 7);
    const plan = planAudit({ q, tau: 0.5, budget: 300, rng: mulberry32(8) });
    const est = estimateAudit({ plan, tau: 0.8, labeled: labelsOf(plan.order, q, y) });
    expect(est.tau).toBe(0.8);
    expect(est.costs).toEqual({ fp: 0.8, fn: expect.closeTo(0.2, 12) });
    const q2 = Float64Array.from(q, (p) => p * 0.9);
    const est2 = estimateAudit({ plan, tau: 0.5, q: q2, labeled: labelsOf(plan.order, q2, y) });
    expect(est2.cells.some((c) => c.decision === 1)).toBe(true);
    expect(() => estimateAudit({ plan, tau: 0.5, q: q2, labeled: labelsOf(plan.order, q, y) })).toThrow(/differs from the pool's q/);
  });

  it("counts labels taken out of order", () => {
    const { q, y } = world(2000, 9);
    const plan = planAudit({ q, tau: 0.5, budget: 100, rng: mulberry32(1) });
    const est = estimateAudit({ plan, tau: 0.5, labeled: labelsOf(plan.order.subarray(50, 60), q, y) });
    expect(est.outOfOrder).toBeGreaterThan(0);
  });

  it("rejects bad labels and options", () => {
    const { q, y } = world(500, 2);
    const plan = planAudit({ q, tau: 0.5, budget: 50, rng: mulberry32(3) });
    const first = plan.order[0]!;
    const notDrawn = Array.from(plan.rank).findIndex((r) => r < 0);
    const ok = { index: first, y: y[first] as 0 | 1, q: q[first]! };
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [ok, ok] })).toThrow(/twice/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [{ ...ok, y: 2 as 0 }] })).toThrow(/y must be 0 or 1/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [{ ...ok, index: 10_000 }] })).toThrow(/index/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [{ index: notDrawn, y: 0, q: q[notDrawn]! }] })).toThrow(/not drawn/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [{ ...ok, q: 1.5 }] })).toThrow(AuditInputError);
    expect(() => estimateAudit({ plan, tau: 1.5, labeled: [] })).toThrow(/tau/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [], costs: { fp: -1, fn: 1 } })).toThrow(/costs/);
    expect(() => estimateAudit({ plan, tau: 0.5, labeled: [], level: 1 })).toThrow(/level/);
  });

  it("uniformAuditBaseline labels its own draws and estimates them", () => {
    const { q, y } = world(2000, 4);
    const base = uniformAuditBaseline({ q, tau: 0.5, budget: 100, rng: mulberry32(1), label: (i) => y[i] as 0 | 1 });
    expect(base.plan.strata).toHaveLength(1);
    expect(base.labeled).toHaveLength(100);
    expect(base.estimate.labeled).toBe(100);
  });

  it("property: intervals contain the point, are ordered and bounded; cost = fp·FP + fn·FN", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), fc.integer(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (n, seed, tau, take, ma) => {
        const { q, y } = world(n, seed);
        const plan = planAudit({ q, tau, budget: 60, rng: mulberry32(seed ^ 0x5bd1e995) });
        const est = estimateAudit({ plan, tau, labeled: labelsOf(plan.order.subarray(0, take), q, y), modelAssisted: ma });
        for (const k of ["falsePositives", "falseNegatives", "errors", "cost"] as const) {
          const { value, low, high } = est[k];
          expect(low).toBeLessThanOrEqual(value + 1e-9);
          expect(value).toBeLessThanOrEqual(high + 1e-9);
          // Only the model-assisted (difference) point may leave [0, n], and then only the point.
          expect(low).toBeGreaterThanOrEqual(Math.min(0, value));
          expect(high).toBeLessThanOrEqual(Math.max(n + 1e-9, value));
          if (!ma) expect(low >= 0 && high <= n + 1e-9).toBe(true);
        }
        expect(est.cost.value).toBeCloseTo(tau * est.falsePositives.value + (1 - tau) * est.falseNegatives.value, 6);
        expect(est.errors.value).toBeCloseTo(est.falsePositives.value + est.falseNegatives.value, 6);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
