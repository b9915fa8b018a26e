/** Types of the threshold desk's estimator: estimates of the decisions' errors at many candidate thresholds τ′. */
import type { Costs, Interval } from "../audit/types";

export type { Costs, Interval };

/** Pool items of one group (an audit stratum, or −1 for items outside the plan), binned by the candidate thresholds. */
export interface PoolGroupBins {
  group: number;
  /** K + 1 bins: bin b holds the items with t_{b−1} ≤ q < t_b (t_{−1} = −∞, t_K = +∞). */
  counts: ArrayLike<number>;
  /** Σ q over each bin's items (the model's error probability of an unlabeled cell comes from it). */
  sumQ: ArrayLike<number>;
}

/** The pool as the estimator sees it: a q histogram whose bin edges are the candidate thresholds. */
export interface ThresholdPool {
  /** Candidate thresholds t_0 < … < t_{K−1}, each in (0, 1). */
  thresholds: readonly number[];
  groups: readonly PoolGroupBins[];
}

/**
 * One labeled pool item with a known inclusion probability. Labels of one group must be a probability sample of
 * it (given how many fell in it); π need not be equal within a group (Hájek weights 1/π are used).
 */
export interface LabelRecord {
  /** The item's current q (the same q the pool histogram counts). */
  q: number;
  y: 0 | 1;
  /** Inclusion probability π ∈ (0, 1]. */
  pi: number;
  group: number;
}

/** Why a field has no estimate: no labels yet, or the quantity is undefined (e.g. precision with no positives). */
export type NoEstimate = { value: null; reason: "no-labels" | "undefined" };
export type MaybeInterval = Interval | NoEstimate;

export interface ThresholdPoint {
  tau: number;
  /** Items decided positive (q ≥ τ′) and negative. */
  positive: number;
  negative: number;
  /** Decisions that differ from those at the current τ: negative → positive and positive → negative. */
  flips: { toPositive: number; toNegative: number };
  falsePositives: MaybeInterval;
  falseNegatives: MaybeInterval;
  precision: MaybeInterval;
  recall: MaybeInterval;
  errorRate: MaybeInterval;
  /** c_FP·FP + c_FN·FN per 1000 decided items. */
  costPer1000: MaybeInterval;
}

export interface ThresholdCurve {
  /** The current (saved) threshold τ; it is one of `points`. */
  current: number;
  costs: Costs;
  level: number;
  /** Decided items (q known). */
  poolSize: number;
  labels: number;
  points: ThresholdPoint[];
}
