import { stratifiedScoreInterval, type ScoreCell } from "../audit/score-interval";
import { normalQuantile } from "../audit/stats";
import { AuditInputError, type Interval } from "../audit/types";
import { checkCosts, checkTau } from "../audit/validate";
import type { Costs, LabelRecord, MaybeInterval, ThresholdCurve, ThresholdPoint, ThresholdPool } from "./types";

export interface ThresholdCurveOptions {
  pool: ThresholdPool;
  labels: readonly LabelRecord[];
  /** The current threshold τ; must be one of pool.thresholds. Flips are counted against it. */
  current: number;
  /** Default c_FP = τ, c_FN = 1 − τ of the current τ: the researcher's stated cost ratio, at every τ′. */
  costs?: Costs;
  /** Confidence level, default 0.95. */
  level?: number;
}

/** Pseudo-draws of a cell without labels, as in the audit estimator (docs/decisions/audit-estimator.md). */
const IMPUTED_TRIALS = 1;

interface Cell {
  decision: 0 | 1;
  size: number;
  /** Σ over the cell's pool items of the model's error probability (1 − q if decided positive, else q). */
  sumE: number;
  labeled: number;
  errors: number;
  /** Hájek sums over labeled items: Σw, Σw², Σw·1[error] (w = 1/π). */
  sw: number;
  sw2: number;
  swErr: number;
  /** Whether all weights in the cell are equal (then the plain counts are used, exactly). */
  w0: number;
  equal: boolean;
}

/**
 * Estimates at every candidate threshold τ′ of pool.thresholds: decision counts, flips against the current τ, and
 * the false positives, false negatives, precision, recall, error rate and cost per 1000 with `level` intervals.
 *
 * Method: the audit estimator of lib/sampling/audit/estimate.ts, post-stratified by the decision at τ′: cells =
 * (group, decision at τ′), each cell's error proportion estimated from its labels (Hájek-weighted by 1/π; with equal
 * π in a group, which the audit plan gives, this is errors/labeled), totals and intervals by the stratified score
 * interval with finite-population correction; cells without labels are imputed at the model's mean error
 * probability with the weight of one draw, and the lower bound also allows them to hold no errors. Precision =
 * 1 − FP/D (D = positive decisions, known); recall = (D − FP)/(D − FP + FN), its interval from the FP and FN
 * intervals at level 1 − (1 − level)/2 each (Bonferroni), so it covers at least `level`. With no labels every
 * estimate is `{value: null, reason: "no-labels"}`; counts and flips are always given.
 *
 * Cost: O(K·(L + G)) plus a few score intervals per τ′ (K thresholds, L labels, G groups).
 * Throws AuditInputError naming the offending field for invalid input.
 */
export function thresholdCurve(options: ThresholdCurveOptions): ThresholdCurve {
  const { pool, labels } = options;
  const K = pool.thresholds.length;
  checkThresholds(pool.thresholds);
  const current = checkTau(options.current, "current");
  const currentIndex = pool.thresholds.indexOf(current);
  if (currentIndex < 0) throw new AuditInputError(`current = ${current} must be one of pool.thresholds`);
  const costs = checkCosts(options.costs, current);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new AuditInputError(`level must be in (0, 1), got ${String(level)}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const zHalf = normalQuantile(1 - (1 - level) / 4);

  const G = pool.groups.length;
  const groupIndex = new Map<number, number>();
  // Suffix sums per group: above[g][k] = items with q ≥ t_k (bins k + 1 … K).
  const total = new Float64Array(G);
  const totalQ = new Float64Array(G);
  const above: Float64Array[] = [];
  const aboveQ: Float64Array[] = [];
  for (const [gi, g] of pool.groups.entries()) {
    if (groupIndex.has(g.group)) throw new AuditInputError(`pool.groups[${gi}]: group ${g.group} appears twice`);
    groupIndex.set(g.group, gi);
    if (g.counts.length !== K + 1 || g.sumQ.length !== K + 1) throw new AuditInputError(`pool.groups[${gi}] must have ${K + 1} bins`);
    const a = new Float64Array(K + 1);
    const aq = new Float64Array(K + 1);
    for (let b = K; b >= 0; b--) {
      const n = g.counts[b]!;
      const s = g.sumQ[b]!;
      if (!(Number.isInteger(n) && n >= 0) || !(s >= 0 && s <= n + 1e-9 * n)) throw new AuditInputError(`pool.groups[${gi}] bin ${b}: need an integer count ≥ 0 and 0 ≤ sumQ ≤ count`);
      a[b] = (b < K ? a[b + 1]! : 0) + n;
      aq[b] = (b < K ? aq[b + 1]! : 0) + s;
    }
    total[gi] = a[0]!;
    totalQ[gi] = aq[0]!;
    above.push(a);
    aboveQ.push(aq);
  }
  let N = 0;
  for (let gi = 0; gi < G; gi++) N += total[gi]!;
  if (!Array.isArray(labels)) throw new AuditInputError("labels must be an array");
  for (const [k, l] of labels.entries()) {
    if (typeof l.q !== "number" || !(l.q >= 0 && l.q <= 1)) throw new AuditInputError(`labels[${k}].q must be in [0, 1], got ${String(l.q)}`);
    if (l.y !== 0 && l.y !== 1) throw new AuditInputError(`labels[${k}].y must be 0 or 1, got ${String(l.y)}`);
    if (typeof l.pi !== "number" || !(l.pi > 0 && l.pi <= 1)) throw new AuditInputError(`labels[${k}].pi must be in (0, 1], got ${String(l.pi)}`);
    if (!groupIndex.has(l.group)) throw new AuditInputError(`labels[${k}].group ${String(l.group)} is not a pool group`);
  }

  const positivesAt = (k: number) => {
    let d = 0;
    for (let gi = 0; gi < G; gi++) d += above[gi]![k + 1]!;
    return d;
  };
  const currentPositive = positivesAt(currentIndex);
  const points: ThresholdPoint[] = [];
  for (let k = 0; k < K; k++) {
    const tau = pool.thresholds[k]!;
    const positive = positivesAt(k);
    const counts = { tau, positive, negative: N - positive, flips: { toPositive: Math.max(0, positive - currentPositive), toNegative: Math.max(0, currentPositive - positive) } };
    if (labels.length === 0 || N === 0) {
      const none = { value: null, reason: "no-labels" } as const;
      points.push({ ...counts, falsePositives: none, falseNegatives: none, precision: none, recall: none, errorRate: none, costPer1000: none });
      continue;
    }
    const cells = cellsAt(k, tau);
    const fp = estimate(cells, (c) => (c.decision === 1 ? 1 : 0), z);
    const fn = estimate(cells, (c) => (c.decision === 0 ? 1 : 0), z);
    const errors = estimate(cells, () => 1, z);
    const cost = estimate(cells, (c) => (c.decision === 1 ? costs.fp : costs.fn), z);
    const fpWide = estimate(cells, (c) => (c.decision === 1 ? 1 : 0), zHalf);
    const fnWide = estimate(cells, (c) => (c.decision === 0 ? 1 : 0), zHalf);
    points.push({
      ...counts,
      falsePositives: fp,
      falseNegatives: fn,
      precision: positive > 0 ? { value: 1 - fp.value / positive, low: 1 - fp.high / positive, high: 1 - fp.low / positive } : { value: null, reason: "undefined" },
      recall: recallOf(positive, fp.value, fn.value, fpWide, fnWide),
      errorRate: scale(errors, 1 / N),
      costPer1000: scale(cost, 1000 / N),
    });
  }
  return { current, costs, level, poolSize: N, labels: labels.length, points };

  function cellsAt(k: number, tau: number): Cell[] {
    const cells: Cell[] = [];
    for (let gi = 0; gi < G; gi++) {
      const nPos = above[gi]![k + 1]!;
      const qPos = aboveQ[gi]![k + 1]!;
      const base = { labeled: 0, errors: 0, sw: 0, sw2: 0, swErr: 0, w0: 0, equal: true };
      cells.push({ decision: 0, size: total[gi]! - nPos, sumE: totalQ[gi]! - qPos, ...base });
      cells.push({ decision: 1, size: nPos, sumE: nPos - qPos, ...base });
    }
    for (const l of labels) {
      const d = l.q >= tau ? 1 : 0;
      const c = cells[2 * groupIndex.get(l.group)! + d]!;
      const w = 1 / l.pi;
      const err = l.y !== d ? 1 : 0;
      if (c.labeled === 0) c.w0 = w;
      else if (w !== c.w0) c.equal = false;
      c.labeled++;
      c.errors += err;
      c.sw += w;
      c.sw2 += w * w;
      c.swErr += w * err;
      if (c.labeled > c.size) throw new AuditInputError(`labels: more labels than pool items in group ${l.group} at τ′ = ${tau}; the pool and labels disagree`);
    }
    return cells.filter((c) => c.size > 0);
  }
}

function scoreCell(c: Cell, coef: number): ScoreCell {
  const weight = coef * c.size;
  if (c.labeled === 0) return { weight, successes: IMPUTED_TRIALS * Math.min(1, Math.max(0, c.sumE / c.size)), trials: IMPUTED_TRIALS, fpc: 1 };
  const fpc = c.size > 1 ? (c.size - c.labeled) / (c.size - 1) : 0;
  if (c.equal) return { weight, successes: c.errors, trials: c.labeled, fpc };
  // Hájek proportion with Kish's effective sample size (Σw)²/Σw².
  const trials = (c.sw * c.sw) / c.sw2;
  return { weight, successes: Math.min(trials, (c.swErr / c.sw) * trials), trials, fpc };
}

function estimate(cells: readonly Cell[], coef: (c: Cell) => number, z: number): Interval {
  const score = stratifiedScoreInterval(cells.map((c) => scoreCell(c, coef(c))), z);
  // Cells without labels are imputed, but no data rules out that they hold no errors: the lower bound allows it.
  if (!cells.some((c) => c.labeled === 0 && coef(c) > 0)) return { value: score.value, low: score.low, high: score.high };
  const labeledOnly = stratifiedScoreInterval(cells.map((c) => scoreCell(c, c.labeled === 0 ? 0 : coef(c))), z);
  return { value: score.value, low: Math.min(score.low, labeledOnly.low), high: score.high };
}

const scale = (v: Interval, f: number): Interval => ({ value: v.value * f, low: v.low * f, high: v.high * f });

/** Recall = TP/(TP + FN) with TP = D − FP; decreasing in FP and in FN, so the bounds take their opposite ends. */
function recallOf(D: number, fp: number, fn: number, fpWide: Interval, fnWide: Interval): MaybeInterval {
  const r = (f: number, n: number) => {
    const tp = Math.max(0, D - f);
    return tp + n > 0 ? tp / (tp + n) : null;
  };
  const value = r(fp, fn);
  if (value === null) return { value: null, reason: "undefined" };
  return { value, low: r(fpWide.high, fnWide.high) ?? 0, high: r(fpWide.low, fnWide.low) ?? 1 };
}

function checkThresholds(t: readonly number[]): void {
  if (!Array.isArray(t) || t.length === 0) throw new AuditInputError("pool.thresholds must be a non-empty array");
  for (let k = 0; k < t.length; k++) {
    checkTau(t[k], `pool.thresholds[${k}]`);
    if (k > 0 && !(t[k]! > t[k - 1]!)) throw new AuditInputError(`pool.thresholds must be strictly increasing (index ${k})`);
  }
}
