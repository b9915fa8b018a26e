import { describe, expect, it } from "vitest";
import { estimateAudit } from "../audit/estimate";
import { planAudit } from "../audit/plan";
import { mulberry32 } from "../audit/stats";
import { AuditInputError } from "../audit/types";
import { thresholdCurve } from "./curve";
import { findTarget, interpolatePoint, thresholdGrid } from "./grid";
import type { PoolGroupBins, ThresholdPool } from "./types";

/** Bins q by the thresholds, per group: the histogram the service builds with SQL, built here by brute force. */
function poolOf(q: ArrayLike<number>, group: ArrayLike<number>, thresholds: number[]): ThresholdPool {
  const K = thresholds.length;
  const byGroup = new Map<number, PoolGroupBins & { counts: number[]; sumQ: number[] }>();
  for (let i = 0; i < q.length; i++) {
    const g = group[i]!;
    if (!byGroup.has(g)) byGroup.set(g, { group: g, counts: new Array<number>(K + 1).fill(0), sumQ: new Array<number>(K + 1).fill(0) });
    const bins = byGroup.get(g)!;
    const b = thresholds.filter((t) => q[i]! >= t).length;
    bins.counts[b]!++;
    bins.sumQ[b]! += q[i]!;
  }
  return { thresholds, groups: [...byGroup.values()] };
}

function world(n: number, seed: number) {
  const r = mulberry32(seed);
  const q = Float64Array.from({ length: n }, () => r());
  const y = Uint8Array.from(q, (p) => (r() < p ? 1 : 0));
  return { q, y };
}

describe("thresholdCurve", () => {
  const { q, y } = world(4000, 11);
  const tau = 0.7;
  const plan = planAudit({ q, tau, budget: 240, rng: mulberry32(12) });
  const thresholds = [0.3, 0.55, 0.7, 0.82, 0.9, 0.97];
  const pool = poolOf(q, plan.assignments, thresholds);
  const pis = plan.strata.map((s) => s.inclusionProbability);
  const labeledIdx = Array.from(plan.order.subarray(0, 150));
  const labels = labeledIdx.map((i) => ({ q: q[i]!, y: y[i] as 0 | 1, pi: pis[plan.assignments[i]!]!, group: plan.assignments[i]! }));
  const curve = thresholdCurve({ pool, labels, current: tau });

  it("equals the audit estimator post-stratified by the decision at every τ′", () => {
    for (const p of curve.points) {
      const audit = estimateAudit({ plan, tau: p.tau, costs: { fp: tau, fn: 1 - tau }, labeled: labeledIdx.map((i) => ({ index: i, y: y[i] as 0 | 1, q: q[i]! })) });
      for (const [mine, theirs] of [
        [p.falsePositives, audit.falsePositives],
        [p.falseNegatives, audit.falseNegatives],
        [p.errorRate, audit.errorRate],
        [p.costPer1000, { value: (audit.cost.value * 1000) / 4000, low: (audit.cost.low * 1000) / 4000, high: (audit.cost.high * 1000) / 4000 }],
      ] as const) {
        expect(mine.value).toBeCloseTo(theirs.value, 9);
        if (mine.value === null) throw new Error("expected an estimate");
        expect(mine.low).toBeCloseTo(theirs.low, 6);
        expect(mine.high).toBeCloseTo(theirs.high, 6);
      }
    }
  });

  it("counts decisions and flips against the current τ exactly", () => {
    for (const p of curve.points) {
      const pos = q.filter((v) => v >= p.tau).length;
      const toPositive = q.filter((v) => v >= p.tau && v < tau).length;
      const toNegative = q.filter((v) => v < p.tau && v >= tau).length;
      expect([p.positive, p.negative, p.flips.toPositive, p.flips.toNegative]).toEqual([pos, 4000 - pos, toPositive, toNegative]);
    }
    expect(curve.points.find((p) => p.tau === tau)!.flips).toEqual({ toPositive: 0, toNegative: 0 });
  });

  it("derives precision from FP and recall from Bonferroni FP and FN bounds, inside [0, 1]", () => {
    for (const p of curve.points) {
      if (p.precision.value === null || p.falsePositives.value === null || p.recall.value === null || p.falseNegatives.value === null) throw new Error("expected estimates");
      expect(p.precision.value).toBeCloseTo(1 - p.falsePositives.value / p.positive, 12);
      expect(p.precision.low).toBeCloseTo(1 - p.falsePositives.high / p.positive, 12);
      const tp = p.positive - p.falsePositives.value;
      expect(p.recall.value).toBeCloseTo(tp / (tp + p.falseNegatives.value), 12);
      // The recall interval uses wider (97.5%) FP and FN intervals, so it contains the 95% plug-in bounds.
      const lowPlug = (p.positive - p.falsePositives.high) / (p.positive - p.falsePositives.high + p.falseNegatives.high);
      expect(p.recall.low).toBeLessThanOrEqual(lowPlug + 1e-12);
      expect(p.recall.low).toBeGreaterThanOrEqual(0);
      expect(p.recall.high).toBeLessThanOrEqual(1);
    }
  });

  it("gives counts but an explicit no-estimate state for every field when nothing is labeled", () => {
    const empty = thresholdCurve({ pool, labels: [], current: tau });
    const p = empty.points[0]!;
    expect(p.positive).toBe(q.filter((v) => v >= 0.3).length);
    for (const f of [p.falsePositives, p.falseNegatives, p.precision, p.recall, p.errorRate, p.costPer1000]) expect(f).toEqual({ value: null, reason: "no-labels" });
  });

  it("weights labels by 1/π (Hájek) when π differs within a group", () => {
    // One group of 100 items, all decided positive at τ′ = 0.5; two labels: an error with π = 0.5, a correct one with π = 0.1.
    const qs = Array.from({ length: 100 }, () => 0.8);
    const p = thresholdCurve({
      pool: poolOf(qs, new Array<number>(100).fill(0), [0.5]),
      labels: [{ q: 0.8, y: 0, pi: 0.5, group: 0 }, { q: 0.8, y: 1, pi: 0.1, group: 0 }],
      current: 0.5,
    }).points[0]!;
    // Hájek proportion = (1/0.5) / (1/0.5 + 1/0.1) = 2/12.
    expect(p.falsePositives.value).toBeCloseTo((100 * 2) / 12, 12);
  });

  it("rejects invalid input naming the field", () => {
    expect(() => thresholdCurve({ pool, labels, current: 0.71 })).toThrow(/current = 0.71 must be one of/);
    expect(() => thresholdCurve({ pool: { ...pool, thresholds: [0.5, 0.4] }, labels, current: 0.5 })).toThrow(AuditInputError);
    expect(() => thresholdCurve({ pool, labels: [{ q: 0.5, y: 1, pi: 0, group: 0 }], current: tau })).toThrow(/labels\[0\]\.pi/);
    expect(() => thresholdCurve({ pool, labels: [{ q: 0.5, y: 1, pi: 0.1, group: 99 }], current: tau })).toThrow(/labels\[0\]\.group/);
  });
});

describe("thresholdGrid, interpolatePoint, findTarget", () => {
  it("spaces thresholds evenly and validates its input", () => {
    expect(thresholdGrid(0.2, 0.4, 4).edges).toEqual([0.2, 0.2 + 1 * 0.05, 0.2 + 2 * 0.05, 0.2 + 3 * 0.05, 0.2 + 4 * 0.05].map((e, k) => 0.2 + k * ((0.4 - 0.2) / 4)));
    expect(thresholdGrid(0.5, 0.5, 10).edges).toEqual([0.5]);
    expect(() => thresholdGrid(0.6, 0.5, 10)).toThrow(/from \(0.6\) must not exceed to/);
    expect(() => thresholdGrid(0.1, 0.5, 0)).toThrow(/steps/);
    expect(() => thresholdGrid(0.1, 0.5, 1001)).toThrow(/steps/);
    expect(() => thresholdGrid(0, 0.5, 10)).toThrow(/from must be in/);
  });

  const { q, y } = world(3000, 21);
  const thresholds = thresholdGrid(0.05, 0.95, 18).edges;
  const group = new Array<number>(3000).fill(0);
  const r = mulberry32(22);
  const labels = Array.from(q)
    .map((v, i) => ({ q: v, y: y[i] as 0 | 1, pi: 0.1, group: 0 }))
    .filter(() => r() < 0.1);
  const curve = thresholdCurve({ pool: poolOf(q, group, thresholds), labels, current: thresholds[10]! });

  it("interpolates between points and returns the points themselves on them", () => {
    const [a, b] = [curve.points[4]!, curve.points[5]!];
    const mid = interpolatePoint(curve.points, (a.tau + b.tau) / 2)!;
    expect(mid.positive).toBe(Math.round((a.positive + b.positive) / 2));
    if (mid.precision.value === null || a.precision.value === null || b.precision.value === null) throw new Error("expected estimates");
    expect(mid.precision.low).toBeCloseTo((a.precision.low + b.precision.low) / 2, 12);
    expect(interpolatePoint(curve.points, b.tau)).toBe(b);
    expect(interpolatePoint(curve.points, 0.01)).toBe(curve.points[0]);
  });

  it("finds the smallest τ′ whose bound meets the target, or none", () => {
    const hit = findTarget(curve.points, { kind: "precision", atLeast: 0.8 })!;
    expect(hit.precision.value !== null && hit.precision.low >= 0.8).toBe(true);
    for (const p of curve.points.filter((p) => p.tau < hit.tau)) expect(p.precision.value !== null && p.precision.low >= 0.8).toBe(false);
    expect(findTarget(curve.points, { kind: "precision", atLeast: 0.9999 })).toBeNull();
    const fp = findTarget(curve.points, { kind: "falsePositives", atMost: 50 })!;
    expect(fp.falsePositives.value !== null && fp.falsePositives.high <= 50).toBe(true);
  });
});
