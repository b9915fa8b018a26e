/**
 * "Every label counts" (sampling.md §5b): FP, FN, errors, error rate, cost, precision and recall of the
 * decisions d_i = 1[qDecision_i ≥ τ′] over the whole pool, from every label — randomized draws and
 * deterministic certainty units alike — with the model's error probability as a control variate.
 *
 * Method. θ = Σ_i g_i over the pool, with FP: g = d(1 − y), e = d(1 − q); FN: g = (1 − d)y, e = (1 − d)q,
 * where q is the lagged model of the round (the one that set π). Round t (of T) gives
 *   θ̂_t = Σ_{R_t} e_i + Σ_{labeled before t} g_i + Σ_{A_t} g_i + Σ_{S_t} (g_i − e_i)/π_ti,
 * with A_t the certainty units, R_t the unlabeled rest the Poisson draw S_t came from. Given the past,
 * θ̂_t is unbiased for θ (Horvitz–Thompson on R_t with a control variate: the prediction-powered /
 * active-inference form of Zrnic & Candès 2024, "Active Statistical Inference"; the round-by-round
 * inverse-probability weighting of actively chosen test points follows Kossen et al. 2021, "Active Testing").
 * θ̂ = (1/T)Σ_t θ̂_t; equivalently θ̂ = (1/T)Σ_t Σ_{R_t} e + Σ_labels c_i·g_i − Σ_{random} e_i/(Tπ_i) with
 * c_i = (T − s_i)/T for a certainty unit of round s_i and c_i = 1/(Tπ_i) + (T − 1 − s_i)/T for a draw.
 * Summing the rounds instead of averaging them counts the unlabeled items once per round (the prototype
 * measured −17% to −105% bias).
 * Variance. The θ̂_t − θ are martingale differences, so Var θ̂ = T⁻²Σ_t E Var_t:
 *   V_design = T⁻² Σ_t Σ_{S_t} (g − e)²(1 − π)/π²,  V_model = T⁻² Σ_t Σ_{R_t} a²q(1 − q)(1 − π)/π
 * (a = d for FP, 1 − d for FN). The interval is value ± z·√max(V_design, V_model), clipped to what the labels
 * prove. V_design alone is blind to errors in low-π regions until one is drawn (≥ 93% coverage in only ~50%
 * of the prototype's cells); V_model alone trusts the model; the larger of the two covered in 99–100% of cells.
 * Precision = 1 − FP/D with D = Σd known exactly. Recall R = TP/(TP + FN) by the delta method: the residual
 * z = y(d − R̂), control variate q(d − R̂), variance / P̂², the same max rule.
 *
 * Assumptions (the guarantees hold under them, and only then):
 * 1. π_ti > 0 for every item of R_t and is the true probability of the draw (design.ts ensures both);
 *    draws are independent given the past (Poisson sampling); certainty units are labeled with π = 1.
 * 2. The control variate of round t (its q) and its π were fixed before the round's draw: a lagged model.
 *    A control variate from a model refit on the round's own labels breaks unbiasedness (prototype: FN
 *    coverage 37–63%); the lagged one restored 95–100%.
 * 3. The decisions d being estimated do not depend on the draws: a fixed decision model (`qDecision`). The
 *    current model, refit on these very labels, is only approximately covered (prototype with Platt refits:
 *    69–91% at 100 labels, 87–98% from 250).
 * 4. Every drawn item of every round passed in is labeled (a round is passed only when complete); a skipped
 *    draw whose skip depends on y biases the estimate.
 * 5. The intervals are normal approximations: with few labels and far τ they lean on V_model, i.e. on the
 *    model's calibration; an over-confident model in a low-π tail is where they can under-cover.
 *
 * Interface (how a server feeds it at any pool size): per label, an `ActiveLabel` recorded when served;
 * per round, one `RoundSums` per τ′ (round-sums.ts: additive per item, computable from a q histogram kept
 * with the round); per τ′, the pool size N and the decided-positive count D. Nothing here scales with N.
 */
import { normalQuantile } from "../audit/stats";
import { ActiveEstimateInputError, type ActiveEstimate, type ActiveInterval, type ActiveLabel, type PoolSummary, type RoundSums } from "./types";

export interface EstimateActiveOptions {
  /** Every label, each naming its round (order is irrelevant). */
  labels: readonly ActiveLabel[];
  /** One `RoundSums` per completed round, for this τ′; rounds are ordered by their `round` number. */
  rounds: readonly RoundSums[];
  /** N and D = #{qDecision ≥ τ′} over the whole pool, labeled items included. */
  pool: PoolSummary;
  /** τ′: the threshold whose decisions are estimated. */
  tau: number;
  /** Default c_FP = τ′, c_FN = 1 − τ′. */
  costs?: { fp: number; fn: number };
  /** Confidence level, default 0.95. */
  level?: number;
}

/** Linear accumulators of one target (FP or FN side). */
interface Side {
  raw: number;
  design: number;
  model: number;
  found: number;
  labeled: number;
}

/**
 * Estimates at τ′ from all labels; see the module comment for the method and its assumptions.
 * Throws ActiveEstimateInputError naming the field on invalid or inconsistent input.
 */
export function estimateActive(options: EstimateActiveOptions): ActiveEstimate {
  const { tau } = options;
  if (typeof tau !== "number" || !(tau > 0 && tau < 1)) throw new ActiveEstimateInputError(`tau must be in (0, 1), got ${String(tau)}`);
  const costs = options.costs ?? { fp: tau, fn: 1 - tau };
  if (!(Number.isFinite(costs.fp) && costs.fp >= 0 && Number.isFinite(costs.fn) && costs.fn >= 0)) {
    throw new ActiveEstimateInputError(`costs.fp and costs.fn must be finite and ≥ 0, got ${String(costs.fp)}, ${String(costs.fn)}`);
  }
  const level = options.level ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new ActiveEstimateInputError(`level must be in (0, 1), got ${String(level)}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const { size: N, decidedPositive: D } = options.pool ?? ({} as PoolSummary);
  if (!Number.isInteger(N) || N < 1) throw new ActiveEstimateInputError(`pool.size must be a positive integer, got ${String(N)}`);
  if (!Number.isInteger(D) || D < 0 || D > N) throw new ActiveEstimateInputError(`pool.decidedPositive must be an integer in [0, ${N}], got ${String(D)}`);

  const roundIndex = indexRounds(options.rounds);
  const T = roundIndex.size;
  const labels = sortedLabels(options.labels, roundIndex);
  if (labels.length > N) throw new ActiveEstimateInputError(`${labels.length} labels for a pool of ${N} items`);

  const fp: Side = { raw: 0, design: 0, model: 0, found: 0, labeled: 0 };
  const fn: Side = { raw: 0, design: 0, model: 0, found: 0, labeled: 0 };
  // Summed in round order, so the floating-point result does not depend on the order they were passed in.
  for (const r of [...options.rounds].sort((a, b) => a.round - b.round)) {
    fp.raw += r.sumEFp / T;
    fn.raw += r.sumEFn / T;
    fp.model += r.modelVarFp / (T * T);
    fn.model += r.modelVarFn / (T * T);
  }
  let sumC = 0;
  let sumC2 = 0;
  let randomLabels = 0;
  for (const label of labels) {
    const s = roundIndex.get(label.round)!;
    const d = (label.qDecision ?? label.q) >= tau;
    const side = d ? fp : fn;
    const g = d ? 1 - label.y : label.y;
    const e = d ? 1 - label.q : label.q;
    side.found += g;
    side.labeled++;
    let c: number;
    if (label.certainty) {
      c = (T - s) / T;
      side.raw += c * g;
    } else {
      randomLabels++;
      const p = label.pi;
      c = 1 / (T * p) + (T - 1 - s) / T;
      side.raw += ((T - 1 - s) / T) * g + (g - e) / (T * p);
      side.design += ((g - e) ** 2 * (1 - p)) / (p * p * T * T);
    }
    sumC += c;
    sumC2 += c * c;
  }
  if (fp.labeled > D) throw new ActiveEstimateInputError(`${fp.labeled} labels are decided positive at τ′ = ${tau}, but pool.decidedPositive is ${D}`);
  if (fn.labeled > N - D) throw new ActiveEstimateInputError(`${fn.labeled} labels are decided negative at τ′ = ${tau}, but the pool has only ${N - D}`);

  const fpMax = fp.found + (D - fp.labeled);
  const fnMax = fn.found + (N - D - fn.labeled);
  const combine = (a: number, b: number, scale = 1): ActiveInterval =>
    interval(
      (a * fp.raw + b * fn.raw) / scale,
      (a * a * fp.design + b * b * fn.design) / (scale * scale),
      (a * a * fp.model + b * b * fn.model) / (scale * scale),
      (a * fp.found + b * fn.found) / scale,
      (a * fpMax + b * fnMax) / scale,
      z,
    );
  const falsePositives = combine(1, 0);
  const falseNegatives = combine(0, 1);
  const precision = D > 0 ? precisionOf(falsePositives, D) : null;
  const recall = recallOf(labels, T, tau, D, fp, fn, falsePositives, falseNegatives, fpMax, fnMax, z);
  return {
    tau,
    costs: { fp: costs.fp, fn: costs.fn },
    level,
    poolSize: N,
    decidedPositive: D,
    falsePositives,
    falseNegatives,
    errors: combine(1, 1),
    errorRate: combine(1, 1, N),
    cost: combine(costs.fp, costs.fn),
    precision,
    recall,
    labels: labels.length,
    randomLabels,
    certaintyLabels: labels.length - randomLabels,
    rounds: T,
    effectiveSampleSize: sumC2 > 0 ? (sumC * sumC) / sumC2 : 0,
    labeledFalsePositives: fp.found,
    labeledFalseNegatives: fn.found,
  };
}

/** value = raw clamped to [lo, hi] (the truth lies there, so clamping never moves the estimate away from it). */
function interval(raw: number, design: number, model: number, lo: number, hi: number, z: number): ActiveInterval {
  const value = Math.min(hi, Math.max(lo, raw));
  const half = z * Math.sqrt(Math.max(design, model));
  return {
    value,
    raw,
    low: Math.max(lo, value - half),
    high: Math.min(hi, value + half),
    provenLow: lo,
    provenHigh: hi,
    designSe: Math.sqrt(design),
    modelSe: Math.sqrt(model),
    modelBound: model > design,
  };
}

function precisionOf(fp: ActiveInterval, D: number): ActiveInterval {
  return {
    value: 1 - fp.value / D,
    raw: 1 - fp.raw / D,
    low: 1 - fp.high / D,
    high: 1 - fp.low / D,
    provenLow: 1 - fp.provenHigh / D,
    provenHigh: 1 - fp.provenLow / D,
    designSe: fp.designSe / D,
    modelSe: fp.modelSe / D,
    modelBound: fp.modelBound,
  };
}

/** Recall by the delta method (module comment); null when the estimated number of positives is 0. */
function recallOf(
  labels: readonly ActiveLabel[],
  T: number,
  tau: number,
  D: number,
  fp: Side,
  fn: Side,
  fpI: ActiveInterval,
  fnI: ActiveInterval,
  fpMax: number,
  fnMax: number,
  z: number,
): ActiveInterval | null {
  const ratio = (tp: number, fnCount: number, empty: number) => (tp + fnCount > 0 ? tp / (tp + fnCount) : empty);
  const positives = D - fpI.value + fnI.value;
  if (!(positives > 0)) return null;
  const R = (D - fpI.value) / positives;
  const rawPositives = D - fpI.raw + fnI.raw;
  const raw = rawPositives > 0 ? (D - fpI.raw) / rawPositives : R;
  let design = 0;
  for (const label of labels) {
    if (label.certainty) continue;
    const d = (label.qDecision ?? label.q) >= tau ? 1 : 0;
    const p = label.pi;
    design += ((label.y - label.q) ** 2 * (d - R) ** 2 * (1 - p)) / (p * p * T * T);
  }
  const model = (1 - R) ** 2 * fp.model + R * R * fn.model;
  const lo = ratio(D - fpMax, fnMax, 0);
  const hi = ratio(D - fp.found, fn.found, 1);
  const scaled = interval(R, design / (positives * positives), model / (positives * positives), lo, hi, z);
  return { ...scaled, raw };
}

function indexRounds(rounds: readonly RoundSums[]): Map<number, number> {
  if (!Array.isArray(rounds) || rounds.length === 0) throw new ActiveEstimateInputError("rounds must be a non-empty array of RoundSums");
  for (const [k, r] of rounds.entries()) {
    if (r == null || !Number.isInteger(r.round) || r.round < 0) throw new ActiveEstimateInputError(`rounds[${k}].round must be an integer ≥ 0, got ${String(r?.round)}`);
    for (const f of ["sumEFp", "sumEFn", "modelVarFp", "modelVarFn"] as const) {
      if (typeof r[f] !== "number" || !(r[f] >= 0) || !Number.isFinite(r[f])) throw new ActiveEstimateInputError(`rounds[${k}].${f} must be a finite number ≥ 0, got ${String(r[f])}`);
    }
  }
  const ids = rounds.map((r) => r.round).sort((a, b) => a - b);
  for (let k = 1; k < ids.length; k++) if (ids[k] === ids[k - 1]) throw new ActiveEstimateInputError(`round ${ids[k]} appears twice in rounds`);
  return new Map(ids.map((id, k) => [id, k]));
}

/** Validates the labels and sorts them canonically, so the floating-point sums do not depend on input order. */
function sortedLabels(labels: readonly ActiveLabel[], roundIndex: Map<number, number>): ActiveLabel[] {
  if (!Array.isArray(labels)) throw new ActiveEstimateInputError("labels must be an array");
  for (const [k, l] of labels.entries()) {
    if (l == null || typeof l !== "object") throw new ActiveEstimateInputError(`labels[${k}] must be an object`);
    if (!roundIndex.has(l.round)) throw new ActiveEstimateInputError(`labels[${k}].round = ${String(l.round)} is not one of the rounds passed`);
    if (l.y !== 0 && l.y !== 1) throw new ActiveEstimateInputError(`labels[${k}].y must be 0 or 1, got ${String(l.y)}`);
    if (typeof l.q !== "number" || !(l.q >= 0 && l.q <= 1)) throw new ActiveEstimateInputError(`labels[${k}].q must be in [0, 1], got ${String(l.q)}`);
    if (l.qDecision !== undefined && (typeof l.qDecision !== "number" || !(l.qDecision >= 0 && l.qDecision <= 1))) {
      throw new ActiveEstimateInputError(`labels[${k}].qDecision must be in [0, 1], got ${String(l.qDecision)}`);
    }
    if (typeof l.pi !== "number" || !(l.pi > 0 && l.pi <= 1)) throw new ActiveEstimateInputError(`labels[${k}].pi must be in (0, 1], got ${String(l.pi)}`);
    if (l.certainty && l.pi !== 1) throw new ActiveEstimateInputError(`labels[${k}] is a certainty unit, so its pi must be 1, got ${l.pi}`);
  }
  return [...labels].sort(
    (a, b) =>
      a.round - b.round ||
      (a.certainty ? 1 : 0) - (b.certainty ? 1 : 0) ||
      a.q - b.q ||
      a.pi - b.pi ||
      a.y - b.y ||
      (a.qDecision ?? a.q) - (b.qDecision ?? b.q),
  );
}
