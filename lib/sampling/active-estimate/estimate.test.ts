import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../model/rng";
import { planRound } from "./design";
import { estimateActive } from "./estimate";
import { roundSums } from "./round-sums";
import { ActiveEstimateInputError, type ActiveLabel, type RoundSums } from "./types";

interface Scenario {
  N: number;
  q: Float64Array[]; // lagged q per round, over the whole pool
  y: Uint8Array;
  qDecision: Float64Array;
  labels: ActiveLabel[];
  sums: RoundSums[];
  /** Per round: the eligible set R_t with π, the certainty units, the random draws (pool indices). */
  log: { eligible: Map<number, number>; certain: number[]; random: number[] }[];
  tau: number;
}

/** A small adaptive run whose lagged model changes every round (so e and π differ by round). */
function scenario(seed: number, N = 40, T = 3, tau = 0.4): Scenario {
  const rng = mulberry32(seed);
  const y = Uint8Array.from({ length: N }, () => (rng() < 0.4 ? 1 : 0));
  const qDecision = Float64Array.from({ length: N }, () => rng());
  const labeled = new Uint8Array(N);
  const s: Scenario = { N, q: [], y, qDecision, labels: [], sums: [], log: [], tau };
  for (let t = 0; t < T; t++) {
    const qt = Float64Array.from({ length: N }, () => rng());
    s.q.push(qt);
    const pool = Array.from({ length: N }, (_, i) => i).filter((i) => !labeled[i]);
    const q = Float64Array.from(pool, (i) => qt[i]!);
    const plan = planRound({ q, tau, expectedSize: 5, certain: [0, 1], rng });
    const eligible = new Map<number, number>();
    pool.forEach((i, k) => plan.certain[k] || eligible.set(i, plan.pi[k]!));
    const certain = [pool[0]!, pool[1]!];
    const random = Array.from(plan.random, (k) => pool[k]!);
    s.log.push({ eligible, certain, random });
    s.sums.push(roundSums({ round: t, q, pi: plan.pi, certain: plan.certain, qDecision: Float64Array.from(pool, (i) => qDecision[i]!), taus: [tau] })[0]!);
    for (const i of certain) s.labels.push({ round: t, y: y[i] as 0 | 1, q: qt[i]!, pi: 1, certainty: true, qDecision: qDecision[i]! });
    for (const i of random) s.labels.push({ round: t, y: y[i] as 0 | 1, q: qt[i]!, pi: eligible.get(i)!, qDecision: qDecision[i]! });
    for (const i of [...certain, ...random]) labeled[i] = 1;
  }
  return s;
}

/** θ̂ = (1/T)Σ_t θ̂_t straight from the definition, with V_design and V_model, for FP (side 1) or FN (side 0). */
function bruteForce(s: Scenario, side: 0 | 1) {
  const T = s.log.length;
  const d = (i: number) => (s.qDecision[i]! >= s.tau ? 1 : 0);
  const g = (i: number) => (side === 1 ? d(i) * (1 - s.y[i]!) : (1 - d(i)) * s.y[i]!);
  const e = (i: number, t: number) => (side === 1 ? d(i) * (1 - s.q[t]![i]!) : (1 - d(i)) * s.q[t]![i]!);
  const a = (i: number) => (side === 1 ? d(i) : 1 - d(i));
  let total = 0;
  let design = 0;
  let model = 0;
  const before: number[] = [];
  s.log.forEach(({ eligible, certain, random }, t) => {
    let est = 0;
    for (const i of before) est += g(i);
    for (const i of certain) est += g(i);
    for (const [i, p] of eligible) {
      est += e(i, t);
      const qi = s.q[t]![i]!;
      model += (a(i) * qi * (1 - qi) * (1 - p)) / p;
    }
    for (const i of random) {
      const p = eligible.get(i)!;
      est += (g(i) - e(i, t)) / p;
      design += ((g(i) - e(i, t)) ** 2 * (1 - p)) / (p * p);
    }
    total += est;
    before.push(...certain, ...random);
  });
  return { raw: total / T, design: design / (T * T), model: model / (T * T) };
}

const D = (s: Scenario) => s.qDecision.filter((v) => v >= s.tau).length;
const estimateOf = (s: Scenario, labels = s.labels, sums = s.sums) =>
  estimateActive({ labels, rounds: sums, pool: { size: s.N, decidedPositive: D(s) }, tau: s.tau });

describe("estimateActive", () => {
  it("equals the round-averaged definition (1/T)Σ_t θ̂_t, with its design and model variances", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = scenario(seed);
      const est = estimateOf(s);
      for (const [side, iv] of [[1, est.falsePositives], [0, est.falseNegatives]] as const) {
        const ref = bruteForce(s, side);
        expect(iv.raw).toBeCloseTo(ref.raw, 9);
        expect(iv.designSe).toBeCloseTo(Math.sqrt(ref.design), 9);
        expect(iv.modelSe).toBeCloseTo(Math.sqrt(ref.model), 9);
        expect(iv.modelBound).toBe(ref.model > ref.design);
      }
      expect(est.labels).toBe(s.labels.length);
      expect(est.certaintyLabels).toBe(6);
      expect(est.rounds).toBe(3);
    }
  });

  it("does not depend on the order of the labels (within and across rounds) nor of the rounds", () => {
    const s = scenario(7);
    const base = estimateOf(s);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: s.labels.length, maxLength: s.labels.length }), fc.boolean(), (keys, reverse) => {
        const labels = s.labels.map((l, k) => ({ l, key: keys[k]! })).sort((a, b) => a.key - b.key).map((x) => x.l);
        const sums = reverse ? [...s.sums].reverse() : s.sums;
        expect(estimateOf(s, labels, sums)).toEqual(base);
      }),
      { seed: 7, numRuns: 50 },
    );
  });

  it("a census (every item a certainty unit) is exact with zero width", () => {
    const s = scenario(3, 20, 1);
    const labels: ActiveLabel[] = Array.from({ length: 20 }, (_, i) => ({ round: 0, y: s.y[i] as 0 | 1, q: s.q[0]![i]!, pi: 1, certainty: true, qDecision: s.qDecision[i]! }));
    const est = estimateOf(s, labels, [{ round: 0, sumEFp: 0, sumEFn: 0, modelVarFp: 0, modelVarFn: 0 }]);
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < 20; i++) {
      if (s.qDecision[i]! >= s.tau && s.y[i] === 0) fp++;
      if (s.qDecision[i]! < s.tau && s.y[i] === 1) fn++;
    }
    expect([est.falsePositives.low, est.falsePositives.value, est.falsePositives.high]).toEqual([fp, fp, fp]);
    expect([est.falseNegatives.low, est.falseNegatives.value, est.falseNegatives.high]).toEqual([fn, fn, fn]);
    expect(est.cost.value).toBeCloseTo(0.4 * fp + 0.6 * fn, 12);
    expect(est.errorRate.value).toBeCloseTo((fp + fn) / 20, 12);
    expect(est.precision!.value).toBeCloseTo(1 - fp / D(s), 12);
  });

  it("clips intervals to what the labels prove and derives precision from FP with the known D", () => {
    const s = scenario(11, 200, 2);
    const est = estimateOf(s);
    const fp = est.falsePositives;
    const labeledPos = s.labels.filter((l) => l.qDecision! >= s.tau).length;
    expect(fp.provenLow).toBe(est.labeledFalsePositives);
    expect(fp.provenHigh).toBe(est.labeledFalsePositives + D(s) - labeledPos);
    for (const iv of [est.falsePositives, est.falseNegatives, est.errors, est.cost, est.precision!, est.recall!]) {
      expect(iv.low).toBeGreaterThanOrEqual(iv.provenLow);
      expect(iv.high).toBeLessThanOrEqual(iv.provenHigh);
      expect(iv.low).toBeLessThanOrEqual(iv.value);
      expect(iv.value).toBeLessThanOrEqual(iv.high);
    }
    expect(est.precision!.value).toBeCloseTo(1 - fp.value / D(s), 12);
    expect(est.precision!.low).toBeCloseTo(1 - fp.high / D(s), 12);
    const tp = D(s) - fp.value;
    expect(est.recall!.value).toBeCloseTo(tp / (tp + est.falseNegatives.value), 12);
    // Cost and errors are linear in FP and FN, whose residuals live on disjoint items: variances add.
    const fn = est.falseNegatives;
    expect(est.cost.raw).toBeCloseTo(0.4 * fp.raw + 0.6 * fn.raw, 9);
    expect(est.cost.designSe ** 2).toBeCloseTo(0.16 * fp.designSe ** 2 + 0.36 * fn.designSe ** 2, 9);
    expect(est.cost.modelSe ** 2).toBeCloseTo(0.16 * fp.modelSe ** 2 + 0.36 * fn.modelSe ** 2, 9);
    expect(est.errorRate.raw).toBeCloseTo((fp.raw + fn.raw) / s.N, 12);
    expect(est.errors.modelSe ** 2).toBeCloseTo(fp.modelSe ** 2 + fn.modelSe ** 2, 9);
    expect(est.effectiveSampleSize).toBeGreaterThan(0);
    expect(est.effectiveSampleSize).toBeLessThanOrEqual(est.labels + 1e-9);
  });

  it("reports no precision when nothing is decided positive", () => {
    const est = estimateActive({ labels: [{ round: 0, y: 0, q: 0.1, pi: 1, certainty: true }], rounds: [{ round: 0, sumEFp: 0, sumEFn: 0.5, modelVarFp: 0, modelVarFn: 1 }], pool: { size: 5, decidedPositive: 0 }, tau: 0.5 });
    expect(est.precision).toBeNull();
    expect(est.falsePositives.value).toBe(0);
  });

  it("rejects invalid or inconsistent input, naming the field", () => {
    const s = scenario(2);
    const ok = { labels: s.labels, rounds: s.sums, pool: { size: s.N, decidedPositive: D(s) }, tau: s.tau };
    const bad = (patch: object, re: RegExp) => expect(() => estimateActive({ ...ok, ...patch })).toThrow(re);
    bad({ tau: 0 }, /tau/);
    bad({ level: 1 }, /level/);
    bad({ rounds: [] }, /rounds must be a non-empty/);
    bad({ rounds: [...s.sums, s.sums[0]] }, /appears twice/);
    bad({ rounds: [{ ...s.sums[0]!, sumEFp: Number.NaN }] }, /rounds\[0\]\.sumEFp/);
    bad({ pool: { size: s.N, decidedPositive: s.N + 1 } }, /decidedPositive/);
    bad({ pool: { size: s.N, decidedPositive: 0 } }, /decided positive/);
    bad({ labels: [{ ...s.labels[0]!, round: 99 }] }, /labels\[0\]\.round/);
    bad({ labels: [{ ...s.labels[0]!, pi: 0 }] }, /labels\[0\]\.pi/);
    bad({ labels: [{ ...s.labels[0]!, certainty: true, pi: 0.5 }] }, /certainty unit/);
    bad({ labels: [{ ...s.labels[0]!, y: 2 }] }, /labels\[0\]\.y/);
    bad({ labels: [{ ...s.labels[0]!, q: -0.1 }] }, /labels\[0\]\.q/);
    expect(() => estimateActive({ ...ok, tau: 2 })).toThrow(ActiveEstimateInputError);
  });
});

describe("roundSums", () => {
  it("histogram bins with counts give the same sums as the items", () => {
    const q = [0.05, 0.05, 0.3, 0.3, 0.3, 0.8];
    const pi = [0.2, 0.2, 0.5, 0.5, 0.5, 1];
    const taus = [0.1, 0.5];
    const items = roundSums({ round: 0, q, pi, taus });
    const bins = roundSums({ round: 0, q: [0.05, 0.3, 0.8], pi: [0.2, 0.5, 1], count: [2, 3, 1], taus });
    items.forEach((s, k) => {
      for (const f of ["sumEFp", "sumEFn", "modelVarFp", "modelVarFn"] as const) expect(bins[k]![f]).toBeCloseTo(s[f], 12);
    });
    expect(items[0]!.sumEFn).toBeCloseTo(0.1, 12);
    expect(items[0]!.sumEFp).toBeCloseTo(3 * 0.7 + 0.2, 12);
    expect(items[1]!.modelVarFn).toBeCloseTo(2 * ((0.05 * 0.95 * 0.8) / 0.2) + 3 * ((0.3 * 0.7 * 0.5) / 0.5), 12);
  });

  it("rejects mismatched lengths and invalid thresholds", () => {
    expect(() => roundSums({ round: 0, q: [0.1, 0.2], pi: [0.5], taus: [0.5] })).toThrow(/pi has 1 entries/);
    expect(() => roundSums({ round: 0, q: [0.1], pi: [0.5], taus: [1] })).toThrow(/taus\[0\]/);
    expect(() => roundSums({ round: -1, q: [0.1], pi: [0.5], taus: [0.5] })).toThrow(/round/);
  });
});
