/** Types of the "every label counts" estimator and its randomized design (sampling.md §5b). */

/** Thrown for invalid input to any active-estimate function; the message names the offending field. */
export class ActiveEstimateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActiveEstimateInputError";
  }
}

/**
 * One label, as recorded when its item was served.
 * - `round`: the 0-based round whose draw served it (certainty units: the round they were served in).
 * - `q`: the calibrated q of the item under the *lagged* model of that round, i.e. the model that set π;
 *   it is the control variate, so it must be the value known before the draw, never a later refit's.
 * - `pi`: the item's inclusion probability in that round's randomized draw (1 for certainty units).
 * - `certainty`: true when the item was served deterministically (π = 1, counted exactly).
 * - `qDecision`: the q of the model whose decisions are estimated, when it differs from `q` (default `q`).
 */
export interface ActiveLabel {
  round: number;
  y: 0 | 1;
  q: number;
  pi: number;
  certainty?: boolean;
  qDecision?: number;
}

/**
 * Sums over R_t = the items still unlabeled at round t that were not certainty units of round t (the set the
 * randomized draw of round t was made from), for one threshold τ′. With e = the lagged q of round t,
 * d = 1[qDecision ≥ τ′] and π = the round's inclusion probability:
 * - `sumEFp` = Σ d·(1 − q), `sumEFn` = Σ (1 − d)·q (the control variate's total);
 * - `modelVarFp` = Σ d·q(1 − q)(1 − π)/π, `modelVarFn` = Σ (1 − d)·q(1 − q)(1 − π)/π (the model-predicted
 *   variance of the round's inverse-probability sum).
 * All four are additive over items: see `accumulateRoundSums` and the interface notes in estimate.ts.
 */
export interface RoundSums {
  round: number;
  sumEFp: number;
  sumEFn: number;
  modelVarFp: number;
  modelVarFn: number;
}

/** The pool at the time of the estimate, for one τ′: N items, D of them decided positive (qDecision ≥ τ′). */
export interface PoolSummary {
  size: number;
  decidedPositive: number;
}

/**
 * A point estimate with its interval.
 * `value` is the estimate clamped to what the labels prove (bounds below); `raw` is the unclamped, unbiased
 * one. `low`/`high`: value ∓ z·√max(V_design, V_model), clipped to [`provenLow`, `provenHigh`] — the range the
 * labels alone prove (errors already found, and that plus every unlabeled item that could still be one).
 */
export interface ActiveInterval {
  value: number;
  raw: number;
  low: number;
  high: number;
  provenLow: number;
  provenHigh: number;
  /** √V_design and √V_model of `raw` (same units). */
  designSe: number;
  modelSe: number;
  /** True when the model-predicted variance is the larger one, i.e. it is what sets the width. */
  modelBound: boolean;
}

export interface ActiveEstimate {
  tau: number;
  costs: { fp: number; fn: number };
  level: number;
  poolSize: number;
  decidedPositive: number;
  falsePositives: ActiveInterval;
  falseNegatives: ActiveInterval;
  errors: ActiveInterval;
  errorRate: ActiveInterval;
  cost: ActiveInterval;
  /** 1 − FP/D; null when nothing is decided positive. */
  precision: ActiveInterval | null;
  /** TP/(TP + FN) by the delta method; null when the estimated positives are 0. */
  recall: ActiveInterval | null;
  /** Labels the estimate rests on: all of them, the randomized draws, the certainty units. */
  labels: number;
  randomLabels: number;
  certaintyLabels: number;
  rounds: number;
  /** Kish effective sample size (Σc)²/Σc² of the labels' weights c_i (see estimate.ts). */
  effectiveSampleSize: number;
  /** Errors among the labeled items, counted exactly. */
  labeledFalsePositives: number;
  labeledFalseNegatives: number;
}
