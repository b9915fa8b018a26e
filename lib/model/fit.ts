/**
 * fitDecisionModel: MAP fit of the decision model (sampling.md §2), a bootstrap ensemble for per-item
 * uncertainty (Efron & Tibshirani 1993; members warm-started at the MAP), and the calibration map fitted on
 * K-fold cross-fitted logits (Chernozhukov et al. 2018's cross-fitting; here to keep in-sample optimism out of
 * the map). Scores-only models are Platt/Beta scaling with a prior: the fit *is* the calibration, weighted per
 * the calibration variant.
 */
import { fitCalibrationMap, IDENTITY_CALIBRATION, inclusionWeights, type CalibrationMap } from "./calibration";
import { defaultModelConfig, lowNames, lowPriorMean, lowPriorPrecision, validateModelConfig, type ModelConfig } from "./config";
import type { DecisionModel, FitMetrics } from "./decision-model";
import { buildDesign, designLogits, type Design } from "./design";
import { hasherFor } from "./feature-hasher";
import { fitLogistic, lowHessian, textHessianDiag, type GaussianPrior } from "./logistic";
import { softplus } from "./math";
import { lowFeatures } from "./low-features";
import { randomInt, type Rng } from "./rng";
import type { SparseVector } from "./sparse";

export interface TrainingExample {
  text: string;
  score: number | null;
  y: 0 | 1;
  /** known for random/audit labels, null for actively chosen ones */
  inclusionProbability: number | null;
  /** precomputed hashed features (must match config.text); computed from `text` when absent */
  features?: SparseVector;
}

export interface FitOptionsExtra {
  /** previous model with the same config: its weights warm-start the optimiser */
  warmStart?: DecisionModel;
}

function meanLogLoss(z: ArrayLike<number>, y: Uint8Array, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const u = a * z[i]! + b;
    s += softplus(u) - y[i]! * u;
  }
  return y.length ? s / y.length : 0;
}

function warmTheta(d: Design, prev: DecisionModel | undefined, mean: number[]): Float64Array {
  const theta = new Float64Array(d.p + d.F);
  for (let j = 0; j < d.p; j++) theta[j] = prev && prev.low.length === d.p ? prev.low[j]! : mean[j]!;
  if (prev?.text && d.F > 0) {
    const m = new Map<number, number>();
    prev.text.idx.forEach((b, k) => m.set(b, prev.text!.w[k]!));
    for (let c = 0; c < d.F; c++) theta[d.p + c] = m.get(d.featIdx[c]!) ?? 0;
  }
  return theta;
}

export function fitDecisionModel(examples: TrainingExample[], config: ModelConfig, rng: Rng, extra: FitOptionsExtra = {}): DecisionModel {
  validateModelConfig(config);
  const n = examples.length;
  const p = lowNames(config).length;
  const low = new Float64Array(n * p);
  const y = new Uint8Array(n);
  const pis: (number | null)[] = [];
  let text: SparseVector[] | null = null;
  const hasher = config.text ? hasherFor(config.text) : null;
  if (hasher) text = [];
  for (let i = 0; i < n; i++) {
    const ex = examples[i]!;
    if (ex.y !== 0 && ex.y !== 1) throw new Error(`example ${i}: y must be 0 or 1`);
    lowFeatures(ex.score, config, low, i * p);
    y[i] = ex.y;
    pis.push(ex.inclusionProbability);
    if (text && hasher) text.push(ex.features ?? hasher.featurize(ex.text));
  }
  const iw = inclusionWeights(pis);
  const labelsWithInclusion = pis.filter((v) => v !== null).length;
  const d = buildDesign(low, p, text, hasher ? hasher.dim : 0, config.minDf);
  const prior: GaussianPrior = { lowMean: lowPriorMean(config), lowPrecision: lowPriorPrecision(config), textPrecision: config.prior.textPrecision };
  const ones = new Float64Array(n).fill(1);
  const scoresOnly = !config.text;
  // Scores-only: the Platt fit is the calibration, so the variant chooses its weights.
  const mainW = scoresOnly && config.calibration === "weighted" ? iw : ones;
  let theta = fitLogistic(d, y, mainW, prior, warmTheta(d, extra.warmStart, lowPriorMean(config)), config.fit);
  if (scoresOnly) theta = nonNegativeScoreWeights(d, y, mainW, prior, theta, config);
  const z = designLogits(d, theta);
  const H = lowHessian(d, mainW, prior, z);

  const membersLow: number[][] = [];
  const members: number[][] = [];
  let calibration: CalibrationMap = IDENTITY_CALIBRATION;
  let crossFitLogLoss: number | null = null;
  if (!scoresOnly) {
    const memberOpts = { maxIter: config.memberIter, gradTol: config.fit.gradTol };
    for (let m = 0; m < config.ensembleSize && n > 0; m++) {
      const bw = new Float64Array(n);
      for (let k = 0; k < n; k++) { const i = randomInt(rng, n); bw[i] = bw[i]! + 1; }
      const tm = fitLogistic(d, y, bw, prior, theta, memberOpts);
      membersLow.push(Array.from(tm.subarray(0, p)));
      members.push(Array.from(tm.subarray(p)));
    }
    if (n >= 2) {
      const K = Math.min(config.crossFitFolds, n);
      const fold = new Int32Array(n);
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) { const j = randomInt(rng, i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
      order.forEach((i, r) => { fold[i] = r % K; });
      const zcf = new Float64Array(n);
      for (let k = 0; k < K; k++) {
        const fw = new Float64Array(n);
        for (let i = 0; i < n; i++) fw[i] = fold[i] === k ? 0 : 1;
        const tk = fitLogistic(d, y, fw, prior, theta, memberOpts);
        const zk = designLogits(d, tk);
        for (let i = 0; i < n; i++) if (fold[i] === k) zcf[i] = zk[i]!;
      }
      const cw = config.calibration === "weighted" ? iw : ones;
      if (labelsWithInclusion > 0 || config.calibration === "all") {
        calibration = fitCalibrationMap(zcf, y, cw, config.calibrationPrecision);
      }
      crossFitLogLoss = meanLogLoss(zcf, y, calibration.a, calibration.b);
    }
  }
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const metrics: FitMetrics = {
    labels: n,
    positives,
    labelsWithInclusion,
    logLoss: meanLogLoss(z, y, calibration.a, calibration.b),
    crossFitLogLoss,
    calibrationA: calibration.a,
    calibrationB: calibration.b,
  };
  return {
    format: "verge-decision-model/1",
    config,
    lowNames: lowNames(config),
    low: Array.from(theta.subarray(0, p)),
    lowHessian: Array.from(H),
    text: hasher
      ? { idx: Array.from(d.featIdx), w: Array.from(theta.subarray(p)), hDiag: Array.from(textHessianDiag(d, ones, prior, z)), members }
      : null,
    membersLow,
    calibration: { ...calibration, variant: config.calibration },
    metrics,
  };
}

/**
 * Scores-only models must stay monotone in the score (a higher classifier score never lowers q): score
 * weights that come out negative are fixed at 0 and the remaining weights refitted (an active-set step).
 */
function nonNegativeScoreWeights(d: Design, y: Uint8Array, w: Float64Array, prior: GaussianPrior, theta: Float64Array, config: ModelConfig): Float64Array {
  const p = d.p;
  let out = theta;
  let keep: number[] = Array.from({ length: p }, (_, j) => j);
  for (let round = 0; round < p; round++) {
    const next = keep.filter((j) => j === 0 || out[j]! >= 0);
    if (next.length === keep.length) break;
    keep = next;
    const low = new Float64Array(d.n * keep.length);
    for (let i = 0; i < d.n; i++) keep.forEach((j, k) => { low[i * keep.length + k] = d.low[i * p + j]!; });
    const sub = buildDesign(low, keep.length, null, 0);
    const subPrior: GaussianPrior = { lowMean: keep.map((j) => prior.lowMean[j]!), lowPrecision: keep.map((j) => prior.lowPrecision[j]!), textPrecision: prior.textPrecision };
    const t = fitLogistic(sub, y, w, subPrior, undefined, config.fit);
    out = new Float64Array(p);
    keep.forEach((j, k) => { out[j] = t[k]!; });
  }
  return out;
}

/** The model before any label: q = score (or 0.5 without scores). */
export function priorModel(hasScores: boolean, config?: ModelConfig): DecisionModel {
  return fitDecisionModel([], config ?? defaultModelConfig(hasScores), () => 0.5);
}
